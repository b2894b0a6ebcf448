package io.lollmsbot.tools.control;

import io.lollmsbot.llm.control.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * GET or POST to a web address the {@link NetworkPolicy} allows (checked again on every redirect, at most
 * {@value #MAX_REDIRECTS}), with one deadline per exchange and a capped response, answered as text: HTML reduced to
 * its title and visible text by jsoup, other textual types decoded, binary types only described.
 */
@ApplicationScoped
public class HttpTool implements Tool {

    static final String ALLOWED_HOSTS = "lollmsbot.tools.http.allowed-hosts";
    static final String TIMEOUT_SECONDS = "lollmsbot.tools.http.timeout-seconds";
    static final String MAX_RESPONSE_BYTES = "lollmsbot.tools.http.max-response-bytes";
    static final int MAX_REDIRECTS = 3;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String NAME = "http";
    private static final String SCHEMA = """
            {"type":"object","properties":{
              "url":{"type":"string","maxLength":2048,"description":"absolute http or https URL"},
              "method":{"type":"string","enum":["GET","POST"],"description":"GET (the default) or POST"},
              "body":{"type":"string","maxLength":65536,"description":"POST: the request body"},
              "contentType":{"type":"string","maxLength":100,"pattern":"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(;[ -~]*)?$",
                "description":"POST: the body's media type, application/json by default"}},
             "required":["url"],"additionalProperties":false}""";
    private static final JsonObject PARAMETERS = ToolDefinition.schema(SCHEMA);

    @Inject
    Config config;

    /** Without building the description, which reads settings: the registry asks every tool on every turn. */
    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolDefinition definition() {
        return new ToolDefinition(
                NAME,
                "Fetches a web page or calls a web API (GET, or POST with a body) and returns "
                        + "its status and text (HTML reduced to its visible text). Allowed hosts: "
                        + policy().describe()
                        + ". Internal network addresses are refused; at most " + MAX_REDIRECTS + " redirects, "
                        + timeoutSeconds() + " s and " + maxResponseBytes() + " bytes per response.",
                PARAMETERS);
    }

    @Override
    public String execute(ToolCaller caller, JsonObject arguments) {
        NetworkPolicy policy = policy();
        String method = arguments.getString("method", "GET");
        byte[] body = "POST".equals(method) ? arguments.getString("body", "").getBytes(StandardCharsets.UTF_8) : null;
        String contentType = arguments.getString("contentType", "application/json");
        NetworkPolicy.Destination destination = policy.check(arguments.getString("url"));
        for (int redirects = 0; ; redirects++) {
            PinnedHttp.Response response = exchange(destination, method, body, contentType);
            String location = response.header("location");
            if (!REDIRECTS.contains(response.status()) || location == null) {
                return answer(destination.uri(), response, redirects);
            }
            if (redirects == MAX_REDIRECTS) {
                throw new ToolFailure(
                        "More than " + MAX_REDIRECTS + " redirects; stopped at " + destination.uri() + ".");
            }
            destination = policy.check(next(destination.uri(), location));
            if (response.status() == 303 || (response.status() <= 302 && "POST".equals(method))) {
                method = "GET";
                body = null;
            }
        }
    }

    private PinnedHttp.Response exchange(
            NetworkPolicy.Destination destination, String method, byte[] body, String type) {
        try {
            return PinnedHttp.exchange(destination, method, body, type, timeoutSeconds() * 1000, maxResponseBytes());
        } catch (SocketTimeoutException e) {
            throw new ToolFailure(
                    "No complete answer from " + destination.host() + " within " + timeoutSeconds() + " s.");
        } catch (IOException e) {
            throw new ToolFailure("The request to " + destination.host() + " failed ("
                    + e.getClass().getSimpleName().replace("Exception", "") + ").");
        }
    }

    private static String next(URI current, String location) {
        try {
            return current.resolve(new URI(location.strip())).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new ToolFailure("The server redirected to a malformed address.");
        }
    }

    private static String answer(URI url, PinnedHttp.Response response, int redirects) {
        String contentType = response.header("content-type") == null ? "" : response.header("content-type");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        JsonObjectBuilder answer = Json.createObjectBuilder()
                .add("url", url.toString())
                .add("status", response.status())
                .add("contentType", mediaType)
                .add("redirects", redirects)
                .add("truncated", response.truncated());
        if (mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml")) {
            Document page = Jsoup.parse(new String(response.body(), charset(contentType)), url.toString());
            answer.add("title", page.title())
                    .add("text", page.body() == null ? page.text() : page.body().text());
        } else if (textual(mediaType)) {
            answer.add("text", new String(response.body(), charset(contentType)));
        } else {
            answer.add(
                    "text",
                    "(" + response.body().length + " bytes of " + (mediaType.isEmpty() ? "unknown type" : mediaType)
                            + ", not shown)");
        }
        return answer.build().toString();
    }

    private static boolean textual(String mediaType) {
        return mediaType.startsWith("text/")
                || mediaType.endsWith("/json")
                || mediaType.endsWith("+json")
                || mediaType.endsWith("/xml")
                || mediaType.endsWith("+xml")
                || mediaType.equals("application/javascript");
    }

    private static Charset charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equalsIgnoreCase("charset")) {
                try {
                    return Charset.forName(pair[1].replace("\"", "").strip());
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private NetworkPolicy policy() {
        return NetworkPolicy.system(
                config.getOptionalValue(ALLOWED_HOSTS, String.class).orElse(""));
    }

    private int timeoutSeconds() {
        return config.getValue(TIMEOUT_SECONDS, Integer.class);
    }

    private int maxResponseBytes() {
        return config.getValue(MAX_RESPONSE_BYTES, Integer.class);
    }
}
