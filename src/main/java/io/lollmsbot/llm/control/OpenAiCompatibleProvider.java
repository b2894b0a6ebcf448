package io.lollmsbot.llm.control;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.http.HttpClient;
import java.util.List;

/**
 * The OpenAI Chat Completions protocol ({@code POST {baseUrl}/chat/completions}), spoken by OpenAI, LoLLMS,
 * vLLM, llama.cpp server, LiteLLM, OpenRouter and Ollama's {@code /v1}. Streaming is SSE {@code data:} lines
 * ending with {@code data: [DONE]}.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

    private final HttpTransport http;
    private final ProviderSettings settings;

    public OpenAiCompatibleProvider(HttpClient client, ProviderSettings settings) {
        this.http = new HttpTransport(client, settings);
        this.settings = settings;
    }

    @Override
    public String name() {
        return ProviderType.OPENAI.settingValue();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        JsonObject reply = http.postJson("/chat/completions", body(request, false));
        JsonObject choice = firstChoice(reply);
        if (choice == null) {
            throw JsonSupport.malformed(name(), null);
        }
        StreamAccumulator result = new StreamAccumulator(text -> {});
        absorb(JsonSupport.object(choice, "message"), choice, result);
        readUsage(reply, result);
        return result.complete(name());
    }

    @Override
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        StreamAccumulator result = new StreamAccumulator(listener);
        boolean[] sawData = {false};
        boolean[] done = {false};
        http.postStreaming("/chat/completions", body(request, true), line -> {
            if (done[0] || !line.startsWith("data:")) {
                return; // blank separators, comments, event names, anything after [DONE]
            }
            sawData[0] = true;
            String data = line.substring("data:".length()).trim();
            if ("[DONE]".equals(data)) {
                done[0] = true;
                return;
            }
            JsonObject chunk = JsonSupport.parseObject(data, name());
            if (JsonSupport.object(chunk, "error") != null) {
                throw LlmException.transientFailure(
                        name() + " at " + settings.endpoint() + " reported an error mid-stream", null, null);
            }
            JsonObject choice = firstChoice(chunk);
            absorb(JsonSupport.object(choice, "delta"), choice, result);
            readUsage(chunk, result);
        });
        if (!sawData[0]) {
            throw JsonSupport.malformed(name(), null); // not an SSE stream at all
        }
        if (!done[0] && !result.finished()) {
            throw LlmException.incompleteStream(name(), settings.endpoint());
        }
        return result.complete(name());
    }

    @Override
    public List<String> listModels() {
        return JsonSupport.fieldOfEach(http.getJson("/models", settings.timeout()), "data", "id");
    }

    @Override
    public void ping() {
        http.getJson("/models", HttpTransport.PING_TIMEOUT);
    }

    private static JsonObject firstChoice(JsonObject reply) {
        var choices = JsonSupport.array(reply, "choices");
        return choices.isEmpty() || !(choices.get(0) instanceof JsonObject c) ? null : c;
    }

    /** A message (plain reply) or delta (stream chunk); they have the same members. */
    private static void absorb(JsonObject message, JsonObject choice, StreamAccumulator result) {
        result.text(JsonSupport.string(message, "content"));
        var calls = JsonSupport.array(message, "tool_calls");
        for (int position = 0; position < calls.size(); position++) {
            if (!(calls.get(position) instanceof JsonObject call)) {
                throw JsonSupport.malformed(ProviderType.OPENAI.settingValue(), null);
            }
            JsonObject function = JsonSupport.object(call, "function");
            result.toolCall(
                    JsonSupport.integer(call, "index", position),
                    JsonSupport.string(call, "id"),
                    JsonSupport.string(function, "name"),
                    JsonSupport.text(function, "arguments"));
        }
        result.finish(JsonSupport.string(choice, "finish_reason"));
    }

    private static void readUsage(JsonObject reply, StreamAccumulator result) {
        JsonObject usage = JsonSupport.object(reply, "usage");
        if (usage != null) {
            result.usage(new TokenUsage(
                    JsonSupport.integer(usage, "prompt_tokens", 0),
                    JsonSupport.integer(usage, "completion_tokens", 0)));
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
        if (stream) {
            body.add("stream_options", JsonSupport.JSON.createObjectBuilder().add("include_usage", true));
        }
        if (!request.tools().isEmpty()) {
            JsonArrayBuilder tools = JsonSupport.JSON.createArrayBuilder();
            request.tools().forEach(t -> tools.add(JsonSupport.functionTool(t)));
            body.add("tools", tools);
        }
        if (request.temperature() != null) {
            body.add("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            body.add("max_tokens", request.maxTokens());
        }
        return body.build();
    }

    private static JsonObject message(ChatMessage m) {
        JsonObjectBuilder json =
                JsonSupport.JSON.createObjectBuilder().add("role", m.role().wireName());
        if (m.content() == null) {
            json.add("content", JsonValue.NULL);
        } else {
            json.add("content", m.content());
        }
        if (!m.toolCalls().isEmpty()) {
            JsonArrayBuilder calls = JsonSupport.JSON.createArrayBuilder();
            m.toolCalls()
                    .forEach(c -> calls.add(JsonSupport.JSON
                            .createObjectBuilder()
                            .add("id", c.id())
                            .add("type", "function")
                            .add(
                                    "function",
                                    JsonSupport.JSON
                                            .createObjectBuilder()
                                            .add("name", c.name())
                                            .add("arguments", c.arguments()))));
            json.add("tool_calls", calls);
        }
        JsonSupport.addIfPresent(json, "tool_call_id", m.toolCallId());
        return json.build();
    }
}
