-- Recall's full-text index without GIN's pending list (issue 11). With fastupdate on (PostgreSQL's default), every
-- new or updated passage (a turn's two messages, then their embeddings: the update is not HOT, so the GIN entries
-- are written again) was appended to the index's unsorted pending list, and every recall scanned that whole list,
-- all users' recent passages, until a vacuum merged it: under chat load about 2,000-6,000 entries, which cost a recall
-- 3.6-6.0 ms of PostgreSQL's CPU instead of 1.9 ms. Without it a passage's entries go straight into the index
-- (about 30 microseconds more per written passage) and a recall reads only the posting lists it asks for.
ALTER INDEX memory_passages_search_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('memory_passages_search_idx');

-- The turn's maintenance looks for the conversation's passages without an embedding: by conversation, instead of
-- filtering every user's unembedded passages (all of them while the embeddings lag behind under load).
CREATE INDEX memory_passages_unembedded_conversation_idx
    ON memory_passages (conversation_id, created_at) WHERE vector IS NULL;
