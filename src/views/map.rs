//! The maps of the public pages, drawn on the server as SVG from the geography of `crate::map`:
//! the map of municipalities (Peru's outline and departments, a marker per municipality coloured
//! by its plan status, an inset at a larger scale for metropolitan Lima and Callao) and a city
//! page's small locator map. No JavaScript: markers are plain links.

use crate::xml::escape;
use std::fmt::Write as _;

use crate::map::{self, LIMA_INSET, Layout, MIN_TARGET_PX, Marker, Point, Projection, outline};

/// One municipality on the map.
#[derive(Debug, Clone)]
pub struct MapCity {
    pub name: String,
    pub href: String,
    pub latitude: f64,
    pub longitude: f64,
    /// The marker's colour: a plan status code, or `none`.
    pub code: String,
    /// What the colour means, in words ("Presentado").
    pub status: String,
}

/// The words of a map, in the page's language.
#[derive(Debug, Clone)]
pub struct MapText {
    /// Unique on the page (ids of the title and of the inset).
    pub id: String,
    pub title: String,
    pub inset_title: String,
    /// The country panel's label ("Perú").
    pub country: String,
    /// What a group's count counts ("municipalidades agrupadas"), after the number.
    pub group: String,
}

/// How one panel is drawn: its width in SVG units, and its marker sizes for the width it is
/// shown at on the narrowest screen, a phone 375 px wide where the country panel takes about
/// 200 CSS px and the inset about 132 (`.map-panels`: three fifths and two fifths of the 343 px
/// content width, less the gap and the borders), rounded down so targets stay 24 px or more.
struct PanelStyle {
    width: f32,
    /// SVG units per CSS pixel on that phone.
    units_per_px: f32,
}

impl PanelStyle {
    /// Marker centres this far apart are 24 px apart on the phone: the smallest touch target.
    fn min_distance(&self) -> f32 {
        MIN_TARGET_PX * self.units_per_px
    }

    /// A dot about 10 px across on the phone.
    fn dot_radius(&self) -> f32 {
        5.0 * self.units_per_px
    }
}

const COUNTRY: PanelStyle = PanelStyle {
    width: 360.0,
    units_per_px: 360.0 / 200.0,
};
const INSET: PanelStyle = PanelStyle {
    width: 300.0,
    units_per_px: 300.0 / 130.0,
};

/// The map of municipalities: two `<svg>` panels side by side, Peru (outline, department
/// borders, a marker per municipality, or a group with its count where markers cannot be told
/// apart) and the inset of metropolitan Lima and Callao at a larger scale. Each marker links to
/// its city; the country's marker for the inset's cities links to the inset.
pub fn cities_map(cities: &[MapCity], text: &MapText) -> String {
    let (in_inset, elsewhere): (Vec<&MapCity>, Vec<&MapCity>) = cities
        .iter()
        .partition(|c| in_inset(c.latitude, c.longitude));
    let country = Projection::fit_width(map::peru_bounds(), COUNTRY.width, 6.0);
    let mut html = String::from(r#"<div class="map-panels"><div class="map-panel">"#);
    let _ = write!(
        html,
        r##"<svg class="city-map" viewBox="0 0 {w} {h}" role="group" aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><path class="land" fill="#eef2ee" fill-rule="evenodd" d="{land}"/><path class="borders" fill="none" stroke="#9aa59e" d="{borders}"/>"##,
        w = round(country.width()),
        h = round(country.height()),
        id = escape(&text.id),
        title = escape(&text.title),
        land = map::path_d(outline::PERU, &country),
        borders = map::lines_d(outline::DEPARTMENT_BORDERS, &country),
    );
    if !in_inset.is_empty() {
        html.push_str(&inset_marker(&country, in_inset.len(), text));
    }
    html.push_str(&markers(&country, &COUNTRY, &elsewhere, text));
    let _ = write!(
        html,
        r#"</svg><p class="map-panel-label" aria-hidden="true">{}</p></div>"#,
        escape(&text.country)
    );
    if !in_inset.is_empty() {
        html.push_str(r#"<div class="map-panel">"#);
        html.push_str(&inset_panel(&in_inset, text));
        html.push_str("</div>");
    }
    html.push_str("</div>");
    html
}

/// The inset panel: Lima and Callao's land and their markers.
fn inset_panel(cities: &[&MapCity], text: &MapText) -> String {
    let inset = Projection::fit_width(LIMA_INSET, INSET.width, 8.0);
    format!(
        r##"<svg class="city-map inset" id="{id}-inset" viewBox="0 0 {w} {h}" role="group" aria-labelledby="{id}-inset-title" xmlns="http://www.w3.org/2000/svg"><title id="{id}-inset-title">{title}</title><rect x="0" y="0" width="{w}" height="{h}" fill="#f7fafc"/><path class="land" fill="#eef2ee" fill-rule="evenodd" d="{land}"/>{markers}</svg><p class="map-panel-label" aria-hidden="true">{title}</p>"##,
        id = escape(&text.id),
        w = round(inset.width()),
        h = round(inset.height()),
        title = escape(&text.inset_title),
        land = map::path_d(outline::LIMA_DETAIL.land, &inset),
        markers = markers(&inset, &INSET, cities, text),
    )
}

/// Where the inset's cities are on the country map: the inset's box, and a numbered marker
/// linking to the inset.
fn inset_marker(country: &Projection, count: usize, text: &MapText) -> String {
    let nw = country.project(LIMA_INSET.west, LIMA_INSET.north);
    let se = country.project(LIMA_INSET.east, LIMA_INSET.south);
    let centre = Point {
        x: (nw.x + se.x) / 2.0,
        y: (nw.y + se.y) / 2.0,
    };
    let r = COUNTRY.dot_radius() + 8.0;
    format!(
        r##"<a href="#{id}-inset" class="marker"><title>{count} — {title}</title><circle cx="{x}" cy="{y}" r="{r}" fill="#1b1f23" stroke="#fff" stroke-width="2"/><text class="count" x="{x}" y="{ty}" text-anchor="middle" fill="#fff">{count}</text></a>"##,
        id = escape(&text.id),
        title = escape(&text.inset_title),
        x = round(centre.x),
        y = round(centre.y),
        ty = round(centre.y + 7.0),
        r = round(r),
    )
}

/// The markers of a panel: a linked dot per city, a numbered disc per group.
fn markers(
    projection: &Projection,
    style: &PanelStyle,
    cities: &[&MapCity],
    text: &MapText,
) -> String {
    let points: Vec<Point> = cities
        .iter()
        .map(|c| projection.project(c.longitude as f32, c.latitude as f32))
        .collect();
    let layout = Layout {
        min_distance: style.min_distance(),
        max_shift: style.min_distance() * 1.2,
        frame: Some(projection.viewport().shrunk(style.min_distance() / 2.0)),
    };
    let mut out = String::new();
    for marker in map::place_markers(&points, &layout) {
        if marker.is_group() {
            out.push_str(&group_marker(&marker, style, cities, text));
        } else if let Some(city) = marker.members.first().and_then(|&i| cities.get(i)) {
            let anchor = points[marker.members[0]];
            out.push_str(&city_marker(city, style, &marker, anchor));
        }
    }
    out
}

fn city_marker(city: &MapCity, style: &PanelStyle, marker: &Marker, anchor: Point) -> String {
    let p = marker.position;
    // A nudged marker keeps a thin line to where the city really is.
    let leader = if p.distance(anchor) > 1.0 {
        format!(
            r##"<line class="leader" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#5f6b73" stroke-width="1.5"/><circle cx="{}" cy="{}" r="2.5" fill="#1b1f23"/>"##,
            round(anchor.x),
            round(anchor.y),
            round(p.x),
            round(p.y),
            round(anchor.x),
            round(anchor.y)
        )
    } else {
        String::new()
    };
    format!(
        r##"{leader}<a href="{href}" class="marker"><title>{name} — {status}</title><circle class="hit" cx="{x}" cy="{y}" r="{hit}" fill="#000" fill-opacity="0"/><circle class="dot m-{code}" cx="{x}" cy="{y}" r="{r}"/></a>"##,
        href = escape(&city.href),
        name = escape(&city.name),
        status = escape(&city.status),
        code = escape(&city.code),
        x = round(p.x),
        y = round(p.y),
        hit = round(style.min_distance() / 2.0),
        r = round(style.dot_radius()),
    )
}

fn group_marker(
    marker: &Marker,
    style: &PanelStyle,
    cities: &[&MapCity],
    text: &MapText,
) -> String {
    let names: Vec<&str> = marker
        .members
        .iter()
        .filter_map(|&i| cities.get(i).map(|c| c.name.as_str()))
        .collect();
    let p = marker.position;
    format!(
        r##"<g class="group"><title>{title}: {names}</title><circle cx="{x}" cy="{y}" r="{r}" fill="#1b1f23" stroke="#fff" stroke-width="2"/><text class="count" x="{x}" y="{ty}" text-anchor="middle" fill="#fff">{n}</text></g>"##,
        title = escape(&format!("{} {}", marker.count(), text.group)),
        names = escape(&names.join(", ")),
        x = round(p.x),
        y = round(p.y),
        ty = round(p.y + 7.0),
        r = round(style.dot_radius() + 8.0),
        n = marker.count(),
    )
}

/// A city page's small map: Peru, the city's department shaded, the city's dot. An image with
/// its alternative text (the city's place is also written on the page).
pub fn locator_map(latitude: f64, longitude: f64, ubigeo: Option<&str>, alt: &str) -> String {
    let projection = Projection::fit_width(map::peru_bounds(), 150.0, 4.0);
    let department = ubigeo
        .and_then(|u| u.get(0..2))
        .and_then(|code| outline::DEPARTMENTS.iter().find(|d| d.ubigeo == code));
    let shaded = department
        .map(|d| {
            format!(
                r##"<path class="department" fill="#b9d3c4" fill-rule="evenodd" d="{}"/>"##,
                map::path_d(d.rings, &projection)
            )
        })
        .unwrap_or_default();
    let p = projection.project(longitude as f32, latitude as f32);
    format!(
        r##"<svg class="locator-map" viewBox="0 0 {w} {h}" width="150" height="{h}" role="img" aria-label="{alt}" xmlns="http://www.w3.org/2000/svg"><path class="land" fill="#eef2ee" stroke="#9aa59e" fill-rule="evenodd" d="{land}"/>{shaded}<circle cx="{x}" cy="{y}" r="5" fill="#b3261e" stroke="#fff" stroke-width="1.5"/></svg>"##,
        w = round(projection.width()),
        h = round(projection.height()),
        alt = escape(alt),
        land = map::path_d(outline::PERU, &projection),
        x = round(p.x),
        y = round(p.y),
    )
}

/// Whether a point lies in the box shown by the inset.
pub fn in_inset(latitude: f64, longitude: f64) -> bool {
    LIMA_INSET.contains(longitude as f32, latitude as f32)
}

fn round(value: f32) -> f32 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeded municipalities as the map gets them: (name, latitude, longitude).
    fn seeded() -> Vec<(String, f64, f64)> {
        let (_, text) = crate::store::SEED_TABLES
            .iter()
            .find(|(table, _)| *table == "municipalities")
            .expect("seeded municipalities");
        let rows: Vec<serde_json::Value> = serde_json::from_str(text).expect("JSON");
        rows.iter()
            .filter_map(|row| {
                Some((
                    row["name"].as_str()?.to_string(),
                    row["latitude"].as_f64()?,
                    row["longitude"].as_f64()?,
                ))
            })
            .collect()
    }

    fn city(name: &str, latitude: f64, longitude: f64) -> MapCity {
        MapCity {
            name: name.to_string(),
            href: format!("/cities/{}", crate::domain::slugify(name)),
            latitude,
            longitude,
            code: "none".into(),
            status: "Plan no registrado".into(),
        }
    }

    fn text() -> MapText {
        MapText {
            id: "m".into(),
            title: "Mapa".into(),
            inset_title: "Lima y Callao".into(),
            country: "Perú".into(),
            group: "agrupadas".into(),
        }
    }

    #[test]
    fn every_seeded_municipality_lies_inside_peru() {
        let cities = seeded();
        assert_eq!(cities.len(), 33);
        for (name, latitude, longitude) in &cities {
            assert!(
                map::contains(*longitude as f32, *latitude as f32),
                "{name} ({latitude}, {longitude}) is outside Peru's outline"
            );
        }
    }

    #[test]
    fn every_city_of_the_inset_gets_a_marker_of_its_own() {
        let cities: Vec<MapCity> = seeded()
            .into_iter()
            .map(|(name, latitude, longitude)| city(&name, latitude, longitude))
            .collect();
        let inset: Vec<&MapCity> = cities
            .iter()
            .filter(|c| in_inset(c.latitude, c.longitude))
            .collect();
        assert_eq!(inset.len(), 15, "metropolitan Lima and Callao");
        let svg = cities_map(&cities, &text());
        for c in &inset {
            assert!(
                svg.contains(&format!(r#"<a href="{}" class="marker">"#, c.href)),
                "{} has no marker of its own",
                c.name
            );
        }
        // The country map sends the inset's cities to the inset, with their count.
        assert!(svg.contains(r##"<a href="#m-inset" class="marker"><title>15 — "##));
    }

    #[test]
    fn markers_are_a_touch_target_apart_on_a_phone() {
        let cities: Vec<MapCity> = seeded()
            .into_iter()
            .map(|(name, latitude, longitude)| city(&name, latitude, longitude))
            .collect();
        let svg = cities_map(&cities, &text());
        for (panel, style) in svg.split("<svg").skip(1).zip([&COUNTRY, &INSET]) {
            let centres: Vec<(f32, f32)> = panel
                .split(r#"<circle class="dot"#)
                .skip(1)
                .filter_map(|rest| {
                    let number = |attr: &str| -> Option<f32> {
                        let start = rest.find(attr)? + attr.len();
                        rest[start..].split('"').next()?.parse().ok()
                    };
                    Some((number(r#"cx=""#)?, number(r#"cy=""#)?))
                })
                .collect();
            assert!(!centres.is_empty());
            for (i, a) in centres.iter().enumerate() {
                for b in &centres[i + 1..] {
                    let apart = (a.0 - b.0).hypot(a.1 - b.1) / style.units_per_px;
                    assert!(apart >= MIN_TARGET_PX - 0.2, "markers {apart:.1} px apart");
                }
            }
        }
    }

    #[test]
    fn names_are_escaped_and_an_empty_list_draws_no_inset() {
        let svg = cities_map(&[city("<Lima & \"Callao\">", -8.1, -79.0)], &text());
        assert!(svg.contains("&lt;Lima &amp; &quot;Callao&quot;&gt;"));
        assert!(!svg.contains("<Lima"));
        assert!(!svg.contains("m-inset"), "no inset without its cities");
        let empty = cities_map(&[], &text());
        assert!(empty.contains("class=\"land\""));
    }

    #[test]
    fn the_locator_shades_the_city_department() {
        let svg = locator_map(-13.52, -71.98, Some("080101"), "Cusco");
        assert!(svg.contains(r#"class="department""#));
        assert!(svg.contains(r#"role="img" aria-label="Cusco""#));
        let without = locator_map(-13.52, -71.98, None, "Cusco");
        assert!(!without.contains(r#"class="department""#));
    }
}
