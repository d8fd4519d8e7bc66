package lambdadojo.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finding the handler a handler string names, as AWS's runtime client does
 * (EventHandlerLoader): the class and method forms, the overload rules, and the moments at which
 * a bad handler is reported (at init, or at the first invocation).
 */
final class Handlers {
    private Handlers() {
    }

    /** A loaded handler: the event's bytes in, the response's bytes out. */
    interface Invoker {
        byte[] call(byte[] event, Context context) throws Throwable;
    }

    /** A handler that could not be loaded and reports why on every invocation. */
    static final class Faulty implements Invoker {
        final Bootstrap.Fault fault;

        Faulty(Bootstrap.Fault fault) {
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
            return new Faulty(Bootstrap.Fault.of("Invalid handler: `" + handler + "'"));
        }
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            return new Faulty(new Bootstrap.Fault("Class not found: " + className, e.getClass().getName(), Bootstrap.trace(e), false));
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

    private static Bootstrap.Fault initFault(Throwable t, String className) {
        String message = t.getMessage();
        return new Bootstrap.Fault("Error loading class " + className + (message == null ? "" : ": " + message), t.getClass().getName(), Bootstrap.trace(t), true);
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
            throw Bootstrap.Fault.of(Bootstrap.filterStackTrace(cause), true);
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
                    return new Faulty(Bootstrap.Fault.of("Class " + cls.getName() + " does not implement RequestHandler with concrete type parameters"));
                }
                for (Type t : types) {
                    if (t instanceof TypeVariable && !bounded((TypeVariable<?>) t)) {
                        return new Faulty(Bootstrap.Fault.of("Class " + cls.getName() + " does not implement RequestHandler with concrete type parameters: parameter " + t + " has no upper bound."));
                    }
                }
                return new RequestHandlerInvoker((RequestHandler<Object, Object>) instantiate(cls), types[0], isVoid(types[1]) ? null : types[1]);
            }
            return new Faulty(Bootstrap.Fault.of("Class does not implement an appropriate handler interface: " + cls.getName()));
        } catch (Bootstrap.Fault f) {
            return new Faulty(f);
        } catch (Throwable t) {
            return new Faulty(Bootstrap.Fault.of(t, false));
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
        return new Faulty(Bootstrap.Fault.of("No public method named " + name + " with appropriate method signature found on class " + cls.getName()));
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
        } catch (Bootstrap.Fault f) {
            return new Faulty(f);
        } catch (Throwable t) {
            return new Faulty(Bootstrap.Fault.of(t, false));
        }
    }

    private static Invoker stream(Class<?> cls, Method m, boolean withInput, boolean withOutput, boolean withContext) {
        try {
            Object target = target(cls, m);
            m.setAccessible(true);
            return new StreamMethodInvoker(m, target, withInput, withOutput, withContext);
        } catch (Bootstrap.Fault f) {
            return new Faulty(f);
        } catch (Throwable t) {
            return new Faulty(Bootstrap.Fault.of(t, false));
        }
    }

    // Invokers as named classes rather than lambdas: a lambda costs the JVM a round of
    // method-handle spinning at its first use, which is cold-start time.

    /**
     * The event's and the result's serializers are made when the handler is loaded, at init, as
     * AWS's runtime makes them (EventHandlerLoader.PojoHandlerAsStreamHandler's constructor): their
     * set-up counts in Init Duration, not in the first invocation's Duration.
     */
    private static void prepareSerializers(Type input, Type output) {
        if (input != null) Serialization.forType(input, Bootstrap.LOADER);
        if (output != null) Serialization.forType(output, Bootstrap.LOADER);
    }

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
            prepareSerializers(input, output);
        }

        @Override
        public byte[] call(byte[] event, Context context) throws Throwable {
            Object value = Serialization.readEvent(event, input, Bootstrap.LOADER);
            return Serialization.writeResult(handler.handleRequest(value, context), output, Bootstrap.LOADER);
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
            prepareSerializers(input, output);
        }

        @Override
        public byte[] call(byte[] event, Context context) throws Throwable {
            Object[] args = new Object[(input != null ? 1 : 0) + (withContext ? 1 : 0)];
            int i = 0;
            if (input != null) args[i++] = Serialization.readEvent(event, input, Bootstrap.LOADER);
            if (withContext) args[i] = context;
            return Serialization.writeResult(callMethod(method, target, args), output, Bootstrap.LOADER);
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
}
