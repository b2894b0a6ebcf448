-- the secret_scan tool (used by the review-secrets skill) landed beside the tool policies: grant it like calendar
INSERT INTO tool_policies (tool, allowed_roles, updated_by) VALUES ('secret_scan', 'user,admin', 'system');
