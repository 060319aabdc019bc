-- The few accounts that are not credible, found without a scan of every account (analytics
-- filters fan lists by it).
CREATE INDEX accounts_not_credible ON accounts (id) WHERE credible = 0;
