-- Sign-in security (issue 7): throttling counters that cannot be raced, addresses an account
-- signed in from, a second factor (TOTP) with recovery codes, a secret for stateless tokens, and
-- the version a proposal was based on. Same conventions as 0001: booleans INTEGER 0/1,
-- timestamps TEXT in RFC 3339 UTC.

-- Sessions signed in before this moment (Unix milliseconds) are refused: set by a password
-- change, disabling the account, resetting its second factor and "sign out everywhere".
ALTER TABLE users ADD COLUMN sessions_valid_after INTEGER NOT NULL DEFAULT 0;
-- The TOTP secret (RFC 6238, base32) once enrolment is confirmed; NULL without a second factor.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
-- The last accepted TOTP time step: a code is accepted once (no replay).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- One-time recovery codes of a second factor, stored as SHA-256 hex of the normalised code
-- (they are random, 50 bits each, so a fast hash is enough). `used_at` is set when spent.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Sign-in throttling: one row per key ("pair:EMAIL|ADDRESS", "address:ADDRESS",
-- "account:EMAIL", "code:USER_ID") counting attempts in a fixed window that starts at its first
-- attempt. An attempt is reserved and counted in one UPSERT before the password is checked, so
-- concurrent attempts (and several processes) cannot get past the limit. `throttled_logged` is
-- 1 once the window's "login.throttled" audit row is written (one row per key and window).
-- Rows of windows that ended are pruned.
CREATE TABLE sign_in_counters (
    key TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    throttled_logged INTEGER NOT NULL DEFAULT 0 CHECK (throttled_logged IN (0, 1))
);
CREATE INDEX sign_in_counters_window ON sign_in_counters (window_start);

-- Addresses an account signed in from successfully: while the account is under a guessing
-- attack from elsewhere, these (and browsers holding the account's device cookie) still get in.
CREATE TABLE known_sign_in_addresses (
    user_id INTEGER NOT NULL REFERENCES users (id),
    client_ip TEXT NOT NULL,
    last_success_at TEXT NOT NULL,
    PRIMARY KEY (user_id, client_ip)
);

-- Secrets of the server shared by every process (the key that signs stateless form tokens and
-- device cookies), made once by the first process that needs them.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The version of the record a proposal was made on (NULL for a new record): approving a
-- proposal made on an older version is refused as an edit conflict.
ALTER TABLE proposals ADD COLUMN base_version INTEGER;

-- Replaced by sign_in_counters (throttling) and the audit log (history of attempts).
DROP TABLE login_attempts;
