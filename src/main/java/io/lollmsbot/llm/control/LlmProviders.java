package io.lollmsbot.llm.control;

import java.net.http.HttpClient;
import java.time.Duration;

/** Creates providers. Providers are cheap; the {@link HttpClient} (connection pool) is what must be shared. */
public final class LlmProviders {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private LlmProviders() {}

    /**
     * The client to share between all providers of the application. Its work runs on the thread that completes it
     * (the client's selector thread, or the lane worker that asks for the next line of a stream) instead of being
     * handed to a pool of the client's own: a response is parsed in microseconds, and the hand-off to a worker thread
     * and back cost more CPU per turn than the parsing (docs/performance.md). Nothing the client runs blocks: the
     * body subscribers only queue what arrives.
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .executor(Runnable::run)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static LlmProvider create(HttpClient client, ProviderSettings settings) {
        return switch (settings.provider()) {
            case OPENAI -> new OpenAiCompatibleProvider(client, settings);
            case OLLAMA -> new OllamaProvider(client, settings);
        };
    }
}
