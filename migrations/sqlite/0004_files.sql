-- The guide library: files kept in the store itself (not on a local disk), so that backups,
-- several processes on one database and restores all see the same files.

-- One uploaded file. `original_name` is the sanitised name shown to users; `stored_name` is
-- generated and never comes from the upload.
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    chunk_size INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

-- The file's bytes in fixed-size chunks, so a download streams one chunk at a time and never
-- holds a whole file in memory.
CREATE TABLE file_chunks (
    file_id INTEGER NOT NULL REFERENCES files (id),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (file_id, seq)
);

-- Every uploaded version of a document; the public gets the newest one of a published document.
CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    version INTEGER NOT NULL,
    file_id INTEGER NOT NULL REFERENCES files (id),
    language TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (document_id, version)
);

-- Downloads per document and month (YYYY-MM). Conditional (304) answers and range requests that
-- continue a download are not counted.
CREATE TABLE document_downloads (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    month TEXT NOT NULL,
    downloads INTEGER NOT NULL,
    PRIMARY KEY (document_id, month)
);

-- The document's current file (its newest version).
ALTER TABLE documents ADD COLUMN current_file_id INTEGER REFERENCES files (id);
