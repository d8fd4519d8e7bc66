package lambdadojo.runtime;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * JSON in and out, chosen per type as AWS's Java runtime chooses it
 * (aws-lambda-java-runtime-interface-client, EventHandlerLoader.getSerializer and
 * PojoSerializerLoader): the function's own CustomPojoSerializer when it registers one
 * (META-INF/services, at most one); AWS's event classes (aws-lambda-java-events) through
 * LambdaEventSerializers, with their mix-ins; everything else through JacksonFactory, the
 * Jackson set-up of aws-lambda-java-serialization (null properties left out, unknown ones
 * ignored). The Android platform's Gson path is left out: no mobile clients invoke here.
 */
final class Serialization {
    private Serialization() {
    }

    private static final byte[] JSON_NULL = {'n', 'u', 'l', 'l'};

    private static final Map<Type, PojoSerializer<Object>> cache = new HashMap<>();
    private static CustomPojoSerializer custom;
    private static boolean customLooked;

    /** The one CustomPojoSerializer the function registers, or null; two are refused, as AWS's runtime refuses them. */
    private static CustomPojoSerializer custom(ClassLoader loader) {
        if (customLooked) return custom;
        Iterator<CustomPojoSerializer> found = ServiceLoader.load(CustomPojoSerializer.class, loader).iterator();
        CustomPojoSerializer first = found.hasNext() ? found.next() : null;
        if (first != null && found.hasNext()) {
            throw new IllegalStateException("Too many serializers provided inside the META-INF/services folder, only one is allowed");
        }
        custom = first;
        customLooked = true;
        return custom;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static synchronized PojoSerializer<Object> forType(Type type, ClassLoader loader) {
        PojoSerializer<Object> serializer = cache.get(type);
        if (serializer != null) return serializer;
        CustomPojoSerializer own = custom(loader);
        if (own != null) {
            serializer = new CustomSerializer(own, type);
        } else if (type instanceof Class && LambdaEventSerializers.isLambdaSupportedEvent(((Class) type).getName())) {
            serializer = LambdaEventSerializers.serializerFor((Class) type, loader);
        } else {
            serializer = JacksonFactory.getInstance().getSerializer(type);
        }
        cache.put(type, serializer);
        return serializer;
    }

    /** A CustomPojoSerializer seen as a PojoSerializer of one type, as AWS's runtime wraps it. */
    private static final class CustomSerializer implements PojoSerializer<Object> {
        private final CustomPojoSerializer serializer;
        private final Type type;

        CustomSerializer(CustomPojoSerializer serializer, Type type) {
            this.serializer = serializer;
            this.type = type;
        }

        @Override
        public Object fromJson(InputStream input) {
            return serializer.fromJson(input, type);
        }

        @Override
        public Object fromJson(String input) {
            return serializer.fromJson(input, type);
        }

        @Override
        public void toJson(Object value, OutputStream output) {
            serializer.toJson(value, output, type);
        }
    }

    /** The event as the handler's parameter type; a failure is the runtime's own parsing error. */
    static Object readEvent(byte[] event, Type type, ClassLoader loader) {
        try {
            return forType(type, loader).fromJson(new ByteArrayInputStream(event));
        } catch (Throwable t) {
            throw new RuntimeException("An error occurred during JSON parsing", Bootstrap.filterStackTrace(t));
        }
    }

    /** The result, written as its declared type (not its run-time class), as AWS's runtime writes it. */
    static byte[] writeResult(Object result, Type declared, ClassLoader loader) {
        if (declared == null) return JSON_NULL;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            forType(declared, loader).toJson(result, out);
            return out.toByteArray();
        } catch (Throwable t) {
            throw new RuntimeException("An error occurred during JSON serialization of response", t);
        }
    }

    /** The runtime's own JSON (error payloads): a map, in its order, through the same Jackson set-up. */
    static byte[] write(Map<String, Object> value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        JacksonFactory.getInstance().getSerializer(Map.class).toJson(value, out);
        return out.toByteArray();
    }

    /** A header's JSON object (client context, Cognito identity), or null when it is not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String text) {
        try {
            Object value = JacksonFactory.getInstance().getSerializer(Map.class).fromJson(text);
            return value instanceof Map ? (Map<String, Object>) value : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
