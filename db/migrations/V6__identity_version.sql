-- One counter that every change able to alter what a credential authenticates as moves forward: a user created,
-- changed (password, enabled), deleted, a role granted or taken away, a token revoked, re-dated or deleted. Each node
-- keeps a short-lived cache of verified credentials and honours an entry only while this counter is unchanged,
-- which costs one primary-key read per request; a revoked token or a disabled user therefore fails on the very
-- next request on every node. Issuing a token needs no bump (a new token is never in a cache), and neither does the
-- advisory last_used_at.
CREATE TABLE identity_version (
    id      SMALLINT PRIMARY KEY CHECK (id = 1),
    version BIGINT   NOT NULL
);
INSERT INTO identity_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_identity_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_identity_version
    AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
CREATE TRIGGER users_truncate_identity_version
    AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
CREATE TRIGGER user_roles_identity_version
    AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
CREATE TRIGGER api_tokens_identity_version
    AFTER UPDATE OF user_id, token_hash, expires_at, revoked_at OR DELETE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
