//! GCoM progress as rules free of the store and the web: the status of a pillar's phase, what a
//! compliance badge implies, the badges a ledger supports, deadlines counted from a commitment
//! date, and Peru's municipal terms. The methodology page explains each rule to the public.

use std::fmt;

use time::{Date, Month};

code_enum!(
    /// Where one phase of one pillar stands for one municipality, as recorded in the ledger.
    /// `NotRecorded` says nothing about the city's work: only that nobody has recorded it.
    PhaseStatus, "phase-status", {
        NotRecorded => "not_recorded",
        InProgress => "in_progress",
        Reported => "reported",
        Validated => "validated",
        Awarded => "awarded",
        Expired => "expired",
    }
);

impl PhaseStatus {
    /// The city has done its part: reported (awaiting validation), validated or awarded.
    pub fn is_delivered(self) -> bool {
        matches!(
            self,
            PhaseStatus::Reported | PhaseStatus::Validated | PhaseStatus::Awarded
        )
    }

    /// The regional covenant has confirmed it (validated, or awarded a badge for it): what
    /// compliance asks of every mitigation and adaptation phase.
    pub fn is_completed(self) -> bool {
        matches!(self, PhaseStatus::Validated | PhaseStatus::Awarded)
    }
}

code_enum!(
    /// The badge the covenant awards for a pillar's phases (compliance is no pillar's).
    PillarBadge, "badge-kind", {
        Mitigation => "mitigation",
        Adaptation => "adaptation",
        Energy => "energy",
    }
);

code_enum!(
    /// Which Peruvian instrument a climate plan is: the GCoM/LAC programme's PLAC, the legal
    /// Plan Local de Cambio Climático (Ley 30754), or one document that is both.
    PlanType, "plan-type", {
        Plac => "plac",
        Plcc => "plcc",
        Both => "plac_plcc",
    }
);

code_enum!(
    /// Where a phase was reported.
    ReportingPlatform, "platform", {
        CdpIcleiTrack => "cdp_iclei_track",
        MyCovenant => "mycovenant",
        Other => "other",
    }
);

code_enum!(
    /// The sector a plan's measure acts on (the GPC's emission sectors and the usual
    /// adaptation sectors).
    MeasureSector, "sector", {
        StationaryEnergy => "stationary_energy",
        Transport => "transport",
        Waste => "waste",
        Industry => "industry",
        LandUse => "land_use",
        Water => "water",
        Health => "health",
        DisasterRisk => "disaster_risk",
        Ecosystems => "ecosystems",
        UrbanPlanning => "urban_planning",
        Governance => "governance",
        Other => "other",
    }
);

/// Why a phase shows the status it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseBasis {
    /// A coordinator recorded it in the ledger.
    Recorded,
    /// Nothing is recorded, but the city holds a compliance badge, and compliance means every
    /// mitigation and adaptation phase was completed (Pacto Global de Alcaldes LAC).
    ImpliedByCompliance,
    /// Nothing is recorded: unknown, never "not done".
    NotRecorded,
}

/// A phase of a city as shown: the recorded status, or what a compliance badge implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseStanding {
    pub status: PhaseStatus,
    pub basis: PhaseBasis,
    /// The reporting year recorded, or the compliance badge's year when implied.
    pub year: Option<i64>,
}

impl PhaseStanding {
    /// Whether the city has delivered the phase, by the record or by implication.
    pub fn is_delivered(&self) -> bool {
        self.basis == PhaseBasis::ImpliedByCompliance || self.status.is_delivered()
    }

    /// The code the pages show and filter on: the status, or `implied`.
    pub fn code(&self) -> &'static str {
        match self.basis {
            PhaseBasis::ImpliedByCompliance => "implied",
            _ => self.status.code(),
        }
    }
}

/// How a phase of a city stands, from its ledger entry (status, year) if any, whether the
/// phase's pillar counts for compliance, and the year of a recorded compliance badge (outer
/// `Some` when the city holds one). A recorded entry always wins: it is the newer, direct fact.
pub fn phase_standing(
    entry: Option<(PhaseStatus, Option<i64>)>,
    counts_for_compliance: bool,
    compliance_badge: Option<Option<i64>>,
) -> PhaseStanding {
    match (entry, compliance_badge) {
        (Some((status, year)), _) if status != PhaseStatus::NotRecorded => PhaseStanding {
            status,
            basis: PhaseBasis::Recorded,
            year,
        },
        (_, Some(year)) if counts_for_compliance => PhaseStanding {
            status: PhaseStatus::NotRecorded,
            basis: PhaseBasis::ImpliedByCompliance,
            year,
        },
        _ => PhaseStanding {
            status: PhaseStatus::NotRecorded,
            basis: PhaseBasis::NotRecorded,
            year: None,
        },
    }
}

/// One phase of a city's ledger as the badge derivations see it.
#[derive(Debug, Clone, Copy)]
pub struct LedgerPhase {
    pub counts_for_compliance: bool,
    pub status: PhaseStatus,
    pub year: Option<i64>,
}

/// Whether the ledger alone shows compliance: every phase of the pillars that count for it is
/// completed (validated or awarded). Returns the latest of their reporting years (`Some(None)`
/// when compliant but undated); `None` when the ledger does not show compliance.
pub fn compliance_from_ledger(phases: &[LedgerPhase]) -> Option<Option<i64>> {
    let counted: Vec<&LedgerPhase> = phases.iter().filter(|p| p.counts_for_compliance).collect();
    if counted.is_empty() || !counted.iter().all(|p| p.status.is_completed()) {
        return None;
    }
    Some(counted.iter().filter_map(|p| p.year).max())
}

/// Whether the ledger shows a pillar badge: some phase of the pillar awarded. Returns the
/// latest awarded year (`Some(None)` when awarded but undated).
pub fn pillar_badge_from_ledger(pillar_phases: &[LedgerPhase]) -> Option<Option<i64>> {
    let awarded: Vec<&LedgerPhase> = pillar_phases
        .iter()
        .filter(|p| p.status == PhaseStatus::Awarded)
        .collect();
    if awarded.is_empty() {
        return None;
    }
    Some(awarded.iter().filter_map(|p| p.year).max())
}

/// How a phase's deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeadlineState {
    /// The phase is delivered: no deadline to watch.
    Delivered,
    /// The deadline is more than six months away.
    OnTrack,
    /// The deadline is within the next six months (or today).
    DueSoon,
    /// The deadline has passed.
    Overdue,
    /// The phase has a deadline, but no commitment date is recorded to count it from.
    Unknown,
    /// The phase has no deadline (energy access, whose criteria are not settled).
    NoDeadline,
}

impl DeadlineState {
    /// Every state, in the order filters and legends list them.
    pub const ALL: &'static [DeadlineState] = &[
        DeadlineState::Overdue,
        DeadlineState::DueSoon,
        DeadlineState::OnTrack,
        DeadlineState::Unknown,
        DeadlineState::Delivered,
        DeadlineState::NoDeadline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeadlineState::Delivered => "delivered",
            DeadlineState::OnTrack => "on_track",
            DeadlineState::DueSoon => "due_soon",
            DeadlineState::Overdue => "overdue",
            DeadlineState::Unknown => "unknown",
            DeadlineState::NoDeadline => "no_deadline",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    pub fn label_key(self) -> String {
        format!("deadline-{}", self.code().replace('_', "-"))
    }

    /// Whether something is still to deliver with a known date (what "due and overdue" lists).
    pub fn needs_attention(self) -> bool {
        matches!(self, DeadlineState::DueSoon | DeadlineState::Overdue)
    }
}

impl fmt::Display for DeadlineState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How far ahead "due soon" looks.
pub const DUE_SOON_MONTHS: u32 = 6;

/// `date` plus `months` calendar months; a day the target month lacks becomes its last day
/// (29 February + 1 year = 28 February).
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1);
    let target = index + i64::from(months);
    let year = i32::try_from(target.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(target.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// A phase's deadline: `years` after the commitment date.
pub fn deadline(commitment: Date, years: i64) -> Option<Date> {
    add_months(commitment, u32::try_from(years).ok()?.checked_mul(12)?)
}

/// How a phase's deadline stands on `today`, with the deadline when one can be counted.
pub fn deadline_state(
    delivered: bool,
    deadline_years: Option<i64>,
    commitment: Option<Date>,
    today: Date,
) -> (DeadlineState, Option<Date>) {
    let Some(years) = deadline_years else {
        return (
            if delivered {
                DeadlineState::Delivered
            } else {
                DeadlineState::NoDeadline
            },
            None,
        );
    };
    let due = commitment.and_then(|c| deadline(c, years));
    if delivered {
        return (DeadlineState::Delivered, due);
    }
    let Some(due) = due else {
        return (DeadlineState::Unknown, None);
    };
    let state = if due < today {
        DeadlineState::Overdue
    } else if add_months(today, DUE_SOON_MONTHS).is_none_or(|horizon| due <= horizon) {
        DeadlineState::DueSoon
    } else {
        DeadlineState::OnTrack
    };
    (state, Some(due))
}

/// For an undelivered phase due `years` after the commitment, the commitment dates that divide
/// its deadline states on `today`: overdue for a commitment before the first date, due soon
/// from it and before the second, on track from the second. `deadline_state` stays the rule;
/// these bounds let the store filter by it (a commitment is stored as YYYY-MM-DD text, so
/// comparing the text compares the dates). `None` for a negative or huge `years`.
pub fn commitment_bounds(years: i64, today: Date) -> Option<(Date, Date)> {
    // The first commitment whose deadline is not before `today`, and the first whose deadline
    // is past the due-soon horizon: a deadline never moves back as the commitment moves
    // forward, so each is found by walking forward from a few days before its rough place.
    let first_with = |reached: &dyn Fn(Date) -> bool, target: Date| -> Option<Date> {
        let rough = Date::from_calendar_date(
            target.year() - i32::try_from(years).ok()?,
            target.month(),
            1,
        )
        .ok()?;
        let mut day = rough - time::Duration::days(3);
        for _ in 0..40 {
            if reached(deadline(day, years)?) {
                return Some(day);
            }
            day = day.next_day()?;
        }
        None
    };
    let overdue_before = first_with(&|due| due >= today, today)?;
    let on_track_from = match add_months(today, DUE_SOON_MONTHS) {
        Some(horizon) => first_with(&|due| due > horizon, horizon)?,
        // No horizon can be counted: every phase still ahead is due soon.
        None => Date::MAX,
    };
    Some((overdue_before, on_track_from))
}

/// A date as stored ("2024-02-29").
pub fn date_text(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Parses a stored date (YYYY-MM-DD).
pub fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).ok()
}

/// Today in Peru (UTC−5 all year: Peru keeps no daylight saving time).
pub fn today_in_peru() -> Date {
    let peru = time::UtcOffset::from_hms(-5, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::now_utc().to_offset(peru).date()
}

/// A term of Peru's municipal authorities: four calendar years (Constitución Política del
/// Perú, art. 194), 2023–2026, then 2027–2030 for those elected in 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MunicipalTerm {
    pub start: i32,
}

impl MunicipalTerm {
    /// A year in which a term began (1 January 2023).
    const ANCHOR: i32 = 2023;
    const YEARS: i32 = 4;

    /// The term that includes `year`.
    pub fn of_year(year: i32) -> Self {
        let offset = (year - Self::ANCHOR).div_euclid(Self::YEARS) * Self::YEARS;
        MunicipalTerm {
            start: Self::ANCHOR + offset,
        }
    }

    pub fn of_date(date: Date) -> Self {
        Self::of_year(date.year())
    }

    /// The term of a stored year, if it is one.
    pub fn of_stored_year(year: Option<i64>) -> Option<Self> {
        year.and_then(|y| i32::try_from(y).ok()).map(Self::of_year)
    }

    pub fn end(self) -> i32 {
        self.start + Self::YEARS - 1
    }

    pub fn next(self) -> Self {
        MunicipalTerm {
            start: self.start + Self::YEARS,
        }
    }

    /// The day the term's authorities take office.
    pub fn first_day(self) -> Option<Date> {
        Date::from_calendar_date(self.start, Month::January, 1).ok()
    }

    pub fn contains(self, date: Date) -> bool {
        Self::of_date(date) == self
    }
}

impl fmt::Display for MunicipalTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.start, self.end())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn commitment_bounds_divide_the_deadline_states_as_the_rule_does() {
        let todays = [
            date!(2026 - 11 - 28),
            date!(2024 - 02 - 29),
            date!(2025 - 02 - 28),
            date!(2025 - 03 - 01),
            date!(2025 - 08 - 31),
            date!(2026 - 01 - 01),
        ];
        for today in todays {
            for years in 0..=4 {
                let (overdue_before, on_track_from) =
                    commitment_bounds(years, today).expect("bounds");
                let mut day = today - time::Duration::days(366 * (years + 1) + 40);
                while day < today + time::Duration::days(400) {
                    let (state, _) = deadline_state(false, Some(years), Some(day), today);
                    let by_bounds = if day < overdue_before {
                        DeadlineState::Overdue
                    } else if day < on_track_from {
                        DeadlineState::DueSoon
                    } else {
                        DeadlineState::OnTrack
                    };
                    assert_eq!(
                        state, by_bounds,
                        "{years} years, committed {day}, on {today}"
                    );
                    day = day.next_day().expect("a day");
                }
            }
        }
        assert_eq!(date_text(date!(2024 - 02 - 09)), "2024-02-09");
    }

    fn phase(counts: bool, status: PhaseStatus, year: Option<i64>) -> LedgerPhase {
        LedgerPhase {
            counts_for_compliance: counts,
            status,
            year,
        }
    }

    #[test]
    fn a_recorded_entry_wins_and_compliance_implies_only_counted_phases() {
        let recorded = phase_standing(Some((PhaseStatus::Reported, Some(2025))), true, Some(None));
        assert_eq!(recorded.basis, PhaseBasis::Recorded);
        assert_eq!(recorded.status, PhaseStatus::Reported);
        let implied = phase_standing(None, true, Some(Some(2023)));
        assert_eq!(implied.basis, PhaseBasis::ImpliedByCompliance);
        assert_eq!(implied.year, Some(2023));
        assert!(implied.is_delivered());
        assert_eq!(implied.code(), "implied");
        // An entry left at "not recorded" is no entry.
        let blank = phase_standing(Some((PhaseStatus::NotRecorded, None)), true, Some(None));
        assert_eq!(blank.basis, PhaseBasis::ImpliedByCompliance);
        // Energy access does not count for compliance: nothing is implied for it.
        let energy = phase_standing(None, false, Some(Some(2023)));
        assert_eq!(energy.basis, PhaseBasis::NotRecorded);
        assert!(!energy.is_delivered());
        let unknown = phase_standing(None, true, None);
        assert_eq!(unknown.code(), "not_recorded");
    }

    #[test]
    fn compliance_needs_every_counted_phase_completed() {
        use PhaseStatus::*;
        let mut phases = vec![
            phase(true, Validated, Some(2021)),
            phase(true, Awarded, Some(2022)),
            phase(true, Awarded, None),
            phase(false, NotRecorded, None),
        ];
        assert_eq!(compliance_from_ledger(&phases), Some(Some(2022)));
        phases[0].status = Reported;
        assert_eq!(
            compliance_from_ledger(&phases),
            None,
            "reported is not validated"
        );
        phases[0].status = Expired;
        assert_eq!(compliance_from_ledger(&phases), None);
        assert_eq!(compliance_from_ledger(&[phase(false, Awarded, None)]), None);
        assert_eq!(compliance_from_ledger(&[]), None);
    }

    #[test]
    fn a_pillar_badge_needs_an_awarded_phase() {
        use PhaseStatus::*;
        assert_eq!(
            pillar_badge_from_ledger(&[phase(true, Validated, Some(2020))]),
            None
        );
        assert_eq!(
            pillar_badge_from_ledger(&[
                phase(true, Awarded, Some(2020)),
                phase(true, Awarded, Some(2023)),
                phase(true, InProgress, Some(2025)),
            ]),
            Some(Some(2023))
        );
        assert_eq!(
            pillar_badge_from_ledger(&[phase(true, Awarded, None)]),
            Some(None)
        );
    }

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(
            add_months(date!(2024 - 02 - 29), 12),
            Some(date!(2025 - 02 - 28))
        );
        assert_eq!(
            add_months(date!(2024 - 08 - 31), 6),
            Some(date!(2025 - 02 - 28))
        );
        assert_eq!(
            add_months(date!(2024 - 12 - 15), 1),
            Some(date!(2025 - 01 - 15))
        );
        assert_eq!(
            deadline(date!(2022 - 03 - 10), 3),
            Some(date!(2025 - 03 - 10))
        );
        assert_eq!(deadline(date!(2022 - 03 - 10), -1), None);
    }

    #[test]
    fn deadline_states_at_their_boundaries() {
        let commitment = Some(date!(2024 - 01 - 15));
        // Deadline one year on: 2025-01-15.
        let state = |today| deadline_state(false, Some(1), commitment, today).0;
        assert_eq!(state(date!(2025 - 01 - 16)), DeadlineState::Overdue);
        assert_eq!(
            state(date!(2025 - 01 - 15)),
            DeadlineState::DueSoon,
            "due today"
        );
        assert_eq!(
            state(date!(2024 - 07 - 15)),
            DeadlineState::DueSoon,
            "six months ahead"
        );
        assert_eq!(state(date!(2024 - 07 - 14)), DeadlineState::OnTrack);
        assert_eq!(
            deadline_state(false, Some(1), commitment, date!(2025 - 01 - 16)).1,
            Some(date!(2025 - 01 - 15))
        );
        // Delivered wins, even late; no commitment date: unknown; no deadline: none.
        assert_eq!(
            deadline_state(true, Some(1), commitment, date!(2030 - 01 - 01)).0,
            DeadlineState::Delivered
        );
        assert_eq!(
            deadline_state(false, Some(1), None, date!(2025 - 01 - 01)),
            (DeadlineState::Unknown, None)
        );
        assert_eq!(
            deadline_state(false, None, commitment, date!(2025 - 01 - 01)).0,
            DeadlineState::NoDeadline
        );
        assert_eq!(
            deadline_state(true, None, None, date!(2025 - 01 - 01)).0,
            DeadlineState::Delivered
        );
    }

    #[test]
    fn deadline_states_read_back_from_their_codes() {
        for state in DeadlineState::ALL {
            assert_eq!(DeadlineState::parse(state.code()), Some(*state));
        }
        assert_eq!(DeadlineState::parse("late"), None);
    }

    #[test]
    fn municipal_terms_are_four_calendar_years() {
        assert_eq!(MunicipalTerm::of_year(2023).to_string(), "2023–2026");
        assert_eq!(MunicipalTerm::of_year(2026).start, 2023);
        assert_eq!(MunicipalTerm::of_year(2027).to_string(), "2027–2030");
        assert_eq!(MunicipalTerm::of_year(2022).to_string(), "2019–2022");
        assert_eq!(MunicipalTerm::of_year(2015).start, 2015);
        assert_eq!(MunicipalTerm::of_year(2023).next().start, 2027);
        assert_eq!(
            MunicipalTerm::of_year(2027).first_day(),
            Some(date!(2027 - 01 - 01))
        );
        assert!(MunicipalTerm::of_year(2023).contains(date!(2026 - 12 - 31)));
        assert!(!MunicipalTerm::of_year(2023).contains(date!(2027 - 01 - 01)));
        assert_eq!(
            MunicipalTerm::of_stored_year(Some(2024)).map(|t| t.start),
            Some(2023)
        );
        assert_eq!(MunicipalTerm::of_stored_year(None), None);
    }

    #[test]
    fn statuses_know_what_is_delivered_and_completed() {
        use PhaseStatus::*;
        let delivered: Vec<_> = PhaseStatus::ALL
            .iter()
            .filter(|s| s.is_delivered())
            .collect();
        assert_eq!(delivered, [&Reported, &Validated, &Awarded]);
        let completed: Vec<_> = PhaseStatus::ALL
            .iter()
            .filter(|s| s.is_completed())
            .collect();
        assert_eq!(completed, [&Validated, &Awarded]);
    }
}
