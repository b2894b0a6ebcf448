-- Soul: a version made by a rollback names the version it restored
ALTER TABLE soul_versions ADD COLUMN restored_from INTEGER;

-- Heartbeat: one row per run of a maintenance task, scheduled (once per cluster) or started by an admin
CREATE TABLE heartbeat_runs (
    id          BIGSERIAL PRIMARY KEY,
    task        VARCHAR(64)  NOT NULL,
    trigger     VARCHAR(16)  NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    node        VARCHAR(256) NOT NULL,
    started_at  TIMESTAMPTZ  NOT NULL,
    duration_ms BIGINT       NOT NULL,
    outcome     VARCHAR(16)  NOT NULL CHECK (outcome IN ('ok', 'failed', 'skipped')),
    detail      VARCHAR(2000) NOT NULL,
    counts      TEXT         NOT NULL DEFAULT '{}'
);
CREATE INDEX heartbeat_runs_task_started_idx ON heartbeat_runs (task, started_at DESC);
