package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the channel and webhook integration tests share: settings, JSON bodies, signatures written out by hand. */
final class ChannelFixtures {

    private ChannelFixtures() {}

    /** Sets a runtime setting through the admin API. */
    static void setting(String key, String value) {
        Api.Reply reply = Api.server()
                .put(
                        "/api/v1/admin/settings/" + key,
                        Json.createObjectBuilder().add("value", value).build().toString(),
                        admin());
        assertEquals(200, reply.status(), reply::toString);
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** lollmsbot's scheme, independently of the server's code: sha256= and the HMAC of "<timestamp>.<body>". */
    static String sign(String secret, String timestamp, String body) {
        return "sha256=" + hmacHex(secret, timestamp + "." + body);
    }

    /** Slack's scheme: v0= and the HMAC of "v0:<timestamp>:<body>". */
    static String signSlack(String secret, String timestamp, String body) {
        return "v0=" + hmacHex(secret, "v0:" + timestamp + ":" + body);
    }

    private static String hmacHex(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
