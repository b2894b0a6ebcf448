package io.lollmsbot.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A small OpenID Connect provider over real HTTP on loopback, for {@code OidcIT}: discovery, an authorization endpoint
 * that signs in whoever the test chose (no login form) and redirects back with a code, a token endpoint that checks
 * the client secret, the redirect URI and the PKCE verifier, and its JWKS. It can hand out bad ID tokens on purpose.
 */
final class OidcTestProvider implements AutoCloseable {

    static final String CLIENT_ID = "lollmsbot-it";
    static final String CLIENT_SECRET = "it-oidc-client-secret-7f3a";

    /** What the next ID token looks like. */
    enum Token {
        GOOD,
        TAMPERED,
        FOREIGN_KEY,
        WRONG_NONCE,
        WRONG_AUDIENCE,
        EXPIRED
    }

    record Person(String subject, String username, List<String> groups) {}

    private record Grant(Person person, Token token, String nonce, String challenge, String redirectUri) {}

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey foreignKey;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile Person next;
    private volatile Token nextToken = Token.GOOD;

    private OidcTestProvider(HttpServer server) throws JOSEException {
        this.server = server;
        this.key = new RSAKeyGenerator(2048).keyID("it-key").generate();
        // same key id, another key: what a forger who knows the provider's key id would sign with
        this.foreignKey = new RSAKeyGenerator(2048).keyID("it-key").generate();
    }

    static OidcTestProvider start() throws IOException, JOSEException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OidcTestProvider provider = new OidcTestProvider(server);
        server.createContext("/.well-known/openid-configuration", provider::discovery);
        server.createContext("/authorize", provider::authorize);
        server.createContext("/token", provider::token);
        server.createContext(
                "/jwks", exchange -> answer(exchange, 200, new JWKSet(provider.key.toPublicJWK()).toString()));
        server.start();
        return provider;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The person the next authorization signs in, and the ID token they will get. */
    void signInNext(Person person, Token token) {
        next = person;
        nextToken = token;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        answer(
                exchange,
                200,
                Json.createObjectBuilder()
                        .add("issuer", issuer())
                        .add("authorization_endpoint", issuer() + "/authorize")
                        .add("token_endpoint", issuer() + "/token")
                        .add("jwks_uri", issuer() + "/jwks")
                        .add(
                                "response_types_supported",
                                Json.createArrayBuilder().add("code"))
                        .add(
                                "subject_types_supported",
                                Json.createArrayBuilder().add("public"))
                        .add(
                                "id_token_signing_alg_values_supported",
                                Json.createArrayBuilder().add("RS256"))
                        .add(
                                "code_challenge_methods_supported",
                                Json.createArrayBuilder().add("S256"))
                        .add(
                                "token_endpoint_auth_methods_supported",
                                Json.createArrayBuilder().add("client_secret_basic"))
                        .build()
                        .toString());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (!"code".equals(query.get("response_type"))
                || !CLIENT_ID.equals(query.get("client_id"))
                || !"S256".equals(query.get("code_challenge_method"))
                || !query.getOrDefault("scope", "").contains("openid")
                || query.get("state") == null
                || query.get("nonce") == null
                || next == null) {
            answer(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(
                code,
                new Grant(next, nextToken, query.get("nonce"), query.get("code_challenge"), query.get("redirect_uri")));
        exchange.getResponseHeaders()
                .add("Location", query.get("redirect_uri") + "?code=" + code + "&state=" + encode(query.get("state")));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body;
        try (InputStream in = exchange.getRequestBody()) {
            body = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String expectedAuthorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = codes.remove(body.getOrDefault("code", ""));
        if (grant == null
                || !"authorization_code".equals(body.get("grant_type"))
                || !grant.redirectUri().equals(body.get("redirect_uri"))
                || !grant.challenge().equals(challenge(body.getOrDefault("code_verifier", "")))) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            answer(
                    exchange,
                    200,
                    Json.createObjectBuilder()
                            .add("access_token", UUID.randomUUID().toString())
                            .add("token_type", "Bearer")
                            .add("id_token", idToken(grant))
                            .build()
                            .toString());
        } catch (JOSEException e) {
            answer(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    private String idToken(Grant grant) throws JOSEException {
        Instant now = Instant.now();
        Token kind = grant.token();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(grant.person().subject())
                .audience(kind == Token.WRONG_AUDIENCE ? "another-client" : CLIENT_ID)
                .issueTime(Date.from(now.minusSeconds(kind == Token.EXPIRED ? 3_600 : 0)))
                .expirationTime(Date.from(kind == Token.EXPIRED ? now.minusSeconds(600) : now.plusSeconds(300)))
                .claim("nonce", kind == Token.WRONG_NONCE ? "not-the-nonce" : grant.nonce())
                .claim("preferred_username", grant.person().username())
                .claim("groups", grant.person().groups())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(kind == Token.FOREIGN_KEY ? foreignKey : key));
        String serialized = jwt.serialize();
        if (kind != Token.TAMPERED) {
            return serialized;
        }
        // the payload edited after signing: the user puts themselves into the admin group
        String[] parts = serialized.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[", "\"groups\":[\"lollmsbot-admins\",");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        return Arrays.stream(encoded.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "",
                        (first, second) -> first));
    }

    static Map<String, String> query(URI uri) {
        return form(uri.getRawQuery());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
