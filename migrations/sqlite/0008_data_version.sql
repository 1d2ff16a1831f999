-- The data version: a number every write to a public record bumps, in the writing
-- transaction itself (triggers), so a process that reads it knows whether a page it rendered
-- earlier is still right, even when another process made the change. Tables whose writes no
-- public page shows (accounts, sessions, sign-in counters, the audit log, proposals, download
-- counts, file chunks) do not bump it.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
CREATE TRIGGER strategy_insert_bumps_data_version AFTER INSERT ON strategy
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER strategy_update_bumps_data_version AFTER UPDATE ON strategy
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER strategy_delete_bumps_data_version AFTER DELETE ON strategy
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER objectives_insert_bumps_data_version AFTER INSERT ON objectives
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER objectives_update_bumps_data_version AFTER UPDATE ON objectives
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER objectives_delete_bumps_data_version AFTER DELETE ON objectives
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER municipalities_insert_bumps_data_version AFTER INSERT ON municipalities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER municipalities_update_bumps_data_version AFTER UPDATE ON municipalities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER municipalities_delete_bumps_data_version AFTER DELETE ON municipalities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER badges_insert_bumps_data_version AFTER INSERT ON badges
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER badges_update_bumps_data_version AFTER UPDATE ON badges
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER badges_delete_bumps_data_version AFTER DELETE ON badges
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reported_figures_insert_bumps_data_version AFTER INSERT ON reported_figures
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reported_figures_update_bumps_data_version AFTER UPDATE ON reported_figures
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reported_figures_delete_bumps_data_version AFTER DELETE ON reported_figures
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_insert_bumps_data_version AFTER INSERT ON organisations
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_update_bumps_data_version AFTER UPDATE ON organisations
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_delete_bumps_data_version AFTER DELETE ON organisations
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER documents_insert_bumps_data_version AFTER INSERT ON documents
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER documents_update_bumps_data_version AFTER UPDATE ON documents
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER documents_delete_bumps_data_version AFTER DELETE ON documents
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plans_insert_bumps_data_version AFTER INSERT ON plans
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plans_update_bumps_data_version AFTER UPDATE ON plans
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plans_delete_bumps_data_version AFTER DELETE ON plans
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_status_history_insert_bumps_data_version AFTER INSERT ON plan_status_history
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_status_history_update_bumps_data_version AFTER UPDATE ON plan_status_history
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_status_history_delete_bumps_data_version AFTER DELETE ON plan_status_history
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER programmes_insert_bumps_data_version AFTER INSERT ON programmes
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER programmes_update_bumps_data_version AFTER UPDATE ON programmes
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER programmes_delete_bumps_data_version AFTER DELETE ON programmes
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER programme_participants_insert_bumps_data_version AFTER INSERT ON programme_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER programme_participants_update_bumps_data_version AFTER UPDATE ON programme_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER programme_participants_delete_bumps_data_version AFTER DELETE ON programme_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER diploma_cohorts_insert_bumps_data_version AFTER INSERT ON diploma_cohorts
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER diploma_cohorts_update_bumps_data_version AFTER UPDATE ON diploma_cohorts
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER diploma_cohorts_delete_bumps_data_version AFTER DELETE ON diploma_cohorts
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER diploma_participants_insert_bumps_data_version AFTER INSERT ON diploma_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER diploma_participants_update_bumps_data_version AFTER UPDATE ON diploma_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER diploma_participants_delete_bumps_data_version AFTER DELETE ON diploma_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchanges_insert_bumps_data_version AFTER INSERT ON exchanges
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchanges_update_bumps_data_version AFTER UPDATE ON exchanges
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchanges_delete_bumps_data_version AFTER DELETE ON exchanges
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_host_cities_insert_bumps_data_version AFTER INSERT ON exchange_host_cities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_host_cities_update_bumps_data_version AFTER UPDATE ON exchange_host_cities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_host_cities_delete_bumps_data_version AFTER DELETE ON exchange_host_cities
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_participants_insert_bumps_data_version AFTER INSERT ON exchange_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_participants_update_bumps_data_version AFTER UPDATE ON exchange_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_participants_delete_bumps_data_version AFTER DELETE ON exchange_participants
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER forum_representatives_insert_bumps_data_version AFTER INSERT ON forum_representatives
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER forum_representatives_update_bumps_data_version AFTER UPDATE ON forum_representatives
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER forum_representatives_delete_bumps_data_version AFTER DELETE ON forum_representatives
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER revisions_insert_bumps_data_version AFTER INSERT ON revisions
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER revisions_update_bumps_data_version AFTER UPDATE ON revisions
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER revisions_delete_bumps_data_version AFTER DELETE ON revisions
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER files_insert_bumps_data_version AFTER INSERT ON files
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER files_update_bumps_data_version AFTER UPDATE ON files
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER files_delete_bumps_data_version AFTER DELETE ON files
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER document_versions_insert_bumps_data_version AFTER INSERT ON document_versions
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER document_versions_update_bumps_data_version AFTER UPDATE ON document_versions
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER document_versions_delete_bumps_data_version AFTER DELETE ON document_versions
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pillars_insert_bumps_data_version AFTER INSERT ON pillars
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pillars_update_bumps_data_version AFTER UPDATE ON pillars
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pillars_delete_bumps_data_version AFTER DELETE ON pillars
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER phases_insert_bumps_data_version AFTER INSERT ON phases
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER phases_update_bumps_data_version AFTER UPDATE ON phases
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER phases_delete_bumps_data_version AFTER DELETE ON phases
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER progress_entries_insert_bumps_data_version AFTER INSERT ON progress_entries
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER progress_entries_update_bumps_data_version AFTER UPDATE ON progress_entries
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER progress_entries_delete_bumps_data_version AFTER DELETE ON progress_entries
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_measures_insert_bumps_data_version AFTER INSERT ON plan_measures
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_measures_update_bumps_data_version AFTER UPDATE ON plan_measures
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_measures_delete_bumps_data_version AFTER DELETE ON plan_measures
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
