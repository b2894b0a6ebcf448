package io.lollmsbot.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scripted LLM of the benchmark: an OpenAI-compatible server on loopback that answers every POST with one fixed,
 * pre-encoded chat completion and every GET with a model list, from one thread per keep-alive connection. It does no
 * JSON work at all, so it answers in microseconds and is never what the benchmark measures (the harness measures it
 * directly in the same run to prove it).
 */
final class FastLlm implements AutoCloseable {

    static final String MODEL = "bench-model";
    private static final int MAX_CONNECTIONS = 1024;

    private static final String REPLY =
            "Unit tests catch regressions early and document how the code is meant to be used.";
    private static final String MORE = " Integration tests run the real server against a real database, so they find"
            + " what the unit tests cannot: configuration, transactions and the wire format.";
    private static final byte[] MODELS = response("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL
            + "\",\"object\":\"model\",\"owned_by\":\"bench\"}]}");

    private final byte[] completion;
    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private FastLlm(int port, int replyChars) throws IOException {
        String reply = reply(replyChars);
        completion = response("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1767225600,"
                + "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + reply + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":42,"
                + "\"completion_tokens\":" + (reply.length() / 4 + 1) + ",\"total_tokens\":" + (reply.length() / 4 + 43)
                + "}}");
        server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fast-llm-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server whose reply has {@code replyChars} characters (0: one sentence of 81). */
    static FastLlm start(int port, int replyChars) throws IOException {
        return new FastLlm(port, replyChars);
    }

    /** The reply's text: the first sentence, then more sentences cut to {@code chars} (plain ASCII, no escaping). */
    static String reply(int chars) {
        if (chars <= 0) {
            return REPLY;
        }
        StringBuilder text = new StringBuilder(REPLY);
        while (text.length() < chars) {
            text.append(MORE);
        }
        return text.substring(0, chars);
    }

    int port() {
        return server.getLocalPort();
    }

    private static byte[] response(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (connections.size() >= MAX_CONNECTIONS) {
                    socket.close();
                    continue;
                }
                connections.add(socket);
                Thread worker = new Thread(() -> serve(socket), "fast-llm-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 4096);
            while (true) {
                HttpWire.Head request = HttpWire.head(in);
                HttpWire.body(in, request, InputStream::skipNBytes);
                out.write(request.startLine().startsWith("GET ") ? MODELS : completion);
                out.flush();
                if (request.close()) {
                    return;
                }
            }
        } catch (IOException endOfConnection) {
            // the client went away
        } finally {
            connections.remove(socket);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
