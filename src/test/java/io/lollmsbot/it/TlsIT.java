package io.lollmsbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** HTTPS on the configured port, with the keystore of the test server (a generated self-signed certificate). */
class TlsIT {

    private static final String HTTPS = "https://localhost:" + System.getProperty("it.https.port", "19443");

    private final HttpClient client = trustingClient();

    @Test
    void theApiIsServedOverHttps() throws Exception {
        HttpResponse<String> me = client.send(
                HttpRequest.newBuilder(URI.create(HTTPS + "/api/v1/me"))
                        .header("Authorization", Api.admin())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me::body);
        assertTrue(me.body().contains("\"username\":\"admin\""));
        assertTrue(me.sslSession().isPresent(), "the answer came over TLS");
    }

    @Test
    void theSessionCookieIsSecureOverHttpsAndNotOverPlainHttp() throws Exception {
        String user = Api.server().createUser("tlscookie", "user");
        String credentials = "{\"username\":\"" + user + "\",\"password\":\"" + Api.passwordOf(user) + "\"}";
        HttpResponse<String> overTls = client.send(
                HttpRequest.newBuilder(URI.create(HTTPS + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(credentials))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, overTls.statusCode(), overTls::body);
        List<String> cookies = sessionCookies(overTls);
        assertFalse(cookies.isEmpty(), overTls.headers()::toString);
        // the browser keeps the last cookie of a name and path: that one must be Secure (and still HttpOnly, Strict)
        String kept = cookies.get(cookies.size() - 1);
        assertTrue(secure(kept), kept);
        assertTrue(kept.contains("HttpOnly"), kept);
        assertTrue(kept.toLowerCase().contains("samesite=strict"), kept);
        HttpResponse<String> me = client.send(
                HttpRequest.newBuilder(URI.create(HTTPS + "/api/v1/me"))
                        .header("Cookie", kept.split(";", 2)[0])
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me::body);

        Api.Reply plain = Api.server().post("/api/v1/auth/login", credentials, null);
        assertEquals(200, plain.status(), plain::toString);
        List<String> plainCookies = sessionCookies(plain.response());
        assertFalse(plainCookies.isEmpty(), plain.response().headers()::toString);
        plainCookies.forEach(cookie -> assertFalse(secure(cookie), cookie));
    }

    private static boolean secure(String setCookie) {
        return Arrays.stream(setCookie.split(";")).map(String::strip).anyMatch("Secure"::equalsIgnoreCase);
    }

    private static List<String> sessionCookies(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("LOLLMSBOT_SESSION="))
                .toList();
    }

    private static HttpClient trustingClient() {
        try {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    new SecureRandom());
            SSLParameters noHostnameCheck = new SSLParameters();
            noHostnameCheck.setEndpointIdentificationAlgorithm(null);
            return HttpClient.newBuilder()
                    .sslContext(trustAll)
                    .sslParameters(noHostnameCheck)
                    .build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
