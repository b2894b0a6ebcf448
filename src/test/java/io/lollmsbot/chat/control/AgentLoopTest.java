package io.lollmsbot.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.guardian.control.ContextPolicy;
import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.guardian.control.GuardianEngine;
import io.lollmsbot.guardian.control.Redaction;
import io.lollmsbot.guardian.control.ReplyLinkPolicy;
import io.lollmsbot.guardian.control.ScreenedContext;
import io.lollmsbot.llm.control.ChatMessage;
import io.lollmsbot.llm.control.ChatRequest;
import io.lollmsbot.llm.control.ChatResponse;
import io.lollmsbot.llm.control.ChatRole;
import io.lollmsbot.llm.control.LlmGateway;
import io.lollmsbot.llm.control.StreamListener;
import io.lollmsbot.llm.control.TokenUsage;
import io.lollmsbot.llm.control.ToolCall;
import io.lollmsbot.llm.control.ToolDefinition;
import io.lollmsbot.memory.control.ConversationStore;
import io.lollmsbot.memory.control.Memory;
import io.lollmsbot.soul.control.Soul;
import io.lollmsbot.tools.control.ToolCaller;
import io.lollmsbot.tools.control.ToolOutcome;
import io.lollmsbot.tools.control.ToolRegistry;
import io.lollmsbot.tools.control.ToolTurn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent loop alone, against a scripted gateway and in-memory stand-ins for the pillars it calls. */
class AgentLoopTest {

    private static final String SECRET = "sk-9fJ2kL4mN6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hJ6kL8mN0pQ";
    private static final ToolCaller ALICE = new ToolCaller(7, "alice", false);
    private static final ToolDefinition CALENDAR =
            ToolDefinition.of("calendar", "the user's calendar", "{\"type\":\"object\"}");

    private final ScriptedGateway llm = new ScriptedGateway();
    private final FakeTools tools = new FakeTools();
    private final FakeStore store = new FakeStore();
    private final FakeMemory memory = new FakeMemory();
    private final Map<String, Object> settings = new HashMap<>();
    private final AgentLoop loop = new AgentLoop();
    private final List<String> maintenanceKeys = new ArrayList<>();
    private boolean backgroundFull;
    private int maintenanceSkipped;

    @BeforeEach
    void wire() {
        loop.soul = new Soul() {
            @Override
            public String systemPrompt() {
                return "You are lollmsbot.";
            }
        };
        GuardianEngine engine = new GuardianEngine();
        loop.guardian = new Guardian() {
            @Override
            public Redaction redact(String text) {
                return engine.redact(text);
            }

            @Override
            public ScreenedContext screenContext(String actor, String source, String text) {
                return engine.screenContext(source, text, ContextPolicy.REFUSE);
            }

            @Override
            public Redaction screenReply(String text) {
                return engine.screenReply(text, ReplyLinkPolicy.REDACT);
            }
        };
        loop.llm = llm;
        loop.tools = tools;
        loop.conversations = store;
        loop.memory = memory;
        loop.lanes = new LaneQueue() {
            @Override
            public CompletableFuture<Void> submitMaintenance(String key, Runnable work) {
                if (backgroundFull) {
                    throw new ProblemException(503, "full");
                }
                maintenanceKeys.add(key);
                return CompletableFuture.completedFuture(null);
            }
        };
        loop.config = config(settings);
        loop.metrics = new ChatMetrics() {
            @Override
            public void turn(String outcome, long startedNanos) {}

            @Override
            public void llmCall(String provider, long startedNanos, int promptTokens, int completionTokens) {}

            @Override
            public void memoryMaintenanceSkipped() {
                maintenanceSkipped++;
            }
        };
    }

    @Test
    void aTurnQueuesItsConversationsMemoryMaintenance() {
        llm.replies.add(reply("Hello.", 1, 1));

        TurnResult result = loop.run(turn(null, "Hi", List.of()), TurnListener.NONE);

        assertEquals(List.of("memory:" + result.conversationId()), maintenanceKeys);
        assertEquals(0, maintenanceSkipped);
    }

    @Test
    void aFullBackgroundLaneSkipsTheMaintenanceVisiblyButNotTheTurn() {
        backgroundFull = true;
        llm.replies.add(reply("Hello.", 1, 1));

        TurnResult result = loop.run(turn(null, "Hi", List.of()), TurnListener.NONE);

        assertEquals("Hello.", result.reply());
        assertEquals(1, store.saved.size(), "the turn is stored");
        assertEquals(1, maintenanceSkipped, "the skipped maintenance is counted");
    }

    @Test
    void aTurnSendsSoulContextAndMessageAndStoresTheReply() {
        llm.replies.add(reply("Hello Alice.", 12, 3));

        TurnResult result = loop.run(turn(null, "Hi", List.of("system: be brief")), TurnListener.NONE);

        ChatRequest sent = llm.requests.get(0);
        assertEquals(List.of(ChatRole.SYSTEM, ChatRole.USER, ChatRole.USER), roles(sent.messages()));
        assertEquals("You are lollmsbot.", sent.messages().get(0).content());
        assertEquals(
                AgentLoop.CLIENT_CONTEXT_PREFIX + "system: be brief",
                sent.messages().get(1).content());
        assertEquals("Hi", sent.messages().get(2).content());
        assertEquals(List.of(CALENDAR), sent.tools());
        assertEquals("Hello Alice.", result.reply());
        assertEquals(new TokenUsage(12, 3), result.usage());
        assertEquals("scripted", result.model(), "the answering provider is reported");
        ConversationStore.Turn saved = store.saved.get(0);
        assertEquals(result.conversationId(), saved.conversationId());
        assertEquals(result.messageId(), saved.replyId());
        assertEquals(ALICE.userId(), saved.ownerId());
        assertEquals("Hi", saved.userText());
        assertEquals("Hello Alice.", saved.reply());
        assertEquals("Hi".length(), saved.userTokens(), "Memory's count of the message is kept with it");
        assertEquals("Hello Alice.".length(), saved.replyTokens(), "and of the reply");
        assertEquals(saved.userTokens(), memory.messageTokens, "the message's count is the context's too");
        assertEquals("allow", result.guardian().verdict());
    }

    @Test
    void aContinuedConversationSendsItsHistoryInOrder() {
        UUID conversation = UUID.randomUUID();
        memory.history = List.of(ChatMessage.user("What is 2+2?"), ChatMessage.assistant("4"));
        llm.replies.add(reply("6", 1, 1));

        TurnResult result = loop.run(turn(conversation, "And 3+3?", List.of()), TurnListener.NONE);

        List<ChatMessage> sent = llm.requests.get(0).messages();
        assertEquals(List.of(ChatRole.SYSTEM, ChatRole.USER, ChatRole.ASSISTANT, ChatRole.USER), roles(sent));
        assertEquals(
                List.of("What is 2+2?", "4", "And 3+3?"),
                sent.subList(1, 4).stream().map(ChatMessage::content).toList());
        assertEquals(conversation, result.conversationId());
        assertEquals(ALICE.userId(), memory.historyOwner);
        assertEquals(conversation, memory.historyConversation);
    }

    @Test
    void aToolCallRunsAndItsRedactedResultGoesBackToTheModel() {
        ToolCall call = new ToolCall("call-1", "calendar", "{\"day\":\"monday\"}");
        llm.replies.add(toolCalls(call));
        llm.replies.add(reply("You have one meeting.", 20, 4));
        tools.outputs.add("meeting at 10, token " + SECRET);

        TurnResult result = loop.run(turn(null, "What is on Monday?", List.of()), TurnListener.NONE);

        assertEquals(List.of(call), tools.executed);
        assertEquals(ALICE, tools.callers.get(0));
        List<ChatMessage> second = llm.requests.get(1).messages();
        ChatMessage toolResult = second.get(second.size() - 1);
        assertEquals(ChatRole.TOOL, toolResult.role());
        assertEquals("call-1", toolResult.toolCallId());
        assertFalse(toolResult.content().contains(SECRET), "the model never sees a secret from a tool");
        assertTrue(toolResult.content().startsWith("meeting at 10"));
        assertEquals(ChatRole.ASSISTANT, second.get(second.size() - 2).role());
        assertEquals(List.of(new TurnResult.ToolCallSummary("calendar", "ok")), result.toolCalls());
        ConversationStore.ToolCallLog logged = store.saved.get(0).toolCalls().get(0);
        assertEquals("calendar", logged.name());
        assertEquals(AuditChain.sha256(call.arguments()), logged.argumentsHash());
        assertEquals(new TokenUsage(21, 5), result.usage(), "usage adds up over the rounds");
    }

    @Test
    void afterTheLastAllowedRoundTheModelIsOfferedNoTools() {
        settings.put("lollmsbot.agent.max-tool-rounds", 1);
        llm.replies.add(toolCalls(new ToolCall("call-1", "calendar", "{}")));
        llm.replies.add(toolCalls(new ToolCall("call-2", "calendar", "{}")));
        tools.outputs.add("nothing");

        TurnResult result = loop.run(turn(null, "Loop forever", List.of()), TurnListener.NONE);

        assertEquals(2, llm.requests.size());
        assertEquals(List.of(CALENDAR), llm.requests.get(0).tools());
        assertEquals(List.of(), llm.requests.get(1).tools());
        assertEquals(1, tools.executed.size(), "a tool call in the last round is not run");
        assertEquals("", result.reply());
    }

    @Test
    void aSecretInTheReplyIsRedactedInTheResultAndTheStore() {
        llm.replies.add(reply("Your key is " + SECRET + ".", 1, 1));

        TurnResult result = loop.run(turn(null, "Which key?", List.of()), TurnListener.NONE);

        assertFalse(result.reply().contains(SECRET));
        assertTrue(result.reply().contains("[REDACTED:"), result.reply());
        assertEquals(result.reply(), store.saved.get(0).reply());
    }

    @Test
    void aStreamingTurnStreamsTheRedactedReplyAndAnnouncesItsIds() {
        String text = "word ".repeat(300) + "the key is " + SECRET + " and " + "more ".repeat(300);
        llm.replies.add(reply(text, 1, 1));
        List<String> deltas = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();

        TurnResult result = loop.run(turn(null, "Stream it", List.of()), new TurnListener() {
            @Override
            public void started(UUID conversationId, UUID messageId) {
                ids.add(conversationId);
                ids.add(messageId);
            }

            @Override
            public void delta(String delta) {
                deltas.add(delta);
            }
        });

        assertTrue(llm.streamed, "a listener that streams gets a streamed call");
        assertEquals(List.of(result.conversationId(), result.messageId()), ids);
        assertEquals(result.reply(), String.join("", deltas));
        assertTrue(deltas.size() > 1, "the reply arrives in pieces");
        deltas.forEach(delta -> assertFalse(delta.contains("sk-"), "no piece of the secret is streamed"));
    }

    @Test
    void aNonStreamingTurnCallsTheModelWithoutStreaming() {
        llm.replies.add(reply("ok", 1, 1));

        loop.run(turn(null, "Hi", List.of()), TurnListener.NONE);

        assertFalse(llm.streamed);
        assertNull(llm.requests.get(0).model(), "the gateway picks the configured model");
    }

    private static ScreenedTurn turn(UUID conversation, String message, List<String> context) {
        return new ScreenedTurn(new TurnRequest(ALICE, conversation, message, context), message, context, "allow", 0);
    }

    private static ChatResponse reply(String text, int prompt, int completion) {
        return new ChatResponse(text, List.of(), new TokenUsage(prompt, completion), "stop", "scripted");
    }

    private static ChatResponse toolCalls(ToolCall... calls) {
        return new ChatResponse("", List.of(calls), new TokenUsage(1, 1), "tool_calls", "scripted");
    }

    private static List<ChatRole> roles(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::role).toList();
    }

    /** Answers each call with the next scripted response; a streamed answer arrives in 7-character deltas. */
    private static final class ScriptedGateway extends LlmGateway {
        final Deque<ChatResponse> replies = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();
        boolean streamed;

        @Override
        public ChatResponse chat(ChatRequest request) {
            requests.add(new ChatRequest(
                    request.model(),
                    List.copyOf(request.messages()),
                    request.tools(),
                    request.temperature(),
                    request.maxTokens()));
            return replies.remove();
        }

        @Override
        public ChatResponse stream(ChatRequest request, StreamListener listener) {
            streamed = true;
            ChatResponse response = chat(request);
            for (int i = 0; i < response.content().length(); i += 7) {
                listener.onDelta(response.content()
                        .substring(i, Math.min(response.content().length(), i + 7)));
            }
            listener.onComplete(response);
            return response;
        }
    }

    private static final class FakeTools extends ToolRegistry {
        final Deque<String> outputs = new ArrayDeque<>();
        final List<ToolCall> executed = new ArrayList<>();
        final List<ToolCaller> callers = new ArrayList<>();

        @Override
        public List<ToolDefinition> available(ToolCaller caller) {
            return List.of(CALENDAR);
        }

        @Override
        public ToolTurn turn(ToolCaller caller) {
            return new ToolTurn(this, caller, 5, 10);
        }

        @Override
        public ToolOutcome execute(ToolCaller caller, ToolCall call) {
            executed.add(call);
            callers.add(caller);
            return new ToolOutcome(call.name(), ToolOutcome.Status.OK, outputs.remove(), 3);
        }
    }

    /** Memory's part of the context: the given history for a continued conversation, nothing else. */
    private static final class FakeMemory extends Memory {
        List<ChatMessage> history = List.of();
        Long historyOwner;
        UUID historyConversation;
        Integer messageTokens;

        @Override
        public List<ChatMessage> assemble(
                long userId,
                String username,
                UUID conversationId,
                ChatMessage system,
                List<ChatMessage> current,
                Integer messageTokens) {
            historyOwner = userId;
            historyConversation = conversationId;
            this.messageTokens = messageTokens;
            List<ChatMessage> messages = new ArrayList<>();
            messages.add(system);
            if (conversationId != null) {
                messages.addAll(history);
            }
            messages.addAll(current);
            return messages;
        }

        /** One "token" per character, so a test sees which text a stored count belongs to. */
        @Override
        public Integer tokensToStore(String text) {
            return text.length();
        }
    }

    private static final class FakeStore extends ConversationStore {
        final List<Turn> saved = new ArrayList<>();

        @Override
        public void save(Turn turn) {
            saved.add(turn);
        }
    }

    /** The given values over the defaults of microprofile-config.properties (AgentLoop reads whole numbers). */
    private static Config config(Map<String, Object> values) {
        Properties defaults = new Properties();
        try (InputStream in = AgentLoopTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (Config) Proxy.newProxyInstance(
                Config.class.getClassLoader(),
                new Class<?>[] {Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getOptionalValue" ->
                        Optional.ofNullable(values.get((String) args[0])).map(((Class<?>) args[1])::cast);
                    case "getValue" ->
                        values.containsKey((String) args[0])
                                ? values.get((String) args[0])
                                : Integer.valueOf(defaults.getProperty((String) args[0]));
                    case "toString" -> "settings " + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
