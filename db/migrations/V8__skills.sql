-- Skills: admin-managed capabilities. Every change is a new row in skill_versions; the head row names the current one.
CREATE TABLE skills (
    name            VARCHAR(64) PRIMARY KEY,
    current_version INTEGER     NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE skill_versions (
    id               BIGSERIAL PRIMARY KEY,
    name             VARCHAR(64)  NOT NULL REFERENCES skills (name) ON DELETE CASCADE,
    version          INTEGER      NOT NULL,
    semantic_version VARCHAR(32)  NOT NULL,
    -- the whole definition as validated JSON (description, kind, parameters, template, steps...); never code
    definition       TEXT         NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by       VARCHAR(256) NOT NULL,
    UNIQUE (name, version)
);

-- One row per run of a skill (direct or from chat): metadata only, inputs as a hash
CREATE TABLE skill_executions (
    id          UUID PRIMARY KEY,
    skill_name  VARCHAR(64)   NOT NULL,
    version     INTEGER       NOT NULL,
    user_id     BIGINT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    via         VARCHAR(16)   NOT NULL CHECK (via IN ('api', 'chat')),
    inputs_hash CHAR(64)      NOT NULL,
    duration_ms INTEGER       NOT NULL,
    outcome     VARCHAR(16)   NOT NULL CHECK (outcome IN ('ok', 'error', 'refused')),
    tools_used  VARCHAR(1000) NOT NULL,
    started_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX skill_executions_skill_idx ON skill_executions (skill_name, started_at DESC);
CREATE INDEX skill_executions_user_idx ON skill_executions (user_id);
