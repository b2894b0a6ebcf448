-- The turn's maintenance looks for the conversation's passages without an embedding: by conversation, instead of
-- filtering every user's unembedded passages (all of them while the embeddings lag behind under load).
-- (Recall's GIN index keeps PostgreSQL's default pending list: a 256 kB limit, tried in the same round, made the
-- benchmark's turns dearer, docs/performance.md.)
CREATE INDEX memory_passages_unembedded_conversation_idx
    ON memory_passages (conversation_id, created_at) WHERE vector IS NULL;
