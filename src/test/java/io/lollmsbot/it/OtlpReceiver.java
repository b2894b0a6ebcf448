package io.lollmsbot.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal OTLP/HTTP trace receiver on loopback: accepts {@code POST /v1/traces} (protobuf) and keeps each body.
 * Span names and string attributes appear verbatim in protobuf, so a test can look for them without decoding.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> exports = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    /** On the port of the system property {@code it.otlp.port}, else a free one. */
    static OtlpReceiver start() {
        try {
            InetSocketAddress address =
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.getInteger("it.otlp.port", 0));
            return new OtlpReceiver(HttpServer.create(address, 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            // ISO-8859-1 keeps every byte, so ASCII names stay searchable inside the binary body
            exports.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** All exports received so far that mention {@code text}, joined; waits (bounded) for the first. */
    String awaitExportContaining(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String joined = String.join("\n", exports);
            if (joined.contains(text)) {
                return joined;
            }
            LibertyServers.sleep();
        }
        throw new AssertionError("no span export mentioning " + text + " within " + timeout + " (" + exports.size()
                + " exports received)");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
