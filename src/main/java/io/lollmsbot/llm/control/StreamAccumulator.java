package io.lollmsbot.llm.control;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a {@link ChatResponse} from the pieces a server sends: text deltas (forwarded to the listener as they
 * come), tool-call fragments keyed by index, usage and the finish reason. Used for streamed and plain replies.
 * Not thread-safe: one per call.
 */
final class StreamAccumulator {

    private final StreamListener listener;
    private final StringBuilder content = new StringBuilder();
    private final SortedMap<Integer, PartialCall> calls = new TreeMap<>();
    private TokenUsage usage = TokenUsage.NONE;
    private String finishReason;

    StreamAccumulator(StreamListener listener) {
        this.listener = listener;
    }

    void text(String delta) {
        if (delta != null && !delta.isEmpty()) {
            content.append(delta);
            listener.onDelta(delta);
        }
    }

    /** Adds to call {@code index}: id and name usually come with the first fragment, arguments in pieces. */
    void toolCall(int index, String id, String name, String argumentsFragment) {
        PartialCall call = calls.computeIfAbsent(index, i -> new PartialCall());
        if (id != null && !id.isEmpty()) {
            call.id = id;
        }
        if (name != null && !name.isEmpty()) {
            call.name = name;
        }
        if (argumentsFragment != null) {
            call.arguments.append(argumentsFragment);
        }
    }

    int toolCallCount() {
        return calls.size();
    }

    void usage(TokenUsage reported) {
        usage = reported;
    }

    void finish(String reason) {
        if (reason != null) {
            finishReason = reason;
        }
    }

    boolean finished() {
        return finishReason != null;
    }

    ChatResponse complete(String provider) {
        List<ToolCall> toolCalls = calls.entrySet().stream()
                .map(e -> e.getValue().toToolCall(e.getKey(), provider))
                .toList();
        String reason = !toolCalls.isEmpty() && (finishReason == null || "stop".equals(finishReason))
                ? "tool_calls"
                : finishReason;
        ChatResponse response = new ChatResponse(content.toString(), toolCalls, usage, reason, provider);
        listener.onComplete(response);
        return response;
    }

    private static final class PartialCall {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        ToolCall toToolCall(int index, String provider) {
            if (name == null) {
                throw JsonSupport.malformed(provider, null);
            }
            return new ToolCall(id == null ? "call_" + index : id, name, arguments.toString());
        }
    }
}
