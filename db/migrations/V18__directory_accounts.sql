-- Accounts created for directory (LDAP) users are marked as such, so that only they follow the directory between
-- logins (group refresh, disabling when the entry is gone) and no other passwordless account (another identity
-- provider's) is ever taken for one. Until now every account without a password was a directory account.
ALTER TABLE users ADD COLUMN directory boolean NOT NULL DEFAULT false;
UPDATE users SET directory = true WHERE password_hash IS NULL;
