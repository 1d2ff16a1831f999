//! Synthetic records for benchmarks and scale tests (`portal synth`): every record type the
//! public pages show, generated from a seed number (the same seed and sizes give the same
//! records), with names that cannot be taken for real ones ("Sintética 00042", "Universidad
//! Sintética 2", addresses at example.org). Nothing here touches the store: `generate` returns
//! rows in the export's table order and `Store::write_synthetic` writes them.
//!
//! Sizes: `municipalities` and `badges` as asked; the rest follows from them in proportions of
//! a national programme grown large: about 65 % of municipalities with a plan (and its status
//! history, measures for approved ones), 80 % with a GCoM commitment and a ledger entry for
//! three of four phases of every pillar, 2 % supported by the strategy, six programmes, diploma
//! cohorts and exchanges with a few dozen municipalities each, guides (half published, with a
//! file), plan documents, reported figures near the recorded counts, and a `create` revision
//! for every badge, plan, document and ledger entry, as the store's own writes keep them.

use sha2::{Digest, Sha256};
use time::{Date, Month};

use crate::catalogue::{BADGES, DOCUMENTS, PLANS, PROGRESS_ENTRIES, Record, RecordType, Value};
use crate::domain::progress::{MeasureSector, PhaseStatus, ReportingPlatform};
use crate::domain::{DEPARTMENTS_OF_PERU, PlanStatus, fold_for_search, slugify};
use crate::store::{Cell, Framework, SyntheticData, TableRows};

/// Who the synthetic rows were written by (`updated_by`, `changed_by`).
pub const SYNTH_ACTOR: &str = "portal synth";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthOptions {
    pub seed: u64,
    pub municipalities: usize,
    pub badges: usize,
}

impl SynthOptions {
    /// The most municipalities `generate` makes (names and UBIGEO-like codes stay unique).
    pub const MAX_MUNICIPALITIES: usize = 1_000_000;
    /// The most badges.
    pub const MAX_BADGES: usize = 10_000_000;

    /// The options, or why they cannot be generated.
    pub fn check(self) -> Result<SynthOptions, String> {
        if !(1..=Self::MAX_MUNICIPALITIES).contains(&self.municipalities) {
            return Err(format!(
                "--municipalities must be from 1 to {}",
                Self::MAX_MUNICIPALITIES
            ));
        }
        if self.badges > Self::MAX_BADGES {
            return Err(format!("--badges must be at most {}", Self::MAX_BADGES));
        }
        Ok(self)
    }
}

/// SplitMix64: a small generator whose sequence is fixed by its seed on every platform and
/// every version of this program's dependencies (unlike `rand`'s `StdRng`).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// A stream for one purpose: changing how many badges are made leaves the municipalities
    /// as they were.
    fn stream(seed: u64, purpose: u64) -> Rng {
        let mut rng = Rng(seed ^ purpose.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0; the modulo's bias is far below what a benchmark sees).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        let span = usize::try_from(high - low).unwrap_or(0) + 1;
        low + self.below(span) as i64
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, usize)]) -> T {
        let total: usize = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        items[items.len() - 1].0
    }

    /// `count` distinct numbers of `1..=n`, ascending.
    fn sample(&mut self, n: usize, count: usize) -> Vec<i64> {
        let count = count.min(n);
        let mut chosen = std::collections::BTreeSet::new();
        while chosen.len() < count {
            chosen.insert(self.below(n) as i64 + 1);
        }
        chosen.into_iter().collect()
    }
}

/// Purposes of the random streams.
mod stream {
    pub const MUNICIPALITIES: u64 = 1;
    pub const BADGES: u64 = 2;
    pub const PLANS: u64 = 3;
    pub const LEDGER: u64 = 4;
    pub const PROGRAMMES: u64 = 5;
    pub const DOCUMENTS: u64 = 6;
}

/// The first day synthetic records are dated from.
const FIRST_DAY: (i32, Month, u8) = (2015, Month::January, 1);
/// Days from `FIRST_DAY` to 30 June 2026: commitments spread over them give every deadline
/// state (overdue, due soon, on track) whatever day the pages are read in the next years.
const DAYS: i64 = 4198;

fn first_day() -> Date {
    Date::from_calendar_date(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or(Date::MIN)
}

/// The date `days` after `FIRST_DAY`, as stored ("2019-03-14").
fn date_text(days: i64) -> String {
    let date = first_day() + time::Duration::days(days.clamp(0, DAYS * 2));
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The timestamp at noon (UTC) `days` after `FIRST_DAY`, as stored.
fn stamp(days: i64) -> String {
    format!("{}T12:00:00Z", date_text(days))
}

/// The year of the date `days` after `FIRST_DAY`.
fn year_of(days: i64) -> i64 {
    i64::from((first_day() + time::Duration::days(days.clamp(0, DAYS * 2))).year())
}

/// Days from `FIRST_DAY` to 1 January of `year`.
fn days_to_year(year: i64) -> i64 {
    let start = i32::try_from(year)
        .ok()
        .and_then(|y| Date::from_calendar_date(y, Month::January, 1).ok())
        .unwrap_or(first_day());
    (start - first_day()).whole_days()
}

/// What the generated municipalities are, for the tables that refer to them.
struct City {
    name: String,
    commitment: Option<i64>,
    supported: bool,
}

/// Generates the records. `framework` is the store's GCoM pillars and phases (reference data
/// the migrations fill), so ledger entries and measures point at rows that exist.
pub fn generate(options: SynthOptions, framework: &Framework) -> SyntheticData {
    let mut out = Generator {
        options,
        framework,
        cities: Vec::new(),
        revisions: Vec::new(),
    };
    let strategy = out.strategy();
    let objectives = out.objectives();
    let municipalities = out.municipalities();
    let organisations = out.organisations();
    let (files, file_chunks) = out.files();
    let (documents, document_versions, document_downloads) = out.documents(&files);
    let badges = out.badges();
    let (plans, history, measures) = out.plans(&documents);
    let progress = out.ledger();
    let reported = out.reported_figures(&badges, &plans);
    let (programmes, programme_participants) = out.programmes();
    let (cohorts, cohort_participants) = out.diploma();
    let (exchanges, hosts, exchange_participants) = out.exchanges();
    let forum = out.forum();
    out.revise(&BADGES, &badges);
    out.revise(&PLANS, &plans);
    out.revise(&DOCUMENTS, &documents);
    out.revise(&PROGRESS_ENTRIES, &progress);
    let revisions = out.revisions_table();
    let tables = vec![
        strategy,
        objectives,
        municipalities,
        organisations,
        reported,
        progress,
        files,
        file_chunks,
        documents,
        document_versions,
        document_downloads,
        badges,
        plans,
        history,
        measures,
        programmes,
        programme_participants,
        cohorts,
        cohort_participants,
        exchanges,
        hosts,
        exchange_participants,
        forum,
        revisions,
    ];
    SyntheticData {
        seed: options.seed,
        municipalities: options.municipalities,
        badges: options.badges,
        tables,
    }
}

struct Generator<'a> {
    options: SynthOptions,
    framework: &'a Framework,
    cities: Vec<City>,
    /// (changed_at, record type, record id, after JSON) of every create.
    revisions: Vec<(String, &'static str, i64, String)>,
}

/// Bookkeeping cells every record carries: created_at, updated_at, updated_by, row_version.
fn stamps(days: i64) -> [Cell; 4] {
    [
        Cell::text(stamp(days)),
        Cell::text(stamp(days)),
        Cell::text(SYNTH_ACTOR),
        Cell::int(1),
    ]
}

fn with_stamps(mut cells: Vec<Cell>, days: i64) -> Vec<Cell> {
    cells.extend(stamps(days));
    cells
}

fn opt_text(value: Option<String>) -> Cell {
    Cell::Text(value)
}

fn opt_int(value: Option<i64>) -> Cell {
    Cell::Int(value)
}

impl Generator<'_> {
    fn rng(&self, purpose: u64) -> Rng {
        Rng::stream(self.options.seed, purpose)
    }

    fn city_count(&self) -> usize {
        self.options.municipalities
    }

    fn strategy(&self) -> TableRows {
        let mut table = TableRows::new(
            "strategy",
            &[
                "id",
                "name_es",
                "name_en",
                "summary_es",
                "summary_en",
                "period_start",
                "period_end",
                "data_as_of",
                "source_es",
                "source_en",
                "advisory_committee_es",
                "advisory_committee_en",
                "documents_note_es",
                "documents_note_en",
                "source_url",
                "contact_email",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let seed = self.options.seed;
        table.push(with_stamps(
            vec![
                Cell::int(1),
                Cell::text("Estrategia Nacional Sintética (datos de prueba)"),
                Cell::text("Synthetic National Strategy (test data)"),
                Cell::text(format!(
                    "Datos sintéticos generados por portal synth (semilla {seed}) para medir el portal a escala. Ningún nombre, cifra ni fecha describe una ciudad o un programa real."
                )),
                Cell::text(format!(
                    "Synthetic data generated by portal synth (seed {seed}) to measure the portal at scale. No name, figure or date describes a real city or programme."
                )),
                Cell::int(2022),
                Cell::int(2026),
                Cell::text("2024-04"),
                Cell::text(format!("Datos sintéticos (portal synth, semilla {seed})")),
                Cell::text(format!("Synthetic data (portal synth, seed {seed})")),
                Cell::text("Comité asesor sintético (no existe)"),
                Cell::text("Synthetic advisory committee (does not exist)"),
                Cell::text("Documentos sintéticos: sus archivos no dicen nada real."),
                Cell::text("Synthetic documents: their files say nothing real."),
                Cell::text("https://example.org/sintetico/"),
                Cell::text("sintetico@example.org"),
            ],
            DAYS,
        ));
        table
    }

    fn objectives(&self) -> TableRows {
        let mut table = TableRows::new(
            "objectives",
            &[
                "id",
                "position",
                "text_es",
                "text_en",
                "created_at",
                "updated_at",
                "updated_by",
            ],
        );
        for k in 1..=4 {
            let mut row = vec![
                Cell::int(k),
                Cell::int(k),
                Cell::text(format!(
                    "Objetivo sintético {k}: un texto de prueba del tamaño de un objetivo real."
                )),
                Cell::text(format!(
                    "Synthetic objective {k}: a test text as long as a real objective."
                )),
            ];
            row.extend(stamps(DAYS).into_iter().take(3));
            table.push(row);
        }
        table
    }

    fn municipalities(&mut self) -> TableRows {
        let mut table = TableRows::new(
            "municipalities",
            &[
                "id",
                "slug",
                "name",
                "search_name",
                "kind",
                "department",
                "province",
                "district",
                "ubigeo",
                "latitude",
                "longitude",
                "coordinates_source",
                "supported_by_strategy",
                "gcom_commitment_date",
                "gcom_commitment_source",
                "note_es",
                "note_en",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut rng = self.rng(stream::MUNICIPALITIES);
        let width = self.city_count().to_string().len().max(5);
        let mut per_department = vec![0_usize; DEPARTMENTS_OF_PERU.len()];
        for id in 1..=self.city_count() {
            let name = format!("Sintética {id:0width$}");
            let department_index = rng.below(DEPARTMENTS_OF_PERU.len());
            let department = DEPARTMENTS_OF_PERU[department_index];
            let outline = crate::map::outline::DEPARTMENTS
                .iter()
                .find(|d| d.name == department);
            // A code shaped like INEI's (department, province, district) that no district has:
            // no department has a province 9x.
            let serial = per_department[department_index];
            per_department[department_index] += 1;
            let ubigeo = outline
                .filter(|_| serial < 1000)
                .map(|d| format!("{}9{serial:03}", d.ubigeo));
            let (latitude, longitude) = outline
                .and_then(|d| point_in(&mut rng, d.rings))
                .map_or((None, None), |(lon, lat)| (Some(lat), Some(lon)));
            let kind = rng.weighted(&[
                (Some("district"), 88),
                (Some("provincial"), 10),
                (Some("metropolitan"), 1),
                (None, 1),
            ]);
            let supported = rng.chance(2);
            let commitment = rng.chance(80).then(|| rng.between(0, DAYS));
            let created = rng.between(0, DAYS);
            let note = rng.chance(5);
            table.push(with_stamps(
                vec![
                    Cell::int(id as i64),
                    Cell::text(slugify(&name)),
                    Cell::text(name.clone()),
                    Cell::text(fold_for_search(&name)),
                    opt_text(kind.map(str::to_string)),
                    Cell::text(department),
                    Cell::text(format!("Provincia Sintética {:02}", rng.between(1, 12))),
                    Cell::text(name.clone()),
                    opt_text(ubigeo),
                    Cell::Real(latitude),
                    Cell::Real(longitude),
                    Cell::text("Punto al azar en el departamento (portal synth)"),
                    Cell::int(i64::from(supported)),
                    opt_text(commitment.map(date_text)),
                    opt_text(
                        commitment.map(|_| "Carta de compromiso sintética (portal synth)".into()),
                    ),
                    opt_text(note.then(|| format!("Nota sintética de {name}."))),
                    opt_text(note.then(|| format!("Synthetic note about {name}."))),
                ],
                created,
            ));
            self.cities.push(City {
                name,
                commitment,
                supported,
            });
        }
        table
    }

    fn organisations(&self) -> TableRows {
        let mut table = TableRows::new(
            "organisations",
            &[
                "id",
                "slug",
                "name_es",
                "name_en",
                "acronym",
                "role",
                "country_es",
                "country_en",
                "description_es",
                "description_en",
                "position",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        for (id, (role, es, en, acronym)) in organisation_list().into_iter().enumerate() {
            let id = id as i64 + 1;
            table.push(with_stamps(
                vec![
                    Cell::int(id),
                    Cell::text(format!("organizacion-sintetica-{id}")),
                    Cell::text(es.clone()),
                    Cell::text(en.clone()),
                    opt_text(acronym),
                    Cell::text(role),
                    Cell::text("País sintético"),
                    Cell::text("Synthetic country"),
                    Cell::text(format!("{es}: descripción de prueba.")),
                    Cell::text(format!("{en}: a test description.")),
                    Cell::int(id),
                ],
                0,
            ));
        }
        table
    }

    /// Two small PDFs: one the published guides share, one the plan documents share.
    fn files(&self) -> (TableRows, TableRows) {
        let mut files = TableRows::new(
            "files",
            &[
                "id",
                "sha256",
                "size_bytes",
                "content_type",
                "original_name",
                "stored_name",
                "chunk_size",
                "uploaded_by",
                "uploaded_at",
            ],
        );
        let mut chunks = TableRows::new("file_chunks", &["file_id", "seq", "data"]);
        for (id, name) in [(1, "guia-sintetica.pdf"), (2, "plan-sintetico.pdf")] {
            let bytes = synthetic_pdf(name);
            files.push(vec![
                Cell::int(id),
                Cell::text(hex(&Sha256::digest(&bytes))),
                Cell::int(bytes.len() as i64),
                Cell::text("application/pdf"),
                Cell::text(name),
                Cell::text(format!("synthetic-{id}.pdf")),
                Cell::int(crate::store::CHUNK_SIZE as i64),
                Cell::text(SYNTH_ACTOR),
                Cell::text(stamp(DAYS)),
            ]);
            chunks.push(vec![Cell::int(id), Cell::int(0), Cell::Bytes(bytes)]);
        }
        (files, chunks)
    }

    /// Guides (half published with a file), articles, and a plan document for one city in
    /// twenty (published, with the shared plan file).
    fn documents(&mut self, files: &TableRows) -> (TableRows, TableRows, TableRows) {
        let mut documents = TableRows::new(
            "documents",
            &[
                "id",
                "slug",
                "kind",
                "title_es",
                "title_en",
                "summary_es",
                "summary_en",
                "audience_es",
                "audience_en",
                "language",
                "status",
                "version",
                "file_name",
                "content_type",
                "size_bytes",
                "download_count",
                "published_at",
                "municipality_id",
                "position",
                "current_file_id",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut versions = TableRows::new(
            "document_versions",
            &[
                "id",
                "document_id",
                "version",
                "file_id",
                "language",
                "created_at",
                "created_by",
            ],
        );
        let mut downloads =
            TableRows::new("document_downloads", &["document_id", "month", "downloads"]);
        let mut rng = self.rng(stream::DOCUMENTS);
        let size_of = |file_id: i64| match files.cell(file_id as usize - 1, "size_bytes") {
            Some(Cell::Int(size)) => *size,
            _ => None,
        };
        let mut id = 0_i64;
        let mut add = |documents: &mut TableRows,
                       versions: &mut TableRows,
                       kind: &str,
                       title: (String, String),
                       municipality: Option<i64>,
                       file: Option<(i64, &str)>,
                       downloads_total: i64,
                       days: i64| {
            id += 1;
            let published = file.is_some();
            if let Some((file_id, _)) = file {
                versions.push(vec![
                    Cell::int(id),
                    Cell::int(id),
                    Cell::int(1),
                    Cell::int(file_id),
                    Cell::text("es"),
                    Cell::text(stamp(days)),
                    Cell::text(SYNTH_ACTOR),
                ]);
            }
            documents.push(with_stamps(
                vec![
                    Cell::int(id),
                    Cell::text(format!("documento-sintetico-{id}")),
                    Cell::text(kind),
                    Cell::text(title.0.clone()),
                    Cell::text(title.1.clone()),
                    Cell::text(format!("Resumen de prueba de «{}».", title.0)),
                    Cell::text(format!("Test summary of \"{}\".", title.1)),
                    Cell::text("Funcionarios municipales (sintético)"),
                    Cell::text("Municipal officials (synthetic)"),
                    opt_text(published.then(|| "es".to_string())),
                    Cell::text(if published {
                        "published"
                    } else {
                        "pending_approval"
                    }),
                    Cell::int(1),
                    opt_text(file.map(|(_, name)| name.to_string())),
                    opt_text(published.then(|| "application/pdf".to_string())),
                    opt_int(file.and_then(|(file_id, _)| size_of(file_id))),
                    Cell::int(downloads_total),
                    opt_text(published.then(|| stamp(days))),
                    opt_int(municipality),
                    Cell::int(id),
                    opt_int(file.map(|(file_id, _)| file_id)),
                ],
                days,
            ));
            id
        };
        for k in 1..=8 {
            let published = k % 2 == 1;
            let monthly: Vec<i64> = (0..6).map(|_| rng.between(0, 400)).collect();
            let total = if published { monthly.iter().sum() } else { 0 };
            let document = add(
                &mut documents,
                &mut versions,
                "guide",
                (
                    format!("Guía sintética {k}"),
                    format!("Synthetic guide {k}"),
                ),
                None,
                published.then_some((1, "guia-sintetica.pdf")),
                total,
                DAYS - 100 + k,
            );
            if published {
                for (month, count) in monthly.iter().enumerate() {
                    downloads.push(vec![
                        Cell::int(document),
                        Cell::text(format!("2026-{:02}", month + 1)),
                        Cell::int(*count),
                    ]);
                }
            }
        }
        for k in 1..=3 {
            add(
                &mut documents,
                &mut versions,
                "article",
                (
                    format!("Artículo técnico sintético {k}"),
                    format!("Synthetic technical article {k}"),
                ),
                None,
                None,
                0,
                DAYS - 50 + k,
            );
        }
        for city in 1..=self.city_count() as i64 {
            if city % 20 != 7 {
                continue;
            }
            let name = &self.cities[city as usize - 1].name;
            add(
                &mut documents,
                &mut versions,
                "plan_document",
                (
                    format!("Plan de acción climática de {name}"),
                    format!("Climate action plan of {name}"),
                ),
                Some(city),
                Some((2, "plan-sintetico.pdf")),
                0,
                rng.between(DAYS / 2, DAYS),
            );
        }
        (documents, versions, downloads)
    }

    fn badges(&self) -> TableRows {
        let mut table = TableRows::new(
            "badges",
            &[
                "id",
                "municipality_id",
                "kind",
                "year",
                "evidence_es",
                "evidence_en",
                "evidence_url",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut rng = self.rng(stream::BADGES);
        for id in 1..=self.options.badges as i64 {
            let city = rng.below(self.city_count()) as i64 + 1;
            let kind = rng.weighted(&[
                ("mitigation", 35),
                ("adaptation", 52),
                ("energy", 12),
                ("compliance", 1),
            ]);
            let year = (!rng.chance(5)).then(|| rng.between(2015, 2025));
            let created = year.map_or_else(|| rng.between(0, DAYS), |y| days_to_year(y) + 30);
            table.push(with_stamps(
                vec![
                    Cell::int(id),
                    Cell::int(city),
                    Cell::text(kind),
                    opt_int(year),
                    Cell::text(format!("Evidencia sintética de la insignia {id}.")),
                    Cell::text(format!("Synthetic evidence of badge {id}.")),
                    opt_text(
                        rng.chance(50)
                            .then(|| format!("https://example.org/sintetico/insignias/{id}")),
                    ),
                ],
                created,
            ));
        }
        table
    }

    /// Plans (a second, older one for a few cities), each with its status history, and the
    /// measures of approved and published ones.
    fn plans(&self, documents: &TableRows) -> (TableRows, TableRows, TableRows) {
        let mut plans = TableRows::new(
            "plans",
            &[
                "id",
                "municipality_id",
                "status",
                "year",
                "reported_to_cdp",
                "approval_instrument",
                "approval_date",
                "document_id",
                "summary_sheet_id",
                "notes_es",
                "notes_en",
                "inferred",
                "plan_type",
                "horizon_start",
                "horizon_end",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut history = TableRows::new(
            "plan_status_history",
            &[
                "id",
                "plan_id",
                "status",
                "changed_on",
                "note_es",
                "note_en",
                "created_at",
                "updated_at",
                "updated_by",
            ],
        );
        let mut measures = TableRows::new(
            "plan_measures",
            &[
                "id",
                "plan_id",
                "title_es",
                "title_en",
                "pillar_id",
                "sector",
                "pei_action",
                "poi_activity",
                "poi_year",
                "budget_year",
                "budget_amount",
                "budget_programme",
                "position",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        // A city's plan document, where it has one.
        let mut plan_document = std::collections::HashMap::new();
        for index in 0..documents.rows.len() {
            if let (Some(Cell::Int(Some(id))), Some(Cell::Int(Some(city)))) = (
                documents.cell(index, "id"),
                documents.cell(index, "municipality_id"),
            ) {
                plan_document.insert(*city, *id);
            }
        }
        let ladder = PlanStatus::ALL;
        let pillar_ids: Vec<i64> = self
            .framework
            .pillars
            .iter()
            .filter(|p| p.counts_for_compliance != 0)
            .map(|p| p.id)
            .collect();
        let mut rng = self.rng(stream::PLANS);
        let (mut plan_id, mut change_id, mut measure_id) = (0_i64, 0_i64, 0_i64);
        for city in 1..=self.city_count() as i64 {
            let count = if rng.chance(65) {
                1 + usize::from(rng.chance(6))
            } else {
                0
            };
            for nth in 0..count {
                plan_id += 1;
                let latest = nth + 1 == count;
                let status = if latest {
                    rng.weighted(&[
                        (PlanStatus::NotStarted, 10),
                        (PlanStatus::InPreparation, 30),
                        (PlanStatus::Submitted, 25),
                        (PlanStatus::Approved, 20),
                        (PlanStatus::Published, 15),
                    ])
                } else {
                    PlanStatus::Approved
                };
                let top = ladder.iter().position(|s| *s == status).unwrap_or(0);
                let start = rng.below(top.min(2) + 1);
                let first_day = rng.between(0, DAYS - 400) - if latest { 0 } else { 800 };
                let mut day = first_day.max(0);
                for step in &ladder[start..=top] {
                    change_id += 1;
                    history.push(vec![
                        Cell::int(change_id),
                        Cell::int(plan_id),
                        Cell::text(step.code()),
                        opt_text((!rng.chance(10)).then(|| date_text(day))),
                        Cell::text(format!("Cambio de estado sintético del plan {plan_id}.")),
                        Cell::text(format!("Synthetic status change of plan {plan_id}.")),
                        Cell::text(stamp(day)),
                        Cell::text(stamp(day)),
                        Cell::text(SYNTH_ACTOR),
                    ]);
                    day += rng.between(30, 200);
                }
                let approved = matches!(status, PlanStatus::Approved | PlanStatus::Published);
                let year = year_of(first_day.max(0));
                let approval_day = day;
                plans.push(with_stamps(
                    vec![
                        Cell::int(plan_id),
                        Cell::int(city),
                        Cell::text(status.code()),
                        opt_int((!rng.chance(10)).then_some(year)),
                        Cell::int(i64::from(rng.chance(40))),
                        opt_text(approved.then(|| {
                            format!(
                                "Ordenanza Municipal N.º {:03}-{}-MSINT (sintética)",
                                rng.between(1, 999),
                                year_of(approval_day)
                            )
                        })),
                        opt_text(approved.then(|| date_text(approval_day))),
                        opt_int(
                            (latest && status == PlanStatus::Published)
                                .then(|| plan_document.get(&city).copied())
                                .flatten(),
                        ),
                        Cell::null_int(),
                        opt_text(
                            rng.chance(20)
                                .then(|| format!("Notas sintéticas del plan {plan_id}.")),
                        ),
                        opt_text(
                            rng.chance(20)
                                .then(|| format!("Synthetic notes of plan {plan_id}.")),
                        ),
                        Cell::int(0),
                        opt_text(
                            rng.weighted(&[
                                (Some("plac"), 40),
                                (Some("plcc"), 30),
                                (Some("plac_plcc"), 20),
                                (None, 10),
                            ])
                            .map(str::to_string),
                        ),
                        opt_int(approved.then_some(year)),
                        opt_int(approved.then(|| year + rng.between(5, 10))),
                    ],
                    day.min(DAYS),
                ));
                if !approved {
                    continue;
                }
                for position in 1..=rng.below(4) as i64 {
                    measure_id += 1;
                    let pei = rng.chance(60);
                    let poi = pei && rng.chance(70);
                    let budget = poi && rng.chance(60);
                    let budget_year = year + rng.between(0, 3);
                    measures.push(with_stamps(
                        vec![
                            Cell::int(measure_id),
                            Cell::int(plan_id),
                            Cell::text(format!("Medida sintética {position} del plan {plan_id}")),
                            Cell::text(format!("Synthetic measure {position} of plan {plan_id}")),
                            opt_int(
                                (!pillar_ids.is_empty() && rng.chance(90))
                                    .then(|| *rng.pick(&pillar_ids)),
                            ),
                            opt_text(Some(rng.pick(MeasureSector::ALL).code().to_string())),
                            opt_text(pei.then(|| format!("AEI.{:02} sintética", position))),
                            opt_text(poi.then(|| format!("Actividad POI sintética {measure_id}"))),
                            opt_int(poi.then_some(budget_year)),
                            opt_int(budget.then_some(budget_year)),
                            opt_int(budget.then(|| rng.between(10, 2_000) * 1_000)),
                            opt_text(budget.then(|| "PP 0068".to_string())),
                            Cell::int(position),
                        ],
                        approval_day.min(DAYS),
                    ));
                }
            }
        }
        (plans, history, measures)
    }

    /// A ledger entry for three phases in four of every committed city, every pillar's phases
    /// alike.
    fn ledger(&self) -> TableRows {
        let mut table = TableRows::new(
            "progress_entries",
            &[
                "id",
                "municipality_id",
                "phase_id",
                "status",
                "reporting_year",
                "platform",
                "evidence_url",
                "note_es",
                "note_en",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut rng = self.rng(stream::LEDGER);
        let mut id = 0_i64;
        for (index, city) in self.cities.iter().enumerate() {
            let Some(committed) = city.commitment else {
                continue;
            };
            for phase in &self.framework.phases {
                if !rng.chance(75) {
                    continue;
                }
                id += 1;
                let status = rng.weighted(&[
                    (PhaseStatus::InProgress, 25),
                    (PhaseStatus::Reported, 25),
                    (PhaseStatus::Validated, 20),
                    (PhaseStatus::Awarded, 15),
                    (PhaseStatus::Expired, 5),
                    (PhaseStatus::NotRecorded, 10),
                ]);
                let year = (year_of(committed) + rng.between(0, 3)).min(2026);
                let recorded = (days_to_year(year) + rng.between(0, 300)).min(DAYS);
                let note = rng.chance(10);
                table.push(with_stamps(
                    vec![
                        Cell::int(id),
                        Cell::int(index as i64 + 1),
                        Cell::int(phase.id),
                        Cell::text(status.code()),
                        opt_int((!rng.chance(10)).then_some(year)),
                        opt_text(
                            rng.weighted(&[
                                (Some(ReportingPlatform::CdpIcleiTrack), 50),
                                (Some(ReportingPlatform::MyCovenant), 30),
                                (Some(ReportingPlatform::Other), 5),
                                (None, 15),
                            ])
                            .map(|p| p.code().to_string()),
                        ),
                        opt_text(
                            rng.chance(40)
                                .then(|| format!("https://example.org/sintetico/registro/{id}")),
                        ),
                        opt_text(note.then(|| format!("Nota sintética del registro {id}."))),
                        opt_text(note.then(|| format!("Synthetic note of entry {id}."))),
                    ],
                    recorded.max(committed),
                ));
            }
        }
        table
    }

    /// The source's kind of national totals, near what the records count (a national tally is
    /// a little ahead of what is recorded city by city).
    fn reported_figures(&self, badges: &TableRows, plans: &TableRows) -> TableRows {
        let mut table = TableRows::new(
            "reported_figures",
            &[
                "id",
                "key",
                "value",
                "label_es",
                "label_en",
                "source_es",
                "source_en",
                "as_of",
                "position",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let of_kind = |kind: &str| {
            (0..badges.rows.len())
                .filter(|&i| badges.cell(i, "kind") == Some(&Cell::text(kind)))
                .count() as i64
        };
        let ahead = |n: i64| n + n / 10;
        let cities_with_badges = {
            let mut cities: Vec<&Cell> = (0..badges.rows.len())
                .filter_map(|i| badges.cell(i, "municipality_id"))
                .collect();
            cities.sort_by_key(|c| match c {
                Cell::Int(id) => *id,
                _ => None,
            });
            cities.dedup();
            cities.len() as i64
        };
        let supported = self.cities.iter().filter(|c| c.supported).count() as i64;
        let figures: [(&str, i64, &str, &str); 13] = [
            (
                "badge_cities",
                ahead(cities_with_badges),
                "ciudades obtuvieron insignias",
                "cities earned badges",
            ),
            (
                "badges_total",
                ahead(badges.rows.len() as i64),
                "insignias en total",
                "badges in total",
            ),
            (
                "badges_mitigation",
                ahead(of_kind("mitigation")),
                "insignias de mitigación",
                "mitigation badges",
            ),
            (
                "badges_adaptation",
                ahead(of_kind("adaptation")),
                "insignias de adaptación",
                "adaptation badges",
            ),
            (
                "badges_energy",
                ahead(of_kind("energy")),
                "insignias de energía",
                "energy badges",
            ),
            (
                "badges_compliance",
                ahead(of_kind("compliance")),
                "insignias de cumplimiento total",
                "full compliance badges",
            ),
            (
                "cities_supported",
                supported,
                "ciudades apoyadas por la estrategia",
                "cities supported by the strategy",
            ),
            (
                "iuc_advanced_plans",
                plans.rows.len() as i64 / 20,
                "municipalidades con planes avanzados",
                "municipalities with advanced plans",
            ),
            (
                "new_commitments",
                self.cities.len() as i64 / 10,
                "nuevos compromisos",
                "new commitments",
            ),
            (
                "letters_of_commitment",
                self.cities.len() as i64 / 30,
                "cartas de compromiso",
                "letters of commitment",
            ),
            (
                "technical_articles",
                3,
                "artículos técnicos",
                "technical articles",
            ),
            (
                "plan_summary_sheets",
                plans.rows.len() as i64 / 8,
                "fichas resumen de planes",
                "plan summary sheets",
            ),
            (
                "specialized_articles",
                3,
                "artículos especializados",
                "specialised articles",
            ),
        ];
        for (position, (key, value, es, en)) in figures.into_iter().enumerate() {
            let id = position as i64 + 1;
            table.push(with_stamps(
                vec![
                    Cell::int(id),
                    Cell::text(key),
                    Cell::int(value),
                    Cell::text(format!("{es} (sintético)")),
                    Cell::text(format!("{en} (synthetic)")),
                    Cell::text("Cifra sintética (portal synth)"),
                    Cell::text("Synthetic figure (portal synth)"),
                    Cell::text("2024-04"),
                    Cell::int(id),
                ],
                DAYS,
            ));
        }
        table
    }

    fn programmes(&self) -> (TableRows, TableRows) {
        let mut programmes = TableRows::new(
            "programmes",
            &[
                "id",
                "slug",
                "kind",
                "title_es",
                "title_en",
                "description_es",
                "description_en",
                "position",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut participants = TableRows::new(
            "programme_participants",
            &[
                "programme_id",
                "municipality_id",
                "created_at",
                "updated_by",
            ],
        );
        let mut rng = self.rng(stream::PROGRAMMES);
        let kinds = [
            "technical_support",
            "guide",
            "guide",
            "diploma",
            "exchange",
            "outreach",
        ];
        let n = self.city_count();
        for (index, kind) in kinds.iter().enumerate() {
            let id = index as i64 + 1;
            programmes.push(with_stamps(
                vec![
                    Cell::int(id),
                    Cell::text(format!("programa-sintetico-{id}")),
                    Cell::text(*kind),
                    Cell::text(format!("Programa sintético {id}")),
                    Cell::text(format!("Synthetic programme {id}")),
                    Cell::text(format!("Línea de trabajo sintética {id}: texto de prueba.")),
                    Cell::text(format!("Synthetic line of work {id}: test text.")),
                    Cell::int(id),
                ],
                0,
            ));
            let mut cities = rng.sample(n, (n / 40).max(3));
            if *kind == "technical_support" {
                cities.extend(
                    self.cities
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.supported)
                        .map(|(i, _)| i as i64 + 1),
                );
                cities.sort_unstable();
                cities.dedup();
            }
            for city in cities {
                participants.push(vec![
                    Cell::int(id),
                    Cell::int(city),
                    Cell::text(stamp(0)),
                    Cell::text(SYNTH_ACTOR),
                ]);
            }
        }
        (programmes, participants)
    }

    fn diploma(&self) -> (TableRows, TableRows) {
        let mut cohorts = TableRows::new(
            "diploma_cohorts",
            &[
                "id",
                "year",
                "title_es",
                "title_en",
                "university_id",
                "postgraduate_certification",
                "plans_presented",
                "plans_reported_to_cdp",
                "notes_es",
                "notes_en",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut participants = TableRows::new(
            "diploma_participants",
            &["cohort_id", "municipality_id", "created_at", "updated_by"],
        );
        let mut rng = Rng::stream(self.options.seed, stream::PROGRAMMES + 100);
        let universities = organisation_ids("university");
        let n = self.city_count();
        for (index, year) in (2019..=2026).enumerate() {
            let id = index as i64 + 1;
            let cities = rng.sample(n, (n / 50).max(3));
            let presented = rng.below(cities.len() + 1) as i64;
            cohorts.push(with_stamps(
                vec![
                    Cell::int(id),
                    Cell::int(year),
                    Cell::text("Diplomado sintético en planes de acción climática"),
                    Cell::text("Synthetic diploma in climate action plans"),
                    Cell::int(universities[index % universities.len()]),
                    Cell::int(i64::from(rng.chance(50))),
                    opt_int(rng.chance(80).then_some(presented)),
                    opt_int(rng.chance(60).then_some(presented / 2)),
                    Cell::text(format!("Cohorte sintética {year}.")),
                    Cell::text(format!("Synthetic cohort {year}.")),
                ],
                days_to_year(year),
            ));
            for city in cities {
                participants.push(vec![
                    Cell::int(id),
                    Cell::int(city),
                    Cell::text(stamp(days_to_year(year))),
                    Cell::text(SYNTH_ACTOR),
                ]);
            }
        }
        (cohorts, participants)
    }

    fn exchanges(&self) -> (TableRows, TableRows, TableRows) {
        let mut exchanges = TableRows::new(
            "exchanges",
            &[
                "id",
                "year",
                "country_es",
                "country_en",
                "partner_id",
                "description_es",
                "description_en",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut hosts = TableRows::new(
            "exchange_host_cities",
            &[
                "id",
                "exchange_id",
                "name",
                "position",
                "created_at",
                "updated_by",
            ],
        );
        let mut participants = TableRows::new(
            "exchange_participants",
            &[
                "exchange_id",
                "municipality_id",
                "seed_label",
                "position",
                "created_at",
                "updated_by",
            ],
        );
        let mut rng = Rng::stream(self.options.seed, stream::PROGRAMMES + 200);
        let partners = organisation_ids("partner_coordinator");
        let mut host_id = 0;
        for (index, year) in (2019..=2024).enumerate() {
            let id = index as i64 + 1;
            exchanges.push(with_stamps(
                vec![
                    Cell::int(id),
                    Cell::int(year),
                    Cell::text(format!("País sintético {id}")),
                    Cell::text(format!("Synthetic country {id}")),
                    Cell::int(partners[index % partners.len()]),
                    Cell::text(format!("Intercambio sintético de {year}.")),
                    Cell::text(format!("Synthetic exchange of {year}.")),
                ],
                days_to_year(year),
            ));
            for position in 1..=3 {
                host_id += 1;
                hosts.push(vec![
                    Cell::int(host_id),
                    Cell::int(id),
                    Cell::text(format!("Ciudad anfitriona sintética {id}-{position}")),
                    Cell::int(position),
                    Cell::text(stamp(days_to_year(year))),
                    Cell::text(SYNTH_ACTOR),
                ]);
            }
            let count = 8 + rng.below(8);
            for (position, city) in rng.sample(self.city_count(), count).into_iter().enumerate() {
                participants.push(vec![
                    Cell::int(id),
                    Cell::int(city),
                    Cell::text(self.cities[city as usize - 1].name.clone()),
                    Cell::int(position as i64 + 1),
                    Cell::text(stamp(days_to_year(year))),
                    Cell::text(SYNTH_ACTOR),
                ]);
            }
        }
        (exchanges, hosts, participants)
    }

    fn forum(&self) -> TableRows {
        let mut table = TableRows::new(
            "forum_representatives",
            &[
                "id",
                "municipality_id",
                "forum_es",
                "forum_en",
                "created_at",
                "updated_at",
                "updated_by",
                "row_version",
            ],
        );
        let mut rng = Rng::stream(self.options.seed, stream::PROGRAMMES + 300);
        for (index, city) in rng.sample(self.city_count(), 3).into_iter().enumerate() {
            table.push(with_stamps(
                vec![
                    Cell::int(index as i64 + 1),
                    Cell::int(city),
                    Cell::text("Foro sintético de alcaldes"),
                    Cell::text("Synthetic mayors' forum"),
                ],
                DAYS,
            ));
        }
        table
    }

    /// Keeps a `create` revision of every row of `rows`, the record as the store's snapshot
    /// holds it (the catalogue's columns), dated when the row was created.
    fn revise(&mut self, kind: &'static RecordType, rows: &TableRows) {
        let columns = kind.columns();
        for index in 0..rows.rows.len() {
            let mut record = Record::new();
            for column in &columns {
                let value = match rows.cell(index, column) {
                    Some(Cell::Int(Some(n))) => Value::Integer(*n),
                    Some(Cell::Real(Some(x))) => Value::Real(*x),
                    Some(Cell::Text(Some(text))) => Value::Text(text.clone()),
                    _ => Value::Null,
                };
                record.set(column.clone(), value);
            }
            let (Some(Cell::Int(Some(id))), Some(Cell::Text(Some(at)))) =
                (rows.cell(index, "id"), rows.cell(index, "created_at"))
            else {
                continue;
            };
            self.revisions
                .push((at.clone(), kind.slug, *id, record.to_json()));
        }
    }

    /// The revisions in the order they were made: the newest has the highest id, as when the
    /// records are entered one by one.
    fn revisions_table(&mut self) -> TableRows {
        let mut table = TableRows::new(
            "revisions",
            &[
                "id",
                "record_type",
                "record_id",
                "action",
                "before_json",
                "after_json",
                "changed_by",
                "changed_at",
                "note",
            ],
        );
        let mut revisions = std::mem::take(&mut self.revisions);
        revisions.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
        for (index, (at, kind, record, after)) in revisions.into_iter().enumerate() {
            table.push(vec![
                Cell::int(index as i64 + 1),
                Cell::text(kind),
                Cell::int(record),
                Cell::text("create"),
                Cell::null_text(),
                Cell::text(after),
                Cell::text(SYNTH_ACTOR),
                Cell::text(at),
                Cell::text(SYNTH_ACTOR),
            ]);
        }
        table
    }
}

/// The synthetic organisations: (role, Spanish name, English name, acronym), ids from 1.
fn organisation_list() -> Vec<(&'static str, String, String, Option<String>)> {
    let mut list = vec![
        (
            "national_coordinator",
            "Coordinadora Nacional Sintética A".to_string(),
            "Synthetic National Coordinator A".to_string(),
            Some("CNSA".to_string()),
        ),
        (
            "national_coordinator",
            "Coordinadora Nacional Sintética B".to_string(),
            "Synthetic National Coordinator B".to_string(),
            Some("CNSB".to_string()),
        ),
        (
            "eu_delegation",
            "Delegación de cooperación sintética".to_string(),
            "Synthetic cooperation delegation".to_string(),
            None,
        ),
    ];
    for k in 1..=3 {
        list.push((
            "university",
            format!("Universidad Sintética {k}"),
            format!("Synthetic University {k}"),
            Some(format!("US{k}")),
        ));
    }
    for k in 1..=3 {
        list.push((
            "partner_coordinator",
            format!("Red Sintética de Municipios {k}"),
            format!("Synthetic Network of Municipalities {k}"),
            Some(format!("RSM{k}")),
        ));
    }
    list.push((
        "reporting_platform",
        "Plataforma de reporte sintética".to_string(),
        "Synthetic reporting platform".to_string(),
        Some("PRS".to_string()),
    ));
    list
}

/// The ids of the synthetic organisations of `role`.
fn organisation_ids(role: &str) -> Vec<i64> {
    organisation_list()
        .iter()
        .enumerate()
        .filter(|(_, (r, ..))| *r == role)
        .map(|(i, _)| i as i64 + 1)
        .collect()
}

/// A random point inside `rings` (a department's outline), by trying points of its box.
fn point_in(rng: &mut Rng, rings: &[&[(f32, f32)]]) -> Option<(f64, f64)> {
    let bounds = crate::map::BBox::around(rings)?;
    for _ in 0..200 {
        let lon = bounds.west + (bounds.east - bounds.west) * (rng.below(1_000_000) as f32 / 1e6);
        let lat =
            bounds.south + (bounds.north - bounds.south) * (rng.below(1_000_000) as f32 / 1e6);
        if crate::map::rings_contain(rings, lon, lat) {
            // Four decimals: about ten metres, as the reference file gives coordinates.
            let round = |x: f32| (f64::from(x) * 1e4).round() / 1e4;
            return Some((round(lon), round(lat)));
        }
    }
    None
}

/// A small, valid PDF that says what it is.
fn synthetic_pdf(name: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% Documento sintético ({name}) generado por portal synth: no describe nada real.\n\
         1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
         trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Phase, Pillar};

    fn framework() -> Framework {
        let pillar = |id: i64, code: &str, counts: i64| Pillar {
            id,
            code: code.into(),
            name_es: code.into(),
            name_en: code.into(),
            description_es: String::new(),
            description_en: String::new(),
            badge_kind: Some(code.into()),
            counts_for_compliance: counts,
            position: id,
        };
        let phase = |id: i64, pillar_id: i64| Phase {
            id,
            pillar_id,
            code: format!("p{id}"),
            name_es: String::new(),
            name_en: String::new(),
            description_es: String::new(),
            description_en: String::new(),
            deadline_years: Some(id),
            deadline_basis_es: None,
            deadline_basis_en: None,
            position: id,
        };
        Framework {
            pillars: vec![pillar(1, "mitigation", 1), pillar(2, "adaptation", 1)],
            phases: vec![phase(1, 1), phase(2, 1), phase(3, 2)],
        }
    }

    fn options(seed: u64) -> SynthOptions {
        SynthOptions {
            seed,
            municipalities: 120,
            badges: 700,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_records_and_another_seed_others() {
        let a = generate(options(7), &framework());
        let b = generate(options(7), &framework());
        let c = generate(options(8), &framework());
        let rows = |data: &SyntheticData, table: &str| {
            data.table(table)
                .map(|t| t.rows.clone())
                .unwrap_or_default()
        };
        for table in ["municipalities", "badges", "plans", "progress_entries"] {
            assert_eq!(rows(&a, table), rows(&b, table), "{table}");
            assert_ne!(rows(&a, table), rows(&c, table), "{table}");
        }
        // More badges leave the municipalities as they were.
        let more = generate(
            SynthOptions {
                badges: 900,
                ..options(7)
            },
            &framework(),
        );
        assert_eq!(rows(&a, "municipalities"), rows(&more, "municipalities"));
    }

    #[test]
    fn every_table_gets_rows_with_names_no_one_takes_for_real() {
        let data = generate(options(1), &framework());
        for table in &data.tables {
            assert!(!table.rows.is_empty(), "{} is empty", table.table);
            for row in &table.rows {
                assert_eq!(row.len(), table.columns.len(), "{}", table.table);
            }
        }
        let municipalities = data.table("municipalities").expect("municipalities");
        assert_eq!(municipalities.rows.len(), 120);
        assert_eq!(
            municipalities.cell(41, "name"),
            Some(&Cell::text("Sintética 00042"))
        );
        assert_eq!(
            municipalities.cell(41, "slug"),
            Some(&Cell::text("sintetica-00042"))
        );
        for index in 0..municipalities.rows.len() {
            let Some(Cell::Text(Some(department))) = municipalities.cell(index, "department")
            else {
                panic!("no department");
            };
            assert!(DEPARTMENTS_OF_PERU.contains(&department.as_str()));
            if let (Some(Cell::Real(Some(lat))), Some(Cell::Real(Some(lon)))) = (
                municipalities.cell(index, "latitude"),
                municipalities.cell(index, "longitude"),
            ) {
                assert!(
                    crate::map::contains(*lon as f32, *lat as f32),
                    "{lat},{lon}"
                );
            }
        }
        assert_eq!(data.table("badges").map(|t| t.rows.len()), Some(700));
    }

    #[test]
    fn revisions_follow_time_and_read_back_as_records() {
        let data = generate(options(3), &framework());
        let revisions = data.table("revisions").expect("revisions");
        let times: Vec<&Cell> = (0..revisions.rows.len())
            .filter_map(|i| revisions.cell(i, "changed_at"))
            .collect();
        let mut sorted = times.clone();
        sorted.sort_by_key(|c| match c {
            Cell::Text(t) => t.clone(),
            _ => None,
        });
        assert_eq!(times, sorted);
        let Some(Cell::Text(Some(json))) = revisions.cell(0, "after_json") else {
            panic!("no after_json");
        };
        let Some(Cell::Text(Some(kind))) = revisions.cell(0, "record_type") else {
            panic!("no type");
        };
        let kind = crate::catalogue::by_slug(kind).expect("a known type");
        let record = Record::from_json(kind, json);
        assert!(record.integer("municipality_id").is_some() || kind.slug == "documents");
    }
}
