-- Accounts: who may sign in to edit the records, their sessions, sign-in attempts and the audit
-- log (DESIGN.md §1, §4). Same conventions as 0001: booleans are INTEGER 0/1, timestamps are TEXT in
-- RFC 3339 UTC ("2026-11-26T13:09:47Z"). No account is ever created by a migration or the seed:
-- the first one is made with `portal user add`.

-- People who sign in. `email` is stored trimmed and lower-cased (the sign-in name); a city editor
-- belongs to exactly one municipality, the other roles to none. `password_hash` is an Argon2id
-- PHC string. A disabled account cannot sign in; accounts are disabled, never deleted, so the
-- audit log keeps pointing at them.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE CHECK (email <> '' AND email = trim(email)),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'city_editor')),
    municipality_id INTEGER REFERENCES municipalities (id),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    CHECK ((role = 'city_editor' AND municipality_id IS NOT NULL)
        OR (role <> 'city_editor' AND municipality_id IS NULL))
);
CREATE INDEX users_municipality ON users (municipality_id);

-- Server-side sessions: the cookie holds only `id` (random). `user_id` is NULL before sign-in
-- (a session may carry a CSRF token for the sign-in form); `data` is JSON. A session whose
-- `expires_at` has passed is dead; disabling an account or setting its password deletes its rows.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users (id),
    data TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Every sign-in attempt, to slow down password guessing by account and by address. `email` is
-- what was typed (trimmed, lower-cased), whether or not such an account exists.
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
    attempted_at TEXT NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_client_ip ON login_attempts (client_ip, attempted_at);

-- Who did what and when: sign-ins, sign-outs, account changes. Written in the same transaction
-- as the change it records. `actor` is the account's email, "cli" for the command line, or
-- "anonymous"; `actor_user_id` is set when the actor is an account.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES users (id),
    actor TEXT NOT NULL,
    -- "login.succeeded", "login.failed", "login.throttled", "logout", "user.created",
    -- "user.disabled", "user.enabled", "user.password_set", …
    action TEXT NOT NULL,
    -- the record acted on, e.g. ('user', 7)
    record_type TEXT,
    record_id INTEGER,
    detail TEXT NOT NULL DEFAULT '',
    client_ip TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
