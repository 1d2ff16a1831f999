//! What the sitemap needs beyond the public pages' own queries: when each city's page last
//! changed, for all cities in one query.

use super::{Store, StoreResult};

impl Store {
    /// Every municipality's slug and when anything on its page last changed, by slug. The
    /// sources are those of `city_last_change` (the municipality, its badges, plans and ledger
    /// entries), read for all cities at once so that the sitemap costs one query, not one per
    /// city.
    pub async fn city_last_changes(&self) -> StoreResult<Vec<(String, Option<String>)>> {
        Ok(sqlx::query_as(
            "SELECT m.slug, MAX(c.updated_at)
             FROM municipalities m
             LEFT JOIN (SELECT id AS municipality_id, updated_at FROM municipalities
                        UNION ALL SELECT municipality_id, updated_at FROM badges
                        UNION ALL SELECT municipality_id, updated_at FROM plans
                        UNION ALL SELECT municipality_id, updated_at FROM progress_entries) c
               ON c.municipality_id = m.id
             GROUP BY m.slug
             ORDER BY m.slug",
        )
        .fetch_all(self.pool())
        .await?)
    }
}
