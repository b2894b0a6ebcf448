package io.lollmsbot.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** A small HTTP client for the integration tests: real requests against the running Liberty server. */
public final class Api {

    public static final String BASE = System.getProperty("it.base.url", "http://localhost:19080");
    public static final String ADMIN_PASSWORD = System.getProperty("it.admin.password", "it-admin-Secret-42");
    /**
     * The JDK client's defaults, like an SDK's: it asks for HTTP/2 (h2c upgrade), which the server declines
     * (HTTP/1.1 only, docs/operations.md).
     */
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    public Api(String base) {
        this.base = base;
    }

    public static Api server() {
        return new Api(BASE);
    }

    public static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String admin() {
        return basic("admin", ADMIN_PASSWORD);
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }

    public Reply get(String path, String authorization) {
        HttpRequest.Builder request = request(path).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    public Reply post(String path, String json, String authorization) {
        return send(withBody("POST", path, json, authorization));
    }

    public Reply put(String path, String json, String authorization) {
        return send(withBody("PUT", path, json, authorization));
    }

    public Reply delete(String path, String authorization) {
        HttpRequest.Builder request = request(path).DELETE();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpRequest.Builder withBody(String method, String path, String json, String authorization) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            return new Reply(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a user with a unique name and returns it; the password is "<name>-password". */
    public String createUser(String prefix, String role) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Reply reply = post(
                "/api/v1/admin/users",
                Json.createObjectBuilder()
                        .add("username", username)
                        .add("password", username + "-password")
                        .add("roles", Json.createArrayBuilder().add(role))
                        .build()
                        .toString(),
                admin());
        if (reply.status() != 201) {
            throw new IllegalStateException("could not create user: " + reply);
        }
        return username;
    }

    public static String passwordOf(String username) {
        return username + "-password";
    }

    public record Reply(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonObject json() {
            return (JsonObject) parse();
        }

        public JsonArray jsonArray() {
            return (JsonArray) parse();
        }

        private JsonStructure parse() {
            try (var reader = Json.createReader(new StringReader(body()))) {
                return reader.read();
            }
        }

        @Override
        public String toString() {
            return status() + " " + body();
        }
    }
}
