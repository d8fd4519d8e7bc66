package lambdadojo.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.serialization.util.ReflectUtil;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOError;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda Dojo: bootstrap of the Java runtimes (java17, java21, java25): the invoke loop and the
 * error payloads and log records; handler loading is Handlers, the context object LambdaContext.
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
        Handlers.Invoker invoker;
        try {
            invoker = Handlers.load(handler == null ? "" : handler, LOADER);
        } catch (Fault fault) {
            logEvent(fault.reportable());
            api.postInitError(fault.payload(), BAD_FUNCTION_CODE);
            System.exit(1);
            return;
        }
        loop(api, invoker);
    }

    private static void loop(RuntimeApi api, Handlers.Invoker invoker) throws Exception {
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
                result = invoker.call(next.body, LambdaContext.of(next, requestId));
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
