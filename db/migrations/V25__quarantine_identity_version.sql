-- The Guardian's quarantine moves the identity version forward (issue 11): each node keeps the quarantined users
-- under the identity version that every authenticated request already reads, so the chat's quarantine check needs no
-- read of its own while nothing changed, and a quarantine or a release made on any node is seen by the next request
-- on every node. (It also drops the nodes' verified-token caches; quarantines are rare.)
CREATE TRIGGER guardian_quarantine_identity_version
    AFTER INSERT OR UPDATE OR DELETE ON guardian_quarantine
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
CREATE TRIGGER guardian_quarantine_truncate_identity_version
    AFTER TRUNCATE ON guardian_quarantine
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
