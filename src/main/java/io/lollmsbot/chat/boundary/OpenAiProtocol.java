package io.lollmsbot.chat.boundary;

import io.lollmsbot.chat.control.TurnFailures;
import io.lollmsbot.chat.control.TurnResult;
import io.lollmsbot.common.OpenAiProblem;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.llm.control.TokenUsage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Chat Completions wire format, both ways: a request's messages become a turn's message and untrusted
 * context, a turn's result becomes a completion, its stream becomes chunks, and its failure (mapped like every chat
 * surface's, by {@link TurnFailures}) becomes an error chunk.
 */
final class OpenAiProtocol {

    static final String MODEL = "lollmsbot";

    private OpenAiProtocol() {}

    /** The turn's message and context as the client sent them, before the Guardian sees them. */
    /** {@code contents}: the text of every message, each subject to the message length limit. */
    record Input(String message, List<String> context, List<String> contents) {}

    /**
     * The client's last user message is the turn; its earlier messages, system ones included, go along as
     * untrusted context labelled with their role.
     */
    static Input input(JsonObject body) {
        List<JsonObject> messages =
                body.containsKey("messages") && body.get("messages").getValueType() == JsonValue.ValueType.ARRAY
                        ? body.getJsonArray("messages").stream()
                                .filter(JsonObject.class::isInstance)
                                .map(JsonObject.class::cast)
                                .toList()
                        : List.of();
        if (messages.isEmpty()) {
            throw invalid("messages", "must be a non-empty array of messages");
        }
        JsonObject last = messages.get(messages.size() - 1);
        String message = text(last);
        if (!"user".equals(last.getString("role", "")) || message.isBlank()) {
            throw invalid("messages", "the last message must be a non-empty user message");
        }
        List<String> context = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        for (JsonObject earlier : messages.subList(0, messages.size() - 1)) {
            String content = text(earlier);
            contents.add(content);
            if (!content.isBlank()) {
                context.add(earlier.getString("role", "unknown") + ": " + content);
            }
        }
        contents.add(message);
        return new Input(message, context, contents);
    }

    static JsonObject models() {
        return Json.createObjectBuilder()
                .add("object", "list")
                .add(
                        "data",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("id", MODEL)
                                        .add("object", "model")
                                        .add("created", 0)
                                        .add("owned_by", "lollmsbot")))
                .build();
    }

    static JsonObject completion(TurnResult result, String model) {
        return Json.createObjectBuilder()
                .add("id", "chatcmpl-" + result.messageId())
                .add("object", "chat.completion")
                .add("created", Instant.now().getEpochSecond())
                .add("model", model)
                .add(
                        "choices",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("index", 0)
                                        .add(
                                                "message",
                                                Json.createObjectBuilder()
                                                        .add("role", "assistant")
                                                        .add("content", result.reply()))
                                        .add("finish_reason", "stop")))
                .add("usage", usage(result.usage()))
                .build();
    }

    /**
     * Whether a stream ends with a chunk of the turn's token usage ({@code stream_options.include_usage}, as OpenAI's
     * SDKs ask for it); 400 when the options are not of that shape.
     */
    static boolean includeUsage(JsonObject body) {
        JsonValue options = body.getOrDefault("stream_options", JsonValue.NULL);
        if (options == JsonValue.NULL) {
            return false;
        }
        if (options.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid("stream_options", "must be an object");
        }
        JsonValue include = options.asJsonObject().getOrDefault("include_usage", JsonValue.FALSE);
        if (include != JsonValue.TRUE && include != JsonValue.FALSE && include != JsonValue.NULL) {
            throw invalid("stream_options.include_usage", "must be true or false");
        }
        return include == JsonValue.TRUE;
    }

    /** The stream's last chunk when usage was asked for: no choices, the turn's token usage. */
    static JsonObject usageChunk(String id, long created, String model, TokenUsage usage) {
        return Json.createObjectBuilder()
                .add("id", id)
                .add("object", "chat.completion.chunk")
                .add("created", created)
                .add("model", model)
                .add("choices", JsonValue.EMPTY_JSON_ARRAY)
                .add("usage", usage(usage))
                .build();
    }

    private static JsonObjectBuilder usage(TokenUsage usage) {
        return Json.createObjectBuilder()
                .add("prompt_tokens", usage.promptTokens())
                .add("completion_tokens", usage.completionTokens())
                .add("total_tokens", usage.totalTokens());
    }

    static JsonObject firstChunk(String id, long created, String model) {
        return chunk(id, created, model, Json.createObjectBuilder().add("role", "assistant"), JsonValue.NULL);
    }

    static JsonObject deltaChunk(String id, long created, String model, String text) {
        return chunk(id, created, model, Json.createObjectBuilder().add("content", text), JsonValue.NULL);
    }

    static JsonObject lastChunk(String id, long created, String model) {
        return chunk(id, created, model, Json.createObjectBuilder(), Json.createValue("stop"));
    }

    /** A failure after the stream started, as OpenAI reports one: its error object, as on a problem response. */
    static JsonObject errorChunk(Throwable failure) {
        OpenAiProblem.OpenAiError error =
                OpenAiProblem.of(TurnFailures.asProblem(failure).problem()).error();
        JsonObjectBuilder json =
                Json.createObjectBuilder().add("message", error.message()).add("type", error.type());
        if (error.code() != null) {
            json.add("code", error.code());
        }
        return Json.createObjectBuilder().add("error", json).build();
    }

    private static JsonObject chunk(
            String id, long created, String model, JsonObjectBuilder delta, JsonValue finishReason) {
        return Json.createObjectBuilder()
                .add("id", id)
                .add("object", "chat.completion.chunk")
                .add("created", created)
                .add("model", model)
                .add(
                        "choices",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("index", 0)
                                        .add("delta", delta)
                                        .add("finish_reason", finishReason)))
                .build();
    }

    /** Content as a string, or the text parts of an array of content parts. */
    private static String text(JsonObject message) {
        JsonValue content = message.get("content");
        if (content == null) {
            return "";
        }
        return switch (content.getValueType()) {
            case STRING -> message.getString("content");
            case ARRAY ->
                String.join(
                        "\n",
                        message.getJsonArray("content").stream()
                                .filter(JsonObject.class::isInstance)
                                .map(JsonObject.class::cast)
                                .filter(part -> "text".equals(part.getString("type", "")))
                                .map(part -> part.getString("text", ""))
                                .toList());
            default -> "";
        };
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.validation(List.of(new Problem.FieldError(field, message))), Map.of());
    }
}
