package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ChatIT.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Chat turns in which the scripted model calls tools, and the admin tool policy, for the tool integration tests. */
final class ToolTurns {

    /** One tool call as the chat response reported it and as its result reached the model. */
    record Call(String name, String status, String result) {}

    private ToolTurns() {}

    /**
     * Runs one chat turn in which the model answers with {@code rounds} (each one response with tool calls) and
     * then "Done."; returns every call with the result the model received.
     */
    static List<Call> turn(Api api, String auth, Reply... rounds) {
        TestLlm.reset();
        TestLlm.primary().enqueue(rounds);
        TestLlm.primary().enqueue(Reply.text("Done."));
        Api.Reply reply = api.post("/api/v1/chat", chatBody("Use your tools", null), auth);
        assertEquals(200, reply.status(), reply::toString);
        JsonArray reported = reply.json().getJsonArray("toolCalls");
        List<String> results =
                TestLlm.primary().lastRequest().json().getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                        .filter(message -> "tool".equals(message.getString("role")))
                        .map(m -> m.getString("content"))
                        .toList();
        assertEquals(reported.size(), results.size(), reply::toString);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < reported.size(); i++) {
            JsonObject call = reported.getJsonObject(i);
            calls.add(new Call(call.getString("name"), call.getString("status"), results.get(i)));
        }
        return calls;
    }

    /** The single call of a one-call turn. */
    static Call call(Api api, String auth, String tool, String arguments) {
        List<Call> calls = turn(api, auth, Reply.toolCall(tool, arguments));
        assertEquals(1, calls.size(), calls::toString);
        return calls.get(0);
    }

    /** The names of the tools offered to the model in the last turn's first request. */
    static List<String> offered() {
        JsonObject first = ChatIT.chatRequests(TestLlm.primary()).get(0).json();
        return first.containsKey("tools")
                ? first.getJsonArray("tools").getValuesAs(JsonObject.class).stream()
                        .map(tool -> tool.getJsonObject("function").getString("name"))
                        .toList()
                : List.of();
    }

    static void grant(Api api, String tool, String... roles) {
        StringBuilder body = new StringBuilder("{\"allowedRoles\":[");
        for (int i = 0; i < roles.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
        }
        Api.Reply changed = api.put(
                "/api/v1/admin/tools/" + tool,
                body.append("],\"requiresApproval\":false}").toString(),
                admin());
        assertEquals(200, changed.status(), changed::toString);
    }
}
