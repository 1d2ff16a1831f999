//! The charts of the public pages, made from their data with `crate::charts`, in the page's
//! language. Each page also shows the chart's numbers as a table.

use super::{BadgeTallyRow, PageCtx};
use crate::charts::{self, Bar, ChartText, Fill, PairedRow, Series, StackedRow};
use crate::domain::{BadgeKind, PlanStatus};
use crate::views::progress::{PhaseCount, STANDING_CODES};

/// Badges by kind: the national total the source reports beside those recorded by city.
pub fn badges_by_kind(ctx: &PageCtx, id: &str, tally: &[BadgeTallyRow]) -> String {
    let rows: Vec<PairedRow> = tally
        .iter()
        .filter_map(|row| {
            let kind = BadgeKind::parse(&row.kind)?;
            let reported = row.reported.unwrap_or(0);
            Some(PairedRow {
                label: ctx.t(kind.label_key()),
                values: [reported, row.recorded],
                value_texts: [
                    row.reported
                        .map_or_else(|| ctx.t("not-reported"), |n| ctx.number(n)),
                    ctx.number(row.recorded),
                ],
                href: None,
            })
        })
        .collect();
    let reported = Series {
        label: ctx.t("chart-reported-nationally"),
        fill: Fill::ReportedNationally,
    };
    let recorded = Series {
        label: ctx.t("chart-recorded-by-city"),
        fill: Fill::RecordedPerCity,
    };
    charts::paired_bars(
        &ChartText {
            id: id.to_string(),
            title: ctx.t("chart-badges-title"),
            description: ctx.t("chart-badges-description"),
        },
        &rows,
        [&reported, &recorded],
    )
}

/// Municipalities by the status of their plan, and those without a plan recorded; each bar
/// links to its list on the page.
pub fn plans_by_status(ctx: &PageCtx, counts: &[(String, usize)], none: usize) -> String {
    let mut bars: Vec<Bar> = counts
        .iter()
        .filter_map(|(code, count)| {
            let status = PlanStatus::parse(code)?;
            Some(Bar {
                label: ctx.t(status.label_key()),
                value: i64::try_from(*count).unwrap_or(0),
                value_text: ctx.number(i64::try_from(*count).unwrap_or(0)),
                fill: Fill::for_plan_status(status),
                href: Some(format!("#status-{code}")),
            })
        })
        .collect();
    bars.push(Bar {
        label: ctx.t("plan-none-recorded"),
        value: i64::try_from(none).unwrap_or(0),
        value_text: ctx.number(i64::try_from(none).unwrap_or(0)),
        fill: Fill::NotRecorded,
        href: Some("#status-none".to_string()),
    });
    charts::bars(
        &ChartText {
            id: "plans-chart".to_string(),
            title: ctx.t("chart-plans-title"),
            description: ctx.t("chart-plans-description"),
        },
        &bars,
    )
}

/// The budgeted total of plan measures by year (soles).
pub fn budget_by_year(ctx: &PageCtx, by_year: &[(i64, i64, i64)]) -> String {
    let bars: Vec<Bar> = by_year
        .iter()
        .map(|(year, total, _)| Bar {
            label: year.to_string(),
            value: *total,
            value_text: format!("S/ {}", ctx.number(*total)),
            fill: Fill::Brand,
            href: None,
        })
        .collect();
    charts::bars(
        &ChartText {
            id: "budget-chart".to_string(),
            title: ctx.t("budget-by-year-caption"),
            description: ctx.t("chart-budget-description"),
        },
        &bars,
    )
}

/// Municipalities per GCoM phase, split by where each stands (the board's counts).
pub fn phases(ctx: &PageCtx, counts: &[PhaseCount]) -> String {
    let segments: Vec<Series> = STANDING_CODES
        .iter()
        .map(|code| Series {
            label: ctx.label("phase-status", code),
            fill: Fill::for_phase_code(code).unwrap_or(Fill::NotRecorded),
        })
        .collect();
    let rows: Vec<StackedRow> = counts
        .iter()
        .map(|count| {
            let total: i64 = count.counts.iter().map(|c| c.2).sum();
            StackedRow {
                label: format!("{} — {}", count.pillar, count.phase),
                counts: count.counts.iter().map(|c| c.2).collect(),
                value_text: ctx.number(total),
                href: None,
            }
        })
        .collect();
    charts::stacked_bars(
        &ChartText {
            id: "phases-chart".to_string(),
            title: ctx.t("progress-counts-caption"),
            description: ctx.t("chart-phases-description"),
        },
        &rows,
        &segments,
    )
}
