//! The geographic base of the public map, drawn on the server as SVG.
//!
//! Peru's outline and its departments come from Natural Earth (public domain), converted once at
//! development time by `tools/map/convert.mjs` into [`outline`]. This module turns them into
//! pixels: an equirectangular [`Projection`] for a box and a size, SVG path data ([`path_d`],
//! [`lines_d`]), point-in-outline tests ([`contains`], [`department_at`]), the box of the Lima and
//! Callao inset ([`LIMA_INSET`]) and marker placement that keeps touch targets apart
//! ([`place_markers`]).
//!
//! Everything here is a pure function of plain numbers: no store, no web, so views can call it.

use std::fmt::Write as _;

pub mod outline;

/// A ring or a line: longitude and latitude pairs in degrees.
pub type Ring = &'static [(f32, f32)];

/// The smallest distance between two marker centres, in CSS pixels: a touch target at least
/// 24 px across (WCAG 2.2, 2.5.8 Target Size).
pub const MIN_TARGET_PX: f32 = 24.0;

/// The inset for metropolitan Lima and Callao: from Puente Piedra and Comas in the north to
/// Santa María del Mar in the south, from Callao's coast (with La Punta) to Ate and La Molina in
/// the east. Ventanilla, Carabayllo, Lurín and Pachacámac, not in the seed today, fall inside too.
///
/// The province's outer districts (Ancón, Pucusana, the upper valleys) are left out on purpose:
/// the seeded districts sit in the city, and a box for the whole province would shrink the
/// centre (Jesús María, Lince, San Isidro, Miraflores and Surquillo lie within 6 km of one
/// another, Lince and San Isidro 1.5 km apart) until its markers could not be told apart. At
/// 240 px wide this box is about 510 px per degree, so 1 km is about 4.6 px; [`place_markers`]
/// spreads the centre from there.
pub const LIMA_INSET: BBox = BBox {
    west: -77.20,
    south: -12.44,
    east: -76.72,
    north: -11.80,
};

/// A box in longitude and latitude (degrees; west and south are negative in Peru).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f32,
    pub south: f32,
    pub east: f32,
    pub north: f32,
}

impl BBox {
    /// The smallest box around every point of the rings; `None` when there are no points.
    pub fn around(rings: &[&[(f32, f32)]]) -> Option<BBox> {
        let mut points = rings.iter().flat_map(|ring| ring.iter());
        let &(lon, lat) = points.next()?;
        let start = BBox {
            west: lon,
            south: lat,
            east: lon,
            north: lat,
        };
        Some(points.fold(start, |b, &(lon, lat)| BBox {
            west: b.west.min(lon),
            south: b.south.min(lat),
            east: b.east.max(lon),
            north: b.north.max(lat),
        }))
    }

    /// Whether the point lies in the box (edges included).
    pub fn contains(&self, lon: f32, lat: f32) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }

    /// Whether `other` lies wholly inside this box.
    pub fn contains_box(&self, other: &BBox) -> bool {
        self.contains(other.west, other.south) && self.contains(other.east, other.north)
    }

    /// The box grown by `degrees` on every side.
    pub fn expanded(&self, degrees: f32) -> BBox {
        BBox {
            west: self.west - degrees,
            south: self.south - degrees,
            east: self.east + degrees,
            north: self.north + degrees,
        }
    }

    /// The latitude halfway between south and north.
    pub fn mid_lat(&self) -> f32 {
        (self.south + self.north) / 2.0
    }
}

/// One of Peru's 24 departments or the Constitutional Province of Callao.
#[derive(Debug)]
pub struct Department {
    /// The name as INEI writes it ("Áncash", "Junín").
    pub name: &'static str,
    /// The two-digit INEI UBIGEO code, the first two digits of its districts' codes.
    pub ubigeo: &'static str,
    /// Outer rings and holes alike; fill with the even-odd rule.
    pub rings: &'static [Ring],
}

/// A finer cut of the land for an inset, clipped to `bounds`.
///
/// It carries no department borders: the admin-1 edition used draws Callao without Ventanilla
/// and Mi Perú, an error too small to see on the country map but plain on the inset.
#[derive(Debug)]
pub struct Detail {
    /// The area the cut covers; an inset's box must lie inside it.
    pub bounds: BBox,
    /// Land rings, clipped to `bounds`; fill with the even-odd rule.
    pub land: &'static [Ring],
}

/// A position in SVG user units (CSS pixels), x to the right and y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub fn distance(self, other: Point) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// A rectangle in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Rect {
    /// The rectangle shrunk by `by` on every side (never past its centre).
    pub fn shrunk(&self, by: f32) -> Rect {
        let bx = by.min((self.right - self.left) / 2.0);
        let by = by.min((self.bottom - self.top) / 2.0);
        Rect {
            left: self.left + bx,
            top: self.top + by,
            right: self.right - bx,
            bottom: self.bottom - by,
        }
    }

    /// Whether the point lies in the rectangle (edges included).
    pub fn contains(&self, p: Point) -> bool {
        (self.left..=self.right).contains(&p.x) && (self.top..=self.bottom).contains(&p.y)
    }

    fn clamp(&self, p: Point) -> Point {
        Point {
            x: p.x.clamp(self.left, self.right),
            y: p.y.clamp(self.top, self.bottom),
        }
    }
}

/// Longitude and latitude to SVG pixels: equirectangular, with longitudes shortened by the cosine
/// of the box's middle latitude so that shapes keep their proportions near that latitude (Peru
/// spans 0° to 18° S, where the cosine changes by 5 %). North is up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    west: f32,
    north: f32,
    /// Pixels per degree of latitude.
    scale: f32,
    /// Pixels per degree of longitude over pixels per degree of latitude.
    kx: f32,
    offset_x: f32,
    offset_y: f32,
    width: f32,
    height: f32,
}

impl Projection {
    /// Fits `bounds` into a `width` × `height` viewport with `padding` pixels on every side,
    /// keeping the aspect ratio and centring the box along the axis with room to spare.
    pub fn fit(bounds: BBox, width: f32, height: f32, padding: f32) -> Projection {
        let kx = bounds.mid_lat().to_radians().cos();
        let span_x = ((bounds.east - bounds.west) * kx).max(f32::EPSILON);
        let span_y = (bounds.north - bounds.south).max(f32::EPSILON);
        let inner_w = (width - 2.0 * padding).max(0.0);
        let inner_h = (height - 2.0 * padding).max(0.0);
        let scale = (inner_w / span_x).min(inner_h / span_y);
        Projection {
            west: bounds.west,
            north: bounds.north,
            scale,
            kx,
            offset_x: padding + (inner_w - span_x * scale) / 2.0,
            offset_y: padding + (inner_h - span_y * scale) / 2.0,
            width,
            height,
        }
    }

    /// Fits `bounds` to a `width`; the height follows from the box's aspect ratio.
    pub fn fit_width(bounds: BBox, width: f32, padding: f32) -> Projection {
        let kx = bounds.mid_lat().to_radians().cos();
        let span_x = ((bounds.east - bounds.west) * kx).max(f32::EPSILON);
        let span_y = bounds.north - bounds.south;
        let inner_w = (width - 2.0 * padding).max(0.0);
        let height = (inner_w * span_y / span_x + 2.0 * padding).round();
        Projection::fit(bounds, width, height, padding)
    }

    /// Where a longitude and latitude fall in the viewport.
    pub fn project(&self, lon: f32, lat: f32) -> Point {
        Point {
            x: self.offset_x + (lon - self.west) * self.kx * self.scale,
            y: self.offset_y + (self.north - lat) * self.scale,
        }
    }

    pub fn width(&self) -> f32 {
        self.width
    }

    pub fn height(&self) -> f32 {
        self.height
    }

    /// The whole viewport, for `viewBox` and for keeping markers in view.
    pub fn viewport(&self) -> Rect {
        Rect {
            left: 0.0,
            top: 0.0,
            right: self.width,
            bottom: self.height,
        }
    }

    /// Pixels per degree of latitude (and per kilometre, divided by about 111).
    pub fn pixels_per_degree(&self) -> f32 {
        self.scale
    }
}

/// How far a drawn line may stray from the data, in pixels: the outline is simplified again for
/// the size it is drawn at (Douglas-Peucker), so a city page's small locator map does not carry
/// every point of the country map. A quarter of a pixel does not show.
const PATH_TOLERANCE_PX: f32 = 0.25;

/// The SVG path data of closed rings (`M x y L … Z` per ring), coordinates rounded to 0.1 px.
/// Fill it with `fill-rule="evenodd"`. Rings that shrink below three distinct points at this
/// size are left out.
pub fn path_d(rings: &[&[(f32, f32)]], projection: &Projection) -> String {
    let mut d = String::new();
    for ring in rings {
        let points = simplified(ring, projection, true);
        if points.len() >= 3 {
            push_points(&mut d, &points);
            d.push('Z');
        }
    }
    d
}

/// The SVG path data of open lines (`M x y L …` per line), rounded to 0.1 px, for stroking.
pub fn lines_d(lines: &[&[(f32, f32)]], projection: &Projection) -> String {
    let mut d = String::new();
    for line in lines {
        let points = simplified(line, projection, false);
        if points.len() >= 2 {
            push_points(&mut d, &points);
        }
    }
    d
}

/// A ring's or a line's points projected, simplified to [`PATH_TOLERANCE_PX`] and rounded to
/// tenths of a pixel, without repeated points (nor, for a ring, a closing point).
fn simplified(ring: &[(f32, f32)], projection: &Projection, closed: bool) -> Vec<(i32, i32)> {
    let mut points: Vec<Point> = ring
        .iter()
        .map(|&(lon, lat)| projection.project(lon, lat))
        .collect();
    if closed && let Some(&first) = points.first() {
        // Close the ring so that Douglas-Peucker keeps its first point and splits it at the
        // point farthest from there.
        points.push(first);
    }
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len());
    for (p, keep) in points
        .iter()
        .zip(douglas_peucker(&points, PATH_TOLERANCE_PX))
    {
        let t = tenths(*p);
        if keep && out.last() != Some(&t) {
            out.push(t);
        }
    }
    while closed && out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Which points Douglas-Peucker keeps: both ends, and every point that strays more than
/// `tolerance` from the line through the points kept on either side.
fn douglas_peucker(points: &[Point], tolerance: f32) -> Vec<bool> {
    let mut keep = vec![false; points.len()];
    if points.len() <= 2 {
        keep.fill(true);
        return keep;
    }
    let last = points.len() - 1;
    keep[0] = true;
    keep[last] = true;
    let mut stack = vec![(0, last)];
    while let Some((first, last)) = stack.pop() {
        let mut worst = None;
        let mut worst_distance = tolerance;
        for (i, &p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = segment_distance(p, points[first], points[last]);
            if d > worst_distance {
                worst = Some(i);
                worst_distance = d;
            }
        }
        if let Some(i) = worst {
            keep[i] = true;
            stack.push((first, i));
            stack.push((i, last));
        }
    }
    keep
}

/// The distance from `p` to the segment `a`–`b`.
fn segment_distance(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    p.distance(Point {
        x: a.x + t * dx,
        y: a.y + t * dy,
    })
}

fn tenths(p: Point) -> (i32, i32) {
    ((p.x * 10.0).round() as i32, (p.y * 10.0).round() as i32)
}

fn push_points(d: &mut String, points: &[(i32, i32)]) {
    for (i, &(x, y)) in points.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        push_tenths(d, x);
        d.push(' ');
        push_tenths(d, y);
    }
}

/// Writes a number of tenths as a decimal: 123 as "12.3", 120 as "12", -5 as "-0.5".
fn push_tenths(d: &mut String, tenths: i32) {
    if tenths < 0 {
        d.push('-');
    }
    let abs = tenths.unsigned_abs();
    // Writing to a String cannot fail.
    let _ = write!(d, "{}", abs / 10);
    if !abs.is_multiple_of(10) {
        let _ = write!(d, ".{}", abs % 10);
    }
}

/// Whether a point lies inside rings under the even-odd rule (holes count as outside).
pub fn rings_contain(rings: &[&[(f32, f32)]], lon: f32, lat: f32) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (xi, yi) = ring[i];
            let (xj, yj) = ring[(i + n - 1) % n];
            if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                inside = !inside;
            }
        }
    }
    inside
}

/// Whether a longitude and latitude lie inside Peru's outline as the map draws it.
pub fn contains(lon: f32, lat: f32) -> bool {
    rings_contain(outline::PERU, lon, lat)
}

/// The department whose outline holds the point, if any.
pub fn department_at(lon: f32, lat: f32) -> Option<&'static Department> {
    outline::DEPARTMENTS
        .iter()
        .find(|d| rings_contain(d.rings, lon, lat))
}

/// The box around Peru's outline.
pub fn peru_bounds() -> BBox {
    // The generated outline is never empty; the fallback is Peru's box to a tenth of a degree.
    BBox::around(outline::PERU).unwrap_or(BBox {
        west: -81.4,
        south: -18.4,
        east: -68.6,
        north: 0.0,
    })
}

/// How [`place_markers`] keeps markers apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// The smallest distance between two marker centres ([`MIN_TARGET_PX`] for touch targets).
    pub min_distance: f32,
    /// How far a marker may be pushed from where it belongs before it is grouped instead.
    pub max_shift: f32,
    /// Marker centres stay inside this rectangle (say, the viewport shrunk by a marker's radius).
    pub frame: Option<Rect>,
}

/// A marker to draw: one municipality, or a group of them with a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Where to draw the marker's centre.
    pub position: Point,
    /// The indices of the input points it stands for, ascending.
    pub members: Vec<usize>,
}

impl Marker {
    /// How many points the marker stands for (more than one: draw it as a group with a count).
    pub fn count(&self) -> usize {
        self.members.len()
    }

    pub fn is_group(&self) -> bool {
        self.members.len() > 1
    }
}

/// Rounds of pushing at most before markers that still overlap are grouped.
const NUDGE_ROUNDS: usize = 300;

/// Places a marker for every point so that no two markers are closer than
/// `layout.min_distance`: first by nudging, then by grouping what nudging cannot separate.
///
/// - Nudging: every pair closer than the minimum is pushed apart along the line between them,
///   each by half the overlap, in index order and repeatedly until nothing moves (or after a
///   fixed number of rounds). A marker never ends further than `max_shift` from where it
///   belongs (its point, or for a group the mean of its points) nor outside `frame`. Points at
///   the same spot are pushed apart in a direction taken from their indices.
/// - Grouping: of the markers still too close, the closest pair becomes one marker at the mean
///   of its points, and so does every other pair less than half the minimum apart (closest
///   first, a marker in one new group at most); then nudging runs again, which often separates
///   the rest, since each group frees room. Repeated until no two markers are too close; a group
///   can grow in later rounds. Grouping only the closest pair each round would give nearly the
///   same markers, far more slowly.
///
/// Nudging first keeps every municipality reachable where there is room (the Lima inset);
/// grouping keeps a dense cluster honest where there is not (metropolitan Lima on the country
/// map becomes one marker with its count, for the inset to open up). The caller draws a thin
/// line from a nudged marker to its true position if it wants to show the shift.
///
/// Deterministic: the same points and layout give the same markers (no randomness, a fixed
/// order). Markers are returned in order of their first member. The work grows with the square
/// of the number of points; meant for the few hundred municipalities of a map.
pub fn place_markers(points: &[Point], layout: &Layout) -> Vec<Marker> {
    let min = layout.min_distance.max(0.0);
    let mut markers: Vec<Placed> = Vec::with_capacity(points.len());
    for (i, &p) in points.iter().enumerate() {
        // A point on the same spot as earlier ones starts a hair off it, each in its own
        // direction, so that a stack fans out instead of being pushed along one line.
        let stacked = points[..i].iter().filter(|q| q.distance(p) < 1e-3).count();
        let start = if stacked == 0 {
            p
        } else {
            let (ux, uy) = spread_direction(stacked);
            Point {
                x: p.x + ux * STACK_OFFSET_PX,
                y: p.y + uy * STACK_OFFSET_PX,
            }
        };
        markers.push(Placed {
            anchor: p,
            position: constrained(start, p, layout),
            members: vec![i],
        });
    }
    loop {
        nudge(&mut markers, min, layout);
        let pairs = overlapping_pairs(&markers, min);
        if pairs.is_empty() {
            break;
        }
        // The closest pair, and the pairs overlapping by more than half (closest first): a
        // marker joins at most one new group per pass, then nudging runs again.
        let mut absorbed_into: Vec<Option<usize>> = vec![None; markers.len()];
        let mut touched = vec![false; markers.len()];
        for (k, (d, a, b)) in pairs.into_iter().enumerate() {
            if k > 0 && d >= min / 2.0 {
                break;
            }
            if !touched[a] && !touched[b] {
                touched[a] = true;
                touched[b] = true;
                absorbed_into[b] = Some(a);
            }
        }
        for (b, into) in absorbed_into.iter().enumerate() {
            if let Some(&a) = into.as_ref() {
                let moved = std::mem::take(&mut markers[b].members);
                markers[a].members.extend(moved);
            }
        }
        let grown = touched
            .iter()
            .zip(&absorbed_into)
            .map(|(&t, into)| t && into.is_none());
        for (m, _) in markers.iter_mut().zip(grown).filter(|(_, grown)| *grown) {
            m.members.sort_unstable();
            m.anchor = mean(m.members.iter().map(|&i| points[i]));
            m.position = layout.frame.map_or(m.anchor, |f| f.clamp(m.anchor));
        }
        markers.retain(|m| !m.members.is_empty());
    }
    markers.sort_by_key(|m| m.members[0]);
    markers
        .into_iter()
        .map(|m| Marker {
            position: m.position,
            members: m.members,
        })
        .collect()
}

struct Placed {
    anchor: Point,
    position: Point,
    members: Vec<usize>,
}

/// A pushed marker lands this much past the minimum, so that rounding does not leave pairs a
/// hair too close.
const NUDGE_SLACK_PX: f32 = 0.01;

/// Rounds without the total overlap shrinking by [`NUDGE_PROGRESS`] after which nudging gives
/// up: the markers are pinned by `max_shift` or the frame, and grouping takes over.
const NUDGE_PATIENCE: usize = 8;
const NUDGE_PROGRESS: f32 = 0.98;

fn nudge(markers: &mut [Placed], min: f32, layout: &Layout) {
    let mut best_overlap = f32::INFINITY;
    let mut stalled = 0;
    for _ in 0..NUDGE_ROUNDS {
        let mut overlap = 0.0;
        for i in 0..markers.len() {
            for j in i + 1..markers.len() {
                let (a, b) = (markers[i].position, markers[j].position);
                if (a.x - b.x).abs() >= min || (a.y - b.y).abs() >= min {
                    continue;
                }
                let d = a.distance(b);
                if d >= min {
                    continue;
                }
                overlap += min - d;
                let (ux, uy) = if d > 1e-3 {
                    ((b.x - a.x) / d, (b.y - a.y) / d)
                } else {
                    spread_direction(markers[j].members[0])
                };
                let push = (min - d + NUDGE_SLACK_PX) / 2.0;
                let pa = Point {
                    x: a.x - ux * push,
                    y: a.y - uy * push,
                };
                let pb = Point {
                    x: b.x + ux * push,
                    y: b.y + uy * push,
                };
                markers[i].position = constrained(pa, markers[i].anchor, layout);
                markers[j].position = constrained(pb, markers[j].anchor, layout);
            }
        }
        if overlap == 0.0 {
            break;
        }
        if overlap < best_overlap * NUDGE_PROGRESS {
            best_overlap = overlap;
            stalled = 0;
        } else {
            stalled += 1;
            if stalled >= NUDGE_PATIENCE {
                break;
            }
        }
    }
}

/// How far a point stacked on earlier ones starts from them.
const STACK_OFFSET_PX: f32 = 0.5;

/// The `k`-th direction of a fan: steps of the golden angle, which never repeat and spread evenly.
fn spread_direction(k: usize) -> (f32, f32) {
    const GOLDEN_ANGLE: f32 = 2.399_963;
    let angle = GOLDEN_ANGLE * k as f32;
    (angle.cos(), angle.sin())
}

/// Keeps a position within `max_shift` of its anchor and inside the frame.
fn constrained(p: Point, anchor: Point, layout: &Layout) -> Point {
    let shift = p.distance(anchor);
    let max = layout.max_shift.max(0.0);
    let p = if shift > max {
        let k = max / shift;
        Point {
            x: anchor.x + (p.x - anchor.x) * k,
            y: anchor.y + (p.y - anchor.y) * k,
        }
    } else {
        p
    };
    layout.frame.map_or(p, |f| f.clamp(p))
}

/// Every pair of markers under `min` apart, as `(distance, a, b)` with `a < b`, closest first
/// (ties in index order).
fn overlapping_pairs(markers: &[Placed], min: f32) -> Vec<(f32, usize, usize)> {
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for i in 0..markers.len() {
        for j in i + 1..markers.len() {
            let d = markers[i].position.distance(markers[j].position);
            if d < min {
                pairs.push((d, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    pairs
}

fn mean(points: impl Iterator<Item = Point>) -> Point {
    let (mut x, mut y, mut n) = (0.0, 0.0, 0.0);
    for p in points {
        x += p.x;
        y += p.y;
        n += 1.0;
    }
    if n == 0.0 {
        Point { x: 0.0, y: 0.0 }
    } else {
        Point { x: x / n, y: y / n }
    }
}

#[cfg(test)]
mod tests;
