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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A minimal OTLP/HTTP trace receiver on loopback: accepts {@code POST /v1/traces} (protobuf) and keeps each body.
 * Span names and string attributes appear verbatim in protobuf, so a test can look for them without decoding;
 * {@link #spans()} decodes the few span fields a test needs to check parents.
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

    /** One exported span: ids in hex (parent empty for a root), kind as OTLP numbers it (2 server, 3 client). */
    record Span(String traceId, String spanId, String parentSpanId, String name, int kind, String raw) {}

    /** Every span received so far. */
    List<Span> spans() {
        List<Span> spans = new ArrayList<>();
        for (String export : exports) {
            byte[] body = export.getBytes(StandardCharsets.ISO_8859_1);
            // ExportTraceServiceRequest.resource_spans(1) > ResourceSpans.scope_spans(2) > ScopeSpans.spans(2)
            for (Field resource : Field.all(body, 0, body.length, 1)) {
                for (Field scope : Field.all(body, resource.from(), resource.to(), 2)) {
                    for (Field span : Field.all(body, scope.from(), scope.to(), 2)) {
                        spans.add(span(body, span));
                    }
                }
            }
        }
        return spans;
    }

    /** The spans received so far, once {@code complete} holds for them; waits (bounded). */
    List<Span> awaitSpans(Predicate<List<Span>> complete, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Span> spans = spans();
            if (complete.test(spans)) {
                return spans;
            }
            LibertyServers.sleep();
        }
        throw new AssertionError("the expected spans did not arrive within " + timeout + ": "
                + spans().stream().map(Span::name).toList());
    }

    private static Span span(byte[] body, Field span) {
        String traceId = "";
        String spanId = "";
        String parentSpanId = "";
        String name = "";
        int kind = 0;
        for (Field field : Field.all(body, span.from(), span.to(), -1)) {
            switch (field.number()) {
                case 1 -> traceId = field.hex(body);
                case 2 -> spanId = field.hex(body);
                case 4 -> parentSpanId = field.hex(body);
                case 5 -> name = new String(body, field.from(), field.to() - field.from(), StandardCharsets.UTF_8);
                case 6 -> kind = (int) field.value();
                default -> {}
            }
        }
        return new Span(
                traceId,
                spanId,
                parentSpanId,
                name,
                kind,
                new String(body, span.from(), span.to() - span.from(), StandardCharsets.ISO_8859_1));
    }

    /** One protobuf field: a varint's value, or where a length-delimited one's bytes are. */
    private record Field(int number, long value, int from, int to) {

        /** The fields numbered {@code number} (-1: all) between {@code from} and {@code to}. */
        static List<Field> all(byte[] body, int from, int to, int number) {
            List<Field> fields = new ArrayList<>();
            int[] at = {from};
            while (at[0] < to) {
                long key = varint(body, at);
                int field = (int) (key >>> 3);
                Field read = switch ((int) (key & 7)) {
                    case 0 -> new Field(field, varint(body, at), at[0], at[0]);
                    case 1 -> new Field(field, 0, at[0], at[0] += 8);
                    case 5 -> new Field(field, 0, at[0], at[0] += 4);
                    case 2 -> {
                        int length = (int) varint(body, at);
                        yield new Field(field, 0, at[0], at[0] += length);
                    }
                    default -> throw new IllegalStateException("unexpected wire type in " + key);
                };
                if (number < 0 || field == number) {
                    fields.add(read);
                }
            }
            return fields;
        }

        private static long varint(byte[] body, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = body[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        String hex(byte[] body) {
            return HexFormat.of().formatHex(body, from, to);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
