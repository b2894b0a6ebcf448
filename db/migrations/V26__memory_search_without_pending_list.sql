-- Recall's full-text index with a short pending list (issue 11). With PostgreSQL's defaults every new or updated
-- passage (a turn's two messages, then their embeddings: the update is not HOT, so the GIN entries are written
-- again) is appended to the index's unsorted pending list, and every recall scans that whole list, all users'
-- recent passages, until a vacuum or an insert that finds it over gin_pending_list_limit (4 MB) merges it: measured
-- on one connection, a recall cost 3.6 ms of PostgreSQL's CPU with 3,000 passages pending and 6.0 ms with 6,000,
-- against 1.9 ms with none. At 256 kB a recall scans at most 32 pages of it, and inserts still go in batches.
ALTER INDEX memory_passages_search_idx SET (gin_pending_list_limit = 256);

-- The turn's maintenance looks for the conversation's passages without an embedding: by conversation, instead of
-- filtering every user's unembedded passages (all of them while the embeddings lag behind under load).
CREATE INDEX memory_passages_unembedded_conversation_idx
    ON memory_passages (conversation_id, created_at) WHERE vector IS NULL;
