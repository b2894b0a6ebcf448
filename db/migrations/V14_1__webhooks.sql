-- Outbound event webhooks: admin subscriptions, an outbox of deliveries (never lost on restart) and every attempt
CREATE TABLE webhooks (
    id          UUID          PRIMARY KEY,
    url         VARCHAR(2048) NOT NULL,
    events      VARCHAR(512)  NOT NULL,
    secret      VARCHAR(128)  NOT NULL,
    created_by  VARCHAR(256)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL     PRIMARY KEY,
    webhook_id      UUID          NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        UUID          NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    source          VARCHAR(64)   NOT NULL,
    payload         TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    UNIQUE (webhook_id, source)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
    delivery_id  BIGINT       NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER      NOT NULL,
    attempted_at TIMESTAMPTZ  NOT NULL,
    http_status  INTEGER      NOT NULL,
    duration_ms  BIGINT       NOT NULL,
    error        VARCHAR(200),
    PRIMARY KEY (delivery_id, attempt)
);

-- How far the dispatcher has read the sources of events (audit_log and heartbeat_runs): events are the rows after
-- the cursor, so one committed with the action it reports is never missed, and history is not replayed
CREATE TABLE webhook_cursors (
    source  VARCHAR(32) PRIMARY KEY,
    last_id BIGINT      NOT NULL
);
INSERT INTO webhook_cursors (source, last_id) SELECT 'audit', COALESCE(MAX(id), 0) FROM audit_log;
INSERT INTO webhook_cursors (source, last_id) SELECT 'heartbeat', COALESCE(MAX(id), 0) FROM heartbeat_runs;
