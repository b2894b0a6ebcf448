-- Channels: which lollmsbot user a channel's user acts as (admin-managed, or auto-provisioned)
CREATE TABLE channel_users (
    channel     VARCHAR(32)  NOT NULL,
    external_id VARCHAR(256) NOT NULL,
    user_id     BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX channel_users_user_idx ON channel_users (user_id);

-- Channels: every inbound event once (idempotency by the sender's id), its outcome and the reply's delivery
CREATE TABLE channel_events (
    channel          VARCHAR(32)  NOT NULL,
    event_id         VARCHAR(256) NOT NULL,
    user_id          BIGINT       REFERENCES users (id) ON DELETE CASCADE,
    status           VARCHAR(16)  NOT NULL CHECK (status IN ('accepted', 'completed', 'refused', 'failed')),
    conversation_id  UUID,
    reply            TEXT,
    problem_status   INTEGER,
    problem_detail   VARCHAR(2000),
    delivery         VARCHAR(16)  NOT NULL DEFAULT 'none' CHECK (delivery IN ('none', 'delivered', 'failed')),
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    PRIMARY KEY (channel, event_id)
);
CREATE INDEX channel_events_received_idx ON channel_events (received_at);
