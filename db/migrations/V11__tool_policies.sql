-- Which roles may use which tool, and whether a call needs the user's approval. A tool without a row is offered
-- to nobody (deny by default); admins change rows through /api/v1/admin/tools. Shipped grants: the tools that act
-- only on the caller's own data (calendar, filesystem workspace, shell in its sandbox and behind its own switch) for
-- every user; the network-reaching http tool for admins only.
CREATE TABLE tool_policies (
    tool              VARCHAR(64)  PRIMARY KEY,
    allowed_roles     VARCHAR(256) NOT NULL DEFAULT '',
    requires_approval BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by        VARCHAR(256) NOT NULL
);
INSERT INTO tool_policies (tool, allowed_roles, updated_by) VALUES
    ('calendar', 'user,admin', 'system'),
    ('filesystem', 'user,admin', 'system'),
    ('shell', 'user,admin', 'system'),
    ('http', 'admin', 'system');
