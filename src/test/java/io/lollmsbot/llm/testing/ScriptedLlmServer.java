package io.lollmsbot.llm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted LLM server on loopback speaking the OpenAI Chat Completions protocol ({@code /v1/chat/completions},
 * {@code /v1/models}; plain JSON or SSE) and Ollama's ({@code /api/chat}, {@code /api/tags}; plain JSON or NDJSON),
 * including tool calls. Each chat request takes the next {@link Reply} from the queue; when the queue is empty it
 * answers with the text of the last user message (an echo). Every request received is logged, so tests can check
 * what reached the model. Thread-safe.
 *
 * <pre>
 * try (var llm = ScriptedLlmServer.start()) {
 *     llm.enqueue(Reply.text("Hel", "lo").usage(12, 2), Reply.error(503).retryAfter(7));
 *     ... point lollmsbot.llm.base-url at llm.openAiBaseUrl() (or llm.ollamaBaseUrl() with provider ollama) ...
 *     assertFalse(llm.requests().stream().anyMatch(r -> r.body().contains("secret")));
 * }
 * </pre>
 *
 * Standalone: {@code java ... io.lollmsbot.llm.testing.ScriptedLlmServer [port]} (echo replies only).
 */
public final class ScriptedLlmServer implements AutoCloseable {

    public static final String MODEL = "scripted-model";
    /** The longest a held reply waits for its release, and a test for a chat request. */
    public static final Duration HOLD_LIMIT = Duration.ofSeconds(60);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private ScriptedLlmServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "scripted-llm-" + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port. */
    public static ScriptedLlmServer start() throws IOException {
        return start(0);
    }

    public static ScriptedLlmServer start(int port) throws IOException {
        return new ScriptedLlmServer(port);
    }

    public static void main(String[] args) throws Exception {
        ScriptedLlmServer llm = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(llm::close));
        System.out.println("ScriptedLlmServer: OpenAI base URL " + llm.openAiBaseUrl() + ", Ollama base URL "
                + llm.ollamaBaseUrl() + ", model " + MODEL);
        Thread.currentThread().join();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL for lollmsbot.llm.provider=ollama. */
    public String ollamaBaseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Base URL for lollmsbot.llm.provider=openai. */
    public String openAiBaseUrl() {
        return ollamaBaseUrl() + "/v1";
    }

    /** Queues replies for the next chat requests, in order. */
    public ScriptedLlmServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The chat requests (either protocol) received so far, oldest first. */
    public List<RecordedRequest> chatRequests() {
        return requests().stream().filter(RecordedRequest::isChat).toList();
    }

    /**
     * Blocks until at least {@code count} chat requests have arrived (counting since the last reset), so a test
     * knows a turn has reached the model; fails after {@link #HOLD_LIMIT}.
     */
    public void awaitChatRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
        synchronized (requests) {
            while (chatRequests().size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " chat requests, got "
                            + chatRequests().size());
                }
                TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
        }
    }

    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("no request received");
        }
        return all.get(all.size() - 1);
    }

    /** Forgets received requests and queued replies. */
    public void reset() {
        script.clear();
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A request as received. Header names are lower-case. */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

        boolean isChat() {
            return "POST".equals(method) && (path.endsWith("/chat/completions") || path.equals("/api/chat"));
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public JsonObject json() {
            return parse(body);
        }
    }

    /** A scripted answer to one chat request. Immutable; the modifiers return copies. */
    public static final class Reply {
        private final List<String> chunks;
        private final List<String[]> toolCalls;
        private final int status;
        private final boolean malformed;
        private final Integer retryAfterSeconds;
        private final Duration delay;
        private final int[] usage;
        private final CountDownLatch gate;
        private Duration pace = Duration.ZERO;
        private int cutAfter = -1;
        private int stallAfter = -1;
        private CountDownLatch stallRelease;

        private Reply(
                List<String> chunks,
                List<String[]> toolCalls,
                int status,
                boolean malformed,
                Integer retryAfterSeconds,
                Duration delay,
                int[] usage,
                CountDownLatch gate) {
            this.chunks = chunks;
            this.toolCalls = toolCalls;
            this.status = status;
            this.malformed = malformed;
            this.retryAfterSeconds = retryAfterSeconds;
            this.delay = delay;
            this.usage = usage;
            this.gate = gate;
        }

        /** A text reply; when streamed, each chunk is one delta. */
        public static Reply text(String... chunks) {
            return new Reply(List.of(chunks), List.of(), 200, false, null, Duration.ZERO, null, null);
        }

        /** A reply calling one function; add more with {@link #andToolCall}. */
        public static Reply toolCall(String name, String argumentsJson) {
            return text().andToolCall(name, argumentsJson);
        }

        /** An HTTP error with a provider-style error body. */
        public static Reply error(int status) {
            return new Reply(List.of(), List.of(), status, false, null, Duration.ZERO, null, null);
        }

        /** HTTP 200 with a body that is not JSON. */
        public static Reply malformed() {
            return new Reply(List.of(), List.of(), 200, true, null, Duration.ZERO, null, null);
        }

        public Reply andToolCall(String name, String argumentsJson) {
            List<String[]> calls = new ArrayList<>(toolCalls);
            calls.add(new String[] {name, argumentsJson});
            return new Reply(chunks, List.copyOf(calls), status, malformed, retryAfterSeconds, delay, usage, gate);
        }

        public Reply retryAfter(int seconds) {
            return new Reply(chunks, toolCalls, status, malformed, seconds, delay, usage, gate);
        }

        /** Waits this long before sending anything (status line included). */
        public Reply delayed(Duration wait) {
            return new Reply(chunks, toolCalls, status, malformed, retryAfterSeconds, wait, usage, gate);
        }

        /** Pauses this long between streamed events, so a client sees the reply arrive in pieces; call it last. */
        public Reply paced(Duration pause) {
            Reply paced = new Reply(chunks, toolCalls, status, malformed, retryAfterSeconds, delay, usage, gate);
            paced.pace = pause;
            paced.cutAfter = cutAfter;
            paced.stallAfter = stallAfter;
            paced.stallRelease = stallRelease;
            return paced;
        }

        /**
         * Streams only the first {@code events} events, then ends the response as if the model server had died:
         * no finish reason, no {@code [DONE]}; call it last. Applies to streamed requests only.
         */
        public Reply cutAfter(int events) {
            Reply cut = paced(pace);
            cut.cutAfter = events;
            return cut;
        }

        /**
         * Starts answering, then stalls: sends the status line, the headers and the first {@code events} streamed
         * events (a plain reply: the first half of its body), then nothing more until {@code release} is counted down
         * (at most {@link #HOLD_LIMIT}), then the rest; call it last. A client's response has begun, so only a limit
         * on the wait for the body (or the next line) can cut it.
         */
        public Reply stalledAfter(int events, CountDownLatch release) {
            Reply stalled = paced(pace);
            stalled.stallAfter = events;
            stalled.stallRelease = release;
            return stalled;
        }

        /** Token counts to report (by default: words of the request, words of the reply). */
        public Reply usage(int promptTokens, int completionTokens) {
            return new Reply(
                    chunks,
                    toolCalls,
                    status,
                    malformed,
                    retryAfterSeconds,
                    delay,
                    new int[] {promptTokens, completionTokens},
                    gate);
        }

        /**
         * Sends nothing (status line included) until {@code release} is counted down, so a test decides when the
         * model answers instead of guessing with a delay; gives up after {@link #HOLD_LIMIT}.
         */
        public Reply heldUntil(CountDownLatch release) {
            return new Reply(chunks, toolCalls, status, malformed, retryAfterSeconds, delay, usage, release);
        }

        String content() {
            return String.join("", chunks);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            synchronized (requests) {
                requests.add(new RecordedRequest(method, path, Map.copyOf(headers), body));
                requests.notifyAll();
            }

            if ("GET".equals(method) && path.endsWith("/models")) {
                send(exchange, 200, "application/json", openAiModels());
            } else if ("GET".equals(method) && path.equals("/api/tags")) {
                send(exchange, 200, "application/json", ollamaTags());
            } else if ("POST".equals(method) && path.endsWith("/chat/completions")) {
                chat(exchange, body, new OpenAiProtocol());
            } else if ("POST".equals(method) && path.equals("/api/chat")) {
                chat(exchange, body, new OllamaProtocol());
            } else {
                send(exchange, 404, "application/json", "{\"error\":\"not found\"}");
            }
        } catch (IOException | InterruptedException clientGoneOrShutdown) {
            // the client gave up (e.g. its timeout) or the server is closing: nothing to answer
        }
    }

    private void chat(HttpExchange exchange, String body, Protocol protocol) throws IOException, InterruptedException {
        JsonObject request;
        try {
            request = parse(body);
        } catch (JsonException | IllegalStateException e) {
            send(exchange, 400, "application/json", protocol.errorBody(400));
            return;
        }
        Reply reply = script.poll();
        if (reply == null) {
            reply = Reply.text(lastUserMessage(request));
        }
        Thread.sleep(reply.delay.toMillis());
        if (reply.gate != null && !reply.gate.await(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IOException("a held reply was never released");
        }
        boolean stream = request.getBoolean("stream", protocol.streamsByDefault());
        if (reply.status != 200) {
            if (reply.retryAfterSeconds != null) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(reply.retryAfterSeconds));
            }
            send(exchange, reply.status, "application/json", protocol.errorBody(reply.status));
        } else if (reply.malformed) {
            String garbage = "{\"choices\": [ oops";
            send(
                    exchange,
                    200,
                    stream ? protocol.streamContentType() : "application/json",
                    stream ? protocol.streamed(garbage) : garbage);
        } else {
            Answer answer = new Answer(reply, request);
            if (stream) {
                exchange.getResponseHeaders().set("Content-Type", protocol.streamContentType());
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                List<String> events = protocol.streamed(answer, request);
                if (reply.cutAfter >= 0) {
                    events = events.subList(0, Math.min(reply.cutAfter, events.size()));
                }
                for (int i = 0; i < events.size(); i++) {
                    if (i == reply.stallAfter) {
                        stall(reply);
                    }
                    out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(reply.pace.toMillis());
                }
            } else if (reply.stallAfter >= 0) {
                byte[] bytes = protocol.plain(answer).toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                OutputStream out = exchange.getResponseBody();
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                stall(reply);
                out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
            } else {
                send(exchange, 200, "application/json", protocol.plain(answer).toString());
            }
        }
    }

    private static void stall(Reply reply) throws IOException, InterruptedException {
        if (!reply.stallRelease.await(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IOException("a stalled reply was never released");
        }
    }

    /** A reply resolved against its request: tool call ids and usage fixed. */
    private final class Answer {
        final Reply reply;
        final List<String> toolCallIds = new ArrayList<>();
        final int promptTokens;
        final int completionTokens;

        Answer(Reply reply, JsonObject request) {
            this.reply = reply;
            reply.toolCalls.forEach(c -> toolCallIds.add("call_" + ids.incrementAndGet()));
            String requestText = request.getJsonArray("messages") == null
                    ? ""
                    : request.getJsonArray("messages").toString();
            promptTokens = reply.usage != null ? reply.usage[0] : words(requestText);
            completionTokens = reply.usage != null
                    ? reply.usage[1]
                    : words(reply.content())
                            + reply.toolCalls.stream()
                                    .mapToInt(c -> words(c[1]))
                                    .sum();
        }

        String finishReason() {
            return reply.toolCalls.isEmpty() ? "stop" : "tool_calls";
        }
    }

    private interface Protocol {
        boolean streamsByDefault();

        String streamContentType();

        String errorBody(int status);

        JsonObject plain(Answer answer);

        List<String> streamed(Answer answer, JsonObject request);

        /** {@code data} framed as one streamed event. */
        String streamed(String data);
    }

    private final class OpenAiProtocol implements Protocol {
        private final String id = "chatcmpl-" + ids.incrementAndGet();

        public boolean streamsByDefault() {
            return false;
        }

        public String streamContentType() {
            return "text/event-stream";
        }

        public String errorBody(int status) {
            return Json.createObjectBuilder()
                    .add(
                            "error",
                            Json.createObjectBuilder()
                                    .add("message", "scripted error")
                                    .add("type", "scripted")
                                    .add("code", status))
                    .build()
                    .toString();
        }

        public JsonObject plain(Answer answer) {
            JsonObjectBuilder message = Json.createObjectBuilder().add("role", "assistant");
            if (answer.reply.toolCalls.isEmpty()) {
                message.add("content", answer.reply.content());
            } else {
                message.add("content", JsonValue.NULL);
                JsonArrayBuilder calls = Json.createArrayBuilder();
                for (int i = 0; i < answer.reply.toolCalls.size(); i++) {
                    String[] call = answer.reply.toolCalls.get(i);
                    calls.add(Json.createObjectBuilder()
                            .add("id", answer.toolCallIds.get(i))
                            .add("type", "function")
                            .add(
                                    "function",
                                    Json.createObjectBuilder()
                                            .add("name", call[0])
                                            .add("arguments", call[1])));
                }
                message.add("tool_calls", calls);
            }
            return envelope("chat.completion")
                    .add(
                            "choices",
                            Json.createArrayBuilder()
                                    .add(Json.createObjectBuilder()
                                            .add("index", 0)
                                            .add("message", message)
                                            .add("finish_reason", answer.finishReason())))
                    .add("usage", usage(answer))
                    .build();
        }

        public List<String> streamed(Answer answer, JsonObject request) {
            List<String> events = new ArrayList<>();
            events.add(chunk(Json.createObjectBuilder().add("role", "assistant").add("content", ""), null));
            answer.reply.chunks.forEach(
                    text -> events.add(chunk(Json.createObjectBuilder().add("content", text), null)));
            for (int i = 0; i < answer.reply.toolCalls.size(); i++) {
                String[] call = answer.reply.toolCalls.get(i);
                events.add(chunk(
                        toolDelta(
                                i,
                                Json.createObjectBuilder()
                                        .add("id", answer.toolCallIds.get(i))
                                        .add("type", "function")
                                        .add(
                                                "function",
                                                Json.createObjectBuilder()
                                                        .add("name", call[0])
                                                        .add("arguments", ""))),
                        null));
                int half = call[1].length() / 2; // arguments arrive in fragments, as from real servers
                for (String fragment : List.of(call[1].substring(0, half), call[1].substring(half))) {
                    events.add(chunk(
                            toolDelta(
                                    i,
                                    Json.createObjectBuilder()
                                            .add(
                                                    "function",
                                                    Json.createObjectBuilder().add("arguments", fragment))),
                            null));
                }
            }
            events.add(chunk(Json.createObjectBuilder(), answer.finishReason()));
            JsonObject options = request.getJsonObject("stream_options");
            if (options != null && options.getBoolean("include_usage", false)) {
                events.add(sse(envelope("chat.completion.chunk")
                        .add("choices", JsonValue.EMPTY_JSON_ARRAY)
                        .add("usage", usage(answer))
                        .build()));
            }
            events.add("data: [DONE]\n\n");
            return events;
        }

        private JsonObjectBuilder toolDelta(int index, JsonObjectBuilder call) {
            return Json.createObjectBuilder()
                    .add("tool_calls", Json.createArrayBuilder().add(call.add("index", index)));
        }

        private String chunk(JsonObjectBuilder delta, String finishReason) {
            JsonObjectBuilder choice =
                    Json.createObjectBuilder().add("index", 0).add("delta", delta);
            if (finishReason == null) {
                choice.add("finish_reason", JsonValue.NULL);
            } else {
                choice.add("finish_reason", finishReason);
            }
            return sse(envelope("chat.completion.chunk")
                    .add("choices", Json.createArrayBuilder().add(choice))
                    .build());
        }

        public String streamed(String data) {
            return "data: " + data + "\n\n";
        }

        private String sse(JsonObject data) {
            return streamed(data.toString());
        }

        private JsonObjectBuilder envelope(String object) {
            return Json.createObjectBuilder()
                    .add("id", id)
                    .add("object", object)
                    .add("created", Instant.now().getEpochSecond())
                    .add("model", MODEL);
        }

        private JsonObjectBuilder usage(Answer answer) {
            return Json.createObjectBuilder()
                    .add("prompt_tokens", answer.promptTokens)
                    .add("completion_tokens", answer.completionTokens)
                    .add("total_tokens", answer.promptTokens + answer.completionTokens);
        }
    }

    private final class OllamaProtocol implements Protocol {

        public boolean streamsByDefault() {
            return true;
        }

        public String streamContentType() {
            return "application/x-ndjson";
        }

        public String errorBody(int status) {
            return Json.createObjectBuilder()
                    .add("error", "scripted error " + status)
                    .build()
                    .toString();
        }

        public JsonObject plain(Answer answer) {
            return done(answer, message(answer.reply.content()).add("tool_calls", toolCalls(answer)));
        }

        public List<String> streamed(Answer answer, JsonObject request) {
            List<String> lines = new ArrayList<>();
            answer.reply.chunks.forEach(
                    text -> lines.add(line(base().add("message", message(text)).add("done", false))));
            if (!answer.reply.toolCalls.isEmpty()) {
                lines.add(line(base().add("message", message("").add("tool_calls", toolCalls(answer)))
                        .add("done", false)));
            }
            lines.add(done(answer, message("")) + "\n");
            return lines;
        }

        private JsonObject done(Answer answer, JsonObjectBuilder message) {
            return base().add("message", message)
                    .add("done", true)
                    .add("done_reason", "stop")
                    .add("prompt_eval_count", answer.promptTokens)
                    .add("eval_count", answer.completionTokens)
                    .build();
        }

        private JsonArrayBuilder toolCalls(Answer answer) {
            JsonArrayBuilder calls = Json.createArrayBuilder();
            answer.reply.toolCalls.forEach(call -> calls.add(Json.createObjectBuilder()
                    .add(
                            "function",
                            Json.createObjectBuilder().add("name", call[0]).add("arguments", parse(call[1])))));
            return calls;
        }

        private JsonObjectBuilder message(String content) {
            return Json.createObjectBuilder().add("role", "assistant").add("content", content);
        }

        private JsonObjectBuilder base() {
            return Json.createObjectBuilder()
                    .add("model", MODEL)
                    .add("created_at", Instant.now().toString());
        }

        public String streamed(String data) {
            return data + "\n";
        }

        private String line(JsonObjectBuilder object) {
            return streamed(object.build().toString());
        }
    }

    private static String openAiModels() {
        return Json.createObjectBuilder()
                .add("object", "list")
                .add(
                        "data",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("id", MODEL)
                                        .add("object", "model")
                                        .add("owned_by", "scripted")))
                .build()
                .toString();
    }

    private static String ollamaTags() {
        return Json.createObjectBuilder()
                .add(
                        "models",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("name", MODEL)
                                        .add("model", MODEL)))
                .build()
                .toString();
    }

    private static String lastUserMessage(JsonObject request) {
        List<JsonValue> messages =
                request.getJsonArray("messages") == null ? List.of() : request.getJsonArray("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonObject message = messages.get(i).asJsonObject();
            if ("user".equals(message.getString("role", ""))) {
                JsonValue content = message.get("content");
                return content instanceof JsonString s ? s.getString() : String.valueOf(content);
            }
        }
        return "";
    }

    private static int words(String text) {
        String trimmed = text.trim();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
