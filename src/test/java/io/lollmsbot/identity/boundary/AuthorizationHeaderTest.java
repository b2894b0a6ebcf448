package io.lollmsbot.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.identity.control.BearerTokenCredential;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

    @Test
    void readsBasicCredentialsWithColonsInThePassword() {
        String header =
                "Basic " + Base64.getEncoder().encodeToString("discord:1:pa:ss".getBytes(StandardCharsets.UTF_8));
        // the first colon separates: usernames may contain colons only when the password is sent by other means
        UsernamePasswordCredential credential = assertInstanceOf(
                UsernamePasswordCredential.class,
                LollmsbotAuthenticationMechanism.parse(header).orElseThrow());
        assertEquals("discord", credential.getCaller());
        assertEquals("1:pa:ss", credential.getPasswordAsString());
    }

    @Test
    void readsBearerTokensCaseInsensitively() {
        Optional<Credential> credential = LollmsbotAuthenticationMechanism.parse("bearer lb_abc");
        assertEquals(new BearerTokenCredential("lb_abc"), credential.orElseThrow());
    }

    @Test
    void refusesMalformedHeaders() {
        assertTrue(LollmsbotAuthenticationMechanism.parse("Basic !!!notbase64").isEmpty());
        assertTrue(LollmsbotAuthenticationMechanism.parse(
                        "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))
                .isEmpty());
        assertTrue(LollmsbotAuthenticationMechanism.parse("Bearer ").isEmpty());
        assertTrue(LollmsbotAuthenticationMechanism.parse("Digest abc").isEmpty());
        assertTrue(LollmsbotAuthenticationMechanism.parse("garbage").isEmpty());
    }

    @Test
    void neverPrintsTheToken() {
        assertTrue(!new BearerTokenCredential("lb_secret").toString().contains("lb_secret"));
    }
}
