package io.lollmsbot.guardian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretScannerTest {

    private final SecretScanner scanner = new SecretScanner();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            openai-api-key           | sk-proj-Xq7LmN2pR9sT4vW8yZ1aB3cD5eF6gH0jK2mN4pQ6rS8tU0vW
            openai-api-key           | sk-9fJ2kL4mN6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hJ6kL8mN0pQ
            anthropic-api-key        | sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbAzYxWvUtSrQpOnMlKjIhGfEdCbA-AA
            openrouter-api-key       | 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
            huggingface-access-token | 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
            github-pat               | ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8
            github-pat               | github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ01
            slack-token              | xoxb-2048-4096-Ab3dE5fG7hJ9kL1mN3pQ5rS7
            aws-access-token         | AKIAZ3MPL7QW4RT6YU2I
            aws-access-token         | ASIAY7W2KQ4NP3LM5XZR
            aws-access-token         | AKIAZ7QW3ERT5YUI8OPA
            aws-access-token         | A3T9QW8ERT7YUI6OPAS5
            gcp-api-key              | AIzaSyD4f7Gh2Jk9Lm3Np5Qr8St1Uv6Wx0Yz2Ab
            stripe-access-token      | sk_live_51Hq7LmN2pR9sT4vW8yZ1aB3cD5eF6gH
            gitlab-pat               | glpat-Xq7LmN2pR9sT4vW8yZ1a
            npm-access-token         | npm_Xq7LmN2pR9sT4vW8yZ1aB3cD5eF6gH0jK2mN
            pypi-upload-token        | pypi-AgEIcHlwaS5vcmcCJDk3ZjQ1YjhlLTQ5ZjMtNDFlYS1hYjQ0LWM3NmQ2ZmQ0ZTFmMwACKlszLCJlMWY
            sendgrid-api-token       | 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
            digitalocean-access-token | dop_v1_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a
            slack-webhook-url        | https://hooks.slack.com/services/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
            aws-secret-access-key    | aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            jwt                      | eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U
            url-password             | postgres://app:S3cr3t-Pa55@db.internal:5432/app
            lollmsbot-api-token      | lb_q3Xv9LmN2pR7sT4vW8yZ1aB3cD5eF6gH0jK2mN4pQ6r
            authorization-bearer     | Authorization: Bearer 9fJ2kL4mN6pQ8rS0tU2vW4xY6zA8bC0d
            password-parameter       | https://api.example.com/login?user=bob&password=S3cr3t-Pa55
            password-parameter       | jdbc:postgresql://db.internal:5432/app?user=app&password=S3cr3t-Pa55&ssl=true
            password-parameter       | jdbc:sqlserver://db.internal;user=app;password=S3cr3t-Pa55;encrypt=true
            stripe-access-token      | sk_live_4eC39HqLyjWDarjtT1zdp7dcXq
            stripe-access-token      | rk_test_51HqLyjWDarjtT1zdp7dcQw9xZ
            gcp-api-key              | AIzaSyD4x9LmN2pR7sT4vW8yZ1aB3cD5eF6gH0j
            gitlab-pat               | glpat-Xq7LmN2pR9sT4vW8yZ1a
            """)
    void detectsAndRedactsEachKind(String kind, String secret) {
        Redaction redaction = scanner.redact("config: " + secret + " end");
        assertEquals(1, redaction.count(), () -> redaction.text());
        assertEquals(kind, redaction.kinds().iterator().next().id());
        assertTrue(redaction.text().contains("[REDACTED:" + kind + "]"), redaction::text);
        assertFalse(redaction.text().contains("S3cr3t") || redaction.text().contains(secret));
    }

    @Test
    void redactsPemPrivateKey() {
        String pem =
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7V2x\nq9Lm3Xy8Zp0Q==\n-----END RSA PRIVATE KEY-----";
        Redaction redaction = scanner.redact("key:\n" + pem + "\nthanks");
        assertEquals("key:\n[REDACTED:private-key]\nthanks", redaction.text());
    }

    @Test
    void redactsGcpServiceAccountKey() {
        String json = "{\"type\": \"service_account\", \"project_id\": \"demo\", "
                + "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n\"}";
        Redaction redaction = scanner.redact(json);
        assertEquals(Set.of(SecretKind.GCP_SERVICE_ACCOUNT), redaction.kinds());
        assertFalse(redaction.text().contains("MIIEvQ"));
    }

    @Test
    void redactsSeveralSecretsInOrder() {
        Redaction redaction = scanner.redact("a AKIAZ3MPL7QW4RT6YU2I b https://bob:hunter2x@example.com c");
        assertEquals(
                "a [REDACTED:aws-access-token] b https://bob:[REDACTED:url-password]@example.com c", redaction.text());
        assertEquals(2, redaction.count());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // below the entropy floor
                "AKIAAAAAAAAAAAAAAAAA", // below the entropy floor
                "550e8400-e29b-41d4-a716-446655440000", // UUID
                "3f786850e387550fdab836ed7e6dc881de23001b", // git SHA-1
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // SHA-256
                "https://user:password@example.com", // documentation placeholder
                "postgres://app:${DB_PASSWORD}@db:5432/app", // template placeholder
                "the task-manager and sk-learn docs, hf_hub and gh_pages",
                "AKIA is the prefix of AWS access key ids; AKIAZ7QW is too short",
                "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx and npm_install_dependencies_for_this_project_now",
                "jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}", // template placeholder
                "a bearer token is shown once; send it as Authorization: Bearer <token>"
            })
    void leavesNonSecretsAlone(String text) {
        Redaction redaction = scanner.redact(text);
        assertEquals(0, redaction.count(), redaction::text);
        assertEquals(text, redaction.text());
    }

    @Test
    void entropyIsInBitsPerCharacter() {
        assertEquals(0.0, SecretScanner.entropy("aaaa"));
        assertEquals(2.0, SecretScanner.entropy("abcd"), 1e-9);
    }
}
