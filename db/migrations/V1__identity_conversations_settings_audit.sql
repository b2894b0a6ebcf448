-- Identity: users, their roles and their API tokens
CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    username       VARCHAR(256) NOT NULL UNIQUE,
    password_hash  VARCHAR(256),
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
    user_id BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    VARCHAR(32) NOT NULL CHECK (role IN ('user', 'admin')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE api_tokens (
    id           UUID PRIMARY KEY,
    user_id      BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         VARCHAR(128) NOT NULL,
    token_hash   CHAR(64)     NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Memory: conversations and their messages, owned by one user
CREATE TABLE conversations (
    id         UUID PRIMARY KEY,
    user_id    BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      VARCHAR(200),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_updated_idx ON conversations (user_id, updated_at DESC);

CREATE TABLE messages (
    id                UUID PRIMARY KEY,
    conversation_id   UUID        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq               INTEGER     NOT NULL,
    role              VARCHAR(16) NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content           TEXT        NOT NULL,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq)
);

-- Runtime settings an admin changes (read through MicroProfile Config by every node)
CREATE TABLE settings (
    key        VARCHAR(200) PRIMARY KEY,
    value      TEXT         NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by VARCHAR(256)
);

-- Append-only, hash-chained audit log: metadata only, never message text or secrets
CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    occurred_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor          VARCHAR(256),
    type           VARCHAR(64)  NOT NULL,
    target         VARCHAR(256),
    verdict        VARCHAR(16),
    score          DOUBLE PRECISION,
    rule_ids       TEXT,
    request_id     VARCHAR(64),
    content_hash   CHAR(64),
    content_length INTEGER,
    prev_hash      CHAR(64)     NOT NULL,
    row_hash       CHAR(64)     NOT NULL
);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at DESC);
