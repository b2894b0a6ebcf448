-- Every runtime change of a setting (PUT or reset through the admin API), with the value before and after, so an
-- admin can see what a setting was and when it changed. Secret settings are stored masked. Rows older than
-- lollmsbot.heartbeat.retention.settings-history-days are deleted by the Heartbeat's retention task.
CREATE TABLE settings_history (
    id         BIGSERIAL    PRIMARY KEY,
    key        VARCHAR(200) NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    changed_by VARCHAR(256) NOT NULL,
    changed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX settings_history_changed_idx ON settings_history (changed_at);
CREATE INDEX settings_history_key_idx ON settings_history (key, changed_at DESC);
