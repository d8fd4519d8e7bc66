package lambdadojo.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JSON in and out with the standard library only, following the rules of the serializer
 * AWS's Java runtime uses for handler input and output (Jackson, configured in
 * aws-lambda-java-serialization): public fields and setters are read, public fields and
 * getters written, null POJO properties left out, unknown properties ignored.
 */
final class Json {
    private Json() {
    }

    // ------------------------------------------------------------------ reading

    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    /** Parses JSON text into Map (LinkedHashMap), List (ArrayList), String, Integer/Long/BigInteger, Double, Boolean or null. */
    static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) throw p.error("Unexpected character after the JSON value");
        return value;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        SyntaxError error(String what) {
            int line = 1, column = 1;
            for (int i = 0; i < pos && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new SyntaxError(what + " at line " + line + ", column " + column);
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') pos++;
                else break;
            }
        }

        Object value(int depth) {
            if (depth > 1000) throw error("JSON nested too deeply");
            if (pos >= s.length()) throw error("Unexpected end of input");
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("Unexpected character '" + c + "'");
            }
        }

        Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) throw error("Unrecognized token");
            pos += word.length();
            return value;
        }

        Map<String, Object> object(int depth) {
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != '"') throw error("Expected a field name in double quotes");
                String key = string();
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != ':') throw error("Expected ':' after a field name");
                pos++;
                skipSpace();
                map.put(key, value(depth + 1));
                skipSpace();
                if (pos >= s.length()) throw error("Unexpected end of input in an object");
                char c = s.charAt(pos++);
                if (c == '}') return map;
                if (c != ',') throw error("Expected ',' or '}' in an object");
            }
        }

        List<Object> array(int depth) {
            pos++;
            List<Object> list = new ArrayList<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value(depth + 1));
                skipSpace();
                if (pos >= s.length()) throw error("Unexpected end of input in an array");
                char c = s.charAt(pos++);
                if (c == ']') return list;
                if (c != ',') throw error("Expected ',' or ']' in an array");
            }
        }

        String string() {
            int start = ++pos;
            // Fast path: no escapes.
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '"') return s.substring(start, pos++);
                if (c == '\\') break;
                pos++;
            }
            StringBuilder sb = new StringBuilder(s.length() - start < 64 ? 16 : 64);
            sb.append(s, start, pos);
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) break;
                char e = s.charAt(pos++);
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        sb.append(e);
                        break;
                    case 'b':
                        sb.append('\b');
                        break;
                    case 'f':
                        sb.append('\f');
                        break;
                    case 'n':
                        sb.append('\n');
                        break;
                    case 'r':
                        sb.append('\r');
                        break;
                    case 't':
                        sb.append('\t');
                        break;
                    case 'u':
                        if (pos + 4 > s.length()) throw error("Bad unicode escape");
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("Bad unicode escape");
                        }
                        pos += 4;
                        break;
                    default:
                        throw error("Bad escape character '" + e + "'");
                }
            }
            throw error("Unexpected end of input in a string");
        }

        Object number() {
            int start = pos;
            boolean decimal = false;
            if (s.charAt(pos) == '-') pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') pos++;
                else if (c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && pos > start)) {
                    decimal = true;
                    pos++;
                } else break;
            }
            String text = s.substring(start, pos);
            try {
                if (decimal) return Double.valueOf(text);
                if (text.length() <= 9) return Integer.valueOf(text);
                long l = Long.parseLong(text);
                if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) l;
                return l;
            } catch (NumberFormatException ex) {
                if (!decimal && text.matches("-?\\d+")) return new BigInteger(text);
                throw error("Bad number '" + text + "'");
            }
        }
    }

    // ------------------------------------------------------------------ binding to Java types

    static final class BindError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindError(String message) {
            super(message);
        }
    }

    /** Converts a parsed JSON value to the handler's declared parameter type. */
    static Object bind(Object value, Type type) throws Exception {
        if (type instanceof Class) return bindClass(value, (Class<?>) type, null);
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            return bindClass(value, (Class<?>) p.getRawType(), p.getActualTypeArguments());
        }
        if (type instanceof GenericArrayType) {
            Type component = ((GenericArrayType) type).getGenericComponentType();
            List<?> list = asList(value, type);
            if (list == null) return null;
            Class<?> raw = rawClass(component);
            Object array = Array.newInstance(raw, list.size());
            for (int i = 0; i < list.size(); i++) Array.set(array, i, bind(list.get(i), component));
            return array;
        }
        if (type instanceof WildcardType) return bind(value, ((WildcardType) type).getUpperBounds()[0]);
        return value; // a type variable: leave the value as parsed
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class) return (Class<?>) type;
        if (type instanceof ParameterizedType) return (Class<?>) ((ParameterizedType) type).getRawType();
        return Object.class;
    }

    private static String describe(Object value) {
        if (value instanceof Map) return "a JSON object";
        if (value instanceof List) return "a JSON array";
        if (value instanceof String) return "a JSON string";
        if (value instanceof Boolean) return "a JSON boolean";
        return "a JSON number";
    }

    private static BindError mismatch(Object value, Type type) {
        String name = type instanceof Class ? ((Class<?>) type).getName() : type.getTypeName();
        return new BindError("Cannot deserialize " + describe(value) + " into " + name);
    }

    private static List<?> asList(Object value, Type type) {
        if (value == null) return null;
        if (value instanceof List) return (List<?>) value;
        if ("".equals(value)) return null;
        List<Object> single = new ArrayList<>(1); // a single value where an array is expected
        single.add(value);
        return single;
    }

    private static Object bindClass(Object value, Class<?> c, Type[] args) throws Exception {
        if (c.isPrimitive()) {
            if (value == null) return primitiveDefault(c);
            return bindScalar(value, c);
        }
        if (value == null) return null;
        if (c == Object.class) return value;
        if (c == String.class || c == CharSequence.class) {
            if (value instanceof String) return value;
            if (value instanceof Map || value instanceof List) throw mismatch(value, c);
            return String.valueOf(value);
        }
        if (Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class) return bindScalar(value, c);
        if (Map.class.isAssignableFrom(c)) {
            if (!(value instanceof Map)) {
                if ("".equals(value)) return null;
                throw mismatch(value, c);
            }
            Type valueType = args != null && args.length == 2 ? args[1] : Object.class;
            @SuppressWarnings("unchecked")
            Map<String, Object> source = (Map<String, Object>) value;
            if (valueType == Object.class && c.isAssignableFrom(LinkedHashMap.class)) return source;
            Map<String, Object> map = c.isInterface() || Modifier.isAbstract(c.getModifiers()) ? new LinkedHashMap<>() : newMap(c);
            for (Map.Entry<String, Object> e : source.entrySet()) map.put(e.getKey(), bind(e.getValue(), valueType));
            return map;
        }
        if (Collection.class.isAssignableFrom(c)) {
            List<?> list = asList(value, c);
            if (list == null) return null;
            Type elementType = args != null && args.length == 1 ? args[0] : Object.class;
            Collection<Object> out;
            if (Set.class.isAssignableFrom(c)) out = c.isInterface() ? new LinkedHashSet<>() : newCollection(c);
            else out = c.isInterface() || Modifier.isAbstract(c.getModifiers()) ? new ArrayList<>(list.size()) : newCollection(c);
            for (Object item : list) out.add(bind(item, elementType));
            return out;
        }
        if (c.isArray()) {
            if (c == byte[].class && value instanceof String) return Base64.getDecoder().decode((String) value);
            if (c == char[].class && value instanceof String) return ((String) value).toCharArray();
            List<?> list = asList(value, c);
            if (list == null) return null;
            Object array = Array.newInstance(c.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) Array.set(array, i, bind(list.get(i), c.getComponentType()));
            return array;
        }
        if (c.isEnum()) {
            if (!(value instanceof String)) throw mismatch(value, c);
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(value)) return constant;
            }
            return null; // an unknown name reads as null, as the runtime's serializer does
        }
        if (c == Optional.class) {
            Type inner = args != null && args.length == 1 ? args[0] : Object.class;
            return Optional.ofNullable(bind(value, inner));
        }
        if (!(value instanceof Map)) {
            if ("".equals(value)) return null;
            throw mismatch(value, c);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) value;
        if (c.isRecord()) return bindRecord(fields, c);
        return bindPojo(fields, c);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> newMap(Class<?> c) throws Exception {
        return (Map<String, Object>) c.getDeclaredConstructor().newInstance();
    }

    @SuppressWarnings("unchecked")
    private static Collection<Object> newCollection(Class<?> c) throws Exception {
        return (Collection<Object>) c.getDeclaredConstructor().newInstance();
    }

    private static Object primitiveDefault(Class<?> c) {
        if (c == boolean.class) return Boolean.FALSE;
        if (c == char.class) return '\0';
        if (c == long.class) return 0L;
        if (c == double.class) return 0.0d;
        if (c == float.class) return 0.0f;
        if (c == short.class) return (short) 0;
        if (c == byte.class) return (byte) 0;
        return 0;
    }

    private static Object bindScalar(Object value, Class<?> c) {
        if (c == boolean.class || c == Boolean.class) {
            if (value instanceof Boolean) return value;
            if ("true".equals(value)) return Boolean.TRUE;
            if ("false".equals(value)) return Boolean.FALSE;
            if (value instanceof Number) return ((Number) value).intValue() != 0;
            throw mismatch(value, c);
        }
        if (c == char.class || c == Character.class) {
            if (value instanceof String && ((String) value).length() == 1) return ((String) value).charAt(0);
            throw mismatch(value, c);
        }
        Number n;
        if (value instanceof Number) {
            n = (Number) value;
        } else if (value instanceof String) {
            String text = ((String) value).trim();
            if (text.isEmpty()) return c.isPrimitive() ? primitiveDefault(c) : null;
            try {
                n = text.matches("-?\\d+") ? (Number) new BigInteger(text) : (Number) new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new BindError("Cannot deserialize value of type " + c.getName() + " from String \"" + value + "\": not a valid number");
            }
        } else {
            throw mismatch(value, c);
        }
        if (c == int.class || c == Integer.class) return n.intValue();
        if (c == long.class || c == Long.class) return n.longValue();
        if (c == double.class || c == Double.class) return n.doubleValue();
        if (c == float.class || c == Float.class) return n.floatValue();
        if (c == short.class || c == Short.class) return n.shortValue();
        if (c == byte.class || c == Byte.class) return n.byteValue();
        if (c == BigDecimal.class) return n instanceof BigDecimal ? n : new BigDecimal(n.toString());
        if (c == BigInteger.class) return n instanceof BigInteger ? n : new BigDecimal(n.toString()).toBigInteger();
        return n; // Number itself
    }

    private static Object bindRecord(Map<String, Object> fields, Class<?> c) throws Exception {
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = bind(fields.get(components[i].getName()), components[i].getGenericType());
        }
        Constructor<?> constructor = c.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object bindPojo(Map<String, Object> fields, Class<?> c) throws Exception {
        Constructor<?> constructor;
        try {
            constructor = c.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new BindError("Cannot construct instance of " + c.getName() + ": it needs a public constructor without arguments");
        }
        constructor.setAccessible(true);
        Object target = constructor.newInstance();
        Map<String, Setter> setters = SETTERS.get(c);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Setter setter = setters.get(e.getKey());
            if (setter == null) continue; // unknown properties are ignored
            Object bound = bind(e.getValue(), setter.type);
            if (setter.method != null) setter.method.invoke(target, bound); // a throwing setter fails the parse, as it would on Lambda
            else setter.field.set(target, bound);
        }
        return target;
    }

    private static final class Setter {
        final Method method;
        final Field field;
        final Type type;

        Setter(Method method, Field field, Type type) {
            this.method = method;
            this.field = field;
            this.type = type;
        }
    }

    private static final ClassValue<Map<String, Setter>> SETTERS = new ClassValue<Map<String, Setter>>() {
        @Override
        protected Map<String, Setter> computeValue(Class<?> c) {
            Map<String, Setter> found = new HashMap<>();
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) continue;
                if (!accessible(f)) continue; // final public fields are written too
                found.put(f.getName(), new Setter(null, f, f.getGenericType()));
            }
            for (Method m : c.getMethods()) {
                String name = m.getName();
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 1 || name.length() < 4 || !name.startsWith("set")) continue;
                found.put(propertyName(name.substring(3)), new Setter(m, null, m.getGenericParameterTypes()[0]));
            }
            return found;
        }
    };

    /** Opens a member of a class that is not public itself; false for a module's internals that stay closed. */
    private static boolean accessible(java.lang.reflect.AccessibleObject member) {
        try {
            member.setAccessible(true);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** getFirstName and setFirstName → firstName; getURL → URL (standard bean naming). */
    private static String propertyName(String rest) {
        if (rest.length() > 1 && Character.isUpperCase(rest.charAt(0)) && Character.isUpperCase(rest.charAt(1))) return rest;
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    // ------------------------------------------------------------------ writing

    static final class WriteError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder(128);
        new Writer(sb).value(value, 0, null);
        return sb.toString();
    }

    private static final class Writer {
        final StringBuilder sb;
        final IdentityHashMap<Object, Boolean> open = new IdentityHashMap<>();

        Writer(StringBuilder sb) {
            this.sb = sb;
        }

        void value(Object v, int depth, Object parent) {
            if (v == null) {
                sb.append("null");
                return;
            }
            if (depth > 1000) throw new WriteError("Infinite recursion (document nested over 1000 levels deep)", null);
            if (v instanceof String) {
                string((String) v);
            } else if (v instanceof Boolean) {
                sb.append(((Boolean) v).booleanValue());
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
                sb.append(v);
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) string(v.toString()); // as strings, as the runtime does
                else sb.append(v);
            } else if (v instanceof Number) {
                sb.append(v);
            } else if (v instanceof CharSequence || v instanceof Character) {
                string(v.toString());
            } else if (v instanceof Map) {
                enter(v, parent);
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (!first) sb.append(',');
                    first = false;
                    string(String.valueOf(e.getKey()));
                    sb.append(':');
                    value(e.getValue(), depth + 1, v);
                }
                sb.append('}');
                open.remove(v);
            } else if (v instanceof Iterable) {
                enter(v, parent);
                sb.append('[');
                boolean first = true;
                for (Object item : (Iterable<?>) v) {
                    if (!first) sb.append(',');
                    first = false;
                    value(item, depth + 1, v);
                }
                sb.append(']');
                open.remove(v);
            } else if (v.getClass().isArray()) {
                array(v, depth);
            } else if (v instanceof Enum) {
                string(((Enum<?>) v).name());
            } else if (v instanceof Optional) {
                value(((Optional<?>) v).orElse(null), depth, parent);
            } else if (v instanceof java.util.Date) {
                sb.append(((java.util.Date) v).getTime());
            } else if (v.getClass().getName().startsWith("java.time.")) {
                string(v.toString());
            } else {
                object(v, depth, parent);
            }
        }

        void enter(Object v, Object parent) {
            if (v == parent || open.put(v, Boolean.TRUE) != null) {
                throw new WriteError("Direct self-reference leading to cycle (through a " + v.getClass().getName() + ")", null);
            }
        }

        void array(Object v, int depth) {
            if (v instanceof byte[]) {
                string(Base64.getEncoder().encodeToString((byte[]) v));
                return;
            }
            if (v instanceof char[]) {
                string(new String((char[]) v));
                return;
            }
            sb.append('[');
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(',');
                value(Array.get(v, i), depth + 1, v);
            }
            sb.append(']');
        }

        void object(Object v, int depth, Object parent) {
            enter(v, parent);
            sb.append('{');
            boolean first = true;
            for (Getter g : GETTERS.get(v.getClass())) {
                Object property;
                try {
                    property = g.method != null ? g.method.invoke(v) : g.field.get(v);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new WriteError("Getter " + g.name + " of " + v.getClass().getName() + " threw " + e.getCause(), e.getCause());
                } catch (IllegalAccessException e) {
                    throw new WriteError("Cannot read property " + g.name + " of " + v.getClass().getName(), e);
                }
                if (property == null) continue; // null properties are left out
                if (property == v) throw new WriteError("Direct self-reference leading to cycle (property " + g.name + " of " + v.getClass().getName() + ")", null);
                if (!first) sb.append(',');
                first = false;
                string(g.name);
                sb.append(':');
                value(property, depth + 1, v);
            }
            sb.append('}');
            open.remove(v);
        }

        void string(String s) {
            sb.append('"');
            int start = 0;
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\') continue;
                sb.append(s, start, i);
                start = i + 1;
                switch (c) {
                    case '"':
                        sb.append("\\\"");
                        break;
                    case '\\':
                        sb.append("\\\\");
                        break;
                    case '\n':
                        sb.append("\\n");
                        break;
                    case '\r':
                        sb.append("\\r");
                        break;
                    case '\t':
                        sb.append("\\t");
                        break;
                    case '\b':
                        sb.append("\\b");
                        break;
                    case '\f':
                        sb.append("\\f");
                        break;
                    default:
                        sb.append("\\u00");
                        sb.append(Character.forDigit(c >> 4, 16));
                        sb.append(Character.forDigit(c & 0xF, 16));
                }
            }
            sb.append(s, start, n);
            sb.append('"');
        }
    }

    private static final class Getter {
        final String name;
        final Method method;
        final Field field;

        Getter(String name, Method method, Field field) {
            this.name = name;
            this.method = method;
            this.field = field;
        }
    }

    private static final ClassValue<Getter[]> GETTERS = new ClassValue<Getter[]>() {
        @Override
        protected Getter[] computeValue(Class<?> c) {
            // Declared field order first (as Jackson orders them), then getter-only properties.
            Map<String, Getter> found = new LinkedHashMap<>();
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    Method accessor = rc.getAccessor();
                    if (accessible(accessor)) found.put(rc.getName(), new Getter(rc.getName(), accessor, null));
                }
                return found.values().toArray(new Getter[0]);
            }
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) chain.add(0, k);
            for (Class<?> k : chain) {
                for (Field f : k.getDeclaredFields()) {
                    int mod = f.getModifiers();
                    if (Modifier.isStatic(mod) || Modifier.isTransient(mod)) continue;
                    if (Modifier.isPublic(mod) && accessible(f)) found.put(f.getName(), new Getter(f.getName(), null, f));
                    else found.put(f.getName(), null); // a place in the order, filled only if a getter exists
                }
            }
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) continue;
                String name = m.getName();
                String property;
                if (name.startsWith("get") && name.length() > 3 && m.getReturnType() != void.class) property = propertyName(name.substring(3));
                else if (name.startsWith("is") && name.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) property = propertyName(name.substring(2));
                else continue;
                if (!accessible(m)) continue; // a public method of a class that is not public itself
                found.put(property, new Getter(property, m, null));
            }
            List<Getter> getters = new ArrayList<>();
            for (Getter g : found.values()) if (g != null) getters.add(g);
            return getters.toArray(new Getter[0]);
        }
    };
}
