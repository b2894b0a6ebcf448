package io.lollmsbot.tools.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 exchange with a destination the {@link NetworkPolicy} checked, over a socket connected to exactly
 * the address it checked (the JDK clients resolve names themselves, which would reopen DNS rebinding). TLS verifies
 * the certificate against the host name and sends it as SNI. The whole exchange has one deadline; the body is
 * capped, and bytes past the cap are not read.
 */
final class PinnedHttp {

    private static final int MAX_HEADER_BYTES = 65_536;

    record Response(int status, Map<String, String> headers, byte[] body, boolean truncated) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private PinnedHttp() {}

    static Response exchange(
            NetworkPolicy.Destination destination,
            String method,
            byte[] body,
            String contentType,
            int timeoutMillis,
            int maxBodyBytes)
            throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(destination.address(), destination.port()), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket socket = destination.https() ? tls(plain, destination) : plain;
            OutputStream out = socket.getOutputStream();
            out.write(head(destination, method, body, contentType).getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            Reader in = new Reader(new BufferedInputStream(socket.getInputStream()), deadline, socket);
            int status = status(in.line());
            Map<String, String> headers = headers(in);
            Body read = readBody(in, headers, maxBodyBytes, "HEAD".equals(method) || status == 204 || status == 304);
            return new Response(status, headers, read.bytes(), read.truncated());
        }
    }

    private static Socket tls(Socket plain, NetworkPolicy.Destination destination) throws IOException {
        try {
            SSLSocket tls = (SSLSocket) SSLContext.getDefault()
                    .getSocketFactory()
                    .createSocket(plain, destination.host(), destination.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (Character.isLetter(destination.host().charAt(destination.host().length() - 1))) {
                parameters.setServerNames(List.of(new SNIHostName(destination.host())));
            }
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return tls;
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS", e);
        }
    }

    private static String head(NetworkPolicy.Destination destination, String method, byte[] body, String contentType) {
        String path = destination.uri().getRawPath() == null
                        || destination.uri().getRawPath().isEmpty()
                ? "/"
                : destination.uri().getRawPath();
        String query = destination.uri().getRawQuery() == null
                ? ""
                : "?" + destination.uri().getRawQuery();
        String host = destination.host().contains(":") ? "[" + destination.host() + "]" : destination.host();
        boolean defaultPort = destination.port() == (destination.https() ? 443 : 80);
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(query)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(defaultPort ? "" : ":" + destination.port())
                .append("\r\n")
                .append("User-Agent: lollmsbot-http-tool\r\n")
                .append("Accept: text/html,application/xhtml+xml,application/json,text/plain;q=0.9,*/*;q=0.5\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: ")
                    .append(contentType)
                    .append("\r\n")
                    .append("Content-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static int status(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line", e);
        }
    }

    private static Map<String, String> headers(Reader in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int total = 0;
        for (String line = in.line(); !line.isEmpty(); line = in.line()) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("response headers too large");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private record Body(byte[] bytes, boolean truncated) {}

    private static Body readBody(Reader in, Map<String, String> headers, int max, boolean none) throws IOException {
        if (none) {
            return new Body(new byte[0], false);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            for (long size = chunkSize(in.line()); size > 0; size = chunkSize(in.line())) {
                if (!in.copy(body, size, max)) {
                    return new Body(body.toByteArray(), true);
                }
                in.line();
            }
            return new Body(body.toByteArray(), false);
        }
        String length = headers.get("content-length");
        long expected = length == null ? Long.MAX_VALUE : parseLength(length);
        boolean complete = in.copy(body, expected, max);
        return new Body(body.toByteArray(), !complete);
    }

    private static long chunkSize(String line) throws IOException {
        try {
            int extension = line.indexOf(';');
            return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).strip(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size", e);
        }
    }

    private static long parseLength(String length) throws IOException {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length", e);
        }
    }

    /** Reads lines and bytes until the deadline, which bounds a server that trickles its answer. */
    private static final class Reader {

        private final InputStream in;
        private final long deadline;
        private final Socket socket;

        Reader(InputStream in, long deadline, Socket socket) {
            this.in = in;
            this.deadline = deadline;
            this.socket = socket;
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = read(); c != '\n'; c = read()) {
                if (c == -1) {
                    if (line.isEmpty()) {
                        throw new IOException("connection closed");
                    }
                    break;
                }
                if (line.length() > MAX_HEADER_BYTES) {
                    throw new IOException("line too long");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        /** Copies up to {@code length} bytes while {@code out} stays within {@code max}; false when the cap cut it. */
        boolean copy(ByteArrayOutputStream out, long length, int max) throws IOException {
            byte[] buffer = new byte[8192];
            long left = length;
            while (left > 0) {
                int room = max - out.size();
                if (room <= 0) {
                    return false;
                }
                remainingTime();
                int read = in.read(buffer, 0, (int) Math.min(Math.min(buffer.length, left), room + 1L));
                if (read == -1) {
                    return true;
                }
                int kept = Math.min(read, room);
                out.write(buffer, 0, kept);
                if (kept < read) {
                    return false;
                }
                left -= read;
            }
            return true;
        }

        private int read() throws IOException {
            remainingTime();
            return in.read();
        }

        private void remainingTime() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.max(1, left));
        }
    }
}
