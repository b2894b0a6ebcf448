-- Full-text recall filtered per user inside the GIN index: every passage's tsvector also carries its owner as the
-- lexeme 'U<user id>' (upper case, which to_tsvector('english', ...) never produces, and without a position, so it
-- does not change ts_rank_cd). A recall asks for search @@ 'U<id>' AND search @@ <query>, which one GIN scan answers
-- from the posting lists alone, instead of intersecting with every row of the user from the btree index.
UPDATE memory_passages SET search = search || CAST('U' || user_id AS tsvector);

-- The heartbeat's summary backfill looks only at conversations with a recent turn.
CREATE INDEX conversations_updated_idx ON conversations (updated_at);
