//! The link previews other sites show when someone shares a page (Open Graph and Twitter
//! images): a 1200 × 630 card drawn as SVG, turned into PNG by `crate::raster`. The home page's
//! card answers the home page's question with its headline figures and the map of
//! municipalities; a city's card gives its badges, plan and GCoM journey beside a map of Peru
//! with the city marked.

use crate::xml::escape;
use std::fmt::Write as _;

use super::{CitySummary, PageCtx};
use crate::map::{self, Projection, outline};
use crate::raster::FONT_FAMILY;

/// The size Open Graph asks for.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const GREEN: &str = "#0b5d3b";
const INK: &str = "#1b1f23";
const MUTED: &str = "#4a545c";

/// The map sits right of the text column, below the top bar.
const MAP_OPEN: &str = r#"<g transform="translate(800 98)">"#;

/// A figure as the home card shows it.
pub struct CardFigure {
    pub value: String,
    pub label: String,
}

/// The home page's card: the question, up to three figures, every municipality on the map.
pub fn home_card(ctx: &PageCtx, figures: &[CardFigure], cities: &[(f64, f64)]) -> String {
    let mut body = String::new();
    let mut y = 190.0;
    for line in clip(wrap(&ctx.t("home-heading"), 26), 2) {
        text(&mut body, 60.0, y, 48, true, INK, &line);
        y += 58.0;
    }
    y += 40.0;
    for figure in figures.iter().take(3) {
        text(&mut body, 60.0, y, 56, true, GREEN, &figure.value);
        for (i, line) in clip(wrap(&figure.label, 42), 2).iter().enumerate() {
            text(
                &mut body,
                220.0,
                y - 28.0 + 30.0 * i as f32,
                24,
                false,
                INK,
                line,
            );
        }
        y += 90.0;
    }
    let projection = country_projection();
    body.push_str(MAP_OPEN);
    body.push_str(&country(&projection, None));
    for (latitude, longitude) in cities {
        let p = projection.project(*longitude as f32, *latitude as f32);
        let _ = write!(
            body,
            r##"<circle cx="{:.1}" cy="{:.1}" r="7" fill="{GREEN}" stroke="#fff" stroke-width="2"/>"##,
            p.x, p.y
        );
    }
    body.push_str("</g>");
    card(ctx, &body)
}

/// What a city's card shows.
pub struct CityCard<'a> {
    pub name: &'a str,
    /// "Miraflores, Lima": where it is, in words.
    pub place: String,
    pub summary: &'a CitySummary,
    pub coordinates: Option<(f64, f64)>,
    pub ubigeo: Option<&'a str>,
}

/// A city's card: its name, where it is, its badges, plan and journey; Peru with the city marked.
pub fn city_card(ctx: &PageCtx, city: &CityCard) -> String {
    let mut body = String::new();
    let mut y = 190.0;
    for line in &clip(wrap(city.name, 26), 2) {
        text(&mut body, 60.0, y, 56, true, INK, line);
        y += 64.0;
    }
    text(&mut body, 60.0, y - 10.0, 28, false, MUTED, &city.place);
    y += 70.0;
    let rows = [
        (ctx.t("embed-badges"), &city.summary.badges),
        (ctx.t("embed-plan"), &city.summary.plan),
        (ctx.t("embed-phases"), &city.summary.journey),
    ];
    for (label, value) in rows {
        text(&mut body, 60.0, y, 26, true, GREEN, &label);
        for (i, line) in clip(wrap(value, 40), 2).iter().enumerate() {
            text(&mut body, 220.0, y + 34.0 * i as f32, 26, false, INK, line);
        }
        y += 84.0;
    }
    let projection = country_projection();
    let department = city
        .ubigeo
        .and_then(|u| u.get(0..2))
        .and_then(|code| outline::DEPARTMENTS.iter().find(|d| d.ubigeo == code));
    body.push_str(MAP_OPEN);
    body.push_str(&country(&projection, department));
    if let Some((latitude, longitude)) = city.coordinates {
        let p = projection.project(longitude as f32, latitude as f32);
        let _ = write!(
            body,
            r##"<circle cx="{:.1}" cy="{:.1}" r="12" fill="#b3261e" stroke="#fff" stroke-width="3"/>"##,
            p.x, p.y
        );
    }
    body.push_str("</g>");
    card(ctx, &body)
}

/// The frame every card shares: the portal's name above, the address and data date below.
fn card(ctx: &PageCtx, body: &str) -> String {
    let host = ctx
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or(&ctx.base_url)
        .trim_end_matches('/');
    let as_of = ctx
        .site
        .as_ref()
        .map(|site| {
            format!(
                " · {} {}",
                ctx.t("data-as-of"),
                ctx.month_year(&site.data_as_of)
            )
        })
        .unwrap_or_default();
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT_FAMILY}"><rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/><rect width="{WIDTH}" height="88" fill="{GREEN}"/>"##
    );
    text(&mut svg, 60.0, 58.0, 34, true, "#fff", &ctx.t("site-name"));
    svg.push_str(body);
    let _ = write!(
        svg,
        r##"<rect y="{}" width="{WIDTH}" height="2" fill="#d5dcd8"/>"##,
        HEIGHT - 64
    );
    text(
        &mut svg,
        60.0,
        HEIGHT as f32 - 24.0,
        24,
        false,
        MUTED,
        &format!("{host}{as_of}"),
    );
    svg.push_str("</svg>");
    svg
}

/// Peru fitted to the card's right-hand side, between the two bars (drawn inside `MAP_OPEN`).
fn country_projection() -> Projection {
    Projection::fit(map::peru_bounds(), 360.0, 440.0, 6.0)
}

/// The land, the department borders and, when given, one department shaded.
fn country(projection: &Projection, shaded: Option<&map::Department>) -> String {
    let mut svg = format!(
        r##"<path fill="#eef2ee" stroke="#9aa59e" stroke-width="1.5" fill-rule="evenodd" d="{}"/>"##,
        map::path_d(outline::PERU, projection)
    );
    if let Some(department) = shaded {
        let _ = write!(
            svg,
            r##"<path fill="#b9d3c4" fill-rule="evenodd" d="{}"/>"##,
            map::path_d(department.rings, projection)
        );
    }
    let _ = write!(
        svg,
        r##"<path fill="none" stroke="#9aa59e" d="{}"/>"##,
        map::lines_d(outline::DEPARTMENT_BORDERS, projection)
    );
    svg
}

fn text(svg: &mut String, x: f32, y: f32, size: u32, bold: bool, fill: &str, content: &str) {
    let weight = if bold { r#" font-weight="700""# } else { "" };
    let _ = write!(
        svg,
        r#"<text x="{x}" y="{y}" font-size="{size}"{weight} fill="{fill}">{}</text>"#,
        escape(content)
    );
}

/// Lines of at most `width` characters, broken between words (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The first `max` lines, the last ending in an ellipsis when some were left out.
fn clip(mut lines: Vec<String>, max: usize) -> Vec<String> {
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_between_words() {
        assert_eq!(
            wrap("¿Cómo avanza el Perú en el GCoM?", 16),
            vec!["¿Cómo avanza el", "Perú en el GCoM?"]
        );
        assert_eq!(
            wrap("Supercalifragilístico x", 5),
            vec!["Supercalifragilístico", "x"]
        );
        assert!(wrap("   ", 5).is_empty());
        assert_eq!(clip(wrap("a b c", 1), 2), vec!["a", "b…"]);
        assert_eq!(clip(wrap("a b", 1), 2), vec!["a", "b"]);
    }
}
