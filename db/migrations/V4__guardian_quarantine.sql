-- Guardian quarantine: a quarantined user may not chat until an admin releases them
CREATE TABLE guardian_quarantine (
    user_id        BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    reason         VARCHAR(500) NOT NULL,
    since          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    quarantined_by VARCHAR(256) NOT NULL
);

-- Audit retention: the last row deleted by each retention run, so the remaining chain can still be verified
-- (the first remaining row's prev_hash must equal the newest checkpoint's row_hash)
CREATE TABLE audit_checkpoints (
    id           BIGSERIAL PRIMARY KEY,
    last_id      BIGINT      NOT NULL,
    row_hash     CHAR(64)    NOT NULL,
    deleted_rows BIGINT      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Automatic quarantine counts a user's recent blocked attempts
CREATE INDEX audit_log_actor_type_idx ON audit_log (actor, type, occurred_at);
