-- GCoM progress (issue 9): the pillars and phases of the GCoM journey (data an admin can edit),
-- one ledger entry per municipality and phase, plans as Peru knows them (PLAC / PLCC, approving
-- ordinance, horizon), and each plan's measures on their way into municipal planning and budget.
-- Same conventions as 0001: booleans INTEGER 0/1, timestamps TEXT in RFC 3339 UTC.

-- The GCoM pillars. `badge_kind` is the badge the covenant awards for the pillar's phases;
-- `counts_for_compliance` says whether every phase of the pillar must be completed for the
-- compliance badge (mitigation and adaptation; Pacto Global de Alcaldes LAC).
CREATE TABLE pillars (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_es TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_es TEXT NOT NULL,
    description_en TEXT NOT NULL,
    badge_kind TEXT CHECK (badge_kind IN ('mitigation', 'adaptation', 'energy')),
    counts_for_compliance INTEGER NOT NULL DEFAULT 0 CHECK (counts_for_compliance IN (0, 1)),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);

-- The phases of a pillar, in order. A phase's deadline is `deadline_years` after the city's
-- commitment date (NULL: no deadline), with the basis of that default in both languages.
CREATE TABLE phases (
    id INTEGER PRIMARY KEY,
    pillar_id INTEGER NOT NULL REFERENCES pillars (id),
    code TEXT NOT NULL,
    name_es TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_es TEXT NOT NULL,
    description_en TEXT NOT NULL,
    deadline_years INTEGER CHECK (deadline_years BETWEEN 0 AND 20),
    deadline_basis_es TEXT,
    deadline_basis_en TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (pillar_id, code)
);

-- The ledger: where one phase stands for one municipality. No row means "not recorded", which
-- says nothing about the city's work. updated_at / updated_by say who recorded it and when.
CREATE TABLE progress_entries (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    phase_id INTEGER NOT NULL REFERENCES phases (id),
    status TEXT NOT NULL CHECK (status IN ('not_recorded', 'in_progress', 'reported',
                                           'validated', 'awarded', 'expired')),
    reporting_year INTEGER,
    platform TEXT CHECK (platform IN ('cdp_iclei_track', 'mycovenant', 'other')),
    evidence_url TEXT,
    note_es TEXT,
    note_en TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (municipality_id, phase_id)
);
CREATE INDEX progress_entries_phase ON progress_entries (phase_id);

-- Where the commitment date comes from (a letter, the GCoM's city page).
ALTER TABLE municipalities ADD COLUMN gcom_commitment_source TEXT;

-- Plans as Peru knows them: PLAC (the GCoM/LAC programme's plan), PLCC (Ley 30754's Plan Local
-- de Cambio Climático) or one document that is both; NULL: not recorded. The approving
-- ordinance's number stays in approval_instrument and its date in approval_date.
ALTER TABLE plans ADD COLUMN plan_type TEXT CHECK (plan_type IN ('plac', 'plcc', 'plac_plcc'));
ALTER TABLE plans ADD COLUMN horizon_start INTEGER;
ALTER TABLE plans ADD COLUMN horizon_end INTEGER;

-- A plan's prioritised measures and where each stands in municipal planning (Ley 30754 art.
-- 2.1: PDLC → PEI → POI → budget): the PEI's strategic action, the POI's activity and year, and
-- the budget's year, amount (whole soles) and budget programme (e.g. PP 0068).
CREATE TABLE plan_measures (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    title_es TEXT NOT NULL,
    title_en TEXT NOT NULL,
    pillar_id INTEGER REFERENCES pillars (id),
    sector TEXT CHECK (sector IN ('stationary_energy', 'transport', 'waste', 'industry',
                                  'land_use', 'water', 'health', 'disaster_risk', 'ecosystems',
                                  'urban_planning', 'governance', 'other')),
    pei_action TEXT,
    poi_activity TEXT,
    poi_year INTEGER,
    budget_year INTEGER,
    budget_amount INTEGER CHECK (budget_amount >= 0),
    budget_programme TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_measures_plan ON plan_measures (plan_id);

-- City editors may now propose ledger entries: SQLite cannot change a CHECK, so the table is
-- rebuilt with the wider list.
CREATE TABLE proposals_new (
    id INTEGER PRIMARY KEY,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    record_type TEXT NOT NULL CHECK (record_type IN ('plans', 'badges', 'progress-entries')),
    record_id INTEGER,
    payload_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    base_version INTEGER
);
INSERT INTO proposals_new (id, municipality_id, record_type, record_id, payload_json, status,
        proposed_by, proposed_at, decided_by, decided_at, decision_note, base_version)
    SELECT id, municipality_id, record_type, record_id, payload_json, status, proposed_by,
        proposed_at, decided_by, decided_at, decision_note, base_version
    FROM proposals;
DROP TABLE proposals;
ALTER TABLE proposals_new RENAME TO proposals;
CREATE INDEX proposals_status ON proposals (status, proposed_at);

-- The pillars and phases of the GCoM as our sources describe them (see /methodology). They are
-- reference data, not facts about cities, so every store gets them here rather than from the
-- seed.
INSERT INTO pillars (id, code, name_es, name_en, description_es, description_en, badge_kind,
        counts_for_compliance, position, created_at, updated_at, updated_by)
    VALUES (1, 'mitigation', 'Mitigación', 'Mitigation',
        'Reducir las emisiones de gases de efecto invernadero de la ciudad: un inventario de emisiones (Protocolo Global para Inventarios de Emisiones a Escala Comunitaria, GPC), una meta de reducción y un plan.',
        'Reducing the city''s greenhouse gas emissions: an emissions inventory (Global Protocol for Community-Scale Greenhouse Gas Inventories, GPC), a reduction target and a plan.',
        'mitigation', 1, 1, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO pillars (id, code, name_es, name_en, description_es, description_en, badge_kind,
        counts_for_compliance, position, created_at, updated_at, updated_by)
    VALUES (2, 'adaptation', 'Adaptación', 'Adaptation',
        'Prepararse para los efectos del cambio climático: una evaluación de riesgos y vulnerabilidad climática, una meta de adaptación y un plan.',
        'Preparing for the effects of climate change: a climate risk and vulnerability assessment, an adaptation goal and a plan.',
        'adaptation', 1, 2, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO pillars (id, code, name_es, name_en, description_es, description_en, badge_kind,
        counts_for_compliance, position, created_at, updated_at, updated_by)
    VALUES (3, 'energy_access', 'Acceso a la energía y pobreza energética', 'Energy access and poverty',
        'Pilar lanzado en la COP27 (15 de noviembre de 2022): acceso a una energía segura, asequible y sostenible. Sus criterios por fase no están definidos en nuestras fuentes, por eso el registro aún no tiene fases para este pilar; un administrador puede agregarlas cuando se definan.',
        'A pillar launched at COP27 (15 November 2022): access to secure, affordable and sustainable energy. Its phase criteria are not settled in our sources, so the ledger has no phases for this pillar yet; an admin can add them once they are defined.',
        'energy', 0, 3, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO phases (id, pillar_id, code, name_es, name_en, description_es, description_en,
        deadline_years, deadline_basis_es, deadline_basis_en, position, created_at, updated_at,
        updated_by)
    VALUES (1, 1, 'inventory', 'Inventario de emisiones de GEI', 'Greenhouse gas emissions inventory',
        'Inventario de las emisiones de la comunidad según el GPC.',
        'The community''s emissions inventory, following the GPC.',
        1, 'Antiguo Compact of Mayors: inventario en el primer año tras el compromiso.',
        'The former Compact of Mayors: an inventory within the first year of committing.',
        1, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO phases (id, pillar_id, code, name_es, name_en, description_es, description_en,
        deadline_years, deadline_basis_es, deadline_basis_en, position, created_at, updated_at,
        updated_by)
    VALUES (2, 1, 'target', 'Meta de reducción de emisiones', 'Emissions reduction target',
        'Meta de reducción de emisiones de la ciudad, con su año base y su año meta.',
        'The city''s emissions reduction target, with its base and target years.',
        2, 'Pacto Global de Alcaldes LAC: se recomienda adoptar las metas en el segundo año.',
        'The Latin American covenant recommends adopting targets in the second year.',
        2, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO phases (id, pillar_id, code, name_es, name_en, description_es, description_en,
        deadline_years, deadline_basis_es, deadline_basis_en, position, created_at, updated_at,
        updated_by)
    VALUES (3, 1, 'plan', 'Plan de mitigación', 'Mitigation plan',
        'Plan de acción climática con las medidas de mitigación (en el Perú, PLAC o Plan Local de Cambio Climático).',
        'A climate action plan with mitigation measures (in Peru, a PLAC or a Plan Local de Cambio Climático).',
        3, 'GCoM: metas y planes dentro de los tres años siguientes al compromiso.',
        'GCoM: targets and plans within three years of committing.',
        3, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO phases (id, pillar_id, code, name_es, name_en, description_es, description_en,
        deadline_years, deadline_basis_es, deadline_basis_en, position, created_at, updated_at,
        updated_by)
    VALUES (4, 2, 'assessment', 'Evaluación de riesgos y vulnerabilidad climática', 'Climate risk and vulnerability assessment',
        'Evaluación de los peligros climáticos, la exposición y la vulnerabilidad de la ciudad.',
        'An assessment of the city''s climate hazards, exposure and vulnerability.',
        1, 'Valor por defecto del portal, igual que el inventario (antiguo Compact of Mayors: primer año).',
        'The portal''s default, as for the inventory (the former Compact of Mayors: first year).',
        1, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO phases (id, pillar_id, code, name_es, name_en, description_es, description_en,
        deadline_years, deadline_basis_es, deadline_basis_en, position, created_at, updated_at,
        updated_by)
    VALUES (5, 2, 'goal', 'Meta de adaptación', 'Adaptation goal',
        'Meta de adaptación de la ciudad frente a los riesgos identificados.',
        'The city''s adaptation goal for the risks identified.',
        2, 'Pacto Global de Alcaldes LAC: se recomienda adoptar las metas en el segundo año.',
        'The Latin American covenant recommends adopting targets in the second year.',
        2, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');
INSERT INTO phases (id, pillar_id, code, name_es, name_en, description_es, description_en,
        deadline_years, deadline_basis_es, deadline_basis_en, position, created_at, updated_at,
        updated_by)
    VALUES (6, 2, 'plan', 'Plan de adaptación', 'Adaptation plan',
        'Plan de acción climática con las medidas de adaptación (en el Perú, PLAC o Plan Local de Cambio Climático).',
        'A climate action plan with adaptation measures (in Peru, a PLAC or a Plan Local de Cambio Climático).',
        3, 'GCoM: metas y planes dentro de los tres años siguientes al compromiso.',
        'GCoM: targets and plans within three years of committing.',
        3, '2026-11-27T00:00:00Z', '2026-11-27T00:00:00Z', 'seed');

-- The seed's plans are the CAPs of the strategy's diploma, which the source calls Local Climate
-- Action Plans (PLACs).
UPDATE plans SET plan_type = 'plac' WHERE updated_by = 'seed';
