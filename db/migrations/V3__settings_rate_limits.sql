-- Settings: the database ConfigSource serves only lollmsbot keys
ALTER TABLE settings ADD CONSTRAINT settings_key_prefix CHECK (key LIKE 'lollmsbot.%');

-- Rate limits shared by every node: one fixed-window counter per bucket (e.g. "chat:alice") and window start.
-- Rows past expires_at are deleted by the nodes as they write (see RateCounters).
CREATE TABLE rate_limit_counters (
    bucket       VARCHAR(600) NOT NULL,
    window_start TIMESTAMPTZ  NOT NULL,
    hits         INTEGER      NOT NULL,
    expires_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_counters_expires_idx ON rate_limit_counters (expires_at);
