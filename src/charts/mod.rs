//! Bar charts drawn on the server as SVG: no JavaScript, readable on a phone, usable by keyboard.
//!
//! Three shapes: [`bars`] (one bar per row), [`paired_bars`] (two series per row, say badges
//! reported nationally and recorded per city) and [`stacked_bars`] (one bar per row split into
//! segments, say a phase's municipalities by status). Each returns a whole `<svg>` element for a
//! template to embed as it is (askama `|safe`): every text and attribute is escaped here.
//!
//! The `viewBox` is 360 units wide and the SVG as wide as its container, so a phone 343 CSS px
//! wide draws 14-unit text at about 13 px. Each row puts its label on a line of its own above the
//! bar, so long names never squeeze the bars, and its value text right after the bar's end. Bar
//! lengths are proportional to value / largest value, on a scale short enough for the longest
//! bar to keep its value text in view. Colours come from CSS classes (`static/portal.css`,
//! "Charts") with a matching `fill` attribute as the fallback: no inline `style`, which the
//! Content-Security-Policy blocks.
//!
//! Pure functions of their input, like [`crate::map`]: the same rows give the same string.

use crate::domain::progress::{PhaseBasis, PhaseStanding, PhaseStatus};
use crate::domain::{BadgeKind, PlanStatus};
use crate::xml::escape;

/// The `viewBox` width; the height follows from the rows.
const WIDTH: f64 = 360.0;
/// Space around the drawing, and where labels and bars start.
const MARGIN: f64 = 8.0;
const PLOT_WIDTH: f64 = WIDTH - 2.0 * MARGIN;
const FONT_SIZE: f64 = 14.0;
/// A generous average glyph width in ems, to estimate text widths without the font: wide enough
/// for digits and nearly every letter of a sans-serif face, so estimates err on the long side.
const CHAR_WIDTH_EM: f64 = 0.6;
/// The longest label that fits the plot width at [`CHAR_WIDTH_EM`]; longer ones end in "…".
const MAX_LABEL_CHARS: usize = (PLOT_WIDTH / (FONT_SIZE * CHAR_WIDTH_EM)) as usize;
/// From a row's top to its label's baseline, and to its first bar's top.
const LABEL_BASELINE: f64 = 14.0;
const LABEL_LINE: f64 = 19.0;
const BAR_HEIGHT: f64 = 14.0;
/// From a bar's top to its value text's baseline: the text sits centred on the bar.
const VALUE_BASELINE: f64 = 11.5;
/// Between a bar's end and its value text.
const VALUE_GAP: f64 = 5.0;
/// Between the two bars of a paired row, and below every row.
const PAIR_GAP: f64 = 3.0;
const ROW_GAP: f64 = 6.0;
/// A positive value never draws shorter than this, so that it does not look like zero.
const MIN_BAR: f64 = 1.0;
/// White space between adjacent segments of a stacked bar, so that neighbours stay apart even
/// where their colours are hard to tell apart.
const SEGMENT_GAP: f64 = 1.0;
/// How far a link's target reaches below its last bar (rows stay apart by [`ROW_GAP`]).
const HIT_PAD: f64 = 3.0;
const LEGEND_SWATCH: f64 = 12.0;
/// From a legend swatch to its label, and from one legend item to the next.
const LEGEND_LABEL_GAP: f64 = 6.0;
const LEGEND_ITEM_GAP: f64 = 16.0;
const LEGEND_LINE: f64 = 22.0;
/// The fill of every text: the portal's ink colour (`--ink`).
const INK: &str = "#1b1f23";

/// The chart's accessible name and description, and the id prefix that ties them to the SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartText {
    /// Unique on the page: the SVG's `<title>` and `<desc>` get `{id}-title` and `{id}-desc`.
    pub id: String,
    pub title: String,
    /// What a reader who cannot see the bars should know: the chart's point, or its numbers.
    pub description: String,
}

/// The colour of a bar, a segment or a legend swatch: a class in `static/portal.css` with the
/// same colour repeated as a `fill` attribute (and a `stroke` for the light fills, whose edge
/// would not show against white otherwise). Every colour, or its outline, has at least 3:1
/// contrast with white (WCAG 1.4.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fill {
    /// No meaning of its own (say, budgeted measures by year): the portal's green.
    Brand,
    Mitigation,
    Adaptation,
    Energy,
    Compliance,
    /// A badge as reported nationally (the covenant's figures), against one recorded per city.
    ReportedNationally,
    RecordedPerCity,
    Awarded,
    Validated,
    /// The phase status "reported", not to be confused with [`Fill::ReportedNationally`].
    PhaseReported,
    /// Nothing recorded, but a compliance badge implies the phase: a lighter green, outlined.
    Implied,
    InProgress,
    Expired,
    NotRecorded,
    NotStarted,
    InPreparation,
    Submitted,
    Approved,
    Published,
}

/// A fill's class, colour and outline, kept side by side so that they cannot drift apart.
struct Paint {
    class: &'static str,
    colour: &'static str,
    outline: Option<&'static str>,
}

impl Fill {
    pub const ALL: &'static [Fill] = &[
        Fill::Brand,
        Fill::Mitigation,
        Fill::Adaptation,
        Fill::Energy,
        Fill::Compliance,
        Fill::ReportedNationally,
        Fill::RecordedPerCity,
        Fill::Awarded,
        Fill::Validated,
        Fill::PhaseReported,
        Fill::Implied,
        Fill::InProgress,
        Fill::Expired,
        Fill::NotRecorded,
        Fill::NotStarted,
        Fill::InPreparation,
        Fill::Submitted,
        Fill::Approved,
        Fill::Published,
    ];

    fn paint(self) -> Paint {
        const GREEN: &str = "#0b5d3b";
        const BLUE: &str = "#2b5d9b";
        const AMBER: &str = "#8a5a00";
        const RED: &str = "#b3261e";
        const GREY: &str = "#5f6b73";
        const PURPLE: &str = "#6a3d9a";
        let (class, colour, outline) = match self {
            Fill::Brand => ("fill-brand", GREEN, None),
            Fill::Mitigation => ("fill-mitigation", BLUE, None),
            Fill::Adaptation => ("fill-adaptation", GREEN, None),
            Fill::Energy => ("fill-energy", RED, None),
            Fill::Compliance => ("fill-compliance", AMBER, None),
            Fill::ReportedNationally => ("fill-reported", GREY, None),
            Fill::RecordedPerCity => ("fill-recorded", GREEN, None),
            Fill::Awarded => ("fill-awarded", AMBER, None),
            Fill::Validated => ("fill-validated", GREEN, None),
            Fill::PhaseReported => ("fill-reported-phase", BLUE, None),
            Fill::Implied => ("fill-implied", "#7fb69b", Some(GREEN)),
            Fill::InProgress => ("fill-in_progress", PURPLE, None),
            Fill::Expired => ("fill-expired", RED, None),
            Fill::NotRecorded => ("fill-not_recorded", "#c9d1cc", Some(GREY)),
            Fill::NotStarted => ("fill-not_started", GREY, None),
            Fill::InPreparation => ("fill-in_preparation", PURPLE, None),
            Fill::Submitted => ("fill-submitted", BLUE, None),
            Fill::Approved => ("fill-approved", GREEN, None),
            Fill::Published => ("fill-published", "#083f28", None),
        };
        Paint {
            class,
            colour,
            outline,
        }
    }

    /// The CSS class that colours the shape.
    pub fn class(self) -> &'static str {
        self.paint().class
    }

    /// The class's fill colour, repeated as the `fill` attribute.
    pub fn colour(self) -> &'static str {
        self.paint().colour
    }

    /// The class's stroke colour, for the light fills.
    pub fn outline(self) -> Option<&'static str> {
        self.paint().outline
    }

    pub fn for_badge_kind(kind: BadgeKind) -> Fill {
        match kind {
            BadgeKind::Mitigation => Fill::Mitigation,
            BadgeKind::Adaptation => Fill::Adaptation,
            BadgeKind::Energy => Fill::Energy,
            BadgeKind::Compliance => Fill::Compliance,
        }
    }

    pub fn for_plan_status(status: PlanStatus) -> Fill {
        match status {
            PlanStatus::NotStarted => Fill::NotStarted,
            PlanStatus::InPreparation => Fill::InPreparation,
            PlanStatus::Submitted => Fill::Submitted,
            PlanStatus::Approved => Fill::Approved,
            PlanStatus::Published => Fill::Published,
        }
    }

    pub fn for_phase_status(status: PhaseStatus) -> Fill {
        match status {
            PhaseStatus::NotRecorded => Fill::NotRecorded,
            PhaseStatus::InProgress => Fill::InProgress,
            PhaseStatus::Reported => Fill::PhaseReported,
            PhaseStatus::Validated => Fill::Validated,
            PhaseStatus::Awarded => Fill::Awarded,
            PhaseStatus::Expired => Fill::Expired,
        }
    }

    /// A phase as shown: its recorded status, or implied by a compliance badge.
    pub fn for_phase_standing(standing: &PhaseStanding) -> Fill {
        match standing.basis {
            PhaseBasis::ImpliedByCompliance => Fill::Implied,
            _ => Fill::for_phase_status(standing.status),
        }
    }

    /// The fill for a code of [`PhaseStanding::code`], the keys of
    /// [`crate::progress::phase_counts`]; `None` for an unknown code.
    pub fn for_phase_code(code: &str) -> Option<Fill> {
        match PhaseStatus::parse(code) {
            Some(status) => Some(Fill::for_phase_status(status)),
            // The one code that is no status (a unit test keeps it in step with the domain).
            None => (code == "implied").then_some(Fill::Implied),
        }
    }
}

/// One row of [`bars`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The full label; the chart shortens a long one and keeps it whole in a tooltip.
    pub label: String,
    /// Negative values count as 0.
    pub value: i64,
    /// The value as the page's language writes it ("1 500", "1,500", "no registrado"); drawn
    /// after the bar's end, even for a bar of zero length. Empty: nothing is drawn.
    pub value_text: String,
    pub fill: Fill,
    /// Makes the row (label, bar and value) one link.
    pub href: Option<String>,
}

/// A series of [`paired_bars`] or a segment kind of [`stacked_bars`], named in the legend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub label: String,
    pub fill: Fill,
}

/// One row of [`paired_bars`]: a value of each series, in the order of the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedRow {
    pub label: String,
    pub values: [i64; 2],
    pub value_texts: [String; 2],
    pub href: Option<String>,
}

/// One row of [`stacked_bars`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackedRow {
    pub label: String,
    /// One count per segment kind, in the order of the segments; missing counts are 0.
    pub counts: Vec<i64>,
    /// Drawn after the whole bar: the total, or "12 of 40", as the page's language writes it.
    pub value_text: String,
    pub href: Option<String>,
}

/// Horizontal bars, one per row: the label above the bar, the value text after its end.
pub fn bars(chart: &ChartText, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let full = full_length(
        bars.iter()
            .map(|b| (fraction(b.value, max), b.value_text.as_str())),
    );
    let row_height = LABEL_LINE + BAR_HEIGHT + ROW_GAP;
    let linked = bars.iter().any(|b| b.href.is_some());
    let mut svg = Svg::open(chart, chart_height(0.0, bars.len(), row_height), linked);
    for (i, bar) in bars.iter().enumerate() {
        let top = MARGIN + i as f64 * row_height;
        let href = bar.href.as_deref();
        svg.open_row(top, row_height, href, &titled(&bar.label, &bar.value_text));
        svg.label(top, &bar.label);
        let length = bar_length(fraction(bar.value, max), full);
        svg.bar(top + LABEL_LINE, length, bar.fill, None);
        svg.value(top + LABEL_LINE, length, &bar.value_text);
        svg.close_row(href);
    }
    svg.finish()
}

/// Two bars per row, one for each series in the order given, and a legend naming the series.
pub fn paired_bars(chart: &ChartText, rows: &[PairedRow], series: [&Series; 2]) -> String {
    let max = rows.iter().flat_map(|r| r.values).max().unwrap_or(0);
    let full = full_length(rows.iter().flat_map(|r| {
        r.values
            .iter()
            .zip(&r.value_texts)
            .map(|(&v, text)| (fraction(v, max), text.as_str()))
    }));
    let legend = Legend::lay_out(&series);
    let row_height = LABEL_LINE + 2.0 * BAR_HEIGHT + PAIR_GAP + ROW_GAP;
    let linked = rows.iter().any(|r| r.href.is_some());
    let height = chart_height(legend.height(), rows.len(), row_height);
    let mut svg = Svg::open(chart, height, linked);
    svg.legend(&legend);
    for (i, row) in rows.iter().enumerate() {
        let top = MARGIN + legend.height() + i as f64 * row_height;
        let href = row.href.as_deref();
        svg.open_row(top, row_height, href, &squashed(&row.label));
        svg.label(top, &row.label);
        for (k, series) in series.iter().enumerate() {
            let y = top + LABEL_LINE + k as f64 * (BAR_HEIGHT + PAIR_GAP);
            let length = bar_length(fraction(row.values[k], max), full);
            let title = titled(&series.label, &row.value_texts[k]);
            svg.bar(y, length, series.fill, Some(&title));
            svg.value(y, length, &row.value_texts[k]);
        }
        svg.close_row(href);
    }
    svg.finish()
}

/// One bar per row split into segments, in the order of `segments`; zero counts draw nothing,
/// and the legend lists only the segment kinds some row has. Each segment's tooltip gives its
/// kind and count.
pub fn stacked_bars(chart: &ChartText, rows: &[StackedRow], segments: &[Series]) -> String {
    let count = |row: &StackedRow, k: usize| row.counts.get(k).copied().unwrap_or(0).max(0);
    let total = |row: &StackedRow| (0..segments.len()).map(|k| count(row, k)).sum::<i64>();
    let max = rows.iter().map(total).max().unwrap_or(0);
    let full = full_length(
        rows.iter()
            .map(|r| (fraction(total(r), max), r.value_text.as_str())),
    );
    let present: Vec<&Series> = (0..segments.len())
        .filter(|&k| rows.iter().any(|r| count(r, k) > 0))
        .map(|k| &segments[k])
        .collect();
    let legend = Legend::lay_out(&present);
    let row_height = LABEL_LINE + BAR_HEIGHT + ROW_GAP;
    let linked = rows.iter().any(|r| r.href.is_some());
    let height = chart_height(legend.height(), rows.len(), row_height);
    let mut svg = Svg::open(chart, height, linked);
    svg.legend(&legend);
    for (i, row) in rows.iter().enumerate() {
        let top = MARGIN + legend.height() + i as f64 * row_height;
        let href = row.href.as_deref();
        svg.open_row(top, row_height, href, &titled(&row.label, &row.value_text));
        svg.label(top, &row.label);
        let counts: Vec<(&Series, i64)> = (0..segments.len())
            .map(|k| (&segments[k], count(row, k)))
            .filter(|&(_, n)| n > 0)
            .collect();
        let length = svg.segments(top + LABEL_LINE, &counts, max, full);
        svg.value(top + LABEL_LINE, length, &row.value_text);
        svg.close_row(href);
    }
    svg.finish()
}

/// `value / max`, between 0 and 1; 0 when nothing is positive (no division by zero).
fn fraction(value: i64, max: i64) -> f64 {
    if max <= 0 {
        0.0
    } else {
        value.clamp(0, max) as f64 / max as f64
    }
}

/// The length of a bar at fraction 1: the plot width, shortened so that every bar's value text
/// fits after its end. Never under half the plot width: past that, a very long value text is
/// drawn over the bar's end instead (see [`Svg::value`]).
fn full_length<'a>(ends: impl Iterator<Item = (f64, &'a str)>) -> f64 {
    let mut full = PLOT_WIDTH;
    for (fraction, text) in ends.filter(|&(f, _)| f > 0.0) {
        let room = PLOT_WIDTH - VALUE_GAP - text_width(text, FONT_SIZE);
        full = full.min(room / fraction);
    }
    round1(full.max(PLOT_WIDTH / 2.0))
}

/// A bar's length in tenths of a unit, at least [`MIN_BAR`] for a positive fraction.
fn bar_length(fraction: f64, full: f64) -> f64 {
    let length = round1(fraction * full);
    if fraction > 0.0 {
        length.max(MIN_BAR)
    } else {
        length
    }
}

fn chart_height(legend_height: f64, rows: usize, row_height: f64) -> f64 {
    let rows_height = (rows as f64 * row_height - ROW_GAP).max(0.0);
    (2.0 * MARGIN + legend_height + rows_height).ceil()
}

/// An estimate, on the long side, of how wide a text draws.
fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * CHAR_WIDTH_EM
}

/// Whitespace runs (newlines, tabs) as single spaces, the way SVG draws them.
fn squashed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max_chars` characters, the last an ellipsis when the text was cut.
fn shortened(text: &str, max_chars: usize) -> String {
    let text = squashed(text);
    if text.chars().count() <= max_chars {
        return text;
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// A tooltip: "label: value", or the label alone when there is no value text.
fn titled(label: &str, value_text: &str) -> String {
    let label = squashed(label);
    if value_text.is_empty() {
        label
    } else {
        format!("{label}: {value_text}")
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A number for an attribute: rounded to tenths, without a trailing ".0" or a "-0".
fn num(x: f64) -> String {
    // `as` saturates and maps NaN to 0, so no "NaN" or "inf" can reach the output.
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    if abs.is_multiple_of(10) {
        format!("{sign}{}", abs / 10)
    } else {
        format!("{sign}{}.{}", abs / 10, abs % 10)
    }
}

/// The legend's items placed on lines that wrap within the plot width.
struct Legend<'a> {
    items: Vec<LegendItem<'a>>,
    lines: usize,
}

struct LegendItem<'a> {
    series: &'a Series,
    label: String,
    x: f64,
    line: usize,
}

impl<'a> Legend<'a> {
    fn lay_out(series: &[&'a Series]) -> Legend<'a> {
        let swatch = LEGEND_SWATCH + LEGEND_LABEL_GAP;
        let max_chars = ((PLOT_WIDTH - swatch) / (FONT_SIZE * CHAR_WIDTH_EM)) as usize;
        let (mut x, mut line) = (MARGIN, 0);
        let mut items = Vec::with_capacity(series.len());
        for &s in series {
            let label = shortened(&s.label, max_chars);
            let width = swatch + text_width(&label, FONT_SIZE);
            if x > MARGIN && x + width > WIDTH - MARGIN {
                x = MARGIN;
                line += 1;
            }
            items.push(LegendItem {
                series: s,
                label,
                x,
                line,
            });
            x += width + LEGEND_ITEM_GAP;
        }
        let lines = if items.is_empty() { 0 } else { line + 1 };
        Legend { items, lines }
    }

    /// The legend's lines, with a little room before the first row.
    fn height(&self) -> f64 {
        if self.lines == 0 {
            0.0
        } else {
            self.lines as f64 * LEGEND_LINE + ROW_GAP
        }
    }
}

/// An SVG document being written, element by element.
struct Svg {
    out: String,
}

impl Svg {
    /// The `<svg>` element with its accessible name and description. With links inside, the
    /// role is `group`, not `img`: an `img`'s children are hidden from assistive technology,
    /// and the links with them.
    fn open(chart: &ChartText, height: f64, linked: bool) -> Svg {
        let id = escape(&chart.id);
        let role = if linked { "group" } else { "img" };
        let out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" \
             width=\"100%\" font-size=\"{}\" role=\"{role}\" \
             aria-labelledby=\"{id}-title {id}-desc\">\
             <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
            num(WIDTH),
            num(height),
            num(FONT_SIZE),
            escape(&chart.title),
            escape(&chart.description),
        );
        Svg { out }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }

    /// A row's group, or its link, with the full label (and value) as the tooltip. A link
    /// gets a rectangle over the whole row: a large target, and the place for its focus style.
    fn open_row(&mut self, top: f64, height: f64, href: Option<&str>, title: &str) {
        match href {
            Some(href) => self.out.push_str(&format!(
                "<a href=\"{}\"><title>{}</title><rect class=\"chart-hit\" x=\"0\" y=\"{}\" \
                 width=\"{}\" height=\"{}\" fill=\"none\" pointer-events=\"all\"/>",
                escape(href),
                escape(title),
                num(top),
                num(WIDTH),
                num(height - ROW_GAP + HIT_PAD),
            )),
            None => self
                .out
                .push_str(&format!("<g><title>{}</title>", escape(title))),
        }
    }

    fn close_row(&mut self, href: Option<&str>) {
        self.out
            .push_str(if href.is_some() { "</a>" } else { "</g>" });
    }

    /// The row's label on its own line, shortened to fit.
    fn label(&mut self, top: f64, label: &str) {
        self.out.push_str(&format!(
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
            num(MARGIN),
            num(top + LABEL_BASELINE),
            escape(&shortened(label, MAX_LABEL_CHARS)),
        ));
    }

    /// A bar from the left edge; nothing for a length of zero.
    fn bar(&mut self, y: f64, length: f64, fill: Fill, title: Option<&str>) {
        self.rect(MARGIN, y, length, BAR_HEIGHT, fill, title);
    }

    /// A rectangle with its fill's class, colour and outline, and an optional tooltip.
    fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: Fill, title: Option<&str>) {
        if width <= 0.0 {
            return;
        }
        let stroke = fill
            .outline()
            .map(|colour| format!(" stroke=\"{colour}\""))
            .unwrap_or_default();
        self.out.push_str(&format!(
            "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{stroke}",
            fill.class(),
            num(x),
            num(y),
            num(width),
            num(height),
            fill.colour(),
        ));
        match title {
            Some(title) => self
                .out
                .push_str(&format!("><title>{}</title></rect>", escape(title))),
            None => self.out.push_str("/>"),
        }
    }

    /// The value text right after the bar's end, or flush with the right edge where it would
    /// not fit (a halo in the CSS keeps it readable over the bar).
    fn value(&mut self, bar_top: f64, length: f64, text: &str) {
        if text.is_empty() {
            return;
        }
        // With no bar to follow, the value lines up with the label above it.
        let after_bar = if length > 0.0 {
            MARGIN + length + VALUE_GAP
        } else {
            MARGIN
        };
        let fits = after_bar + text_width(text, FONT_SIZE) <= WIDTH - MARGIN;
        let (x, anchor) = if fits {
            (after_bar, "")
        } else {
            (WIDTH - MARGIN, " text-anchor=\"end\"")
        };
        self.out.push_str(&format!(
            "<text class=\"chart-value\" x=\"{}\" y=\"{}\" fill=\"{INK}\"{anchor}>{}</text>",
            num(x),
            num(bar_top + VALUE_BASELINE),
            escape(text),
        ));
    }

    /// The positive segments of a stacked bar, placed by their running totals so that rounding
    /// never opens or closes gaps between them. Returns the bar's drawn length, for its value
    /// text: a little more than the total's length when tiny segments were widened to show.
    fn segments(&mut self, y: f64, counts: &[(&Series, i64)], max: i64, full: f64) -> f64 {
        let (mut before, mut drawn_end) = (0, 0.0_f64);
        for (i, &(series, count)) in counts.iter().enumerate() {
            let start = round1(fraction(before, max) * full).max(drawn_end);
            before += count;
            let end = round1(fraction(before, max) * full).max(start + MIN_BAR);
            let last = i + 1 == counts.len();
            let gap = if last || end - start <= 2.0 * SEGMENT_GAP {
                0.0
            } else {
                SEGMENT_GAP
            };
            let title = format!("{}: {count}", squashed(&series.label));
            let width = end - start - gap;
            self.rect(
                MARGIN + start,
                y,
                width,
                BAR_HEIGHT,
                series.fill,
                Some(&title),
            );
            drawn_end = end;
        }
        drawn_end
    }

    fn legend(&mut self, legend: &Legend) {
        for item in &legend.items {
            let top = MARGIN + item.line as f64 * LEGEND_LINE;
            let swatch_top = top + (LEGEND_LINE - ROW_GAP - LEGEND_SWATCH) / 2.0;
            let fill = item.series.fill;
            self.rect(item.x, swatch_top, LEGEND_SWATCH, LEGEND_SWATCH, fill, None);
            self.out.push_str(&format!(
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
                num(item.x + LEGEND_SWATCH + LEGEND_LABEL_GAP),
                num(top + LABEL_BASELINE - 2.0),
                escape(&item.label),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
