use time::macros::date;

use super::import::{RowAction, plan_against};
use super::sheet::SheetRow;
use super::*;
use crate::domain::progress::PhaseBasis;
use crate::store::{Phase, Pillar};

fn pillar(id: i64, code: &str, badge: &str, counts: bool) -> Pillar {
    Pillar {
        id,
        code: code.into(),
        name_es: code.into(),
        name_en: code.into(),
        description_es: String::new(),
        description_en: String::new(),
        badge_kind: Some(badge.into()),
        counts_for_compliance: i64::from(counts),
        position: id,
    }
}

fn phase(id: i64, pillar_id: i64, code: &str, years: i64) -> Phase {
    Phase {
        id,
        pillar_id,
        code: code.into(),
        name_es: code.into(),
        name_en: code.into(),
        description_es: String::new(),
        description_en: String::new(),
        deadline_years: Some(years),
        deadline_basis_es: None,
        deadline_basis_en: None,
        position: id,
    }
}

/// The migration's framework: mitigation and adaptation with three phases each, energy with none.
fn framework() -> Framework {
    Framework {
        pillars: vec![
            pillar(1, "mitigation", "mitigation", true),
            pillar(2, "adaptation", "adaptation", true),
            pillar(3, "energy_access", "energy", false),
        ],
        phases: vec![
            phase(1, 1, "inventory", 1),
            phase(2, 1, "target", 2),
            phase(3, 1, "plan", 3),
            phase(4, 2, "assessment", 1),
            phase(5, 2, "goal", 2),
            phase(6, 2, "plan", 3),
        ],
    }
}

fn city(id: i64, slug: &str, commitment: Option<&str>, compliance: Option<i64>) -> ProgressCity {
    ProgressCity {
        id,
        slug: slug.into(),
        name: slug.to_uppercase(),
        ubigeo: Some(format!("1501{id:02}")),
        department: "Lima".into(),
        supported_by_strategy: 1,
        gcom_commitment_date: commitment.map(str::to_string),
        gcom_commitment_source: None,
        compliance_badges: i64::from(compliance.is_some()),
        compliance_year: compliance,
        row_version: 1,
    }
}

fn entry(id: i64, city: i64, phase: i64, status: &str, year: Option<i64>) -> ProgressEntry {
    ProgressEntry {
        id,
        municipality_id: city,
        phase_id: phase,
        status: status.into(),
        reporting_year: year,
        platform: None,
        evidence_url: None,
        note_es: None,
        note_en: None,
        updated_at: "2026-01-01T00:00:00Z".into(),
        updated_by: "coordinator".into(),
        row_version: 1,
    }
}

fn badge(city: i64, kind: &str, year: Option<i64>) -> RecordedBadge {
    RecordedBadge {
        municipality_id: city,
        kind: kind.into(),
        year,
    }
}

const TODAY: Date = date!(2026 - 11 - 27);

#[test]
fn a_compliance_badge_implies_the_six_phases_and_a_record_overrides_one() {
    let framework = framework();
    let lima = city(1, "lima", None, Some(2023));
    let entries = [entry(1, 1, 3, "reported", Some(2025))];
    let progress = city_progress(
        &framework,
        lima,
        &entries,
        &[badge(1, "compliance", Some(2023))],
        TODAY,
    );
    let bases: Vec<PhaseBasis> = progress.cells.iter().map(|c| c.standing.basis).collect();
    assert_eq!(
        bases,
        [
            PhaseBasis::ImpliedByCompliance,
            PhaseBasis::ImpliedByCompliance,
            PhaseBasis::Recorded,
            PhaseBasis::ImpliedByCompliance,
            PhaseBasis::ImpliedByCompliance,
            PhaseBasis::ImpliedByCompliance,
        ]
    );
    assert!(
        progress
            .cells
            .iter()
            .all(|c| c.deadline_state == DeadlineState::Delivered)
    );
    // The recorded badge shows; the ledger alone does not support it (nothing validated).
    assert_eq!(
        progress.badges,
        [BadgeStanding {
            kind: "compliance",
            recorded: Some(Some(2023)),
            from_ledger: None,
        }]
    );
}

#[test]
fn without_records_every_phase_is_not_recorded_and_deadlines_unknown() {
    let progress = city_progress(&framework(), city(2, "ate", None, None), &[], &[], TODAY);
    assert!(
        progress
            .cells
            .iter()
            .all(|c| c.standing.basis == PhaseBasis::NotRecorded
                && c.deadline_state == DeadlineState::Unknown)
    );
    assert!(progress.badges.is_empty());
}

#[test]
fn deadlines_count_from_the_commitment_date() {
    let progress = city_progress(
        &framework(),
        city(2, "ate", Some("2024-03-01"), None),
        &[entry(1, 2, 1, "in_progress", None)],
        &[],
        TODAY,
    );
    let states: Vec<DeadlineState> = progress.cells.iter().map(|c| c.deadline_state).collect();
    use DeadlineState::*;
    // +1 year: 2025-03-01 (overdue); +2: 2026-03-01 (overdue); +3: 2027-03-01 (within six months).
    assert_eq!(
        states,
        [Overdue, Overdue, DueSoon, Overdue, Overdue, DueSoon]
    );
    let due: Vec<i64> = due_next(&progress).iter().map(|c| c.phase_id).collect();
    assert_eq!(due, [1, 4, 2, 5, 3, 6], "soonest deadline first");
}

#[test]
fn the_ledger_supports_pillar_badges_and_compliance() {
    let framework = framework();
    let entries: Vec<ProgressEntry> = (1..=6)
        .map(|phase| {
            let status = if phase == 3 { "awarded" } else { "validated" };
            entry(phase, 5, phase, status, Some(2020 + phase))
        })
        .collect();
    let progress = city_progress(
        &framework,
        city(5, "miraflores", None, None),
        &entries,
        &[badge(5, "mitigation", Some(2022))],
        TODAY,
    );
    assert_eq!(
        progress.badges,
        [
            BadgeStanding {
                kind: "mitigation",
                recorded: Some(Some(2022)),
                from_ledger: Some(Some(2023)),
            },
            BadgeStanding {
                kind: "compliance",
                recorded: None,
                from_ledger: Some(Some(2026)),
            },
        ]
    );
}

#[test]
fn achievements_are_grouped_by_term_with_the_undated_last() {
    let framework = framework();
    let entries = [
        entry(1, 1, 1, "validated", Some(2021)),
        entry(2, 1, 2, "reported", Some(2024)),
        entry(3, 1, 4, "in_progress", Some(2025)),
        entry(4, 1, 5, "awarded", None),
    ];
    let badges = [badge(1, "compliance", Some(2023))];
    let progress = city_progress(
        &framework,
        city(1, "lima", None, Some(2023)),
        &entries,
        &badges,
        TODAY,
    );
    let terms = achievements_by_term(&progress, &[], &badges);
    let labels: Vec<Option<String>> = terms
        .iter()
        .map(|(term, _)| term.map(|t| t.to_string()))
        .collect();
    assert_eq!(
        labels,
        [Some("2019–2022".into()), Some("2023–2026".into()), None]
    );
    assert_eq!(terms[1].1.len(), 2, "the 2024 report and the 2023 badge");
    assert!(
        !terms
            .iter()
            .flat_map(|(_, a)| a)
            .any(|a| matches!(a, Achievement::Phase { phase_id: 4, .. })),
        "work in progress is no achievement"
    );
}

#[test]
fn counts_per_phase_keep_implied_and_not_recorded_apart() {
    let framework = framework();
    let rows = board(
        &framework,
        vec![
            city(1, "lima", None, Some(2023)),
            city(2, "ate", None, None),
            city(3, "callao", None, None),
        ],
        &[entry(1, 2, 1, "reported", Some(2024))],
        &[],
        TODAY,
    );
    let counts = phase_counts(&rows, &framework);
    let inventory = &counts[0].1;
    assert_eq!(inventory.get("implied"), Some(&1));
    assert_eq!(inventory.get("reported"), Some(&1));
    assert_eq!(inventory.get("not_recorded"), Some(&1));
}

fn row(line: usize, cells: &[(&'static str, &str)]) -> SheetRow {
    SheetRow {
        line,
        cells: cells.iter().map(|(c, v)| (*c, v.to_string())).collect(),
    }
}

#[test]
fn an_import_plan_says_what_each_row_does_or_why_not() {
    let framework = framework();
    let cities = [city(1, "lima", None, None), city(2, "ate", None, None)];
    let stored = [entry(7, 1, 1, "validated", Some(2023))];
    let rows = vec![
        // Unchanged, by UBIGEO, with the status in capitals.
        row(
            2,
            &[
                ("municipality", "150101"),
                ("pillar", "mitigation"),
                ("phase", "inventory"),
                ("status", "VALIDATED"),
                ("year", "2023"),
            ],
        ),
        // Update: another year.
        row(
            3,
            &[
                ("municipality", "lima"),
                ("pillar", "mitigation"),
                ("phase", "target"),
                ("status", "reported"),
                ("year", "2024"),
            ],
        ),
        row(
            4,
            &[
                ("municipality", "ate"),
                ("pillar", "adaptation"),
                ("phase", "goal"),
                ("status", "in_progress"),
            ],
        ),
        row(
            5,
            &[
                ("municipality", "cusco"),
                ("pillar", "mitigation"),
                ("phase", "plan"),
                ("status", "reported"),
            ],
        ),
        row(
            6,
            &[
                ("municipality", "ate"),
                ("pillar", "energy"),
                ("phase", "plan"),
                ("status", "done"),
                ("year", "dos mil"),
            ],
        ),
        row(
            7,
            &[
                ("municipality", "ate"),
                ("pillar", "adaptation"),
                ("phase", "goal"),
                ("status", "reported"),
            ],
        ),
        row(
            8,
            &[
                ("municipality", "ate"),
                ("pillar", "adaptation"),
                ("phase", "plan"),
                ("status", "reported"),
                ("evidence_url", "ftp://x"),
            ],
        ),
    ];
    let plan = plan_against(&framework, &cities, &stored, rows);
    let actions: Vec<&RowAction> = plan.rows.iter().map(|r| &r.action).collect();
    assert_eq!(actions[0], &RowAction::Unchanged);
    assert_eq!(actions[1], &RowAction::Create, "target has no entry yet");
    assert_eq!(actions[2], &RowAction::Create);
    assert_eq!(
        actions[3],
        &RowAction::Refused(vec![("municipality", "import-unknown-municipality")])
    );
    assert_eq!(
        actions[4],
        &RowAction::Refused(vec![
            ("pillar", "import-unknown-pillar"),
            ("status", "import-bad-status"),
            ("year", "import-bad-year"),
        ])
    );
    assert_eq!(
        actions[5],
        &RowAction::Refused(vec![("phase", "import-repeated-row")])
    );
    assert!(matches!(actions[6], RowAction::Refused(p) if p[0].0 == "evidence_url"));
    assert!(!plan.is_applicable());
    assert_eq!(plan.count("create"), 2);

    // Updating a stored entry carries its id and version.
    let plan = plan_against(
        &framework,
        &cities,
        &stored,
        vec![row(
            2,
            &[
                ("municipality", "lima"),
                ("pillar", "mitigation"),
                ("phase", "inventory"),
                ("status", "awarded"),
                ("year", "2023"),
            ],
        )],
    );
    assert_eq!(plan.rows[0].action, RowAction::Update);
    assert!(plan.is_applicable() && plan.changes_anything());
    // The fingerprint changes when the stored entry's version does.
    let mut newer = stored.clone();
    newer[0].row_version = 2;
    let again = plan_against(
        &framework,
        &cities,
        &newer,
        vec![row(
            2,
            &[
                ("municipality", "lima"),
                ("pillar", "mitigation"),
                ("phase", "inventory"),
                ("status", "awarded"),
                ("year", "2023"),
            ],
        )],
    );
    assert_ne!(plan.fingerprint(), again.fingerprint());
}
