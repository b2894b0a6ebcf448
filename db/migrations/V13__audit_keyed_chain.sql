-- Issue 14: a keyed, anchored, append-only audit chain.

-- Every row gets a sequence number without gaps (ids have gaps: a rolled-back transaction still uses one), so a
-- missing row shows, and a flag saying whether its row_hash is an HMAC (keyed) or a plain SHA-256 (written before).
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT false;

-- Checkpoints name the sequence number of the last row they stand for, and carry an HMAC from now on
ALTER TABLE audit_checkpoints ADD COLUMN last_seq BIGINT;
ALTER TABLE audit_checkpoints ADD COLUMN mac CHAR(64);
UPDATE audit_checkpoints c
   SET last_seq = (SELECT sum(p.deleted_rows) FROM audit_checkpoints p WHERE p.id <= c.id);
UPDATE audit_checkpoints SET last_seq = 0 WHERE last_seq IS NULL;
ALTER TABLE audit_checkpoints ALTER COLUMN last_seq SET NOT NULL;

-- Number the existing rows after those earlier retention runs deleted
UPDATE audit_log a
   SET seq = n.rn + COALESCE((SELECT max(last_seq) FROM audit_checkpoints), 0)
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM audit_log) n
 WHERE n.id = a.id;
ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX audit_log_seq_idx ON audit_log (seq);

-- Anchors: the chain's length and head hash at a point in time (written by every verification and on request),
-- HMAC-signed; the same values go to the log, and a verifier may keep them to compare later
CREATE TABLE audit_anchors (
    id         BIGSERIAL PRIMARY KEY,
    seq        BIGINT      NOT NULL,
    row_hash   CHAR(64)    NOT NULL,
    mac        CHAR(64)    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_anchors_seq_idx ON audit_anchors (seq DESC);

-- Retention is the only way rows leave the log: it deletes a prefix up to (not including) the newest row and records
-- the checkpoint in the same step. On the embedded database the superuser owns this function and the audit tables,
-- and the application role may only SELECT and INSERT them and EXECUTE this.
CREATE FUNCTION audit_delete_prefix(p_last_id BIGINT, p_mac CHAR(64))
    RETURNS TABLE (deleted_rows BIGINT, checkpoint_id BIGINT)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    v_seq     BIGINT;
    v_hash    CHAR(64);
    v_deleted BIGINT;
    v_id      BIGINT;
BEGIN
    SELECT a.seq, a.row_hash INTO v_seq, v_hash FROM audit_log a WHERE a.id = p_last_id;
    IF v_seq IS NULL THEN
        RAISE EXCEPTION 'no audit row %', p_last_id;
    END IF;
    IF p_last_id >= (SELECT max(a.id) FROM audit_log a) THEN
        RAISE EXCEPTION 'the newest audit row is never deleted';
    END IF;
    DELETE FROM audit_log a WHERE a.id <= p_last_id;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    INSERT INTO audit_checkpoints (last_id, last_seq, row_hash, deleted_rows, mac)
         VALUES (p_last_id, v_seq, v_hash, v_deleted, p_mac)
      RETURNING id INTO v_id;
    RETURN QUERY SELECT v_deleted, v_id;
END
$$;
