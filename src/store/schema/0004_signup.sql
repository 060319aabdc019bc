-- Sign-up: invitation codes (sign-up mode `invite`), which accounts used them (an invite tree
-- is evidence when a farm signs up through one code), and the accounts awaiting approval (mode
-- `approval`: accounts.state = 'pending').

CREATE TABLE invites (
  id BIGINT PRIMARY KEY,
  code TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL DEFAULT 0,
  max_uses BIGINT NOT NULL DEFAULT 0,
  uses BIGINT NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX invites_code ON invites (code);

CREATE TABLE invite_uses (
  invite_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (invite_id, account_id)
);

CREATE INDEX accounts_pending ON accounts (id) WHERE state = 'pending';
