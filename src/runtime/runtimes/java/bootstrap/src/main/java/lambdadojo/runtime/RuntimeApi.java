package lambdadojo.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP/1.1 to the Lambda Runtime API over one kept-alive socket. A plain socket rather than
 * HttpURLConnection or java.net.http: it loads a handful of classes instead of hundreds,
 * which is most of what a cold start costs here.
 */
final class RuntimeApi {
    static final class Response {
        final int status;
        final Map<String, String> headers;
        final byte[] body;

        Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final String host;
    private final int port;
    private final String hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buffer = new byte[65536];
    private int start;
    private int end;

    RuntimeApi(String address) {
        int colon = address.lastIndexOf(':');
        String h = colon > 0 ? address.substring(0, colon) : "127.0.0.1";
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        this.host = h;
        this.port = Integer.parseInt(address.substring(colon + 1));
        this.hostHeader = address;
    }

    Response next() throws IOException {
        return request("GET", PREFIX + "invocation/next", null, null, null);
    }

    void postResponse(String requestId, byte[] body) throws IOException {
        expectAccepted(request("POST", PREFIX + "invocation/" + requestId + "/response", body, "application/json", null), "response");
    }

    void postError(String requestId, byte[] body, String errorType) throws IOException {
        expectAccepted(request("POST", PREFIX + "invocation/" + requestId + "/error", body, "application/json", errorType), "error");
    }

    void postInitError(byte[] body, String errorType) throws IOException {
        expectAccepted(request("POST", PREFIX + "init/error", body, "application/json", errorType), "init/error");
    }

    private static void expectAccepted(Response r, String what) throws IOException {
        if (r.status < 200 || r.status >= 300) {
            throw new IOException("Runtime API answered " + r.status + " to POST " + what + ": " + new String(r.body, StandardCharsets.UTF_8));
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port));
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        start = end = 0;
    }

    void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        socket = null;
    }

    private Response request(String method, String path, byte[] body, String contentType, String errorType) throws IOException {
        StringBuilder head = new StringBuilder(160);
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
        if (errorType != null && !errorType.isEmpty()) {
            head.append("Lambda-Runtime-Function-Error-Type: ").append(errorType.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
        }
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            boolean fresh = socket == null;
            if (fresh) connect();
            try {
                if (body != null && body.length < 32768) {
                    byte[] all = new byte[headBytes.length + body.length];
                    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
                    System.arraycopy(body, 0, all, headBytes.length, body.length);
                    out.write(all);
                } else {
                    out.write(headBytes);
                    if (body != null) out.write(body);
                }
                out.flush();
                return readResponse();
            } catch (StaleConnection e) {
                // A kept-alive connection the server had closed: one more try on a new one.
                close();
                if (fresh || attempt >= 2) throw new IOException("Runtime API closed the connection", e);
            } catch (IOException e) {
                close();
                if (fresh || attempt >= 2) throw e;
            }
        }
    }

    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection() {
            super("connection closed before a response");
        }
    }

    private boolean fill() throws IOException {
        if (start > 0 && start == end) start = end = 0;
        if (end == buffer.length) {
            if (start == 0) throw new IOException("Runtime API response head too large");
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n <= 0) return false;
        end += n;
        return true;
    }

    private String readLine() throws IOException {
        while (true) {
            for (int i = start; i < end - 1; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
                    start = i + 2;
                    return line;
                }
            }
            if (!fill()) return null;
        }
    }

    private Response readResponse() throws IOException {
        String status = readLine();
        if (status == null) throw new StaleConnection();
        int code;
        try {
            code = Integer.parseInt(status.split(" ", 3)[1]);
        } catch (RuntimeException e) {
            throw new IOException("Bad status line from the Runtime API: " + status);
        }
        Map<String, String> headers = new HashMap<>();
        while (true) {
            String line = readLine();
            if (line == null) throw new IOException("Runtime API closed the connection mid-response");
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
        byte[] body;
        String length = headers.get("content-length");
        String transfer = headers.get("transfer-encoding");
        if (code == 204 || code == 304 || code < 200) {
            body = new byte[0];
        } else if (transfer != null && transfer.equalsIgnoreCase("chunked")) {
            body = readChunked();
        } else if (length != null) {
            body = readExactly(Integer.parseInt(length));
        } else {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            all.write(buffer, start, end - start);
            start = end = 0;
            int n;
            while ((n = in.read(buffer)) > 0) all.write(buffer, 0, n);
            body = all.toByteArray();
            headers.put("connection", "close");
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) close();
        return new Response(code, headers, body);
    }

    private byte[] readExactly(int size) throws IOException {
        byte[] body = new byte[size];
        int have = Math.min(size, end - start);
        System.arraycopy(buffer, start, body, 0, have);
        start += have;
        while (have < size) {
            int n = in.read(body, have, size - have);
            if (n <= 0) throw new IOException("Runtime API closed the connection mid-response");
            have += n;
        }
        return body;
    }

    private byte[] readChunked() throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            if (line == null) throw new IOException("Runtime API closed the connection mid-response");
            int semi = line.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
            if (size == 0) {
                while (true) { // trailers, up to the empty line
                    String trailer = readLine();
                    if (trailer == null || trailer.isEmpty()) return all.toByteArray();
                }
            }
            all.write(readExactly(size));
            readLine();
        }
    }
}
