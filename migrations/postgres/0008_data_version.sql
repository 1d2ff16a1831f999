-- The data version: a number every write to a public record bumps, in the writing
-- transaction itself (triggers), so a process that reads it knows whether a page it rendered
-- earlier is still right, even when another process made the change. Tables whose writes no
-- public page shows (accounts, sessions, sign-in counters, the audit log, proposals, download
-- counts, file chunks) do not bump it.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER strategy_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON strategy
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER objectives_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON objectives
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER municipalities_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON municipalities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER badges_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON badges
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER reported_figures_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reported_figures
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER organisations_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER documents_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plans_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plans
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plan_status_history_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plan_status_history
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER programmes_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programmes
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER programme_participants_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programme_participants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER diploma_cohorts_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON diploma_cohorts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER diploma_participants_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON diploma_participants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER exchanges_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON exchanges
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER exchange_host_cities_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON exchange_host_cities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER exchange_participants_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON exchange_participants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER forum_representatives_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON forum_representatives
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER revisions_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON revisions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER files_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON files
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER document_versions_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document_versions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER pillars_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pillars
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER phases_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON phases
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER progress_entries_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON progress_entries
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plan_measures_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plan_measures
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
