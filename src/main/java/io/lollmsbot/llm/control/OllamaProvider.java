package io.lollmsbot.llm.control;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.util.List;

/**
 * Ollama's native protocol ({@code POST {baseUrl}/api/chat}). Streaming is NDJSON: one JSON object per line, the
 * last with {@code "done":true}, the finish reason and the token counts. A plain reply has the shape of that last
 * line, so both paths share {@link #absorb}.
 */
public final class OllamaProvider implements LlmProvider {

    private final HttpTransport http;
    private final ProviderSettings settings;

    public OllamaProvider(HttpClient client, ProviderSettings settings) {
        this.http = new HttpTransport(client, settings);
        this.settings = settings;
    }

    @Override
    public String name() {
        return ProviderType.OLLAMA.settingValue();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        StreamAccumulator result = new StreamAccumulator(text -> {});
        JsonObject reply = http.postJson("/api/chat", body(request, false));
        if (JsonSupport.object(reply, "message") == null) {
            throw JsonSupport.malformed(name(), null);
        }
        absorb(reply, result);
        return result.complete(name());
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        StreamAccumulator result = new StreamAccumulator(listener);
        http.postStreaming("/api/chat", body(request, true), line -> {
            if (!line.isBlank() && !result.finished()) {
                absorb(JsonSupport.parseObject(line, name()), result);
            }
        });
        if (!result.finished()) {
            throw LlmException.incompleteStream(name(), settings.endpoint());
        }
        return result.complete(name());
    }

    @Override
    public List<String> listModels() {
        return JsonSupport.fieldOfEach(http.getJson("/api/tags", settings.timeout()), "models", "name");
    }

    @Override
    public void ping() {
        http.getJson("/api/tags", HttpTransport.PING_TIMEOUT);
    }

    private void absorb(JsonObject chunk, StreamAccumulator result) {
        if (JsonSupport.string(chunk, "error") != null) {
            throw LlmException.transientFailure(
                    name() + " at " + settings.endpoint() + " reported an error", null, null);
        }
        JsonObject message = JsonSupport.object(chunk, "message");
        result.text(JsonSupport.string(message, "content"));
        for (JsonValue value : JsonSupport.array(message, "tool_calls")) {
            if (!(value instanceof JsonObject call)) {
                throw JsonSupport.malformed(name(), null);
            }
            JsonObject function = JsonSupport.object(call, "function");
            // Ollama sends each call whole; it may omit the id
            result.toolCall(
                    result.toolCallCount(),
                    JsonSupport.string(call, "id"),
                    JsonSupport.string(function, "name"),
                    JsonSupport.text(function, "arguments"));
        }
        if (chunk.getBoolean("done", false)) {
            result.usage(new TokenUsage(
                    JsonSupport.integer(chunk, "prompt_eval_count", 0), JsonSupport.integer(chunk, "eval_count", 0)));
            String reason = JsonSupport.string(chunk, "done_reason");
            result.finish(reason == null ? "stop" : reason);
        }
    }

    JsonObject body(ChatRequest request, boolean stream) {
        JsonArrayBuilder messages = JsonSupport.JSON.createArrayBuilder();
        request.messages().forEach(m -> messages.add(message(m)));
        JsonObjectBuilder body = JsonSupport.JSON
                .createObjectBuilder()
                .add("model", request.model() == null ? settings.model() : request.model())
                .add("messages", messages)
                .add("stream", stream);
        if (!request.tools().isEmpty()) {
            JsonArrayBuilder tools = JsonSupport.JSON.createArrayBuilder();
            request.tools().forEach(t -> tools.add(JsonSupport.functionTool(t)));
            body.add("tools", tools);
        }
        JsonObjectBuilder options = JsonSupport.JSON.createObjectBuilder();
        if (request.temperature() != null) {
            options.add("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            options.add("num_predict", request.maxTokens());
        }
        JsonObject built = options.build();
        if (!built.isEmpty()) {
            body.add("options", built);
        }
        return body.build();
    }

    private static JsonObject message(ChatMessage m) {
        JsonObjectBuilder json = JsonSupport.JSON
                .createObjectBuilder()
                .add("role", m.role().wireName())
                .add("content", m.content() == null ? "" : m.content());
        if (!m.toolCalls().isEmpty()) {
            JsonArrayBuilder calls = JsonSupport.JSON.createArrayBuilder();
            m.toolCalls()
                    .forEach(c -> calls.add(JsonSupport.JSON
                            .createObjectBuilder()
                            .add(
                                    "function",
                                    JsonSupport.JSON
                                            .createObjectBuilder()
                                            .add("name", c.name())
                                            .add("arguments", arguments(c)))));
            json.add("tool_calls", calls);
        }
        JsonSupport.addIfPresent(json, "tool_name", m.toolName());
        return json.build();
    }

    /** Ollama wants the arguments as an object; a model that produced invalid JSON gets an empty one back. */
    private static JsonObject arguments(ToolCall call) {
        try (var reader = JsonSupport.JSON.createReader(new StringReader(call.arguments()))) {
            return reader.readObject();
        } catch (RuntimeException invalid) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }
}
