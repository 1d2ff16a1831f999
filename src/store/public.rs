//! Read queries behind the public pages.

use sqlx::FromRow;

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

    #[tracing::instrument(skip(self))]
    pub async fn list_municipalities(
        &self,
        filter: &MunicipalityFilter,
    ) -> StoreResult<Vec<MunicipalitySummary>> {
        // Each filter is "($n IS NULL OR condition)" so one statement serves every combination.
        let supported = filter.supported.map(i64::from);
        let no_plan = filter.plan_status.as_deref() == Some(PLAN_NONE);
        let plan_status = filter.plan_status.as_deref().filter(|s| *s != PLAN_NONE);
        let name_pattern = filter.name_query.as_deref().map(like_pattern);
        Ok(sqlx::query_as(
            "SELECT m.slug, m.ubigeo, m.name, m.kind, m.department, m.province, m.supported_by_strategy,
                m.latitude, m.longitude,
                (SELECT COUNT(*) FROM badges b WHERE b.municipality_id = m.id) AS badge_count,
                (SELECT p.status FROM plans p WHERE p.municipality_id = m.id
                   ORDER BY p.updated_at DESC, p.id DESC LIMIT 1) AS plan_status,
                COALESCE((SELECT p.inferred FROM plans p WHERE p.municipality_id = m.id
                   ORDER BY p.updated_at DESC, p.id DESC LIMIT 1), 0) AS plan_inferred
             FROM municipalities m
             WHERE ($1 IS NULL OR m.supported_by_strategy = $1)
               AND ($2 IS NULL OR m.department = $2)
               AND ($3 IS NULL OR EXISTS (SELECT 1 FROM badges b
                                          WHERE b.municipality_id = m.id AND b.kind = $3))
               AND ($4 IS NULL OR EXISTS (SELECT 1 FROM plans p
                                          WHERE p.municipality_id = m.id AND p.status = $4))
               AND ($5 = 0 OR NOT EXISTS (SELECT 1 FROM plans p WHERE p.municipality_id = m.id))
               AND ($6 IS NULL OR m.search_name LIKE $6 ESCAPE '\\')
             ORDER BY m.search_name",
        )
        .bind(supported)
        .bind(filter.department.as_deref())
        .bind(filter.badge_kind.as_deref())
        .bind(plan_status)
        .bind(i64::from(no_plan))
        .bind(name_pattern)
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

const DOCUMENT_SELECT: &str = "SELECT slug, kind, title_es, title_en, summary_es, summary_en,
        audience_es, audience_en, language, status, version, file_name, content_type,
        size_bytes, published_at, updated_at,
        (SELECT f.uploaded_at FROM files f WHERE f.id = documents.current_file_id) AS file_date
     FROM documents";
