-- Each message and rolling summary keeps its token count (this server's tokenizer, see TokenCounter), counted once
-- when it is stored instead of again on every later turn whose context it might enter. Nullable: rows stored before
-- this migration, by an older node during a rolling update, or while the tokenizer was unavailable (an estimate is
-- not stored) are counted when read, as before. Adding a nullable column without a default rewrites nothing.
ALTER TABLE messages ADD COLUMN tokens INTEGER;
ALTER TABLE conversation_summaries ADD COLUMN tokens INTEGER;
