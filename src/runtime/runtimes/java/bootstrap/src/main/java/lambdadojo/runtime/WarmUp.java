package lambdadojo.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Run once, when the runtime is compiled, to record the classes a cold start loads into a
 * class-data-sharing archive (as Lambda's own Java runtime ships one): every later start maps
 * them ready-made instead of loading and verifying them again. It goes through what a start
 * does: a Runtime API exchange over a socket (with a stand-in server), the three handler
 * forms, JSON both ways, and an error payload.
 */
final class WarmUp {
    private WarmUp() {
    }

    /** A stand-in for a function's event class. */
    public static final class Sample {
        public String name;
        private int count;
        private List<String> tags;

        public Sample() {
        }

        public int getCount() {
            return count;
        }

        public void setCount(int count) {
            this.count = count;
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }
    }

    public static Sample echo(Sample sample, Context context) {
        return sample;
    }

    public static final class MapHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return event;
        }
    }

    public static final class StreamHandler implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            output.write(input.readAllBytes());
        }
    }

    private static final String EVENT = "{\"name\":\"warm\",\"count\":2,\"tags\":[\"a\",\"b\\n\"],\"nested\":{\"ok\":true,\"n\":1.5,\"big\":12345678901,\"none\":null}}";

    /** Answers one GET next and then POSTs with 202, as the Runtime API does. */
    private static final class StandIn implements Runnable {
        final ServerSocket server;

        StandIn(ServerSocket server) {
            this.server = server;
        }

        @Override
        public void run() {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] event = EVENT.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 3; i++) {
                    int length = readHead(in);
                    in.readNBytes(length);
                    String head = i == 0
                            ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: warm-up\r\nLambda-Runtime-Deadline-Ms: "
                                    + (System.currentTimeMillis() + 1000) + "\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:warm\r\n"
                                    + "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000\r\nContent-Length: " + event.length + "\r\n\r\n"
                            : "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nf\r\n{\"status\":\"OK\"}\r\n0\r\n\r\n";
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    if (i == 0) out.write(event);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the warm-up only loads classes
            }
        }

        private static int readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) throw new IOException("closed");
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) return Integer.parseInt(line.substring(15).trim());
            }
            return 0;
        }
    }

    static void run() throws Throwable {
        ClassLoader loader = WarmUp.class.getClassLoader();
        byte[] event = EVENT.getBytes(StandardCharsets.UTF_8);
        Serialization.writeResult(Serialization.readEvent(event, Sample.class, loader), Sample.class, loader);
        Serialization.writeResult(Serialization.readEvent(event, Map.class, loader), Map.class, loader);
        // The path AWS's event classes take (LambdaEventSerializers: its date modules and their
        // Joda-Time serializers), walked with a stand-in class since the events jar is the function's.
        try {
            PojoSerializer<Sample> events = LambdaEventSerializers.serializerFor(Sample.class, loader);
            events.toJson(events.fromJson(EVENT), new ByteArrayOutputStream());
        } catch (RuntimeException ignored) {
            // the warm-up only loads classes
        }
        Serialization.readObject("{\"client\":{\"app_title\":\"warm\"},\"env\":{\"platform\":\"Linux\"}}");
        Handlers.Invoker[] invokers = {
            Handlers.load("lambdadojo.runtime.WarmUp::echo", loader),
            Handlers.load("lambdadojo.runtime.WarmUp$MapHandler", loader),
            Handlers.load("lambdadojo.runtime.WarmUp$StreamHandler", loader),
            Handlers.load("lambdadojo.runtime.NoSuchClass::handleRequest", loader),
            Handlers.load("lambdadojo.runtime.WarmUp::missing", loader),
        };

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread thread = new Thread(new StandIn(server), "warm-up");
            thread.setDaemon(true);
            thread.start();
            RuntimeApi api = new RuntimeApi("127.0.0.1:" + server.getLocalPort());
            RuntimeApi.Response next = api.next();
            String id = next.header("lambda-runtime-aws-request-id");
            LambdaContext.Invocation context = LambdaContext.of(next, id);
            byte[] result = null;
            for (Handlers.Invoker invoker : invokers) {
                try {
                    result = invoker.call(next.body, context);
                } catch (Bootstrap.Fault f) {
                    f.reportable();
                    f.payload();
                }
            }
            api.postResponse(id, result);
            Throwable error = Bootstrap.filterStackTrace(new IllegalStateException("warm", new RuntimeException("cause")));
            Bootstrap.Fault.of(error, false).reportable();
            api.postError(id, Bootstrap.errorPayload(error), "Runtime.UserException");
            thread.join(2000);
        }
    }
}
