-- Synthetic data for benchmarks (`portal synth`, issue 12) and the indexes that keep the
-- public pages fast at scale (10,000 municipalities, 100,000 badges).

-- The mark of a store filled by `portal synth`: one row, written last in the same transaction
-- as the synthetic records, so it exists only when they are complete. Every page says the data
-- are synthetic while it exists, `portal synth` refuses any store that holds other records,
-- and the strategy row the synthetic data include keeps `portal serve` from seeding the store.
CREATE TABLE synthetic_data (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    -- the --seed the records were generated from (the same seed gives the same records)
    seed BIGINT NOT NULL,
    municipalities BIGINT NOT NULL,
    badges BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

-- The lists read municipalities in name order, a page at a time: with the name last in each
-- index, a filtered page is read in order and stops at its last row instead of sorting all.
CREATE INDEX municipalities_name ON municipalities (search_name);
CREATE INDEX municipalities_supported_name ON municipalities (supported_by_strategy, search_name);
CREATE INDEX municipalities_department_name ON municipalities (department, search_name);

-- Badges: a city's badges by kind and year (its page, the badge filter, its compliance badge),
-- and the national tallies by kind and year (the badge page, the API's kind filter).
CREATE INDEX badges_municipality_kind ON badges (municipality_id, kind, year);
CREATE INDEX badges_kind_year ON badges (kind, year);

-- Plans: the plan-status filter, a city's latest plan, the plans by status.
CREATE INDEX plans_municipality_status ON plans (municipality_id, status);
CREATE INDEX plans_municipality_updated ON plans (municipality_id, updated_at);
CREATE INDEX plans_status ON plans (status);

-- What a city's page lists of it: programmes, diploma cohorts, exchanges, documents (each
-- join table's key starts with the other side, so it cannot serve a lookup by city).
CREATE INDEX programme_participants_municipality ON programme_participants (municipality_id);
CREATE INDEX diploma_participants_municipality ON diploma_participants (municipality_id);
CREATE INDEX exchange_participants_municipality ON exchange_participants (municipality_id);
CREATE INDEX documents_municipality ON documents (municipality_id);

-- Ledger entries by status: the badges the ledger supports (awarded, validated phases).
CREATE INDEX progress_entries_status ON progress_entries (status, phase_id);

-- The footer's "latest change" is the newest revision: read from the index's end, not by
-- scanning every revision.
CREATE INDEX revisions_changed_at ON revisions (changed_at);
