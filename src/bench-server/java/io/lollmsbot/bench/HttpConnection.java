package io.lollmsbot.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to a loopback port, for the load generator: blocking, no pooling, no
 * redirects, just enough of the protocol (Content-Length or chunked bodies) to cost the client almost nothing, so
 * the figures are the server's and not the client's.
 */
final class HttpConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 30_000;

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] body = new byte[8192];
    private int bodyLength;

    HttpConnection(int port) {
        this.port = port;
    }

    /** Sends one request and reads the whole response; returns the status. Reconnects when the server closed. */
    int exchange(String method, String path, String headers, byte[] content) throws IOException {
        if (socket == null) {
            connect();
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n").append(headers);
        if (content != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (content != null) {
                out.write(content);
            }
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    String body() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    private void connect() throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    private int readResponse() throws IOException {
        HttpWire.Head head = HttpWire.head(in);
        int code = Integer.parseInt(head.startLine().substring(9, 12));
        bodyLength = 0;
        HttpWire.body(in, head, this::readBody);
        if (head.close()) {
            close();
        }
        return code;
    }

    private void readBody(InputStream stream, int size) throws IOException {
        if (bodyLength + size > body.length) {
            byte[] larger = new byte[Math.max(body.length * 2, bodyLength + size)];
            System.arraycopy(body, 0, larger, 0, bodyLength);
            body = larger;
        }
        int read = stream.readNBytes(body, bodyLength, size);
        if (read < size) {
            throw new EOFException("response body cut short");
        }
        bodyLength += size;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
