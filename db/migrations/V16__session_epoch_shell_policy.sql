-- Console sessions end when their user's session epoch moves on: a password change (own or by an admin), disabling
-- the user or taking a role away increments it. A session remembers the epoch it started under and is refused once
-- it differs; the existing users trigger bumps identity_version, so every node sees the change on its next request.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- The shell tool is denied to role user unless an admin grants it (PUT /api/v1/admin/tools/shell). V11 shipped it to
-- every user; a row an admin has changed since is left as the admin set it.
UPDATE tool_policies SET allowed_roles = 'admin', updated_at = now()
WHERE tool = 'shell' AND updated_by = 'system' AND allowed_roles = 'user,admin';
