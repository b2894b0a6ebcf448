-- Memory: what can be recalled from a user's earlier conversations, and rolling conversation summaries.

-- A message the user asked to forget stays in its conversation but is never recalled again.
ALTER TABLE messages ADD COLUMN recallable BOOLEAN NOT NULL DEFAULT true;

-- One recallable passage per message: its owner (copied from the conversation, so per-user reads need no join),
-- its full-text vector, and its embedding (4-byte step + one signed byte per dimension, see VectorCodec), written
-- in the background. embedded_seq orders embeddings as they are written, so a node's in-memory index can fetch only
-- what it has not seen yet.
CREATE SEQUENCE memory_embedding_seq;
CREATE TABLE memory_passages (
    message_id      UUID        PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    user_id         BIGINT      NOT NULL,
    conversation_id UUID        NOT NULL,
    search          TSVECTOR    NOT NULL,
    vector          BYTEA,
    embedded_seq    BIGINT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX memory_passages_search_idx ON memory_passages USING gin (search);
CREATE INDEX memory_passages_user_seq_idx ON memory_passages (user_id, embedded_seq) WHERE embedded_seq IS NOT NULL;
CREATE INDEX memory_passages_user_created_idx ON memory_passages (user_id, created_at DESC);
CREATE INDEX memory_passages_unembedded_idx ON memory_passages (created_at) WHERE vector IS NULL;

-- The rolling summary of a conversation's older turns (messages up to up_to_seq); deleted with the conversation.
CREATE TABLE conversation_summaries (
    conversation_id UUID        PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         BIGINT      NOT NULL,
    summary         TEXT        NOT NULL,
    up_to_seq       INTEGER     NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX conversation_summaries_user_idx ON conversation_summaries (user_id);
