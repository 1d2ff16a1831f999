//! What other sites may show of a city: a small SVG image of its badges and progress, and a
//! compact page they may frame.

use crate::xml::escape;
use askama::Template;

use super::{CitySummary, PageCtx};

/// The compact page other sites frame (`/embed/cities/{slug}`).
#[derive(Template)]
#[template(path = "public/embed.html")]
pub struct EmbedPage {
    pub ctx: PageCtx,
    pub name: String,
    pub summary: CitySummary,
    /// The city's page on the portal, absolute.
    pub city_url: String,
}

/// The badge image's size: small enough for a sidebar, large enough to read.
const WIDTH: u32 = 320;
const HEIGHT: u32 = 96;

/// The city's badge image: the portal's mark, the city's name, its badges, plan and phases.
pub fn badge_svg(ctx: &PageCtx, name: &str, summary: &CitySummary) -> String {
    let line = |y: u32, label: &str, value: &str| {
        format!(
            r##"<text x="12" y="{y}" font-size="12" fill="#1b1f23"><tspan font-weight="700">{}:</tspan> {}</text>"##,
            escape(label),
            escape(&truncate(value, 44 - label.chars().count().min(40)))
        )
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{alt}" font-family="DejaVu Sans, Verdana, sans-serif"><title>{alt}</title><rect width="{WIDTH}" height="{HEIGHT}" rx="6" fill="#fff" stroke="#0b5d3b" stroke-width="2"/><rect width="{WIDTH}" height="24" rx="6" fill="#0b5d3b"/><rect y="12" width="{WIDTH}" height="12" fill="#0b5d3b"/><text x="12" y="17" font-size="12" font-weight="700" fill="#fff">{brand} · {city}</text>{badges}{plan}{journey}</svg>"##,
        alt = escape(&format!("{} — {}", ctx.t("site-name"), name)),
        brand = escape(&ctx.t("site-name")),
        city = escape(&truncate(name, 26)),
        badges = line(44, &ctx.t("embed-badges"), &summary.badges),
        plan = line(64, &ctx.t("embed-plan"), &summary.plan),
        journey = line(84, &ctx.t("embed-phases"), &summary.journey),
    )
}

/// At most `max` characters, with an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}
