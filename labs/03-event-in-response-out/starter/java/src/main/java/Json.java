import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for this lab, standard library only. (A real project would
 * use a library such as Jackson or Gson.) JSON objects become Map<String, Object>, arrays
 * List<Object>, strings String, numbers Integer, Long or Double, true/false Boolean, null null.
 */
public final class Json {
    private Json() {
    }

    /** Reads JSON text; throws IllegalArgumentException when it is not valid JSON. */
    public static Object parse(String text) {
        if (text == null) throw new IllegalArgumentException("No JSON text (null)");
        Json.Reader reader = new Json.Reader(text);
        Object value = reader.value();
        reader.space();
        if (reader.pos != text.length()) throw reader.error("Unexpected text after the JSON value");
        return value;
    }

    /** Writes a Map, List, String, Number, Boolean or null as JSON text. */
    public static String stringify(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map) {
            out.append('{');
            String comma = "";
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.append(comma);
                write(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
                comma = ",";
            }
            out.append('}');
        } else if (value instanceof Iterable) {
            out.append('[');
            String comma = "";
            for (Object item : (Iterable<?>) value) {
                out.append(comma);
                write(item, out);
                comma = ",";
            }
            out.append(']');
        } else {
            out.append('"');
            for (char c : value.toString().toCharArray()) {
                if (c == '"' || c == '\\') out.append('\\').append(c);
                else if (c == '\n') out.append("\\n");
                else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                else out.append(c);
            }
            out.append('"');
        }
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at position " + pos);
        }

        void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        Object value() {
            space();
            if (pos >= s.length()) throw error("Unexpected end of JSON");
            char c = s.charAt(pos);
            if (c == '{') return object();
            if (c == '[') return array();
            if (c == '"') return string();
            if (s.startsWith("true", pos)) return word(4, Boolean.TRUE);
            if (s.startsWith("false", pos)) return word(5, Boolean.FALSE);
            if (s.startsWith("null", pos)) return word(4, null);
            return number();
        }

        Object word(int length, Object value) {
            pos += length;
            return value;
        }

        Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            space();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return map;
            }
            while (true) {
                space();
                if (pos >= s.length() || s.charAt(pos) != '"') throw error("Expected a field name");
                String key = string();
                space();
                if (pos >= s.length() || s.charAt(pos++) != ':') throw error("Expected ':'");
                map.put(key, value());
                space();
                if (pos >= s.length()) throw error("Unexpected end of JSON");
                char c = s.charAt(pos++);
                if (c == '}') return map;
                if (c != ',') throw error("Expected ',' or '}'");
            }
        }

        List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            space();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                space();
                if (pos >= s.length()) throw error("Unexpected end of JSON");
                char c = s.charAt(pos++);
                if (c == ']') return list;
                if (c != ',') throw error("Expected ',' or ']'");
            }
        }

        String string() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= s.length()) break;
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u':
                        if (pos + 4 > s.length()) throw error("Bad \\u escape");
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default: out.append(e);
                }
            }
            throw error("Unterminated string");
        }

        Number number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
            String text = s.substring(start, pos);
            try {
                if (text.contains(".") || text.contains("e") || text.contains("E")) return Double.valueOf(text);
                long n = Long.parseLong(text);
                return n == (int) n ? (Number) (int) n : (Number) n;
            } catch (NumberFormatException ex) {
                pos = start;
                throw error("Unexpected character '" + (start < s.length() ? s.charAt(start) : ' ') + "'");
            }
        }
    }
}
