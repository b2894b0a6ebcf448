package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdTokensTest {

    private static final String ISSUER = "https://id.example.com";
    private static final String CLIENT = "lollmsbot";
    private static final String NONCE = "n-0S6_WzA2Mj";
    private static RSAKey key;
    private static ImmutableJWKSet<SecurityContext> keys;

    @BeforeAll
    static void keys() throws JOSEException {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        keys = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("248289761001")
                .audience(CLIENT)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", NONCE);
    }

    private static String signed(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                change.apply(claims()).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String refusal(String token) {
        return assertThrows(ProblemException.class, () -> IdTokens.verify(token, keys, ISSUER, CLIENT, NONCE))
                .problem()
                .detail();
    }

    @Test
    void aGoodTokenIsAccepted() throws JOSEException {
        assertEquals(
                "248289761001",
                IdTokens.verify(signed(c -> c), keys, ISSUER, CLIENT, NONCE).getSubject());
    }

    @Test
    void wrongIssuerAudienceNonceExpiryOrMissingSubjectAreRefused() throws JOSEException {
        Date past = Date.from(Instant.now().minusSeconds(120));
        for (UnaryOperator<JWTClaimsSet.Builder> bad : List.<UnaryOperator<JWTClaimsSet.Builder>>of(
                c -> c.issuer("https://evil.example.com"),
                c -> c.audience("another-client"),
                c -> c.claim("nonce", "replayed"),
                c -> c.claim("nonce", null),
                c -> c.expirationTime(past),
                c -> c.subject(null),
                c -> c.audience(List.of(CLIENT, "another-client")))) {
            assertTrue(refusal(signed(bad)).contains("refused"));
        }
        // several audiences are fine when this client is the authorized party
        IdTokens.verify(
                signed(c -> c.audience(List.of(CLIENT, "another-client")).claim("azp", CLIENT)),
                keys,
                ISSUER,
                CLIENT,
                NONCE);
    }

    @Test
    void foreignKeysMacsAndUnsignedTokensAreRefused() throws JOSEException {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims().build());
        forged.sign(new RSASSASigner(foreign));
        assertTrue(refusal(forged.serialize()).contains("signature"));

        SignedJWT mac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        mac.sign(new MACSigner("a-client-secret-of-at-least-32-bytes!!"));
        assertTrue(refusal(mac.serialize()).contains("refused"));

        assertTrue(refusal(new PlainJWT(claims().build()).serialize()).contains("refused"));
        assertTrue(refusal("not.a.jwt").contains("refused"));
    }

    @Test
    void groupsComeFromArraysStringsAndDottedPaths() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("groups", List.of("lollmsbot-users", "staff"))
                .claim("group", "lollmsbot-admins")
                .claim("realm_access", Map.of("roles", List.of("lollmsbot-admins")))
                .build();
        assertEquals(Set.of("lollmsbot-users", "staff"), IdTokens.groups(claims, "groups"));
        assertEquals(Set.of("lollmsbot-admins"), IdTokens.groups(claims, "group"));
        assertEquals(Set.of("lollmsbot-admins"), IdTokens.groups(claims, "realm_access.roles"));
        assertEquals(Set.of(), IdTokens.groups(claims, "missing.path"));
    }

    @Test
    void configuredGroupsGrantTheRoles() {
        OidcSettings settings = new OidcSettings(
                ISSUER, "SSO", CLIENT, "", Set.of("openid"), "preferred_username", "groups", "admins", "users", "");
        assertEquals(Set.of(Role.ADMIN, Role.USER), IdTokens.roles(Set.of("admins", "users"), settings));
        assertEquals(Set.of(Role.USER), IdTokens.roles(Set.of("users", "other"), settings));
        assertEquals(Set.of(), IdTokens.roles(Set.of("other"), settings));
    }
}
