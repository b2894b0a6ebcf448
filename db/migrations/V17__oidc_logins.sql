-- OpenID Connect login (docs/security.md). A login started at /api/v1/auth/oidc/login waits here for the provider's
-- answer: the SHA-256 of its state (the browser holds the state itself in a cookie), the nonce the ID token must
-- carry and the PKCE code verifier. The callback deletes the row as it reads it, so a state is used at most once,
-- on whichever node the browser comes back to; rows older than ten minutes are refused and swept.
CREATE TABLE oidc_logins (
    state_hash    CHAR(64)     PRIMARY KEY,
    nonce         VARCHAR(64)  NOT NULL,
    code_verifier VARCHAR(128) NOT NULL,
    return_to     VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX oidc_logins_created_at ON oidc_logins (created_at);

-- Which provider account a local (passwordless) account belongs to: issuer and subject, the identifiers OpenID Connect
-- guarantees to be stable, never the username claim alone (which a provider may let its users change). An OIDC login
-- uses the account linked to its subject, or creates one under a username no other account holds.
CREATE TABLE oidc_identities (
    issuer     VARCHAR(512) NOT NULL,
    subject    VARCHAR(255) NOT NULL,
    user_id    BIGINT       NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
