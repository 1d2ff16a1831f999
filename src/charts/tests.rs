use super::*;

use crate::domain::progress::PhaseBasis;

fn chart(id: &str) -> ChartText {
    ChartText {
        id: id.to_string(),
        title: "Insignias por tipo".to_string(),
        description: "Cuántas insignias tiene cada tipo.".to_string(),
    }
}

fn bar(label: &str, value: i64) -> Bar {
    Bar {
        label: label.to_string(),
        value,
        value_text: value.to_string(),
        fill: Fill::Brand,
        href: None,
    }
}

fn series(label: &str, fill: Fill) -> Series {
    Series {
        label: label.to_string(),
        fill,
    }
}

fn stacked(label: &str, counts: &[i64]) -> StackedRow {
    StackedRow {
        label: label.to_string(),
        counts: counts.to_vec(),
        value_text: counts.iter().sum::<i64>().to_string(),
        href: None,
    }
}

fn paired(label: &str, values: [i64; 2]) -> PairedRow {
    PairedRow {
        label: label.to_string(),
        values,
        value_texts: values.map(|v| v.to_string()),
        href: None,
    }
}

fn phase_segments() -> Vec<Series> {
    vec![
        series("Otorgada", Fill::Awarded),
        series("Validada", Fill::Validated),
        series("Reportada", Fill::PhaseReported),
        series("Implícita", Fill::Implied),
        series("En curso", Fill::InProgress),
        series("Vencida", Fill::Expired),
        series("No registrada", Fill::NotRecorded),
    ]
}

/// Parses the SVG as XML, failing the test on anything malformed.
fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed ({e}):\n{svg}"))
}

fn number(node: roxmltree::Node, attribute: &str) -> f64 {
    node.attribute(attribute).unwrap().parse().unwrap()
}

/// The coloured rectangles of the rows (bars and segments), not the legend's swatches.
fn row_rects<'a>(doc: &'a roxmltree::Document) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("fill-")))
        .filter(|n| n.parent_element() != Some(doc.root_element()))
        .collect()
}

/// The legend's labels: the texts drawn straight in the `<svg>`, outside every row.
fn legend_labels(doc: &roxmltree::Document) -> Vec<String> {
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn texts_of_class(doc: &roxmltree::Document, class: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn titles(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("title"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

/// One chart of each shape with links, long labels and awkward values.
fn sample_charts() -> Vec<String> {
    let mut linked = bar(
        "Municipalidad Distrital de San Juan de Lurigancho y alrededores",
        1500,
    );
    linked.href = Some("/es/municipalidades/sjl?a=1&b=2".to_string());
    linked.value_text = "1 500".to_string();
    let mut row = paired("Mitigación", [3, 7]);
    row.href = Some("/es/insignias?tipo=mitigation".to_string());
    vec![
        bars(&chart("a"), &[linked, bar("Cusco", 0), bar("Arequipa", -4)]),
        paired_bars(
            &chart("b"),
            &[row, paired("Energía", [0, 0])],
            [
                &series("Reportadas", Fill::ReportedNationally),
                &series("Registradas", Fill::RecordedPerCity),
            ],
        ),
        stacked_bars(
            &chart("c"),
            &[
                stacked("Inventario", &[1, 0, 2, 5, 0, 0, 30]),
                stacked("Metas", &[0; 7]),
            ],
            &phase_segments(),
        ),
    ]
}

#[test]
fn labels_values_titles_and_links_are_escaped() {
    let nasty = r#"<b>"Tom" & 'Jerry'</b>"#;
    let text = ChartText {
        id: r#"x"><script>"#.to_string(),
        title: nasty.to_string(),
        description: nasty.to_string(),
    };
    let mut row = bar(nasty, 5);
    row.value_text = nasty.to_string();
    row.href = Some(r#"/es/a?b=1&c="d""#.to_string());

    let svg = bars(&text, &[row]);

    assert!(!svg.contains("<b>") && !svg.contains("<script>"), "{svg}");
    assert!(svg.contains("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"));
    let doc = parse(&svg);
    assert_eq!(texts_of_class(&doc, "chart-label"), [nasty]);
    assert_eq!(texts_of_class(&doc, "chart-value"), [nasty]);
    let link = doc.descendants().find(|n| n.has_tag_name("a")).unwrap();
    assert_eq!(link.attribute("href"), Some(r#"/es/a?b=1&c="d""#));
    assert_eq!(titles(&doc)[0], nasty);
}

#[test]
fn control_characters_that_xml_cannot_carry_are_dropped() {
    let svg = bars(&chart("c"), &[bar("Lima\u{0}\u{1b}\u{fffe} Norte", 1)]);

    let doc = parse(&svg);
    assert_eq!(texts_of_class(&doc, "chart-label"), ["Lima Norte"]);
}

#[test]
fn every_chart_parses_as_xml() {
    for svg in sample_charts() {
        let doc = parse(&svg);
        assert!(
            doc.root_element()
                .has_tag_name(("http://www.w3.org/2000/svg", "svg"))
        );
    }
}

#[test]
fn empty_charts_are_well_formed() {
    let segments = phase_segments();
    let pair = [&segments[0], &segments[1]];
    for svg in [
        bars(&chart("a"), &[]),
        paired_bars(&chart("b"), &[], pair),
        stacked_bars(&chart("c"), &[], &segments),
    ] {
        let doc = parse(&svg);
        assert!(row_rects(&doc).is_empty());
    }
}

#[test]
fn bar_lengths_are_proportional_to_value_over_max() {
    let svg = bars(
        &chart("p"),
        &[bar("Máximo", 80), bar("Mitad", 40), bar("Cuarto", 20)],
    );

    let doc = parse(&svg);
    let widths: Vec<f64> = row_rects(&doc)
        .iter()
        .map(|r| number(*r, "width"))
        .collect();
    assert_eq!(widths.len(), 3);
    assert!((widths[1] - widths[0] / 2.0).abs() <= 0.1, "{widths:?}");
    assert!((widths[2] - widths[0] / 4.0).abs() <= 0.1, "{widths:?}");
    assert!(
        widths[0] >= PLOT_WIDTH / 2.0,
        "the longest bar uses the width"
    );
}

#[test]
fn all_zero_values_draw_no_bars_but_keep_their_value_texts() {
    let mut unknown = bar("Callao", 0);
    unknown.value_text = "no registrado".to_string();

    let svg = bars(&chart("z"), &[bar("Lima", 0), unknown]);

    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    let doc = parse(&svg);
    assert!(row_rects(&doc).is_empty());
    assert_eq!(texts_of_class(&doc, "chart-value"), ["0", "no registrado"]);
    let value = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("chart-value"));
    assert_eq!(
        number(value.unwrap(), "x"),
        MARGIN,
        "lined up with the label"
    );
}

#[test]
fn negative_values_count_as_zero() {
    let svg = bars(&chart("n"), &[bar("Lima", 10), bar("Callao", -10)]);

    let doc = parse(&svg);
    assert_eq!(row_rects(&doc).len(), 1, "only Lima draws a bar");
    assert_eq!(texts_of_class(&doc, "chart-value"), ["10", "-10"]);
}

#[test]
fn a_tiny_positive_value_still_shows() {
    let svg = bars(&chart("t"), &[bar("Lima", 100_000), bar("Callao", 1)]);

    let doc = parse(&svg);
    assert_eq!(number(row_rects(&doc)[1], "width"), MIN_BAR);
}

#[test]
fn value_texts_stay_inside_the_view_box() {
    let mut long = bar("Lima", 2_000_000);
    long.value_text = "2 000 000 medidas presupuestadas".to_string();
    let svg = bars(&chart("v"), &[long, bar("Cusco", 1_999_999)]);

    let doc = parse(&svg);
    for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let x = number(text, "x");
        let width = text_width(text.text().unwrap(), FONT_SIZE);
        let right = if text.attribute("text-anchor") == Some("end") {
            x
        } else {
            x + width
        };
        assert!(right <= WIDTH - MARGIN, "{:?} ends at {right}", text.text());
    }
}

#[test]
fn value_text_follows_the_bar_end() {
    let svg = bars(&chart("f"), &[bar("Lima", 10), bar("Cusco", 5)]);

    let doc = parse(&svg);
    let rects = row_rects(&doc);
    let values: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("chart-value"))
        .collect();
    for (rect, value) in rects.iter().zip(&values) {
        let end = number(*rect, "x") + number(*rect, "width");
        assert_eq!(number(*value, "x"), round1(end + VALUE_GAP));
        assert!(value.attribute("text-anchor").is_none());
    }
}

#[test]
fn long_labels_are_shortened_and_kept_whole_in_the_tooltip() {
    let long = "Municipalidad Provincial de Mariscal Ramón Castilla, Loreto, Perú";

    let svg = bars(&chart("l"), &[bar(long, 3)]);

    let doc = parse(&svg);
    let shown = &texts_of_class(&doc, "chart-label")[0];
    assert!(shown.ends_with('…'), "{shown}");
    assert!(shown.chars().count() <= MAX_LABEL_CHARS);
    assert!(long.starts_with(shown.trim_end_matches('…')));
    assert_eq!(titles(&doc)[1], format!("{long}: 3"));
}

#[test]
fn short_labels_are_drawn_whole() {
    assert_eq!(shortened("Lima", MAX_LABEL_CHARS), "Lima");
    assert_eq!(shortened("  San\n Isidro ", MAX_LABEL_CHARS), "San Isidro");
    assert_eq!(shortened("abcdef gh", 8), "abcdef…");
}

#[test]
fn stacked_bars_skip_zero_segments_and_the_legend_lists_only_present_kinds() {
    let rows = [
        stacked("Inventario", &[2, 0, 0, 1, 0, 0, 7]),
        stacked("Evaluación", &[0, 3, 0, 0, 0, 0, 7]),
    ];

    let svg = stacked_bars(&chart("s"), &rows, &phase_segments());

    let doc = parse(&svg);
    let classes: Vec<&str> = row_rects(&doc)
        .iter()
        .map(|r| r.attribute("class").unwrap())
        .collect();
    assert_eq!(
        classes,
        [
            "fill-awarded",
            "fill-implied",
            "fill-not_recorded",
            "fill-validated",
            "fill-not_recorded"
        ]
    );
    assert_eq!(
        legend_labels(&doc),
        ["Otorgada", "Validada", "Implícita", "No registrada"]
    );
}

#[test]
fn stacked_segments_have_tooltips_with_label_and_count() {
    let svg = stacked_bars(
        &chart("s"),
        &[stacked("Metas", &[0, 4, 0, 0, 1])],
        &phase_segments(),
    );

    let doc = parse(&svg);
    let tooltips: Vec<&str> = row_rects(&doc)
        .iter()
        .map(|r| r.first_element_child().unwrap().text().unwrap())
        .collect();
    assert_eq!(tooltips, ["Validada: 4", "En curso: 1"]);
}

#[test]
fn stacked_segments_are_proportional_in_order_and_apart() {
    let rows = [stacked("Todo", &[10, 0, 30]), stacked("Mitad", &[0, 20])];

    let svg = stacked_bars(&chart("s"), &rows, &phase_segments());

    let doc = parse(&svg);
    let rects = row_rects(&doc);
    let (first, second, half) = (rects[0], rects[1], rects[2]);
    let first_end = number(first, "x") + number(first, "width");
    assert!(first_end < number(second, "x"), "a gap between segments");
    let whole = number(second, "x") + number(second, "width") - MARGIN;
    assert!((number(first, "width") + SEGMENT_GAP - whole / 4.0).abs() <= 0.2);
    assert!((number(half, "width") - whole / 2.0).abs() <= 0.2);
}

#[test]
fn paired_bars_name_both_series_in_the_legend_and_tooltips() {
    let reported = series("Reportadas al Pacto", Fill::ReportedNationally);
    let recorded = series("Registradas por municipio", Fill::RecordedPerCity);

    let svg = paired_bars(
        &chart("b"),
        &[paired("Mitigación", [12, 6]), paired("Energía", [0, 2])],
        [&reported, &recorded],
    );

    let doc = parse(&svg);
    assert_eq!(
        legend_labels(&doc),
        ["Reportadas al Pacto", "Registradas por municipio"]
    );
    let classes: Vec<&str> = row_rects(&doc)
        .iter()
        .map(|r| r.attribute("class").unwrap())
        .collect();
    assert_eq!(classes, ["fill-reported", "fill-recorded", "fill-recorded"]);
    let all_titles = titles(&doc);
    assert!(all_titles.contains(&"Reportadas al Pacto: 12".to_string()));
    assert!(all_titles.contains(&"Registradas por municipio: 6".to_string()));
    let widths: Vec<f64> = row_rects(&doc)
        .iter()
        .map(|r| number(*r, "width"))
        .collect();
    assert!((widths[1] - widths[0] / 2.0).abs() <= 0.1, "{widths:?}");
}

#[test]
fn a_long_legend_wraps_within_the_view_box() {
    let many: Vec<Series> = (0..7)
        .map(|i| series(&format!("Estado número {i}"), Fill::Brand))
        .collect();
    let rows = [stacked("Fase", &[1; 7])];

    let svg = stacked_bars(&chart("w"), &rows, &many);

    let doc = parse(&svg);
    let legend_ys: Vec<f64> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| number(n, "y"))
        .collect();
    assert!(
        legend_ys.windows(2).any(|w| w[1] > w[0]),
        "wraps to a second line"
    );
    let first_row_label = texts_of_class(&doc, "chart-label")
        .iter()
        .position(|t| t == "Fase")
        .unwrap();
    let label_y = number(
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("chart-label"))
            .nth(first_row_label)
            .unwrap(),
        "y",
    );
    assert!(
        label_y > *legend_ys.last().unwrap() + 10.0,
        "rows start below the legend"
    );
}

#[test]
fn the_svg_is_named_and_described_by_its_title_and_desc() {
    let svg = bars(&chart("badges-by-kind"), &[bar("Lima", 1)]);

    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some("badges-by-kind-title badges-by-kind-desc")
    );
    let title = root.first_element_child().unwrap();
    assert!(title.has_tag_name("title"));
    assert_eq!(title.attribute("id"), Some("badges-by-kind-title"));
    assert_eq!(title.text(), Some("Insignias por tipo"));
    let desc = title.next_sibling_element().unwrap();
    assert!(desc.has_tag_name("desc"));
    assert_eq!(desc.attribute("id"), Some("badges-by-kind-desc"));
    assert_eq!(desc.text(), Some("Cuántas insignias tiene cada tipo."));
}

#[test]
fn linked_rows_are_one_link_each_with_a_target_and_the_svg_a_group() {
    let mut lima = bar("Lima", 4);
    lima.href = Some("/es/municipalidades/lima".to_string());

    let svg = bars(&chart("k"), &[lima, bar("Cusco", 2)]);

    let doc = parse(&svg);
    assert_eq!(doc.root_element().attribute("role"), Some("group"));
    let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    assert_eq!(links.len(), 1);
    let link = links[0];
    assert_eq!(link.attribute("href"), Some("/es/municipalidades/lima"));
    let inside = |class: &str| {
        link.descendants()
            .any(|n| n.attribute("class") == Some(class))
    };
    assert!(inside("chart-hit") && inside("chart-label") && inside("fill-brand"));
    assert!(inside("chart-value"));
}

#[test]
fn sized_for_phones_without_inline_styles() {
    for svg in sample_charts() {
        let doc = parse(&svg);
        let root = doc.root_element();
        let view_box: Vec<f64> = root
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(view_box[..3], [0.0, 0.0, 360.0]);
        assert_eq!(root.attribute("width"), Some("100%"));
        assert_eq!(root.attribute("height"), None);
        assert_eq!(root.attribute("class"), Some("chart"));
        assert!((13.0..=14.0).contains(&number(root, "font-size")));
        assert!(!svg.contains("style"), "the CSP blocks inline styles");
        let bottom = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| number(n, "y") + number(n, "height"))
            .fold(0.0, f64::max);
        assert!(bottom <= view_box[3], "everything fits the viewBox height");
    }
}

#[test]
fn rows_are_30_to_40_units_apart() {
    let svg = bars(&chart("r"), &[bar("Lima", 1), bar("Cusco", 2)]);

    let doc = parse(&svg);
    let rects = row_rects(&doc);
    let step = number(rects[1], "y") - number(rects[0], "y");
    assert!((30.0..=40.0).contains(&step), "{step}");
}

#[test]
fn numbers_in_attributes_have_at_most_one_decimal() {
    let odd = [bar("a", 7), bar("b", 3), bar("c", 1)];
    let mut all = sample_charts();
    all.push(bars(&chart("o"), &odd));
    all.push(stacked_bars(
        &chart("q"),
        &[stacked("x", &[1, 1, 1]), stacked("y", &[7, 0, 0])],
        &phase_segments(),
    ));
    for svg in all {
        let doc = parse(&svg);
        for node in doc.descendants().filter(|n| n.is_element()) {
            for name in ["x", "y", "width", "height"] {
                if let Some(value) = node.attribute(name).filter(|v| *v != "100%") {
                    let decimals = value.split('.').nth(1).map_or(0, str::len);
                    assert!(decimals <= 1, "{name}=\"{value}\"");
                    assert!(value.parse::<f64>().unwrap().is_finite());
                }
            }
        }
    }
}

#[test]
fn the_same_input_gives_the_same_output() {
    assert_eq!(sample_charts(), sample_charts());
}

#[test]
fn numbers_are_written_in_tenths_without_noise() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.34), "12.3");
    assert_eq!(num(-0.04), "0");
    assert_eq!(num(-0.5), "-0.5");
    assert_eq!(num(f64::NAN), "0");
    assert!(!num(f64::INFINITY).contains("inf"));
}

#[test]
fn fills_match_their_css_rules() {
    let css = include_str!("../../static/portal.css");
    let charts = css
        .split("/* Charts (src/charts)")
        .nth(1)
        .expect("a Charts block in portal.css");
    for fill in Fill::ALL {
        let selector = format!(".chart .{} {{", fill.class());
        let rule = charts
            .lines()
            .find(|line| line.starts_with(&selector))
            .unwrap_or_else(|| panic!("no rule for {}", fill.class()));
        assert!(
            rule.contains(&format!("fill: {};", fill.colour())),
            "{rule}"
        );
        if let Some(outline) = fill.outline() {
            assert!(rule.contains(&format!("stroke: {outline};")), "{rule}");
        }
    }
}

/// WCAG 2 relative luminance of a `#rrggbb` colour.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn every_fill_or_its_outline_has_3_to_1_contrast_with_white() {
    let contrast = |hex: &str| 1.05 / (luminance(hex) + 0.05);
    assert!(contrast(INK) >= 4.5);
    for fill in Fill::ALL {
        let best = fill
            .outline()
            .map_or(0.0, contrast)
            .max(contrast(fill.colour()));
        assert!(best >= 3.0, "{fill:?}: {best:.2}");
    }
}

#[test]
fn every_fill_has_its_own_class() {
    let mut classes: Vec<&str> = Fill::ALL.iter().map(|f| f.class()).collect();
    classes.sort_unstable();
    classes.dedup();
    assert_eq!(classes.len(), Fill::ALL.len());
}

#[test]
fn phase_codes_give_the_fill_of_their_standing() {
    for &status in PhaseStatus::ALL {
        for basis in [
            PhaseBasis::Recorded,
            PhaseBasis::ImpliedByCompliance,
            PhaseBasis::NotRecorded,
        ] {
            let standing = PhaseStanding {
                status,
                basis,
                year: None,
            };
            assert_eq!(
                Fill::for_phase_code(standing.code()),
                Some(Fill::for_phase_standing(&standing)),
                "{standing:?}"
            );
        }
    }
    assert_eq!(Fill::for_phase_code("nonsense"), None);
}

#[test]
fn plan_statuses_and_badge_kinds_have_distinct_fills() {
    let plans: Vec<Fill> = PlanStatus::ALL
        .iter()
        .map(|&s| Fill::for_plan_status(s))
        .collect();
    let badges: Vec<Fill> = BadgeKind::ALL
        .iter()
        .map(|&k| Fill::for_badge_kind(k))
        .collect();
    for fills in [plans, badges] {
        let mut classes: Vec<&str> = fills.iter().map(|f| f.class()).collect();
        classes.sort_unstable();
        classes.dedup();
        assert_eq!(classes.len(), fills.len());
    }
}
