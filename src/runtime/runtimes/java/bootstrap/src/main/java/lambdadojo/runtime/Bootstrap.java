package lambdadojo.runtime;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.util.ReflectUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOError;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda Dojo: bootstrap of the Java runtimes (java17, java21).
 *
 * A Lambda Runtime API client that behaves like AWS's Java runtime
 * (aws-lambda-java-runtime-interface-client): the same handler forms and overload rules, the
 * same moments at which a bad handler is reported (at init or at the first invocation), the
 * same error payloads and log records. It runs on AWS's own aws-lambda-java-core (the handler
 * interfaces) and aws-lambda-java-serialization (JSON, see Serialization). See the README of
 * the java runtime folder for what the service hands it.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** Stack frames of this package are the runtime's own: left out of what the function sees. */
    private static final String OWN_PACKAGE = "lambdadojo.runtime.";

    /** Set by the Java runtime so the X-Ray SDK finds the trace header of the invocation in progress. */
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    /** The Runtime API error types the runtime names in the Lambda-Runtime-Function-Error-Type header. */
    private static final String BAD_FUNCTION_CODE = "Runtime.BadFunctionCode";
    private static final String USER_EXCEPTION = "Runtime.UserException";

    /** Loads the function's classes: the task root and its lib/*.jar are on the class path. */
    static final ClassLoader LOADER = Bootstrap.class.getClassLoader();

    // ------------------------------------------------------------------ faults

    /**
     * A problem with the function's code or configuration that the runtime reports itself, as
     * the real runtime's UserFault: a message, the exception class (when there was one) and
     * its printed trace. Fatal faults end the runtime once reported.
     */
    static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String msg;
        final String exception;
        final String trace;
        final boolean fatal;

        Fault(String msg, String exception, String trace, boolean fatal) {
            super(msg, null, false, false);
            this.msg = msg;
            this.exception = exception;
            this.trace = trace;
            this.fatal = fatal;
        }

        static Fault of(String msg) {
            return new Fault(msg, null, null, false);
        }

        static Fault of(Throwable t, boolean fatal) {
            return new Fault(messageOf(t), t.getClass().getName(), trace(t), fatal);
        }

        /** The log record the runtime writes for it. */
        String reportable() {
            if (exception != null || trace != null) {
                return msg + ": " + (exception == null ? "" : exception) + "\n" + (trace == null ? "" : trace) + "\n";
            }
            return msg + "\n";
        }

        /** The payload: no stack trace, as the runtime sends for its own faults. */
        byte[] payload() {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorMessage", msg);
            if (exception != null) error.put("errorType", exception);
            return Serialization.write(error);
        }
    }

    static String messageOf(Throwable t) {
        String message = t.getLocalizedMessage();
        return message == null ? t.getClass().getName() : message;
    }

    static String trace(Throwable t) {
        filterStackTrace(t);
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Cuts each stack (causes and suppressed ones too) at the first frame of this runtime. */
    static <T extends Throwable> T filterStackTrace(T t) {
        filter(t, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return t;
    }

    private static void filter(Throwable t, java.util.Set<Throwable> seen) {
        if (t == null || !seen.add(t)) return;
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(OWN_PACKAGE)) {
                t.setStackTrace(Arrays.copyOf(frames, i));
                break;
            }
        }
        filter(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) filter(s, seen);
    }

    /** The payload for an exception the handler threw: message, class and stack, as the runtime shapes it. */
    static byte[] errorPayload(Throwable t) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorMessage", messageOf(t));
        error.put("errorType", t.getClass().getName());
        StackTraceElement[] frames = t.getStackTrace();
        List<String> stack = new ArrayList<>(frames.length);
        for (StackTraceElement frame : frames) stack.add(frame.toString());
        error.put("stackTrace", stack);
        return Serialization.write(error);
    }

    /** One log event: its line breaks travel as carriage returns, so it stays one line in the log. */
    static void logEvent(String text) {
        LambdaRuntime.getLogger().log(text);
    }

    // ------------------------------------------------------------------ handlers

    /** A loaded handler: the event's bytes in, the response's bytes out. */
    interface Invoker {
        byte[] call(byte[] event, Context context) throws Throwable;
    }

    /** A handler that could not be loaded and reports why on every invocation. */
    static final class Faulty implements Invoker {
        final Fault fault;

        Faulty(Fault fault) {
            this.fault = fault;
        }

        @Override
        public byte[] call(byte[] event, Context context) {
            throw fault;
        }
    }

    static Invoker load(String handler, ClassLoader loader) {
        int colon = handler.lastIndexOf("::");
        String className = colon < 0 ? handler : handler.substring(0, colon);
        String methodName = colon < 0 ? null : handler.substring(colon + 2);
        if (className.isEmpty() || (methodName != null && methodName.isEmpty())) {
            return new Faulty(Fault.of("Invalid handler: `" + handler + "'"));
        }
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            return new Faulty(new Fault("Class not found: " + className, e.getClass().getName(), trace(e), false));
        } catch (NoClassDefFoundError e) {
            return new Faulty(initFault(e, className));
        } catch (Throwable t) {
            // Static initialisation failed: reported as an init error.
            throw initFault(t, className);
        }
        Invoker invoker = methodName == null ? loadClassHandler(cls) : loadMethodHandler(cls, methodName);
        if (invoker instanceof Faulty && ((Faulty) invoker).fault.fatal) throw ((Faulty) invoker).fault;
        return invoker;
    }

    private static Fault initFault(Throwable t, String className) {
        String message = t.getMessage();
        return new Fault("Error loading class " + className + (message == null ? "" : ": " + message), t.getClass().getName(), trace(t), true);
    }

    private static Object instantiate(Class<?> cls) throws Exception {
        Constructor<?> constructor;
        try {
            constructor = cls.getConstructor();
        } catch (NoSuchMethodException e) {
            if (cls.getEnclosingClass() != null && !Modifier.isStatic(cls.getModifiers())) {
                throw new Exception("Class " + cls.getName() + " cannot be instantiated because it is a non-static inner class");
            }
            throw new Exception("Class " + cls.getName() + " has no public zero-argument constructor", e);
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            // The constructor threw: that stops init, as on Lambda.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw Fault.of(filterStackTrace(cause), true);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Invoker loadClassHandler(Class<?> cls) {
        try {
            if (RequestStreamHandler.class.isAssignableFrom(cls)) {
                return new StreamHandlerInvoker((RequestStreamHandler) instantiate(cls));
            }
            if (RequestHandler.class.isAssignableFrom(cls)) {
                Type[] types = interfaceTypes(cls, RequestHandler.class);
                if (types == null) {
                    return new Faulty(Fault.of("Class " + cls.getName() + " does not implement RequestHandler with concrete type parameters"));
                }
                for (Type t : types) {
                    if (t instanceof TypeVariable && !bounded((TypeVariable<?>) t)) {
                        return new Faulty(Fault.of("Class " + cls.getName() + " does not implement RequestHandler with concrete type parameters: parameter " + t + " has no upper bound."));
                    }
                }
                return new RequestHandlerInvoker((RequestHandler<Object, Object>) instantiate(cls), types[0], isVoid(types[1]) ? null : types[1]);
            }
            return new Faulty(Fault.of("Class does not implement an appropriate handler interface: " + cls.getName()));
        } catch (Fault f) {
            return new Faulty(f);
        } catch (Throwable t) {
            return new Faulty(Fault.of(t, false));
        }
    }

    private static boolean bounded(TypeVariable<?> variable) {
        for (Type bound : variable.getBounds()) if (!Object.class.equals(bound)) return true;
        return false;
    }

    /** The type arguments a class gives an interface, searching superclasses and super-interfaces. */
    private static Type[] interfaceTypes(Class<?> cls, Class<?> target) {
        List<Type> queue = new ArrayList<>();
        queue.add(cls);
        while (!queue.isEmpty()) {
            Type current = queue.remove(0);
            Class<?> raw = current instanceof ParameterizedType ? (Class<?>) ((ParameterizedType) current).getRawType() : (Class<?>) current;
            for (Type t : raw.getGenericInterfaces()) {
                if (t instanceof ParameterizedType && ((ParameterizedType) t).getRawType() == target) {
                    return ((ParameterizedType) t).getActualTypeArguments();
                }
                queue.add(t);
            }
            Type parent = raw.getGenericSuperclass();
            if (parent != null && parent != Object.class) queue.add(parent);
        }
        return null;
    }

    private static boolean isContext(Type t) {
        return t == Context.class;
    }

    /** Longer signatures first, with a trailing Context counting one extra; bridge methods last. */
    private static final Comparator<Method> PRIORITY = new Comparator<Method>() {
        @Override
        public int compare(Method a, Method b) {
            if (!a.isBridge() && b.isBridge()) return -1;
            if (a.isBridge() && !b.isBridge()) return 1;
            Class<?>[] pa = a.getParameterTypes();
            Class<?>[] pb = b.getParameterTypes();
            int la = pa.length + (pa.length > 0 && isContext(pa[pa.length - 1]) ? 1 : 0);
            int lb = pb.length + (pb.length > 0 && isContext(pb[pb.length - 1]) ? 1 : 0);
            return Integer.compare(lb, la);
        }
    };

    private static Invoker loadMethodHandler(Class<?> cls, String name) {
        List<Method> candidates = new ArrayList<>();
        for (Method m : cls.getMethods()) if (m.getName().equals(name)) candidates.add(m);
        candidates.sort(PRIORITY);
        for (Method m : candidates) {
            Invoker invoker = overload(cls, m);
            if (invoker != null) return invoker;
        }
        return new Faulty(Fault.of("No public method named " + name + " with appropriate method signature found on class " + cls.getName()));
    }

    /** The invoker for one overload, or null when its signature is not a handler's. */
    private static Invoker overload(Class<?> cls, Method m) {
        Type[] p = m.getGenericParameterTypes();
        switch (p.length) {
            case 0:
                return pojo(cls, m, null, false);
            case 1:
                if (p[0] == InputStream.class) return stream(cls, m, true, false, false);
                if (p[0] == OutputStream.class) return stream(cls, m, false, true, false);
                if (isContext(p[0])) return pojo(cls, m, null, true);
                return pojo(cls, m, p[0], false);
            case 2:
                if (p[0] == OutputStream.class) {
                    if (isContext(p[1])) return stream(cls, m, false, true, true);
                    System.err.println("Ignoring two-argument overload because first argument type is OutputStream and second argument type is not Context");
                    return null;
                }
                if (isContext(p[0])) {
                    System.err.println("Ignoring two-argument overload because first argument type is Context");
                    return null;
                }
                if (p[0] == InputStream.class) {
                    if (p[1] == OutputStream.class) return stream(cls, m, true, true, false);
                    if (isContext(p[1])) return stream(cls, m, true, false, true);
                    System.err.println("Ignoring two-argument overload because second parameter type, " + p[1].getTypeName() + ", is not OutputStream.");
                    return null;
                }
                if (isContext(p[1])) return pojo(cls, m, p[0], true);
                System.err.println("Ignoring two-argument overload because second parameter type is not Context");
                return null;
            case 3:
                if (p[0] == InputStream.class && p[1] == OutputStream.class && isContext(p[2])) return stream(cls, m, true, true, true);
                System.err.println("Ignoring three-argument overload because argument signature is not (InputStream, OutputStream, Context");
                return null;
            default:
                System.err.println("Ignoring an overload of method " + m.getName() + " because it has too many parameters: Expected at most 3, got " + p.length);
                return null;
        }
    }

    private static Object target(Class<?> cls, Method m) throws Exception {
        return Modifier.isStatic(m.getModifiers()) ? null : instantiate(cls);
    }

    private static Object callMethod(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() != null ? e.getCause() : e;
        }
    }

    private static Invoker pojo(Class<?> cls, Method m, Type input, boolean withContext) {
        try {
            Object target = target(cls, m);
            m.setAccessible(true); // a public method of a class that is not public itself
            Type output = m.getGenericReturnType();
            return new MethodInvoker(m, target, input, withContext, isVoid(output) ? null : output);
        } catch (Fault f) {
            return new Faulty(f);
        } catch (Throwable t) {
            return new Faulty(Fault.of(t, false));
        }
    }

    private static Invoker stream(Class<?> cls, Method m, boolean withInput, boolean withOutput, boolean withContext) {
        try {
            Object target = target(cls, m);
            m.setAccessible(true);
            return new StreamMethodInvoker(m, target, withInput, withOutput, withContext);
        } catch (Fault f) {
            return new Faulty(f);
        } catch (Throwable t) {
            return new Faulty(Fault.of(t, false));
        }
    }

    // Invokers as named classes rather than lambdas: a lambda costs the JVM a round of
    // method-handle spinning at its first use, which is cold-start time.

    static final class StreamHandlerInvoker implements Invoker {
        private final RequestStreamHandler handler;

        StreamHandlerInvoker(RequestStreamHandler handler) {
            this.handler = handler;
        }

        @Override
        public byte[] call(byte[] event, Context context) throws Throwable {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            return out.toByteArray();
        }
    }

    static final class RequestHandlerInvoker implements Invoker {
        private final RequestHandler<Object, Object> handler;
        private final Type input;
        private final Type output;

        RequestHandlerInvoker(RequestHandler<Object, Object> handler, Type input, Type output) {
            this.handler = handler;
            this.input = input;
            this.output = output;
        }

        @Override
        public byte[] call(byte[] event, Context context) throws Throwable {
            Object value = Serialization.readEvent(event, input, LOADER);
            return Serialization.writeResult(handler.handleRequest(value, context), output, LOADER);
        }
    }

    static final class MethodInvoker implements Invoker {
        private final Method method;
        private final Object target;
        private final Type input;
        private final boolean withContext;
        private final Type output;

        MethodInvoker(Method method, Object target, Type input, boolean withContext, Type output) {
            this.method = method;
            this.target = target;
            this.input = input;
            this.withContext = withContext;
            this.output = output;
        }

        @Override
        public byte[] call(byte[] event, Context context) throws Throwable {
            Object[] args = new Object[(input != null ? 1 : 0) + (withContext ? 1 : 0)];
            int i = 0;
            if (input != null) args[i++] = Serialization.readEvent(event, input, LOADER);
            if (withContext) args[i] = context;
            return Serialization.writeResult(callMethod(method, target, args), output, LOADER);
        }
    }

    static final class StreamMethodInvoker implements Invoker {
        private final Method method;
        private final Object target;
        private final boolean withInput;
        private final boolean withOutput;
        private final boolean withContext;

        StreamMethodInvoker(Method method, Object target, boolean withInput, boolean withOutput, boolean withContext) {
            this.method = method;
            this.target = target;
            this.withInput = withInput;
            this.withOutput = withOutput;
            this.withContext = withContext;
        }

        @Override
        public byte[] call(byte[] event, Context context) throws Throwable {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            List<Object> args = new ArrayList<>(3);
            if (withInput) args.add(new ByteArrayInputStream(event));
            if (withOutput) args.add(out);
            if (withContext) args.add(context);
            callMethod(method, target, args.toArray());
            return out.toByteArray();
        }
    }

    private static boolean isVoid(Type type) {
        return type == void.class || type == Void.class;
    }

    // ------------------------------------------------------------------ context object

    static final class Identity implements CognitoIdentity {
        final String identityId;
        final String identityPoolId;

        Identity(String identityId, String identityPoolId) {
            this.identityId = identityId;
            this.identityPoolId = identityPoolId;
        }

        @Override
        public String getIdentityId() {
            return identityId;
        }

        @Override
        public String getIdentityPoolId() {
            return identityPoolId;
        }
    }

    static final class Caller implements Client {
        final Map<?, ?> values;

        Caller(Map<?, ?> values) {
            this.values = values;
        }

        private String get(String key) {
            Object v = values.get(key);
            return v == null ? null : v.toString();
        }

        @Override
        public String getInstallationId() {
            return get("installation_id");
        }

        @Override
        public String getAppTitle() {
            return get("app_title");
        }

        @Override
        public String getAppVersionName() {
            return get("app_version_name");
        }

        @Override
        public String getAppVersionCode() {
            return get("app_version_code");
        }

        @Override
        public String getAppPackageName() {
            return get("app_package_name");
        }
    }

    static final class Mobile implements ClientContext {
        final Client client;
        final Map<String, String> custom;
        final Map<String, String> environment;

        Mobile(Client client, Map<String, String> custom, Map<String, String> environment) {
            this.client = client;
            this.custom = custom;
            this.environment = environment;
        }

        @Override
        public Client getClient() {
            return client;
        }

        @Override
        public Map<String, String> getCustom() {
            return custom;
        }

        @Override
        public Map<String, String> getEnvironment() {
            return environment;
        }
    }

    static final class Invocation implements Context {
        final String requestId;
        final long deadlineMs;
        final String invokedFunctionArn;
        final String traceId;
        final String tenantId;
        final CognitoIdentity identity;
        final ClientContext clientContext;

        Invocation(String requestId, long deadlineMs, String arn, String traceId, String tenantId, CognitoIdentity identity, ClientContext clientContext) {
            this.requestId = requestId;
            this.deadlineMs = deadlineMs;
            this.invokedFunctionArn = arn;
            this.traceId = traceId;
            this.tenantId = tenantId;
            this.identity = identity;
            this.clientContext = clientContext;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return LOG_GROUP;
        }

        @Override
        public String getLogStreamName() {
            return LOG_STREAM;
        }

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getFunctionVersion() {
            return FUNCTION_VERSION;
        }

        @Override
        public String getInvokedFunctionArn() {
            return invokedFunctionArn;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return identity;
        }

        @Override
        public ClientContext getClientContext() {
            return clientContext;
        }

        @Override
        public int getRemainingTimeInMillis() {
            long left = deadlineMs - System.currentTimeMillis();
            return left > 0 ? (int) left : 0;
        }

        @Override
        public int getMemoryLimitInMB() {
            return MEMORY_MB;
        }

        @Override
        public LambdaLogger getLogger() {
            return LambdaRuntime.getLogger();
        }

        @Override
        public String getTenantId() {
            return tenantId;
        }

        @Override
        public String getXrayTraceId() {
            return traceId;
        }

        @Override
        public String toString() {
            return "LambdaContext{awsRequestId=" + requestId + ", functionName=" + FUNCTION_NAME + ", functionVersion=" + FUNCTION_VERSION
                    + ", invokedFunctionArn=" + invokedFunctionArn + ", memoryLimitInMB=" + MEMORY_MB + "}";
        }
    }

    static final String FUNCTION_NAME = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    static final String FUNCTION_VERSION = System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
    static final String LOG_GROUP = System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
    static final String LOG_STREAM = System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
    static final int MEMORY_MB = parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), 128);

    private static int parseInt(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object value) {
        if (!(value instanceof Map)) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
            out.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
        }
        return out;
    }

    static Invocation contextFor(RuntimeApi.Response next, String requestId) {
        long deadline = 0;
        try {
            deadline = Long.parseLong(next.header("lambda-runtime-deadline-ms"));
        } catch (RuntimeException ignored) {
            // no deadline given: no time left
        }
        CognitoIdentity identity = null;
        String cognito = next.header("lambda-runtime-cognito-identity");
        if (cognito != null && !cognito.isEmpty()) {
            Map<String, Object> m = Serialization.readObject(cognito);
            if (m != null) {
                identity = new Identity((String) m.get("cognitoIdentityId"), (String) m.get("cognitoIdentityPoolId"));
            }
        }
        ClientContext clientContext = null;
        String client = next.header("lambda-runtime-client-context");
        if (client != null && !client.isEmpty()) {
            Map<String, Object> m = Serialization.readObject(client);
            if (m != null) {
                Object app = m.get("client");
                clientContext = new Mobile(app instanceof Map ? new Caller((Map<?, ?>) app) : null, stringMap(m.get("custom")), stringMap(m.get("env")));
            }
        }
        return new Invocation(requestId, deadline, next.header("lambda-runtime-invoked-function-arn"), next.header("lambda-runtime-trace-id"),
                next.header("lambda-runtime-aws-tenant-id"), identity, clientContext);
    }

    // ------------------------------------------------------------------ main loop

    public static void main(String[] args) throws Throwable {
        // UTF-8 whatever the host's locale, written through at once: a process killed at its
        // timeout has still logged everything it printed.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        // Context.getLogger() and LambdaRuntime.getLogger() are one logger, set into
        // aws-lambda-java-core as AWS's runtime sets it (AWSLambda.setupRuntimeLogger).
        ReflectUtil.setStaticField(LambdaRuntime.class, "logger", true, LineLogger.INSTANCE);
        if (args.length > 0 && args[0].equals("--warm-up")) {
            WarmUp.run();
            return;
        }
        RuntimeApi api = new RuntimeApi(System.getenv("AWS_LAMBDA_RUNTIME_API"));
        String handler = args.length > 0 ? args[0] : System.getenv("_HANDLER");
        Invoker invoker;
        try {
            invoker = load(handler == null ? "" : handler, LOADER);
        } catch (Fault fault) {
            logEvent(fault.reportable());
            api.postInitError(fault.payload(), BAD_FUNCTION_CODE);
            System.exit(1);
            return;
        }
        loop(api, invoker);
    }

    private static void loop(RuntimeApi api, Invoker invoker) throws Exception {
        while (true) {
            RuntimeApi.Response next = api.next();
            String requestId = next.header("lambda-runtime-aws-request-id");
            if (next.status != 200 || requestId == null) {
                throw new IllegalStateException("Runtime API answered " + next.status + " to GET next: " + new String(next.body, StandardCharsets.UTF_8));
            }
            String traceId = next.header("lambda-runtime-trace-id");
            if (traceId != null) System.setProperty(TRACE_PROPERTY, traceId);
            else System.clearProperty(TRACE_PROPERTY);

            boolean exit = false;
            String record = null;
            byte[] error = null;
            String errorType = null;
            byte[] result = null;
            try {
                result = invoker.call(next.body, contextFor(next, requestId));
            } catch (Fault f) {
                exit = f.fatal;
                record = f.reportable();
                error = f.payload();
                errorType = BAD_FUNCTION_CODE;
            } catch (Throwable t) {
                filterStackTrace(t);
                exit = t instanceof VirtualMachineError || t instanceof IOError;
                Fault f = Fault.of(t, false);
                record = f.reportable();
                error = errorPayload(t);
                errorType = USER_EXCEPTION;
            }
            Thread.interrupted(); // a flag the handler left set must not break the next request
            // Everything the function printed is in the pipe before the service hears the result.
            System.out.flush();
            System.err.flush();
            if (error == null) {
                api.postResponse(requestId, result);
            } else {
                logEvent(record);
                api.postError(requestId, error, errorType);
                // The JVM is in no state to go on (out of memory, say), or the handler can never
                // load: the runtime ends here, as AWS's does. halt, not exit: no shutdown hooks
                // or threads of the function's to wait for, so the service sees the exit at once.
                if (exit) Runtime.getRuntime().halt(1);
            }
        }
    }
}
