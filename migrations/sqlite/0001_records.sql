-- The strategy's records (DESIGN.md §2).
--
-- Conventions, chosen so the same SQL runs through sqlx's `Any` driver on SQLite and Postgres:
-- * booleans are INTEGER 0/1 (the Any driver cannot decode SQLite BOOLEAN);
-- * timestamps are TEXT in RFC 3339 UTC ("2024-04-01T00:00:00Z"), which sorts as time;
-- * text a visitor reads has a Spanish (`_es`) and an English (`_en`) column;
-- * every record carries created_at / updated_at / updated_by (who changed it last).

-- The strategy itself: one row with the facts that belong to no other record.
CREATE TABLE strategy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name_es TEXT NOT NULL,
    name_en TEXT NOT NULL,
    summary_es TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    -- "Data from April 2024": the as-of date of every reported figure.
    data_as_of TEXT NOT NULL,
    source_es TEXT NOT NULL,
    source_en TEXT NOT NULL,
    -- The National Advisory Committee is "(Not established)" in the seed.
    advisory_committee_es TEXT NOT NULL,
    advisory_committee_en TEXT NOT NULL,
    documents_note_es TEXT NOT NULL,
    documents_note_en TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- The strategy's four objectives, in the seed's order.
CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    text_es TEXT NOT NULL,
    text_en TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Cities and municipalities. `kind` is NULL where the seed leaves it open (Chiclayo, Chimbote).
-- Reference values (UBIGEO, department, coordinates) come from data/municipalities-reference.csv
-- with their source in `coordinates_source`.
CREATE TABLE municipalities (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- name folded to lower case without accents, for search ("jesus maria" finds "Jesús María")
    search_name TEXT NOT NULL,
    kind TEXT CHECK (kind IN ('provincial', 'district', 'metropolitan')),
    department TEXT NOT NULL,
    province TEXT NOT NULL,
    district TEXT NOT NULL,
    ubigeo TEXT,
    latitude REAL,
    longitude REAL,
    coordinates_source TEXT,
    supported_by_strategy INTEGER NOT NULL DEFAULT 0 CHECK (supported_by_strategy IN (0, 1)),
    -- how the seed writes the name when it differs ("Jesús Maria", "Santa (Chimbote)")
    seed_spelling TEXT,
    gcom_commitment_date TEXT,
    note_es TEXT,
    note_en TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX municipalities_department ON municipalities (department);

-- GCoM badges earned by one municipality. The year is NULL when the source gives none.
CREATE TABLE badges (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    kind TEXT NOT NULL CHECK (kind IN ('mitigation', 'adaptation', 'energy', 'compliance')),
    year INTEGER,
    evidence_es TEXT,
    evidence_en TEXT,
    evidence_url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX badges_municipality ON badges (municipality_id);

-- National totals the source reports without naming cities: kept as reported, never spread
-- over cities.
CREATE TABLE reported_figures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value INTEGER NOT NULL,
    label_es TEXT NOT NULL,
    label_en TEXT NOT NULL,
    source_es TEXT NOT NULL,
    source_en TEXT NOT NULL,
    as_of TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Organisations: national coordinators, the EU Delegation, universities, partner coordinators, CDP.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_es TEXT NOT NULL,
    name_en TEXT NOT NULL,
    acronym TEXT,
    role TEXT NOT NULL CHECK (role IN ('national_coordinator', 'eu_delegation', 'university',
                                       'partner_coordinator', 'reporting_platform')),
    country_es TEXT NOT NULL,
    country_en TEXT NOT NULL,
    description_es TEXT NOT NULL,
    description_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Documents the portal publishes: guides, plan documents, summary sheets. The seed's documents are
-- "pending approval; available soon", so they start without a file.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('guide', 'plan_document', 'summary_sheet', 'article')),
    title_es TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_es TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    audience_es TEXT NOT NULL,
    audience_en TEXT NOT NULL,
    -- language of the document itself (BCP 47), NULL until a file exists
    language TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending_approval', 'published')),
    version INTEGER NOT NULL DEFAULT 1,
    file_name TEXT,
    content_type TEXT,
    size_bytes INTEGER,
    download_count INTEGER NOT NULL DEFAULT 0,
    published_at TEXT,
    municipality_id INTEGER REFERENCES municipalities (id),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Climate action plans (CAP, in Peru PLAC). The current status is here; every change is in
-- plan_status_history.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_preparation', 'submitted',
                                           'approved', 'published')),
    year INTEGER,
    reported_to_cdp INTEGER NOT NULL DEFAULT 0 CHECK (reported_to_cdp IN (0, 1)),
    approval_instrument TEXT,
    approval_date TEXT,
    document_id INTEGER REFERENCES documents (id),
    summary_sheet_id INTEGER REFERENCES documents (id),
    notes_es TEXT,
    notes_en TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX plans_municipality ON plans (municipality_id);

-- A plan's status history: one row per status it has held. `changed_on` is NULL when the source
-- does not date the change.
CREATE TABLE plan_status_history (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_preparation', 'submitted',
                                           'approved', 'published')),
    changed_on TEXT,
    note_es TEXT NOT NULL,
    note_en TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX plan_status_history_plan ON plan_status_history (plan_id);

-- The strategy's lines of work.
CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('technical_support', 'guide', 'diploma', 'exchange',
                                       'outreach')),
    title_es TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_es TEXT NOT NULL,
    description_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Which municipalities a programme involved (only where the source names them).
CREATE TABLE programme_participants (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (programme_id, municipality_id)
);

-- Cohorts of the virtual diploma "How to Develop Local Climate Action Plans in Peru".
-- Counts the source does not give stay NULL ("not reported").
CREATE TABLE diploma_cohorts (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    title_es TEXT NOT NULL,
    title_en TEXT NOT NULL,
    university_id INTEGER NOT NULL REFERENCES organisations (id),
    postgraduate_certification INTEGER NOT NULL CHECK (postgraduate_certification IN (0, 1)),
    plans_presented INTEGER,
    plans_reported_to_cdp INTEGER,
    notes_es TEXT NOT NULL,
    notes_en TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE diploma_participants (
    cohort_id INTEGER NOT NULL REFERENCES diploma_cohorts (id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (cohort_id, municipality_id)
);

-- Exchange programmes abroad.
CREATE TABLE exchanges (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    country_es TEXT NOT NULL,
    country_en TEXT NOT NULL,
    partner_id INTEGER NOT NULL REFERENCES organisations (id),
    description_es TEXT NOT NULL,
    description_en TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- The foreign cities visited on an exchange (not Peruvian municipalities, so only a name).
CREATE TABLE exchange_host_cities (
    id INTEGER PRIMARY KEY,
    exchange_id INTEGER NOT NULL REFERENCES exchanges (id),
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (exchange_id, name)
);

-- Peruvian municipalities whose representatives took part; `seed_label` keeps the source's wording
-- ("Nuevo Chimbote (Chimbote)").
CREATE TABLE exchange_participants (
    exchange_id INTEGER NOT NULL REFERENCES exchanges (id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    seed_label TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (exchange_id, municipality_id)
);

-- Municipalities that represent Peru in a GCoM forum.
CREATE TABLE forum_representatives (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    forum_es TEXT NOT NULL,
    forum_en TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (municipality_id, forum_en)
);
