package io.lollmsbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
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
