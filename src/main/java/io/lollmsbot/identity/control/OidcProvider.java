package io.lollmsbot.identity.control;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.lollmsbot.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The OpenID Connect provider as seen over HTTP: its discovery document (kept an hour per issuer, so a settings change
 * to another issuer applies at once), its signing keys (nimbus' caching JWKS source, refreshed when a token names an
 * unknown key) and its token endpoint. Every failure to reach it is a 503 problem; nothing secret is logged.
 */
@ApplicationScoped
public class OidcProvider {

    private static final Logger LOG = Logger.getLogger(OidcProvider.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration METADATA_TTL = Duration.ofHours(1);
    /** Plain http is accepted only here (a provider on the same machine, as in the tests). */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Map<String, Metadata> metadata = new ConcurrentHashMap<>();

    /** What discovery says, plus the key source of its JWKS. */
    public record Metadata(
            String issuer,
            URI authorizationEndpoint,
            URI tokenEndpoint,
            JWKSource<SecurityContext> keys,
            boolean secretInBody,
            Instant fetchedAt) {}

    public Metadata metadata(OidcSettings settings) {
        Metadata cached = metadata.get(settings.issuer());
        if (cached != null && cached.fetchedAt().plus(METADATA_TTL).isAfter(Instant.now())) {
            return cached;
        }
        Metadata fresh = discover(settings);
        metadata.put(settings.issuer(), fresh);
        return fresh;
    }

    /** The browser's way to the provider's login: the authorization code flow with PKCE (S256), state and nonce. */
    public URI authorizationRequest(
            OidcSettings settings, String state, String nonce, String codeChallenge, String redirectUri) {
        Metadata provider = metadata(settings);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", String.join(" ", settings.scopes()));
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        String endpoint = provider.authorizationEndpoint().toString();
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(query));
    }

    /** The ID token the token endpoint gives for this authorization code (401 when it refuses the code). */
    public String exchange(OidcSettings settings, String code, String codeVerifier, String redirectUri) {
        Metadata provider = metadata(settings);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        body.put("code_verifier", codeVerifier);
        body.put("client_id", settings.clientId());
        HttpRequest.Builder request = HttpRequest.newBuilder(provider.tokenEndpoint())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (!settings.clientSecret().isEmpty()) {
            if (provider.secretInBody()) {
                body.put("client_secret", settings.clientSecret());
            } else {
                // client_secret_basic (RFC 6749 2.3.1): both parts form-encoded before the Base64
                String pair = encode(settings.clientId()) + ":" + encode(settings.clientSecret());
                request.header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
        }
        HttpResponse<String> response = send(request.POST(HttpRequest.BodyPublishers.ofString(form(body))));
        if (response.statusCode() != 200) {
            LOG.warning("OpenID Connect token endpoint answered " + response.statusCode());
            throw new ProblemException(401, "The identity provider did not accept the authorization code.");
        }
        JsonObject tokens = json(response.body());
        if (!(tokens.get("id_token") instanceof JsonString idToken)) {
            throw new ProblemException(401, "The identity provider sent no ID token.");
        }
        return idToken.getString();
    }

    private Metadata discover(OidcSettings settings) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(settings.discoveryUrl()))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET());
        if (response.statusCode() != 200) {
            LOG.warning("OpenID Connect discovery answered " + response.statusCode());
            throw unavailable();
        }
        JsonObject document = json(response.body());
        String issuer = document.getString("issuer", "");
        // OpenID Connect Discovery 4.3: the document must be the configured issuer's
        if (!stripSlash(issuer).equals(stripSlash(settings.issuer()))) {
            LOG.warning("OpenID Connect discovery names another issuer than lollmsbot.oidc.issuer");
            throw unavailable();
        }
        try {
            boolean basic = !document.containsKey("token_endpoint_auth_methods_supported")
                    || document.getJsonArray("token_endpoint_auth_methods_supported")
                            .getValuesAs(JsonString::getString)
                            .contains("client_secret_basic");
            return new Metadata(
                    issuer,
                    endpoint(document, "authorization_endpoint"),
                    endpoint(document, "token_endpoint"),
                    JWKSourceBuilder.<SecurityContext>create(
                                    endpoint(document, "jwks_uri").toURL())
                            .build(),
                    !basic,
                    Instant.now());
        } catch (ClassCastException | MalformedURLException | IllegalArgumentException e) {
            LOG.warning("OpenID Connect discovery document is not usable: "
                    + e.getClass().getSimpleName());
            throw unavailable();
        }
    }

    private static URI endpoint(JsonObject document, String name) {
        try {
            URI uri = new URI(document.getString(name));
            if (!"https".equals(uri.getScheme())
                    && !("http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost()))) {
                throw new IllegalArgumentException(name + " is neither https nor loopback");
            }
            return uri;
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warning("OpenID Connect provider unreachable: " + e.getClass().getSimpleName());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            LOG.warning("OpenID Connect provider answered something that is not a JSON object");
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "The identity provider cannot be reached or is misconfigured: try later.");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
