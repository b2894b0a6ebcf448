package io.lollmsbot.it;

import io.lollmsbot.llm.testing.ScriptedLlmServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The scripted LLM servers the integration-test server is configured to use (see src/it/liberty/server.env): the
 * primary speaks the OpenAI protocol, the fallback the Ollama protocol. Started once per test JVM.
 */
public final class TestLlm {

    private static ScriptedLlmServer primary;
    private static ScriptedLlmServer fallback;

    private TestLlm() {}

    public static synchronized ScriptedLlmServer primary() {
        if (primary == null) {
            primary = start("it.llm.port", 19091);
        }
        return primary;
    }

    public static synchronized ScriptedLlmServer fallback() {
        if (fallback == null) {
            fallback = start("it.llm.fallback.port", 19092);
        }
        return fallback;
    }

    /** Both servers up, nothing queued, no requests remembered. */
    public static void reset() {
        primary().reset();
        fallback().reset();
    }

    private static ScriptedLlmServer start(String property, int defaultPort) {
        try {
            return ScriptedLlmServer.start(Integer.getInteger(property, defaultPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
