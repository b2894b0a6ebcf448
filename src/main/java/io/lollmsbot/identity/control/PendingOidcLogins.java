package io.lollmsbot.identity.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * OpenID Connect logins waiting for the provider's answer, in the database so that the browser may come back to any
 * node. Keyed by the SHA-256 of the state; read and deleted in one statement, so each is used at most once.
 */
@Stateless
public class PendingOidcLogins {

    /** How long a started login may take at the provider. */
    public static final int MAX_AGE_SECONDS = 600;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /** What the callback needs of its login. */
    public record Pending(String nonce, String codeVerifier, String returnTo) {}

    public void create(String stateHash, Pending login) {
        em.createNativeQuery("DELETE FROM oidc_logins WHERE created_at < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) MAX_AGE_SECONDS)
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO oidc_logins (state_hash, nonce, code_verifier, return_to) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, stateHash)
                .setParameter(2, login.nonce())
                .setParameter(3, login.codeVerifier())
                .setParameter(4, login.returnTo())
                .executeUpdate();
    }

    /** The login of this state, removed; empty when unknown, already used or too old. */
    public Optional<Pending> consume(String stateHash) {
        List<?> rows = em.createNativeQuery("DELETE FROM oidc_logins WHERE state_hash = ?1 "
                        + "RETURNING nonce, code_verifier, return_to, created_at > now() - make_interval(secs => ?2)")
                .setParameter(1, stateHash)
                .setParameter(2, (double) MAX_AGE_SECONDS)
                .getResultList();
        return rows.stream()
                .map(row -> (Object[]) row)
                .filter(row -> Boolean.TRUE.equals(row[3]))
                .map(row -> new Pending((String) row[0], (String) row[1], (String) row[2]))
                .findFirst();
    }
}
