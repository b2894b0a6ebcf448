-- Counters of changes to rarely changing data that every chat turn uses (issue 11): the tool policy and the skills.
-- Triggers move a counter forward with every statement that writes its tables, in the writer's transaction. Each node
-- reads the counters together with the settings, in the same reload every two seconds (DatabaseConfigSource), and
-- keeps what it read from those tables only while the counter is unchanged: a change made on another node reaches
-- this node's next turns within the settings' own delay, and the node that made it drops its copy on commit.
CREATE TABLE change_counters (
    name    VARCHAR(64) PRIMARY KEY,
    version BIGINT      NOT NULL
);
INSERT INTO change_counters (name, version) VALUES ('tool_policies', 0), ('skills', 0);

CREATE FUNCTION bump_change_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counters SET version = version + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$;

CREATE TRIGGER tool_policies_change_counter
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tool_policies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('tool_policies');
CREATE TRIGGER skills_change_counter
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON skills
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('skills');
CREATE TRIGGER skill_versions_change_counter
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON skill_versions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('skills');
