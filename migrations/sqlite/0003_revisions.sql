-- Editing without losing anything (admin forms).

-- Optimistic locking: every edit form carries the row_version it was loaded with; a save whose
-- version is stale is refused instead of overwriting a colleague's edit.
ALTER TABLE strategy ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE objectives ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE municipalities ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE badges ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reported_figures ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE organisations ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plans ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE programmes ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE diploma_cohorts ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE exchanges ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE forum_representatives ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;

-- Every create, update, delete and restore of a record, with the whole record (as JSON, link
-- lists included) before and after. Written in the same transaction as the change.
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    record_type TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
    before_json TEXT,
    after_json TEXT,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX revisions_record ON revisions (record_type, record_id);
CREATE INDEX revisions_action ON revisions (action, changed_at);

-- Changes proposed by a city editor for its own municipality's plan or badges; they reach the
-- public site only when a coordinator approves them.
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    record_type TEXT NOT NULL CHECK (record_type IN ('plans', 'badges')),
    -- the record the proposal edits; NULL proposes a new one
    record_id INTEGER,
    payload_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposals_status ON proposals (status, proposed_at);
