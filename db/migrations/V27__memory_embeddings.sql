-- Embeddings in a table of their own, written once and never updated. As columns of memory_passages (V7), storing an
-- embedding was an UPDATE of indexed columns, so never a HOT update: every stored embedding wrote a second version
-- of the passage with new entries in all its indexes, the full-text GIN index included (whose pending list recall
-- then scans), and left a dead version for vacuum. An INSERT here writes one row and two btree entries.
-- Deleting a passage (forgetting it, or deleting its message or conversation) deletes its embedding.
CREATE TABLE memory_embeddings (
    message_id   UUID   PRIMARY KEY REFERENCES memory_passages (message_id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL,
    embedded_seq BIGINT NOT NULL DEFAULT nextval('memory_embedding_seq'),
    vector       BYTEA  NOT NULL
);
CREATE INDEX memory_embeddings_user_seq_idx ON memory_embeddings (user_id, embedded_seq);

-- Existing embeddings move over with their sequence numbers (the sequence goes on above them).
INSERT INTO memory_embeddings (message_id, user_id, embedded_seq, vector)
SELECT message_id, user_id, COALESCE(embedded_seq, nextval('memory_embedding_seq')), vector
FROM memory_passages WHERE vector IS NOT NULL;

DROP INDEX memory_passages_user_seq_idx;
DROP INDEX memory_passages_unembedded_idx;
DROP INDEX memory_passages_unembedded_conversation_idx;
ALTER TABLE memory_passages DROP COLUMN vector, DROP COLUMN embedded_seq;

-- The turn's maintenance looks for unembedded passages among the conversation's newest: this index in reverse, with
-- an anti-join through memory_embeddings' primary key.
CREATE INDEX memory_passages_conversation_created_idx ON memory_passages (conversation_id, created_at);
