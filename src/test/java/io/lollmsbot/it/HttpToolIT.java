package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ToolTurns.call;
import static io.lollmsbot.it.ToolTurns.turn;
import static io.lollmsbot.it.ToolsIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The http tool against a target server on loopback, which the test opens with the documented allow-list setting
 * ({@code lollmsbot.tools.http.allowed-hosts=127.0.0.1:<its port>}), and the SSRF refusals: internal addresses, direct
 * or through a redirect, are refused before any connection (a canary server on loopback sees no request).
 */
class HttpToolIT {

    private static final String ALLOWED_HOSTS = "/api/v1/admin/settings/lollmsbot.tools.http.allowed-hosts";
    private static HttpServer target;
    private static HttpServer canary;
    private static final AtomicInteger canaryHits = new AtomicInteger();

    private final Api api = Api.server();
    private String auth;

    @BeforeAll
    static void servers() throws IOException {
        canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        canary.createContext("/", exchange -> {
            canaryHits.incrementAndGet();
            answer(exchange, 200, "text/plain", "canary");
        });
        canary.start();
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext(
                "/page",
                exchange -> answer(
                        exchange,
                        200,
                        "text/html; charset=utf-8",
                        "<html><head><title>Release notes</title><script>var hidden = 'SCRIPT-TEXT';</script></head>"
                                + "<body><h1>Version 2</h1><p>The tools <b>work</b>.</p></body></html>"));
        target.createContext(
                "/echo",
                exchange -> answer(
                        exchange,
                        200,
                        "application/json",
                        "{\"method\":\"" + exchange.getRequestMethod() + "\",\"got\":"
                                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + "}"));
        target.createContext("/hop", exchange -> redirect(exchange, "/page"));
        target.createContext(
                "/to-canary",
                exchange -> redirect(
                        exchange, "http://127.0.0.1:" + canary.getAddress().getPort() + "/stolen"));
        target.createContext(
                "/to-metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        target.createContext(
                "/to-v6",
                exchange ->
                        redirect(exchange, "http://[::1]:" + canary.getAddress().getPort() + "/"));
        target.createContext("/to-private", exchange -> redirect(exchange, "http://10.0.0.1/admin"));
        target.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        target.start();
    }

    @AfterAll
    static void stopServers() {
        target.stop(0);
        canary.stop(0);
    }

    @BeforeEach
    void userWithTheHttpTool() {
        String user = api.createUser("http", "user");
        auth = basic(user, Api.passwordOf(user));
        ToolTurns.grant(api, "http", "user", "admin");
        canaryHits.set(0);
    }

    @AfterEach
    void restoreThePolicy() {
        ToolTurns.grant(api, "http", "admin");
        allowHosts(null);
    }

    @Test
    void fetchesAPageAsTextAndPostsJson() {
        allowHosts("127.0.0.1:" + targetPort());
        List<ToolTurns.Call> calls = turn(
                api,
                auth,
                Reply.toolCall("http", "{\"url\":\"" + base() + "/page\"}")
                        .andToolCall(
                                "http",
                                "{\"url\":\"" + base() + "/echo\",\"method\":\"POST\",\"body\":\"{\\\"q\\\":42}\"}")
                        .andToolCall("http", "{\"url\":\"" + base() + "/hop\"}"));
        assertEquals(
                List.of("ok", "ok", "ok"),
                calls.stream().map(ToolTurns.Call::status).toList(),
                calls::toString);
        JsonObject page = json(calls.get(0).result());
        assertEquals(200, page.getInt("status"));
        assertEquals("Release notes", page.getString("title"));
        assertEquals("Version 2 The tools work.", page.getString("text"));
        assertFalse(
                calls.get(0).result().contains("SCRIPT-TEXT")
                        || calls.get(0).result().contains("<h1>"),
                "text only");
        assertEquals(
                "{\"method\":\"POST\",\"got\":{\"q\":42}}",
                json(calls.get(1).result()).getString("text"));
        assertEquals(1, json(calls.get(2).result()).getInt("redirects"));
        assertEquals("Release notes", json(calls.get(2).result()).getString("title"));
    }

    @Test
    void internalAddressesAreRefusedBeforeConnecting() {
        int port = canary.getAddress().getPort();
        List<ToolTurns.Call> calls = turn(
                api,
                auth,
                Reply.toolCall("http", "{\"url\":\"http://127.0.0.1:" + port + "/\"}")
                        .andToolCall("http", "{\"url\":\"http://10.0.0.1/\"}")
                        .andToolCall("http", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}")
                        .andToolCall("http", "{\"url\":\"http://[::1]:" + port + "/\"}")
                        .andToolCall("http", "{\"url\":\"http://localhost:" + port + "/\"}"));
        for (ToolTurns.Call call : calls) {
            assertEquals("refused", call.status(), call::toString);
            assertTrue(call.result().contains("internal address"), call::result);
        }
        assertEquals(0, canaryHits.get(), "no request reached loopback");
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedBeforeConnecting() {
        allowHosts("127.0.0.1:" + targetPort());
        List<ToolTurns.Call> calls = turn(
                api,
                auth,
                Reply.toolCall("http", "{\"url\":\"" + base() + "/to-canary\"}")
                        .andToolCall("http", "{\"url\":\"" + base() + "/to-metadata\"}")
                        .andToolCall("http", "{\"url\":\"" + base() + "/to-v6\"}")
                        .andToolCall("http", "{\"url\":\"" + base() + "/to-private\"}"));
        for (ToolTurns.Call call : calls) {
            assertEquals("refused", call.status(), call::toString);
        }
        assertTrue(calls.get(0).result().contains("not on the allowed hosts"), calls.get(0)::result);
        assertTrue(calls.get(1).result().contains("169.254.169.254"), calls.get(1)::result);
        assertEquals(0, canaryHits.get(), "the redirect did not reach loopback");

        allowHosts(null);
        ToolTurns.Call viaPublicList = call(api, auth, "http", "{\"url\":\"" + base() + "/to-canary\"}");
        assertEquals("refused", viaPublicList.status(), "the target itself is internal when not listed");
        assertEquals(0, canaryHits.get());
    }

    @Test
    void redirectsStopAfterThree() {
        allowHosts("127.0.0.1:" + targetPort());
        ToolTurns.Call loop = call(api, auth, "http", "{\"url\":\"" + base() + "/loop\"}");
        assertEquals("error", loop.status(), loop::toString);
        assertTrue(loop.result().contains("More than 3 redirects"), loop::result);
    }

    /** Sets the allow-list (null: back to the default) and waits until the server applies it. */
    private void allowHosts(String hosts) {
        Api.Reply changed = hosts == null
                ? api.delete(ALLOWED_HOSTS, admin())
                : api.put(ALLOWED_HOSTS, "{\"value\":\"" + hosts + "\"}", admin());
        assertTrue(changed.status() == 200 || changed.status() == 204, changed::toString);
        String expected = "Allowed hosts: " + (hosts == null ? "any public host" : hosts) + ".";
        long deadline = System.currentTimeMillis() + 10_000;
        while (!httpDescription().contains(expected)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("allowed hosts not applied within 10 s: " + httpDescription());
            }
            pause();
        }
    }

    private String httpDescription() {
        return api.get("/api/v1/admin/tools", admin()).jsonArray().getValuesAs(JsonObject.class).stream()
                .filter(tool -> "http".equals(tool.getString("name")))
                .findFirst()
                .orElseThrow()
                .getString("description");
    }

    private static int targetPort() {
        return target.getAddress().getPort();
    }

    private static String base() {
        return "http://127.0.0.1:" + targetPort();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
