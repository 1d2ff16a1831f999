use super::*;

/// A municipality of the reference data that has coordinates.
struct Row {
    name: String,
    ubigeo: String,
    province: String,
    lon: f32,
    lat: f32,
}

fn reference_rows() -> Vec<Row> {
    let csv = include_str!("../../seed/municipalities-reference.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (name, ubigeo, province) = (column("seed_name"), column("ubigeo"), column("province"));
    let (lat, lon) = (column("latitude"), column("longitude"));
    let rows: Vec<Row> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| !r[lat].is_empty() && !r[lon].is_empty())
        .map(|r| Row {
            name: r[name].to_string(),
            ubigeo: r[ubigeo].to_string(),
            province: r[province].to_string(),
            lon: r[lon].parse().unwrap(),
            lat: r[lat].parse().unwrap(),
        })
        .collect();
    assert!(rows.len() >= 30, "the reference data lost its coordinates");
    rows
}

/// The Province of Lima and the Constitutional Province of Callao: the inset's municipalities.
fn lima_and_callao(rows: &[Row]) -> Vec<&Row> {
    rows.iter()
        .filter(|r| r.province == "Lima" || r.province == "Callao")
        .collect()
}

fn assert_apart(markers: &[Marker], min: f32) {
    for (i, a) in markers.iter().enumerate() {
        for b in &markers[i + 1..] {
            let d = a.position.distance(b.position);
            assert!(
                d >= min,
                "markers {:?} and {:?} are {d} px apart",
                a.members,
                b.members
            );
        }
    }
}

fn assert_partition(markers: &[Marker], n: usize) {
    let mut all: Vec<usize> = markers.iter().flat_map(|m| m.members.clone()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..n).collect::<Vec<_>>());
}

// --- Data ---------------------------------------------------------------------------------------

#[test]
fn every_reference_municipality_lies_inside_peru() {
    for row in reference_rows() {
        assert!(
            contains(row.lon, row.lat),
            "{} ({}, {}) is outside",
            row.name,
            row.lon,
            row.lat
        );
    }
}

#[test]
fn every_reference_municipality_lies_in_its_department() {
    for row in reference_rows() {
        let department = department_at(row.lon, row.lat);
        assert_eq!(
            department.map(|d| d.ubigeo),
            Some(&row.ubigeo[..2]),
            "{} lies in {:?}",
            row.name,
            department.map(|d| d.name)
        );
    }
}

#[test]
fn departments_are_the_twenty_five_of_ubigeo() {
    let codes: Vec<&str> = outline::DEPARTMENTS.iter().map(|d| d.ubigeo).collect();
    let expected: Vec<String> = (1..=25).map(|c| format!("{c:02}")).collect();
    assert_eq!(codes, expected);
    let puno = &outline::DEPARTMENTS[20];
    assert_eq!(puno.name, "Puno");
    // Puno's capital on Lake Titicaca.
    assert!(rings_contain(puno.rings, -70.02, -15.84));
}

#[test]
fn places_outside_peru_are_outside() {
    // Pacific off Lima, La Paz, Quito, Leticia (Colombia), Arica (Chile).
    for (lon, lat) in [
        (-78.0, -12.0),
        (-68.15, -16.5),
        (-78.5, -0.2),
        (-69.94, -4.2),
        (-70.3, -18.48),
    ] {
        assert!(!contains(lon, lat), "({lon}, {lat}) counted inside");
    }
}

#[test]
fn the_lima_detail_covers_the_inset_and_holds_its_municipalities() {
    assert!(outline::LIMA_DETAIL.bounds.contains_box(&LIMA_INSET));
    for row in lima_and_callao(&reference_rows()) {
        assert!(
            rings_contain(outline::LIMA_DETAIL.land, row.lon, row.lat),
            "{} is in the sea on the inset",
            row.name
        );
    }
}

#[test]
fn boxes_hold_what_they_were_made_around() {
    const RING: &[(f32, f32)] = &[(-77.1, -12.0), (-76.9, -12.2), (-77.0, -11.9)];
    let b = BBox::around(&[RING]).unwrap();
    assert_eq!(
        b,
        BBox {
            west: -77.1,
            south: -12.2,
            east: -76.9,
            north: -11.9
        }
    );
    assert!(RING.iter().all(|&(lon, lat)| b.contains(lon, lat)));
    assert!(!b.contains(-77.2, -12.0));
    assert!(b.expanded(0.1).contains_box(&b) && !b.contains_box(&b.expanded(0.1)));
    assert!((b.mid_lat() + 12.05).abs() < 1e-5);
    assert_eq!(BBox::around(&[]), None);
    assert!(peru_bounds().contains_box(&LIMA_INSET));
}

// --- Projection ---------------------------------------------------------------------------------

#[test]
fn the_projection_keeps_peru_inside_the_viewport_with_north_up() {
    let projection = Projection::fit(peru_bounds(), 320.0, 440.0, 8.0);
    for &(lon, lat) in outline::PERU.iter().flat_map(|r| r.iter()) {
        let p = projection.project(lon, lat);
        assert!(
            projection.viewport().shrunk(8.0 - 0.01).contains(p),
            "({lon}, {lat}) -> {p:?}"
        );
    }
    // Peru is taller than wide: the height is used in full and the width is centred.
    let bounds = peru_bounds();
    let top = projection.project(bounds.west, bounds.north);
    let bottom = projection.project(bounds.east, bounds.south);
    assert!((top.y - 8.0).abs() < 0.01 && (bottom.y - 432.0).abs() < 0.01);
    assert!(
        (top.x - (320.0 - bottom.x)).abs() < 0.01,
        "not centred: {top:?} {bottom:?}"
    );
    // North up, east right: Tumbes is above Tacna, Iquitos right of Piura.
    let (tumbes, tacna) = (
        projection.project(-80.45, -3.57),
        projection.project(-70.25, -18.01),
    );
    assert!(tumbes.y < tacna.y);
    let (iquitos, piura) = (
        projection.project(-73.25, -3.75),
        projection.project(-80.66, -5.15),
    );
    assert!(iquitos.x > piura.x);
}

#[test]
fn the_projection_keeps_the_aspect_ratio() {
    // One degree each way at the equator is a square.
    let b = BBox {
        west: 0.0,
        south: -0.5,
        east: 1.0,
        north: 0.5,
    };
    let p = Projection::fit(b, 200.0, 100.0, 0.0);
    let (a, c) = (p.project(0.0, 0.5), p.project(1.0, -0.5));
    assert!(((c.x - a.x) - (c.y - a.y)).abs() < 0.1, "{a:?} {c:?}");
    assert!((a.x - 50.0).abs() < 0.1 && a.y.abs() < 0.1);
    // At 60° S a degree of longitude is half a degree of latitude.
    let b = BBox {
        west: 0.0,
        south: -61.0,
        east: 2.0,
        north: -59.0,
    };
    let p = Projection::fit_width(b, 100.0, 0.0);
    assert_eq!(p.height(), 200.0);
    assert!((p.project(2.0, -61.0).y - 200.0).abs() < 0.5);
}

#[test]
fn the_inset_is_about_500_px_per_degree_at_240_px() {
    let inset = Projection::fit_width(LIMA_INSET, 240.0, 0.0);
    assert!(
        (450.0..=550.0).contains(&inset.pixels_per_degree()),
        "{}",
        inset.pixels_per_degree()
    );
    assert!(
        (240.0..=360.0).contains(&inset.height()),
        "{}",
        inset.height()
    );
}

// --- Paths --------------------------------------------------------------------------------------

#[test]
fn path_data_is_rounded_to_a_tenth_of_a_pixel() {
    let b = BBox {
        west: 0.0,
        south: -10.0,
        east: 10.0,
        north: 0.0,
    };
    // About 10 px a degree at the mid-latitude (cos 5° = 0.996 shortens x).
    let p = Projection::fit(b, 100.0, 100.0, 0.0);
    const SQUARE: &[(f32, f32)] = &[(0.0, 0.0), (5.0, 0.0), (5.0, -2.0), (0.0, -2.0)];
    assert_eq!(path_d(&[SQUARE], &p), "M0.2 0L50 0L50 20L0.2 20Z");
    // A point within a quarter of a pixel of the line through its neighbours is left out; one
    // further out is kept. An empty ring vanishes.
    const DENSE: &[(f32, f32)] = &[
        (0.0, 0.0),
        (2.0, 0.02),
        (5.0, 0.0),
        (5.0, -2.0),
        (0.0, -2.0),
    ];
    assert_eq!(path_d(&[DENSE, &[]], &p), "M0.2 0L50 0L50 20L0.2 20Z");
    const BUMP: &[(f32, f32)] = &[
        (0.0, 0.0),
        (2.0, 0.04),
        (5.0, 0.0),
        (5.0, -2.0),
        (0.0, -2.0),
    ];
    assert_eq!(path_d(&[BUMP], &p), "M0.2 0L20.1 -0.4L50 0L50 20L0.2 20Z");
    // Negative coordinates (outside the viewport) keep their sign.
    const LEFT: &[(f32, f32)] = &[(-1.0, 0.5), (0.0, 0.5), (0.0, 0.0)];
    assert_eq!(path_d(&[LEFT], &p), "M-9.8 -5L0.2 -5L0.2 0Z");
    // Open lines keep both ends.
    const LINE: &[(f32, f32)] = &[(0.0, 0.0), (5.0, 0.0), (5.0, -0.01)];
    assert_eq!(lines_d(&[LINE], &p), "M0.2 0L50 0.1");
}

#[test]
fn the_country_path_is_a_few_kilobytes() {
    let projection = Projection::fit(peru_bounds(), 320.0, 440.0, 8.0);
    let d = path_d(outline::PERU, &projection);
    assert!(d.starts_with('M') && d.ends_with('Z'));
    assert!((2_000..20_000).contains(&d.len()), "{} bytes", d.len());
    // A locator map on a city page carries fewer points.
    let small = Projection::fit(peru_bounds(), 90.0, 120.0, 2.0);
    assert!(path_d(outline::PERU, &small).len() < d.len() / 2);
}

#[test]
fn rings_use_the_even_odd_rule() {
    const OUTER: &[(f32, f32)] = &[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];
    const HOLE: &[(f32, f32)] = &[(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0)];
    assert!(rings_contain(&[OUTER, HOLE], 0.5, 0.5));
    assert!(!rings_contain(&[OUTER, HOLE], 2.0, 2.0));
    assert!(!rings_contain(&[OUTER, HOLE], 5.0, 2.0));
}

// --- Markers ------------------------------------------------------------------------------------

fn inset_layout(projection: &Projection) -> Layout {
    Layout {
        min_distance: MIN_TARGET_PX,
        max_shift: MIN_TARGET_PX,
        frame: Some(projection.viewport().shrunk(MIN_TARGET_PX / 2.0)),
    }
}

#[test]
fn the_inset_separates_every_lima_and_callao_municipality() {
    let rows = reference_rows();
    let lima = lima_and_callao(&rows);
    assert!(lima.len() >= 15, "{} municipalities", lima.len());
    for row in &lima {
        assert!(
            LIMA_INSET.contains(row.lon, row.lat),
            "{} is outside the inset",
            row.name
        );
    }
    let projection = Projection::fit_width(LIMA_INSET, 240.0, 0.0);
    let layout = inset_layout(&projection);
    let points: Vec<Point> = lima
        .iter()
        .map(|r| projection.project(r.lon, r.lat))
        .collect();
    let markers = place_markers(&points, &layout);
    // Nudged by at most one target (24 px, about 5 km) and none grouped: every district keeps
    // its own 24 px target.
    let groups: Vec<Vec<&str>> = markers
        .iter()
        .filter(|m| m.is_group())
        .map(|m| m.members.iter().map(|&i| lima[i].name.as_str()).collect())
        .collect();
    assert!(groups.is_empty(), "grouped: {groups:?}");
    assert_apart(&markers, MIN_TARGET_PX);
    for m in &markers {
        let true_position = points[m.members[0]];
        assert!(m.position.distance(true_position) <= layout.max_shift + 0.01);
        assert!(
            projection
                .viewport()
                .shrunk(MIN_TARGET_PX / 2.0)
                .contains(m.position)
        );
    }
}

#[test]
fn the_country_map_groups_metropolitan_lima() {
    let rows = reference_rows();
    let projection = Projection::fit(peru_bounds(), 320.0, 440.0, 8.0);
    let points: Vec<Point> = rows
        .iter()
        .map(|r| projection.project(r.lon, r.lat))
        .collect();
    let layout = Layout {
        min_distance: MIN_TARGET_PX,
        max_shift: MIN_TARGET_PX / 2.0,
        frame: Some(projection.viewport().shrunk(MIN_TARGET_PX / 2.0)),
    };
    let markers = place_markers(&points, &layout);
    assert_partition(&markers, rows.len());
    assert_apart(&markers, MIN_TARGET_PX);
    let lima_marker = markers
        .iter()
        .find(|m| m.members.iter().any(|&i| rows[i].name == "Miraflores"))
        .unwrap();
    assert!(lima_marker.count() >= 10, "{}", lima_marker.count());
    // Far from Lima, Maynas (Iquitos) keeps a marker of its own.
    assert!(
        markers
            .iter()
            .any(|m| m.count() == 1 && rows[m.members[0]].name == "Maynas")
    );
}

/// A fixed scatter of points (a linear congruential generator), dense in places.
fn scatter(n: usize, seed: u32) -> Vec<Point> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 8) as f32 / (1u32 << 24) as f32
    };
    (0..n)
        .map(|_| Point {
            x: 40.0 + 120.0 * next() * next(),
            y: 40.0 + 200.0 * next(),
        })
        .collect()
}

#[test]
fn markers_keep_their_distance_or_are_grouped() {
    for (n, max_shift) in [(5, 0.0), (40, 6.0), (40, 24.0), (120, 30.0)] {
        let points = scatter(n, n as u32);
        let layout = Layout {
            min_distance: MIN_TARGET_PX,
            max_shift,
            frame: Some(Rect {
                left: 12.0,
                top: 12.0,
                right: 188.0,
                bottom: 268.0,
            }),
        };
        let markers = place_markers(&points, &layout);
        assert_partition(&markers, n);
        assert_apart(&markers, MIN_TARGET_PX);
        for m in &markers {
            assert!(layout.frame.unwrap().contains(m.position));
            assert!(m.members.windows(2).all(|w| w[0] < w[1]));
        }
        assert!(
            markers
                .windows(2)
                .all(|w| w[0].members[0] < w[1].members[0])
        );
    }
}

#[test]
fn marker_placement_is_deterministic() {
    let points = scatter(60, 7);
    let layout = Layout {
        min_distance: MIN_TARGET_PX,
        max_shift: 20.0,
        frame: None,
    };
    let first = place_markers(&points, &layout);
    for _ in 0..3 {
        assert_eq!(place_markers(&points, &layout), first);
    }
}

#[test]
fn points_on_the_same_spot_fan_out_or_group() {
    let spot = Point { x: 100.0, y: 100.0 };
    let points = [spot, spot, spot];
    let apart = place_markers(
        &points,
        &Layout {
            min_distance: 24.0,
            max_shift: 24.0,
            frame: None,
        },
    );
    assert_eq!(apart.len(), 3);
    assert_apart(&apart, 24.0);
    let grouped = place_markers(
        &points,
        &Layout {
            min_distance: 24.0,
            max_shift: 0.0,
            frame: None,
        },
    );
    assert_eq!(
        grouped,
        vec![Marker {
            position: spot,
            members: vec![0, 1, 2]
        }]
    );
    assert_eq!(grouped[0].count(), 3);
}

#[test]
fn markers_already_apart_stay_where_they_are() {
    let points = [
        Point { x: 10.0, y: 10.0 },
        Point { x: 40.0, y: 10.0 },
        Point { x: 10.0, y: 50.0 },
    ];
    let markers = place_markers(
        &points,
        &Layout {
            min_distance: 24.0,
            max_shift: 10.0,
            frame: None,
        },
    );
    let positions: Vec<Point> = markers.iter().map(|m| m.position).collect();
    assert_eq!(positions, points);
    assert!(
        place_markers(
            &[],
            &Layout {
                min_distance: 24.0,
                max_shift: 10.0,
                frame: None
            }
        )
        .is_empty()
    );
}
