//! GCoM progress read for the pages: each city's phases as they stand (recorded, implied by a
//! compliance badge, or not recorded), their deadlines, the badges the ledger supports, what each
//! municipal term achieved and what is due next. Built from the store's rows with the rules of
//! `domain::progress`; nothing here knows the web, and only `import` reads and writes the store.

pub mod import;
pub mod sheet;

use std::collections::BTreeMap;

use time::Date;

use crate::domain::BadgeKind;
use crate::domain::progress::{
    DeadlineState, LedgerPhase, MunicipalTerm, PhaseStanding, PhaseStatus, compliance_from_ledger,
    deadline_state, parse_date, phase_standing, pillar_badge_from_ledger,
};
use crate::store::{Framework, Phase, PlanRecord, ProgressCity, ProgressEntry, RecordedBadge};

/// One phase of one city.
#[derive(Debug, Clone)]
pub struct PhaseCell {
    pub phase_id: i64,
    pub standing: PhaseStanding,
    pub deadline: Option<Date>,
    pub deadline_state: DeadlineState,
    /// The ledger's entry, when one is recorded.
    pub entry: Option<ProgressEntry>,
}

/// Where a badge shown for a city comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeStanding {
    /// The badge kind's code.
    pub kind: &'static str,
    /// The year of the recorded badge, if one is recorded (`Some(None)`: recorded, undated).
    pub recorded: Option<Option<i64>>,
    /// The year the ledger supports it from, if it does.
    pub from_ledger: Option<Option<i64>>,
}

/// A city's progress: its phases in the framework's order, and its badges.
#[derive(Debug, Clone)]
pub struct CityProgress {
    pub city: ProgressCity,
    pub commitment: Option<Date>,
    pub cells: Vec<PhaseCell>,
    pub badges: Vec<BadgeStanding>,
}

impl CityProgress {
    pub fn cell(&self, phase_id: i64) -> Option<&PhaseCell> {
        self.cells.iter().find(|c| c.phase_id == phase_id)
    }

    /// The year of a recorded compliance badge (outer `Some` when there is one).
    fn compliance_badge(city: &ProgressCity) -> Option<Option<i64>> {
        (city.compliance_badges > 0).then_some(city.compliance_year)
    }
}

/// Every city's progress. `entries` and `badges` may hold every city's rows: they are split by
/// city first, so the work grows with the rows, not with cities times rows.
pub fn board(
    framework: &Framework,
    cities: Vec<ProgressCity>,
    entries: &[ProgressEntry],
    badges: &[RecordedBadge],
    today: Date,
) -> Vec<CityProgress> {
    let mut entries_of: BTreeMap<i64, Vec<ProgressEntry>> = BTreeMap::new();
    for entry in entries {
        entries_of
            .entry(entry.municipality_id)
            .or_default()
            .push(entry.clone());
    }
    let mut badges_of: BTreeMap<i64, Vec<RecordedBadge>> = BTreeMap::new();
    for badge in badges {
        badges_of
            .entry(badge.municipality_id)
            .or_default()
            .push(badge.clone());
    }
    cities
        .into_iter()
        .map(|city| {
            let entries = entries_of.remove(&city.id).unwrap_or_default();
            let badges = badges_of.remove(&city.id).unwrap_or_default();
            city_progress(framework, city, &entries, &badges, today)
        })
        .collect()
}

/// One city's progress (rows of other cities in `entries` and `badges` are ignored).
pub fn city_progress(
    framework: &Framework,
    city: ProgressCity,
    entries: &[ProgressEntry],
    badges: &[RecordedBadge],
    today: Date,
) -> CityProgress {
    let commitment = city.gcom_commitment_date.as_deref().and_then(parse_date);
    let compliance_badge = CityProgress::compliance_badge(&city);
    let cells: Vec<PhaseCell> = framework
        .phases
        .iter()
        .map(|phase| {
            let entry = entries
                .iter()
                .find(|e| e.municipality_id == city.id && e.phase_id == phase.id)
                .cloned();
            let recorded = entry.as_ref().and_then(|e| {
                PhaseStatus::parse(&e.status).map(|status| (status, e.reporting_year))
            });
            let standing = phase_standing(
                recorded,
                framework.counts_for_compliance(phase),
                compliance_badge,
            );
            let (deadline_state, deadline) = deadline_state(
                standing.is_delivered(),
                phase.deadline_years,
                commitment,
                today,
            );
            PhaseCell {
                phase_id: phase.id,
                standing,
                deadline,
                deadline_state,
                entry,
            }
        })
        .collect();
    let city_badges: Vec<&RecordedBadge> = badges
        .iter()
        .filter(|b| b.municipality_id == city.id)
        .collect();
    let badges = badge_standings(framework, &cells, &city_badges);
    CityProgress {
        city,
        commitment,
        cells,
        badges,
    }
}

/// The badges of a city: each recorded one, and each the ledger supports, side by side.
fn badge_standings(
    framework: &Framework,
    cells: &[PhaseCell],
    recorded: &[&RecordedBadge],
) -> Vec<BadgeStanding> {
    let recorded_year = |kind: BadgeKind| {
        let years: Vec<Option<i64>> = recorded
            .iter()
            .filter(|b| b.kind == kind.code())
            .map(|b| b.year)
            .collect();
        (!years.is_empty()).then(|| years.into_iter().flatten().max())
    };
    let ledger = |phases: &mut dyn Iterator<Item = &Phase>| -> Vec<LedgerPhase> {
        phases
            .filter_map(|phase| {
                let cell = cells.iter().find(|c| c.phase_id == phase.id)?;
                let status = match cell.standing.basis {
                    crate::domain::progress::PhaseBasis::Recorded => cell.standing.status,
                    _ => PhaseStatus::NotRecorded,
                };
                Some(LedgerPhase {
                    counts_for_compliance: framework.counts_for_compliance(phase),
                    status,
                    year: cell.standing.year,
                })
            })
            .collect()
    };
    let mut standings = Vec::new();
    for kind in BadgeKind::ALL {
        let from_ledger = if *kind == BadgeKind::Compliance {
            compliance_from_ledger(&ledger(&mut framework.phases.iter()))
        } else {
            framework
                .pillars
                .iter()
                .filter(|p| p.badge_kind.as_deref() == Some(kind.code()))
                .find_map(|pillar| {
                    pillar_badge_from_ledger(&ledger(&mut framework.phases_of(pillar.id)))
                })
        };
        let recorded = recorded_year(*kind);
        if recorded.is_some() || from_ledger.is_some() {
            standings.push(BadgeStanding {
                kind: kind.code(),
                recorded,
                from_ledger,
            });
        }
    }
    standings
}

/// How many cities stand at each code (`PhaseStanding::code`) of each phase.
pub fn phase_counts(
    rows: &[CityProgress],
    framework: &Framework,
) -> Vec<(i64, BTreeMap<String, i64>)> {
    framework
        .phases
        .iter()
        .map(|phase| {
            let mut counts = BTreeMap::new();
            for row in rows {
                if let Some(cell) = row.cell(phase.id) {
                    *counts.entry(cell.standing.code().to_string()).or_default() += 1;
                }
            }
            (phase.id, counts)
        })
        .collect()
}

/// Something a city achieved, dated by year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Achievement {
    /// A phase recorded as delivered (reported, validated, awarded).
    Phase { phase_id: i64, status: PhaseStatus },
    /// A plan approved (by ordinance).
    PlanApproved { plan_id: i64 },
    /// A badge recorded.
    Badge { kind: String },
}

/// What each municipal term achieved, oldest first; undated achievements last (term `None`).
pub fn achievements_by_term(
    progress: &CityProgress,
    plans: &[PlanRecord],
    badges: &[RecordedBadge],
) -> Vec<(Option<MunicipalTerm>, Vec<Achievement>)> {
    let mut by_term: BTreeMap<Option<MunicipalTerm>, Vec<Achievement>> = BTreeMap::new();
    for cell in &progress.cells {
        let Some(entry) = &cell.entry else { continue };
        let Some(status) = PhaseStatus::parse(&entry.status).filter(|s| s.is_delivered()) else {
            continue;
        };
        by_term
            .entry(MunicipalTerm::of_stored_year(entry.reporting_year))
            .or_default()
            .push(Achievement::Phase {
                phase_id: cell.phase_id,
                status,
            });
    }
    for plan in plans
        .iter()
        .filter(|p| p.municipality_id == progress.city.id)
    {
        let approved = plan.approval_date.as_deref().and_then(parse_date);
        if approved.is_none() && plan.approval_instrument.is_none() {
            continue;
        }
        by_term
            .entry(approved.map(MunicipalTerm::of_date))
            .or_default()
            .push(Achievement::PlanApproved { plan_id: plan.id });
    }
    for badge in badges
        .iter()
        .filter(|b| b.municipality_id == progress.city.id)
    {
        by_term
            .entry(MunicipalTerm::of_stored_year(badge.year))
            .or_default()
            .push(Achievement::Badge {
                kind: badge.kind.clone(),
            });
    }
    // Dated terms in order, then the undated (None sorts first in a BTreeMap).
    let mut terms: Vec<_> = by_term.into_iter().collect();
    let undated = usize::from(terms.first().is_some_and(|(t, _)| t.is_none()));
    terms.rotate_left(undated);
    terms
}

/// The phases still to deliver, soonest deadline first; those without a computable deadline
/// after them.
pub fn due_next(progress: &CityProgress) -> Vec<&PhaseCell> {
    let mut due: Vec<&PhaseCell> = progress
        .cells
        .iter()
        .filter(|c| {
            !matches!(
                c.deadline_state,
                DeadlineState::Delivered | DeadlineState::NoDeadline
            )
        })
        .collect();
    due.sort_by_key(|c| (c.deadline.is_none(), c.deadline));
    due
}

#[cfg(test)]
mod tests;
