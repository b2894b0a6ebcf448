package io.lollmsbot.llm.control;

import java.net.http.HttpClient;
import java.time.Duration;

/** Creates providers. Providers are cheap; the {@link HttpClient} (connection pool) is what must be shared. */
public final class LlmProviders {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private LlmProviders() {}

    /** The client to share between all providers of the application. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                // completions run on the client's selector thread instead of hopping to a worker pool: the caller
                // blocks on the future anyway, and nothing attached to it blocks (StreamedLines only queues lines)
                .executor(Runnable::run)
                .build();
    }

    public static LlmProvider create(HttpClient client, ProviderSettings settings) {
        return switch (settings.provider()) {
            case OPENAI -> new OpenAiCompatibleProvider(client, settings);
            case OLLAMA -> new OllamaProvider(client, settings);
        };
    }
}
