//! Read queries behind the public pages.

use sqlx::FromRow;

use super::sql::{Arg, Conditions};
use super::{Store, StoreResult};

#[derive(Debug, Clone, FromRow)]
pub struct Strategy {
    pub name_es: String,
    pub name_en: String,
    pub summary_es: String,
    pub summary_en: String,
    pub period_start: i64,
    pub period_end: i64,
    pub data_as_of: String,
    pub source_es: String,
    pub source_en: String,
    pub advisory_committee_es: String,
    pub advisory_committee_en: String,
    pub documents_note_es: String,
    pub documents_note_en: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Objective {
    pub position: i64,
    pub text_es: String,
    pub text_en: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct ReportedFigure {
    pub key: String,
    pub value: i64,
    pub label_es: String,
    pub label_en: String,
    pub source_es: String,
    pub source_en: String,
    pub as_of: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Organisation {
    pub slug: String,
    pub name_es: String,
    pub name_en: String,
    pub acronym: Option<String>,
    pub role: String,
    pub country_es: String,
    pub country_en: String,
    pub description_es: String,
    pub description_en: String,
}

/// One row of the municipality list.
#[derive(Debug, Clone, FromRow)]
pub struct MunicipalitySummary {
    pub slug: String,
    /// INEI's code, when recorded.
    pub ubigeo: Option<String>,
    pub name: String,
    pub kind: Option<String>,
    pub department: String,
    pub province: String,
    pub supported_by_strategy: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub badge_count: i64,
    /// Status of the most recently updated plan, if any.
    pub plan_status: Option<String>,
    /// Whether that plan is inferred (1), not reported as such.
    pub plan_inferred: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct Municipality {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: Option<String>,
    pub department: String,
    pub province: String,
    pub district: String,
    pub ubigeo: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub coordinates_source: Option<String>,
    pub supported_by_strategy: i64,
    pub seed_spelling: Option<String>,
    pub gcom_commitment_date: Option<String>,
    pub note_es: Option<String>,
    pub note_en: Option<String>,
    pub updated_at: String,
}

/// A badge with the municipality that earned it.
#[derive(Debug, Clone, FromRow)]
pub struct Badge {
    pub id: i64,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub kind: String,
    pub year: Option<i64>,
    pub evidence_es: Option<String>,
    pub evidence_en: Option<String>,
    pub evidence_url: Option<String>,
}

/// How many badges of a kind were recorded for a year (`None`: the source gives no year).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct BadgeCount {
    pub kind: String,
    pub year: Option<i64>,
    pub count: i64,
}

/// A plan with its municipality.
#[derive(Debug, Clone, FromRow)]
pub struct Plan {
    pub id: i64,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub status: String,
    pub year: Option<i64>,
    pub reported_to_cdp: i64,
    pub approval_instrument: Option<String>,
    pub approval_date: Option<String>,
    pub notes_es: Option<String>,
    pub notes_en: Option<String>,
    pub updated_at: String,
    /// Not reported by the source as such but inferred from another fact (1).
    pub inferred: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct PlanStatusChange {
    pub plan_id: i64,
    pub status: String,
    pub changed_on: Option<String>,
    pub note_es: String,
    pub note_en: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Programme {
    pub slug: String,
    pub kind: String,
    pub title_es: String,
    pub title_en: String,
    pub description_es: String,
    pub description_en: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Document {
    pub slug: String,
    pub kind: String,
    pub title_es: String,
    pub title_en: String,
    pub summary_es: String,
    pub summary_en: String,
    pub audience_es: String,
    pub audience_en: String,
    pub language: Option<String>,
    pub status: String,
    pub version: i64,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub published_at: Option<String>,
    pub updated_at: String,
    /// When the current file was uploaded.
    pub file_date: Option<String>,
}

impl Document {
    /// Whether the public can download it now.
    pub fn is_downloadable(&self) -> bool {
        self.status == "published" && self.file_name.is_some()
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct DiplomaCohort {
    pub year: i64,
    pub title_es: String,
    pub title_en: String,
    pub university_name_es: String,
    pub university_name_en: String,
    pub university_acronym: Option<String>,
    pub postgraduate_certification: i64,
    pub plans_presented: Option<i64>,
    pub plans_reported_to_cdp: Option<i64>,
    pub notes_es: String,
    pub notes_en: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Exchange {
    pub id: i64,
    pub year: i64,
    pub country_es: String,
    pub country_en: String,
    pub partner_name: String,
    pub partner_description_es: String,
    pub partner_description_en: String,
    pub description_es: String,
    pub description_en: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct ExchangeHostCity {
    pub exchange_id: i64,
    pub name: String,
}

/// A Peruvian municipality's part in an exchange.
#[derive(Debug, Clone, FromRow)]
pub struct ExchangeParticipation {
    pub exchange_id: i64,
    pub year: i64,
    pub country_es: String,
    pub country_en: String,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub seed_label: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct ForumSeat {
    pub municipality_slug: String,
    pub municipality_name: String,
    pub forum_es: String,
    pub forum_en: String,
}

/// Filters of the municipality list; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MunicipalityFilter {
    pub supported: Option<bool>,
    pub department: Option<String>,
    pub badge_kind: Option<String>,
    /// A plan status code, or `PLAN_NONE` for municipalities without a recorded plan.
    pub plan_status: Option<String>,
    /// Already folded with `fold_for_search`.
    pub name_query: Option<String>,
}

/// Plan filter value for "no plan recorded".
pub const PLAN_NONE: &str = "none";

/// Escapes LIKE wildcards so a search for "50%" matches the text, not everything.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

const BADGE_SELECT: &str = "SELECT b.id, m.slug AS municipality_slug, m.name AS municipality_name,
        b.kind, b.year, b.evidence_es, b.evidence_en, b.evidence_url
     FROM badges b JOIN municipalities m ON m.id = b.municipality_id";

const PLAN_SELECT: &str = "SELECT p.id, m.slug AS municipality_slug, m.name AS municipality_name,
        p.status, p.year, p.reported_to_cdp, p.approval_instrument, p.approval_date,
        p.notes_es, p.notes_en, p.updated_at, p.inferred
     FROM plans p JOIN municipalities m ON m.id = p.municipality_id";

const PARTICIPATION_SELECT: &str = "SELECT e.id AS exchange_id, e.year, e.country_es,
        e.country_en, m.slug AS municipality_slug, m.name AS municipality_name, ep.seed_label
     FROM exchange_participants ep
     JOIN exchanges e ON e.id = ep.exchange_id
     JOIN municipalities m ON m.id = ep.municipality_id";

impl Store {
    /// What the footer of every page says: source, contact, coordinators, latest change.
    pub async fn site_facts(&self) -> StoreResult<crate::site::SiteFacts> {
        let (source_url, contact_email, data_as_of, updated_at): (
            Option<String>,
            Option<String>,
            String,
            String,
        ) = sqlx::query_as(
            "SELECT source_url, contact_email, data_as_of, updated_at FROM strategy WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        let coordinators = sqlx::query_as(
            "SELECT name_es, name_en, acronym FROM organisations
             WHERE role = 'national_coordinator' ORDER BY position, id",
        )
        .fetch_all(self.pool())
        .await?;
        let latest_revision: Option<String> =
            sqlx::query_scalar("SELECT MAX(changed_at) FROM revisions")
                .fetch_one(self.pool())
                .await?;
        let synthetic: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM synthetic_data")
            .fetch_one(self.pool())
            .await?;
        Ok(crate::site::SiteFacts {
            source_url: source_url.unwrap_or_else(|| crate::site::GCOM_SITE.to_string()),
            contact_email,
            coordinators,
            // Timestamps are RFC 3339 text, so the larger string is the later time.
            latest_change: latest_revision.max(Some(updated_at)),
            data_as_of,
            synthetic: synthetic > 0,
        })
    }

    pub async fn strategy(&self) -> StoreResult<Strategy> {
        Ok(sqlx::query_as(
            "SELECT name_es, name_en, summary_es, summary_en, period_start, period_end,
                data_as_of, source_es, source_en, advisory_committee_es, advisory_committee_en,
                documents_note_es, documents_note_en
             FROM strategy WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn objectives(&self) -> StoreResult<Vec<Objective>> {
        Ok(
            sqlx::query_as("SELECT position, text_es, text_en FROM objectives ORDER BY position")
                .fetch_all(self.pool())
                .await?,
        )
    }

    pub async fn reported_figures(&self) -> StoreResult<Vec<ReportedFigure>> {
        Ok(sqlx::query_as(
            "SELECT key, value, label_es, label_en, source_es, source_en, as_of
             FROM reported_figures ORDER BY position, key",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn organisations(&self) -> StoreResult<Vec<Organisation>> {
        Ok(sqlx::query_as(
            "SELECT slug, name_es, name_en, acronym, role, country_es, country_en,
                description_es, description_en
             FROM organisations ORDER BY position, slug",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// The departments (regions) that have at least one municipality, alphabetically.
    /// Every municipality's slug by id (links from the admin to public pages).
    /// When anything shown on a city's page last changed: the municipality, its badges, plans
    /// and ledger entries.
    pub async fn city_last_change(&self, municipality_id: i64) -> StoreResult<String> {
        let times: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT MAX(updated_at) FROM municipalities WHERE id = $1
             UNION ALL SELECT MAX(updated_at) FROM badges WHERE municipality_id = $1
             UNION ALL SELECT MAX(updated_at) FROM plans WHERE municipality_id = $1
             UNION ALL SELECT MAX(updated_at) FROM progress_entries WHERE municipality_id = $1",
        )
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?;
        Ok(times.into_iter().flatten().max().unwrap_or_default())
    }

    /// Every municipality's id, name and slug.
    pub async fn list_municipality_names(&self) -> StoreResult<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as("SELECT id, name, slug FROM municipalities")
            .fetch_all(self.pool())
            .await?)
    }

    /// The id, name and slug of the municipalities `ids` (those a list of changes names).
    pub async fn municipality_names_of(
        &self,
        ids: &[i64],
    ) -> StoreResult<Vec<(i64, String, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut conditions = Conditions::new();
        let list = conditions.id_list(&ids);
        conditions.and(format!("id IN ({list})"));
        let sql = format!(
            "SELECT id, name, slug FROM municipalities {}",
            conditions.where_sql()
        );
        Ok(sqlx::query_as_with(&sql, conditions.arguments())
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn municipality_slugs(&self) -> StoreResult<Vec<(i64, String)>> {
        Ok(sqlx::query_as("SELECT id, slug FROM municipalities")
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn departments(&self) -> StoreResult<Vec<String>> {
        Ok(
            sqlx::query_scalar(
                "SELECT DISTINCT department FROM municipalities ORDER BY department",
            )
            .fetch_all(self.pool())
            .await?,
        )
    }

    /// Every municipality the filter keeps, by name (the CSV, the maps, the plans page).
    #[tracing::instrument(skip(self))]
    pub async fn list_municipalities(
        &self,
        filter: &MunicipalityFilter,
    ) -> StoreResult<Vec<MunicipalitySummary>> {
        self.municipality_page(filter, None).await
    }

    /// One page of the municipalities the filter keeps, by name: `limit` rows from `offset`.
    #[tracing::instrument(skip(self))]
    pub async fn list_municipalities_page(
        &self,
        filter: &MunicipalityFilter,
        limit: usize,
        offset: usize,
    ) -> StoreResult<Vec<MunicipalitySummary>> {
        self.municipality_page(filter, Some((limit, offset))).await
    }

    /// How many municipalities the filter keeps.
    #[tracing::instrument(skip(self))]
    pub async fn count_municipalities(&self, filter: &MunicipalityFilter) -> StoreResult<usize> {
        let conditions = municipality_conditions(filter);
        let sql = format!(
            "SELECT COUNT(*) FROM municipalities m {}",
            conditions.where_sql()
        );
        let count: i64 = sqlx::query_scalar_with(&sql, conditions.arguments())
            .fetch_one(self.pool())
            .await?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    async fn municipality_page(
        &self,
        filter: &MunicipalityFilter,
        page: Option<(usize, usize)>,
    ) -> StoreResult<Vec<MunicipalitySummary>> {
        let mut conditions = municipality_conditions(filter);
        // A page is chosen first, so the badge and plan subqueries run for its rows only
        // (Postgres would work them out for every row an OFFSET skips).
        let source = match page {
            Some((limit, offset)) => {
                let limit = conditions.param(Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
                let offset = conditions.param(Arg::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
                format!(
                    "(SELECT * FROM municipalities m {} ORDER BY m.search_name, m.id
                      LIMIT {limit} OFFSET {offset}) m",
                    conditions.where_sql()
                )
            }
            None => format!("municipalities m {}", conditions.where_sql()),
        };
        // The latest plan comes from the index on (municipality_id, updated_at); the badge
        // count from the one on (municipality_id, …): a page costs its own rows only.
        let sql = format!(
            "SELECT m.slug, m.ubigeo, m.name, m.kind, m.department, m.province, m.supported_by_strategy,
                m.latitude, m.longitude,
                (SELECT COUNT(*) FROM badges b WHERE b.municipality_id = m.id) AS badge_count,
                (SELECT p.status FROM plans p WHERE p.municipality_id = m.id
                   ORDER BY p.updated_at DESC, p.id DESC LIMIT 1) AS plan_status,
                COALESCE((SELECT p.inferred FROM plans p WHERE p.municipality_id = m.id
                   ORDER BY p.updated_at DESC, p.id DESC LIMIT 1), 0) AS plan_inferred
             FROM {source}
             ORDER BY m.search_name, m.id"
        );
        Ok(sqlx::query_as_with(&sql, conditions.arguments())
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn municipality_by_slug(&self, slug: &str) -> StoreResult<Option<Municipality>> {
        Ok(sqlx::query_as(
            "SELECT id, slug, name, kind, department, province, district, ubigeo, latitude,
                longitude, coordinates_source, supported_by_strategy, seed_spelling,
                gcom_commitment_date, note_es, note_en, updated_at
             FROM municipalities WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn badges_of(&self, municipality_id: i64) -> StoreResult<Vec<Badge>> {
        Ok(sqlx::query_as(&format!(
            "{BADGE_SELECT} WHERE b.municipality_id = $1 ORDER BY b.kind, b.year"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// How many badges are recorded, of one kind or of all.
    pub async fn count_badges(&self, kind: Option<&str>) -> StoreResult<usize> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM badges WHERE ($1 IS NULL OR kind = $1)")
                .bind(kind)
                .fetch_one(self.pool())
                .await?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// One page of the recorded badges (of one kind or all), by city name, then kind and year:
    /// the order the indexes on municipality names and on (municipality, kind, year) give, so
    /// a page is read without sorting every badge.
    pub async fn badges_page(
        &self,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> StoreResult<Vec<Badge>> {
        let mut conditions = Conditions::new();
        if let Some(kind) = kind {
            conditions.and_equals("b.kind", Arg::Text(kind.to_string()));
        }
        let limit = conditions.param(Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
        let offset = conditions.param(Arg::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
        let sql = format!(
            "{BADGE_SELECT} {} ORDER BY m.search_name, m.id, b.kind, b.year, b.id
             LIMIT {limit} OFFSET {offset}",
            conditions.where_sql()
        );
        Ok(sqlx::query_as_with(&sql, conditions.arguments())
            .fetch_all(self.pool())
            .await?)
    }

    /// Recorded badges counted by kind and year (the badge page's tallies and the home page's
    /// chart), in the store.
    pub async fn badge_counts(&self) -> StoreResult<Vec<BadgeCount>> {
        Ok(sqlx::query_as(
            "SELECT kind, year, COUNT(*) AS count FROM badges GROUP BY kind, year
             ORDER BY kind, year",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// How many municipalities have at least one badge recorded.
    pub async fn badge_city_count(&self) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(DISTINCT municipality_id) FROM badges")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// The first `limit` municipalities (by name) with a badge of `kind` recorded, as
    /// (slug, name), and how many there are in all.
    pub async fn cities_with_badge(
        &self,
        kind: &str,
        limit: usize,
    ) -> StoreResult<(Vec<(String, String)>, i64)> {
        let cities = sqlx::query_as(
            "SELECT m.slug, m.name FROM municipalities m
             WHERE EXISTS (SELECT 1 FROM badges b WHERE b.municipality_id = m.id AND b.kind = $1)
             ORDER BY m.search_name, m.id LIMIT $2",
        )
        .bind(kind)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await?;
        let total = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT municipality_id) FROM badges WHERE kind = $1",
        )
        .bind(kind)
        .fetch_one(self.pool())
        .await?;
        Ok((cities, total))
    }

    /// Every recorded badge (the CSV), by kind, city and year.
    pub async fn all_badges(&self) -> StoreResult<Vec<Badge>> {
        Ok(sqlx::query_as(&format!(
            "{BADGE_SELECT} ORDER BY b.kind, m.search_name, b.year"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn plans_of(&self, municipality_id: i64) -> StoreResult<Vec<Plan>> {
        Ok(sqlx::query_as(&format!(
            "{PLAN_SELECT} WHERE p.municipality_id = $1 ORDER BY p.updated_at DESC, p.id DESC"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn all_plans(&self) -> StoreResult<Vec<Plan>> {
        Ok(
            sqlx::query_as(&format!("{PLAN_SELECT} ORDER BY m.search_name, p.id"))
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Status history of a municipality's plans, oldest first.
    pub async fn plan_history_of(
        &self,
        municipality_id: i64,
    ) -> StoreResult<Vec<PlanStatusChange>> {
        Ok(sqlx::query_as(
            "SELECT h.plan_id, h.status, h.changed_on, h.note_es, h.note_en
             FROM plan_status_history h JOIN plans p ON p.id = h.plan_id
             WHERE p.municipality_id = $1
             ORDER BY h.plan_id, h.created_at, h.id",
        )
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Status history of every plan, oldest first within each plan.
    pub async fn all_plan_history(&self) -> StoreResult<Vec<PlanStatusChange>> {
        Ok(sqlx::query_as(
            "SELECT h.plan_id, h.status, h.changed_on, h.note_es, h.note_en
             FROM plan_status_history h ORDER BY h.plan_id, h.created_at, h.id",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn programmes(&self) -> StoreResult<Vec<Programme>> {
        Ok(sqlx::query_as(
            "SELECT slug, kind, title_es, title_en, description_es, description_en
             FROM programmes ORDER BY position, slug",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn programmes_of(&self, municipality_id: i64) -> StoreResult<Vec<Programme>> {
        Ok(sqlx::query_as(
            "SELECT p.slug, p.kind, p.title_es, p.title_en, p.description_es, p.description_en
             FROM programmes p JOIN programme_participants pp ON pp.programme_id = p.id
             WHERE pp.municipality_id = $1 ORDER BY p.position, p.slug",
        )
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn exchanges_of(
        &self,
        municipality_id: i64,
    ) -> StoreResult<Vec<ExchangeParticipation>> {
        Ok(sqlx::query_as(&format!(
            "{PARTICIPATION_SELECT} WHERE ep.municipality_id = $1 ORDER BY e.year"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn diploma_cohorts_of(&self, municipality_id: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT c.year FROM diploma_cohorts c
             JOIN diploma_participants dp ON dp.cohort_id = c.id
             WHERE dp.municipality_id = $1 ORDER BY c.year",
        )
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn forum_seats(&self) -> StoreResult<Vec<ForumSeat>> {
        Ok(sqlx::query_as(
            "SELECT m.slug AS municipality_slug, m.name AS municipality_name, f.forum_es,
                f.forum_en
             FROM forum_representatives f JOIN municipalities m ON m.id = f.municipality_id
             ORDER BY m.search_name",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn forum_seats_of(&self, municipality_id: i64) -> StoreResult<Vec<ForumSeat>> {
        Ok(sqlx::query_as(
            "SELECT m.slug AS municipality_slug, m.name AS municipality_name, f.forum_es,
                f.forum_en
             FROM forum_representatives f JOIN municipalities m ON m.id = f.municipality_id
             WHERE f.municipality_id = $1",
        )
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn documents_of(&self, municipality_id: i64) -> StoreResult<Vec<Document>> {
        Ok(sqlx::query_as(&format!(
            "{DOCUMENT_SELECT} WHERE municipality_id = $1 ORDER BY position, slug"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn guides(&self) -> StoreResult<Vec<Document>> {
        Ok(sqlx::query_as(&format!(
            "{DOCUMENT_SELECT} WHERE kind = 'guide' ORDER BY position, slug"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn guide_by_slug(&self, slug: &str) -> StoreResult<Option<Document>> {
        Ok(sqlx::query_as(&format!(
            "{DOCUMENT_SELECT} WHERE kind = 'guide' AND slug = $1"
        ))
        .bind(slug)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn document_by_slug(&self, slug: &str) -> StoreResult<Option<Document>> {
        Ok(
            sqlx::query_as(&format!("{DOCUMENT_SELECT} WHERE slug = $1"))
                .bind(slug)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn diploma_cohorts(&self) -> StoreResult<Vec<DiplomaCohort>> {
        Ok(sqlx::query_as(
            "SELECT c.year, c.title_es, c.title_en, o.name_es AS university_name_es,
                o.name_en AS university_name_en, o.acronym AS university_acronym,
                c.postgraduate_certification, c.plans_presented, c.plans_reported_to_cdp,
                c.notes_es, c.notes_en
             FROM diploma_cohorts c JOIN organisations o ON o.id = c.university_id
             ORDER BY c.year",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn exchanges(&self) -> StoreResult<Vec<Exchange>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.year, e.country_es, e.country_en, o.name_en AS partner_name,
                o.description_es AS partner_description_es,
                o.description_en AS partner_description_en, e.description_es, e.description_en
             FROM exchanges e JOIN organisations o ON o.id = e.partner_id
             ORDER BY e.year",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn exchange_host_cities(&self) -> StoreResult<Vec<ExchangeHostCity>> {
        Ok(sqlx::query_as(
            "SELECT exchange_id, name FROM exchange_host_cities ORDER BY exchange_id, position",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn exchange_participations(&self) -> StoreResult<Vec<ExchangeParticipation>> {
        Ok(sqlx::query_as(&format!(
            "{PARTICIPATION_SELECT} ORDER BY e.year, ep.position"
        ))
        .fetch_all(self.pool())
        .await?)
    }
}

/// The conditions of the municipality list's filters, only those set.
fn municipality_conditions(filter: &MunicipalityFilter) -> Conditions {
    let mut conditions = Conditions::new();
    if let Some(supported) = filter.supported {
        conditions.and_equals("m.supported_by_strategy", Arg::Int(i64::from(supported)));
    }
    if let Some(department) = &filter.department {
        conditions.and_equals("m.department", Arg::Text(department.clone()));
    }
    if let Some(kind) = &filter.badge_kind {
        let value = conditions.param(Arg::Text(kind.clone()));
        conditions.and(format!(
            "EXISTS (SELECT 1 FROM badges b WHERE b.municipality_id = m.id AND b.kind = {value})"
        ));
    }
    match filter.plan_status.as_deref() {
        None => {}
        Some(PLAN_NONE) => {
            conditions.and("NOT EXISTS (SELECT 1 FROM plans p WHERE p.municipality_id = m.id)")
        }
        Some(status) => {
            let value = conditions.param(Arg::Text(status.to_string()));
            conditions.and(format!(
                "EXISTS (SELECT 1 FROM plans p WHERE p.municipality_id = m.id AND p.status = {value})"
            ));
        }
    }
    if let Some(query) = &filter.name_query {
        let value = conditions.param(Arg::Text(like_pattern(query)));
        conditions.and(format!("m.search_name LIKE {value} ESCAPE '\\'"));
    }
    conditions
}

const DOCUMENT_SELECT: &str = "SELECT slug, kind, title_es, title_en, summary_es, summary_en,
        audience_es, audience_en, language, status, version, file_name, content_type,
        size_bytes, published_at, updated_at,
        (SELECT f.uploaded_at FROM files f WHERE f.id = documents.current_file_id) AS file_date
     FROM documents";
