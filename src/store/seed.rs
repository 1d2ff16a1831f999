//! The National Strategy's records, loaded into an empty store (`portal seed`, and on first start).
//!
//! Every fact here is in `shared/seed/gcom-peru-national-strategy.txt` (the GCoM public page on the
//! National Strategy in Peru, data as of April 2024); the Spanish text is our translation of it.
//! Facts the page does not give (UBIGEO, department, province, coordinates) come from
//! `seed/municipalities-reference.csv`, which names its source row by row.

use sqlx::{Any, Transaction};

use super::{Store, StoreResult, now_timestamp};
use crate::domain::{fold_for_search, slugify};

const SEEDED_BY: &str = "seed";
const AS_OF: &str = "2024-04";
const SOURCE_ES: &str = "Pacto Global de Alcaldes por el Clima y la Energía (GCoM), página «Estrategia Nacional del Perú»";
const SOURCE_EN: &str =
    "Global Covenant of Mayors for Climate & Energy (GCoM), page \"National Strategy in Peru\"";

/// The reference data shipped with the portal (a copy of shared/data/municipalities-reference.csv).
pub const MUNICIPALITIES_CSV: &str = include_str!("../../seed/municipalities-reference.csv");

/// Notes of the reference file, in Spanish and English, keyed by the seed's name.
const MUNICIPALITY_NOTES: &[(&str, &str, &str)] = &[
    (
        "Callao",
        "Provincia constitucional.",
        "Constitutional province.",
    ),
    (
        "Chiclayo",
        "La fuente nombra por separado a Chiclayo y a Chiclayo Provincia, sin decir qué municipalidad es cada una.",
        "The source lists Chiclayo and Chiclayo Provincia separately without saying which bodies they are.",
    ),
    (
        "Chiclayo Provincia",
        "La fuente la escribe también «Chiclayo Province»; véase Chiclayo.",
        "The source also writes it \"Chiclayo Province\"; see Chiclayo.",
    ),
    (
        "Chimbote",
        "Chimbote es la sede de la Municipalidad Provincial del Santa; la fuente nombra además «Santa (Chimbote)» y «Nuevo Chimbote (Chimbote)».",
        "Chimbote is the seat of the Provincial Municipality of Santa; the source also names \"Santa (Chimbote)\" and \"Nuevo Chimbote (Chimbote)\".",
    ),
    ("Curahuasi", "Provincia de Abancay.", "Province of Abancay."),
    ("Huamanga", "Ciudad de Ayacucho.", "City of Ayacucho."),
    (
        "Huanchaco",
        "Provincia de Trujillo; la fuente escribe «Huanchaco (Trujillo)».",
        "Province of Trujillo; the source writes \"Huanchaco (Trujillo)\".",
    ),
    (
        "Independencia",
        "Se asume el distrito de Lima; otros tres distritos llevan el mismo nombre (Áncash, Ayacucho, Ica).",
        "Assumed to be the Lima district; three other districts share the name (Áncash, Ayacucho, Ica).",
    ),
    (
        "Lima",
        "Municipalidad Metropolitana de Lima.",
        "Metropolitan Municipality of Lima.",
    ),
    ("Maynas", "Sede: Iquitos.", "Seat: Iquitos."),
    (
        "Miraflores",
        "Se asume el distrito de Lima; otros tres distritos llevan el mismo nombre (Arequipa, Huánuco, Yauyos).",
        "Assumed to be the Lima district; three other districts share the name (Arequipa, Huánuco, Yauyos).",
    ),
    ("Moche", "Provincia de Trujillo.", "Province of Trujillo."),
    (
        "Pasco",
        "Sede: Chaupimarca (Cerro de Pasco).",
        "Seat: Chaupimarca (Cerro de Pasco).",
    ),
    ("San Isidro", "Distrito de Lima.", "Lima district."),
    ("Sayán", "Provincia de Huaura.", "Province of Huaura."),
    ("Yura", "Provincia de Arequipa.", "Province of Arequipa."),
    (
        "Coronel Portillo",
        "Sede: Callería (Pucallpa). No figura entre las 30 ciudades apoyadas; representa al Perú en el Foro de Alcaldes de América Latina del GCoM.",
        "Seat: Callería (Pucallpa). Not among the 30 supported cities; represents Peru in the GCoM Latin America Mayors' Forum.",
    ),
    (
        "Nuevo Chimbote",
        "Intercambio 2023, escrito «Nuevo Chimbote (Chimbote)» en la fuente.",
        "2023 exchange, written \"Nuevo Chimbote (Chimbote)\" in the source.",
    ),
    (
        "Santa",
        "Intercambio 2024, escrito «Santa (Chimbote)» en la fuente; se asume la Municipalidad Provincial del Santa, con sede en Chimbote.",
        "2024 exchange, written \"Santa (Chimbote)\" in the source; assumed to be the Provincial Municipality of Santa, seated in Chimbote.",
    ),
];

/// How the source spells names that the reference data spells correctly.
const SEED_SPELLINGS: &[(&str, &str)] = &[
    ("Jesús María", "Jesús Maria"),
    ("Santa María del Mar", "Santa Maria del Mar"),
    ("Nuevo Chimbote", "Nuevo Chimbote (Chimbote)"),
    ("Santa", "Santa (Chimbote)"),
    ("Huanchaco", "Huanchaco (Trujillo)"),
];

/// The strategy's four objectives.
const OBJECTIVES: &[(&str, &str)] = &[
    (
        "Apoyar la culminación y actualización de los Planes de Acción Climática existentes durante el programa IUC-LAC.",
        "Support the completion and updating of existing Climate Action Plans during the IUC-LAC program.",
    ),
    (
        "Brindar a los funcionarios municipales herramientas eficaces para el desarrollo sostenible de los Planes Locales de Acción Climática (PLAC).",
        "Provide municipal officials with effective tools for the sustainable development of Local Climate Action Plans (CAPs).",
    ),
    (
        "Desarrollar capacidades técnicas para priorizar e integrar las medidas de los PLAC en los procesos de planificación y presupuesto municipal.",
        "Develop technical capacities to prioritize and integrate CAP measures into municipal planning and budgeting processes.",
    ),
    (
        "Aumentar la influencia y el conocimiento del GCoM en el Perú, promoviendo el compromiso de nuevas ciudades.",
        "Enhance the influence and awareness of the GCoM in Peru, promoting the commitment of new cities.",
    ),
];

/// National totals the source reports: (key, value, Spanish label, English label).
pub const REPORTED_FIGURES: &[(&str, i64, &str, &str)] = &[
    (
        "badge_cities",
        49,
        "ciudades obtuvieron insignias del GCoM (hasta 2023)",
        "cities earned GCoM badges (up to 2023)",
    ),
    (
        "badges_total",
        67,
        "insignias obtenidas en total (hasta 2023)",
        "badges earned in total (up to 2023)",
    ),
    (
        "badges_mitigation",
        17,
        "insignias de mitigación",
        "mitigation badges",
    ),
    (
        "badges_adaptation",
        45,
        "insignias de adaptación",
        "adaptation badges",
    ),
    ("badges_energy", 2, "insignias de energía", "energy badges"),
    (
        "badges_compliance",
        3,
        "insignias de cumplimiento total del GCoM",
        "badges for full compliance with the GCoM",
    ),
    (
        "cities_supported",
        30,
        "ciudades recibieron apoyo específico de la Estrategia",
        "cities received specific support from the Strategy",
    ),
    (
        "iuc_advanced_plans",
        16,
        "municipalidades adicionales con PLAC avanzados, iniciados en el programa IUC",
        "additional municipalities with advanced CAPs, started in the IUC programme",
    ),
    (
        "new_commitments",
        22,
        "nuevos compromisos con el GCoM",
        "new commitments to the GCoM",
    ),
    (
        "letters_of_commitment",
        6,
        "cartas de compromiso adicionales",
        "additional letters of commitment",
    ),
    (
        "technical_articles",
        3,
        "artículos técnicos",
        "technical articles",
    ),
    (
        "plan_summary_sheets",
        28,
        "fichas resumen de PLAC",
        "CAP summary sheets",
    ),
    (
        "specialized_articles",
        3,
        "artículos especializados sobre PLAC",
        "specialized articles on CAPs",
    ),
];

/// Municipalities whose plans the source describes: the exchange participants, which "completed
/// their CAPs as part of the diploma program"; those who presented them "reported their plans
/// to CDP".
const PLAN_MUNICIPALITIES: &[&str] = &[
    "Arequipa",
    "Ate",
    "Huanchaco",
    "Lima",
    "Nuevo Chimbote",
    "Puente Piedra",
    "Santiago de Surco",
    "La Molina",
    "Yura",
    "Surquillo",
    "Huamanga",
    "Santa",
];

const COMPLIANCE_CITIES: &[&str] = &["Lima", "San Isidro", "Magdalena del Mar"];
const FORUM_CITIES: &[&str] = &["Comas", "Coronel Portillo"];

struct Exchange {
    year: i64,
    country_es: &'static str,
    country_en: &'static str,
    partner: &'static str,
    description_es: &'static str,
    description_en: &'static str,
    hosts: &'static [&'static str],
    /// (record name, the source's wording)
    participants: &'static [(&'static str, &'static str)],
}

const EXCHANGES: &[Exchange] = &[
    Exchange {
        year: 2023,
        country_es: "Argentina",
        country_en: "Argentina",
        partner: "ramcc",
        description_es: "Representantes de municipalidades peruanas que completaron su PLAC en el diplomado visitaron Argentina, en coordinación con la RAMCC, coordinadora nacional en Argentina, para conocer e intercambiar experiencias exitosas frente a riesgos climáticos compartidos.",
        description_en: "Representatives of Peruvian municipalities that completed their CAPs in the diploma programme visited Argentina, in coordination with RAMCC, the national coordinator in Argentina, to gain and exchange knowledge about successful experiences in response to shared climate risks.",
        hosts: &["Buenos Aires", "Vicente López", "Rosario"],
        participants: &[
            ("Arequipa", "Arequipa"),
            ("Ate", "Ate"),
            ("Huanchaco", "Huanchaco (Trujillo)"),
            ("Lima", "Lima"),
            ("Nuevo Chimbote", "Nuevo Chimbote (Chimbote)"),
            ("Puente Piedra", "Puente Piedra"),
            ("Santiago de Surco", "Santiago de Surco"),
        ],
    },
    Exchange {
        year: 2024,
        country_es: "Chile",
        country_en: "Chile",
        partner: "achm",
        description_es: "La experiencia se replicó en Chile, en colaboración con la ACHM, coordinadora nacional en Chile. Los representantes municipales observaron en el terreno buenas prácticas locales, su implementación y sus resultados.",
        description_en: "The experience was replicated in Chile, in collaboration with ACHM, the national coordinator in Chile. Municipal representatives observed local best practices on-site, as well as their implementation and outcomes.",
        hosts: &["Peñalolén", "Vitacura", "El Quisco"],
        participants: &[
            ("La Molina", "La Molina"),
            ("Yura", "Yura"),
            ("Surquillo", "Surquillo"),
            ("Huanchaco", "Huanchaco"),
            ("Huamanga", "Huamanga"),
            ("Santa", "Santa (Chimbote)"),
            ("Arequipa", "Arequipa"),
        ],
    },
];

/// (slug, name es, name en, acronym, role, country es, country en, description es, description en)
type OrganisationRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const ORGANISATIONS: &[OrganisationRow] = &[
    (
        "fcv",
        "Foro de Ciudades para la Vida",
        "Foro de Ciudades para la Vida",
        Some("FCV"),
        "national_coordinator",
        "Perú",
        "Peru",
        "Coordinador nacional del GCoM en el Perú: punto focal de las municipalidades firmantes; lidera la formulación e implementación de la Estrategia Nacional y brinda apoyo directo a las municipalidades (captación, asistencia técnica, participación en eventos).",
        "National Coordinator of the GCoM in Peru: focal point for signatory municipalities; leads the formulation and implementation of the National Strategy and gives municipalities direct support (recruitment, technical support, participation in events).",
    ),
    (
        "ampe",
        "Asociación de Municipalidades del Perú",
        "National Association of Municipalities of Peru",
        Some("AMPE"),
        "national_coordinator",
        "Perú",
        "Peru",
        "Coordinador nacional del GCoM en el Perú: punto focal de las municipalidades firmantes; lidera la formulación e implementación de la Estrategia Nacional y brinda apoyo directo a las municipalidades (captación, asistencia técnica, participación en eventos).",
        "National Coordinator of the GCoM in Peru: focal point for signatory municipalities; leads the formulation and implementation of the National Strategy and gives municipalities direct support (recruitment, technical support, participation in events).",
    ),
    (
        "delegacion-ue-peru",
        "Delegación de la Unión Europea en el Perú",
        "Delegation of the European Union in Peru",
        None,
        "eu_delegation",
        "Perú",
        "Peru",
        "Las actividades de la Estrategia Nacional están alineadas con el trabajo de la Delegación de la Unión Europea en el Perú.",
        "The activities of the National Strategy are aligned with the work of the Delegation of the European Union in Peru.",
    ),
    (
        "unmsm",
        "Universidad Nacional Mayor de San Marcos",
        "National University of San Marcos",
        Some("UNMSM"),
        "university",
        "Perú",
        "Peru",
        "Apoyó el diplomado virtual de 2023, con certificación universitaria de posgrado.",
        "Supported the 2023 virtual diploma, with postgraduate university certification.",
    ),
    (
        "uni",
        "Universidad Nacional de Ingeniería",
        "National University of Engineering",
        Some("UNI"),
        "university",
        "Perú",
        "Peru",
        "Apoyó el diplomado virtual de 2024, con certificación universitaria de posgrado.",
        "Supported the 2024 virtual diploma, with postgraduate university certification.",
    ),
    (
        "ramcc",
        "RAMCC",
        "RAMCC",
        Some("RAMCC"),
        "partner_coordinator",
        "Argentina",
        "Argentina",
        "Coordinadora nacional del GCoM en Argentina; coorganizó el intercambio de 2023.",
        "National coordinator of the GCoM in Argentina; co-organised the 2023 exchange.",
    ),
    (
        "achm",
        "ACHM",
        "ACHM",
        Some("ACHM"),
        "partner_coordinator",
        "Chile",
        "Chile",
        "Coordinadora nacional del GCoM en Chile; colaboró en el intercambio de 2024.",
        "National coordinator of the GCoM in Chile; collaborated on the 2024 exchange.",
    ),
    (
        "cdp",
        "CDP",
        "CDP",
        Some("CDP"),
        "reporting_platform",
        "Internacional",
        "International",
        "Los participantes del diplomado que presentaron su PLAC reportaron sus planes a CDP.",
        "Diploma participants who presented their CAPs reported their plans to CDP.",
    ),
];

impl Store {
    /// True once the strategy's records are in the store.
    pub async fn is_seeded(&self) -> StoreResult<bool> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM strategy")
            .fetch_one(self.pool())
            .await?;
        Ok(count > 0)
    }

    /// Loads the strategy's records if they are absent, in one transaction: either all of them
    /// are written or none. Returns whether anything was written.
    #[tracing::instrument(skip(self))]
    pub async fn seed(&self) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let already: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM strategy")
            .fetch_one(&mut *tx)
            .await?;
        if already > 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let now = now_timestamp();
        let mut seed = Seeder { tx: &mut tx, now };
        seed.strategy().await?;
        seed.objectives().await?;
        seed.municipalities().await?;
        seed.reported_figures().await?;
        seed.organisations().await?;
        seed.badges().await?;
        seed.forum().await?;
        seed.documents().await?;
        seed.programmes().await?;
        seed.diploma().await?;
        seed.exchanges().await?;
        seed.plans().await?;
        tx.commit().await?;
        tracing::info!("seeded the National Strategy's records");
        Ok(true)
    }
}

struct Seeder<'t, 'c> {
    tx: &'t mut Transaction<'c, Any>,
    now: String,
}

impl Seeder<'_, '_> {
    async fn id_of_municipality(&mut self, name: &str) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar("SELECT id FROM municipalities WHERE slug = $1")
            .bind(slugify(name))
            .fetch_one(&mut **self.tx)
            .await?;
        Ok(id)
    }

    async fn id_of_organisation(&mut self, slug: &str) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE slug = $1")
            .bind(slug)
            .fetch_one(&mut **self.tx)
            .await?;
        Ok(id)
    }

    async fn strategy(&mut self) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO strategy (id, name_es, name_en, summary_es, summary_en, period_start,
                period_end, data_as_of, source_es, source_en, advisory_committee_es,
                advisory_committee_en, documents_note_es, documents_note_en, created_at,
                updated_at, updated_by)
             VALUES (1, $1, $2, $3, $4, 2022, 2024, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)",
        )
        .bind("Estrategia Nacional del GCoM en el Perú")
        .bind("GCoM National Strategy in Peru")
        .bind("La Estrategia Nacional del Perú es una agenda del Pacto Global de Alcaldes por el Clima y la Energía (GCoM), implementada entre 2022 y 2024, para impulsar la implementación y el avance del GCoM en el Perú y fortalecer la acción climática local. Se elaboró junto con los Coordinadores Nacionales, que identificaron brechas y necesidades específicas de las ciudades peruanas, para que las ciudades y municipalidades firmantes cumplan sus compromisos y la acción climática local avance de manera efectiva. La lideran el Foro de Ciudades para la Vida (FCV) y la Asociación de Municipalidades del Perú (AMPE), y ha brindado apoyo directo a la elaboración y actualización de los Planes Locales de Acción Climática (PLAC) mediante sus actividades de formación.")
        .bind("The National Strategy of Peru is an agenda of the Global Covenant of Mayors for Climate & Energy (GCoM), implemented between 2022 and 2024, to drive the implementation and progress of the GCoM in Peru and strengthen local climate action. It was developed with the National Coordinators, who identified gaps and specific needs of Peruvian cities, so that signatory cities and municipalities fulfil their commitments and local climate action advances effectively. It is led by the Foro de Ciudades para la Vida (FCV) and the National Association of Municipalities of Peru (AMPE), and has given direct support to the development and updating of Local Climate Action Plans (PLACs) through its training activities.")
        .bind(AS_OF)
        .bind(SOURCE_ES)
        .bind(SOURCE_EN)
        .bind("No establecido")
        .bind("Not established")
        .bind("Documentos pendientes de aprobación; disponibles próximamente.")
        .bind("Documents pending approval; available soon.")
        .bind(&self.now)
        .bind(SEEDED_BY)
        .execute(&mut **self.tx)
        .await?;
        Ok(())
    }

    async fn objectives(&mut self) -> StoreResult<()> {
        for (position, (es, en)) in OBJECTIVES.iter().enumerate() {
            sqlx::query(
                "INSERT INTO objectives (position, text_es, text_en, created_at, updated_at,
                    updated_by) VALUES ($1, $2, $3, $4, $4, $5)",
            )
            .bind(position as i64 + 1)
            .bind(*es)
            .bind(*en)
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn municipalities(&mut self) -> StoreResult<()> {
        let mut reader = csv::Reader::from_reader(MUNICIPALITIES_CSV.as_bytes());
        for row in reader.records() {
            let row = row.map_err(|e| sqlx::Error::Protocol(format!("reference CSV: {e}")))?;
            let field = |i: usize| row.get(i).unwrap_or("").trim().to_string();
            let name = field(0);
            let kind = match field(5).as_str() {
                "provincial" | "district" | "metropolitan" => Some(field(5)),
                _ => None, // "unclear": the source leaves it open
            };
            let (note_es, note_en) = MUNICIPALITY_NOTES
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|(_, es, en)| (Some(*es), Some(*en)))
                .unwrap_or((None, None));
            let seed_spelling = SEED_SPELLINGS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, spelled)| *spelled);
            sqlx::query(
                "INSERT INTO municipalities (slug, name, search_name, kind, department, province,
                    district, ubigeo, latitude, longitude, coordinates_source,
                    supported_by_strategy, seed_spelling, note_es, note_en, created_at,
                    updated_at, updated_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                    $16, $17)",
            )
            .bind(slugify(&name))
            .bind(&name)
            .bind(fold_for_search(&name))
            .bind(kind)
            .bind(field(4))
            .bind(field(3))
            .bind(field(2))
            .bind(Some(field(1)).filter(|u| !u.is_empty()))
            .bind(field(7).parse::<f64>().ok())
            .bind(field(8).parse::<f64>().ok())
            .bind(Some(field(9)).filter(|s| !s.is_empty()))
            .bind(i64::from(field(6) == "1"))
            .bind(seed_spelling)
            .bind(note_es)
            .bind(note_en)
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn reported_figures(&mut self) -> StoreResult<()> {
        for (position, (key, value, es, en)) in REPORTED_FIGURES.iter().enumerate() {
            sqlx::query(
                "INSERT INTO reported_figures (key, value, label_es, label_en, source_es,
                    source_en, as_of, position, created_at, updated_at, updated_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)",
            )
            .bind(*key)
            .bind(*value)
            .bind(*es)
            .bind(*en)
            .bind(SOURCE_ES)
            .bind(SOURCE_EN)
            .bind(AS_OF)
            .bind(position as i64 + 1)
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn organisations(&mut self) -> StoreResult<()> {
        for (position, org) in ORGANISATIONS.iter().enumerate() {
            let (slug, name_es, name_en, acronym, role, country_es, country_en, desc_es, desc_en) =
                *org;
            sqlx::query(
                "INSERT INTO organisations (slug, name_es, name_en, acronym, role, country_es,
                    country_en, description_es, description_en, position, created_at,
                    updated_at, updated_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)",
            )
            .bind(slug)
            .bind(name_es)
            .bind(name_en)
            .bind(acronym)
            .bind(role)
            .bind(country_es)
            .bind(country_en)
            .bind(desc_es)
            .bind(desc_en)
            .bind(position as i64 + 1)
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn badges(&mut self) -> StoreResult<()> {
        for city in COMPLIANCE_CITIES {
            let municipality_id = self.id_of_municipality(city).await?;
            sqlx::query(
                "INSERT INTO badges (municipality_id, kind, year, evidence_es, evidence_en,
                    created_at, updated_at, updated_by)
                 VALUES ($1, 'compliance', NULL, $2, $3, $4, $4, $5)",
            )
            .bind(municipality_id)
            .bind("La fuente la nombra entre las 3 ciudades con insignia de cumplimiento total del GCoM obtenida hasta 2023; no indica el año.")
            .bind("The source names it among the 3 cities with a badge for full compliance with the GCoM earned up to 2023; it does not give the year.")
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn forum(&mut self) -> StoreResult<()> {
        for city in FORUM_CITIES {
            let municipality_id = self.id_of_municipality(city).await?;
            sqlx::query(
                "INSERT INTO forum_representatives (municipality_id, forum_es, forum_en,
                    created_at, updated_at, updated_by)
                 VALUES ($1, $2, $3, $4, $4, $5)",
            )
            .bind(municipality_id)
            .bind("Foro de Alcaldes de América Latina del GCoM")
            .bind("GCoM Latin America Mayors' Forum")
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn documents(&mut self) -> StoreResult<()> {
        let guides: [(&str, &str, &str, &str, &str, &str, &str); 2] = [
            (
                "guia-plac-amazonia",
                "Guía para la elaboración de Planes de Acción Climática Local (PLAC) para municipalidades de la Amazonía peruana",
                "Guide for Developing Local Climate Action Plans (CAPs) for Municipalities in the Peruvian Amazon",
                "Orienta y capacita a las municipalidades de la Amazonía peruana para organizar y establecer estructuras de gobernanza local que implementen su PLAC; apoya la priorización de medidas de adaptación y mitigación, la culminación de sus inventarios de GEI y el desarrollo de estrategias de financiamiento para la implementación.",
                "Gives direction and training to municipalities of the Peruvian Amazon to organise and establish local governance structures that implement their CAPs; supports prioritising adaptation and mitigation measures, completing their GHG inventories and developing financing strategies for implementation.",
                "Municipalidades de la Amazonía peruana",
                "Municipalities in the Peruvian Amazon",
            ),
            (
                "guia-plac-planeamiento-institucional",
                "Guía complementaria para articular los PLAC con el planeamiento institucional municipal",
                "Complementary guide linking CAPs with municipal institutional planning",
                "Facilita la integración de las medidas priorizadas del PLAC en los instrumentos de planeamiento institucional: el Plan Estratégico Institucional (PEI), el Plan Operativo Institucional (POI) y el Presupuesto Público Municipal (PPM).",
                "Facilitates the integration of the CAP's prioritised measures into institutional planning instruments: the Institutional Strategic Plan (PEI), the Institutional Operational Plan (POI) and the Municipal Public Budget (PPM).",
                "Funcionarios municipales",
                "Municipal officials",
            ),
        ];
        for (position, (slug, title_es, title_en, sum_es, sum_en, aud_es, aud_en)) in
            guides.iter().enumerate()
        {
            sqlx::query(
                "INSERT INTO documents (slug, kind, title_es, title_en, summary_es, summary_en,
                    audience_es, audience_en, status, version, position, created_at,
                    updated_at, updated_by)
                 VALUES ($1, 'guide', $2, $3, $4, $5, $6, $7, 'pending_approval', 1, $8, $9,
                    $9, $10)",
            )
            .bind(*slug)
            .bind(*title_es)
            .bind(*title_en)
            .bind(*sum_es)
            .bind(*sum_en)
            .bind(*aud_es)
            .bind(*aud_en)
            .bind(position as i64 + 1)
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn insert_programme(
        &mut self,
        position: i64,
        slug: &str,
        kind: &str,
        title: (&str, &str),
        description: (&str, &str),
    ) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO programmes (slug, kind, title_es, title_en, description_es,
                description_en, position, created_at, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id",
        )
        .bind(slug)
        .bind(kind)
        .bind(title.0)
        .bind(title.1)
        .bind(description.0)
        .bind(description.1)
        .bind(position)
        .bind(&self.now)
        .bind(SEEDED_BY)
        .fetch_one(&mut **self.tx)
        .await?;
        Ok(id)
    }

    async fn add_programme_participant(
        &mut self,
        programme_id: i64,
        municipality_id: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO programme_participants (programme_id, municipality_id, created_at,
                updated_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (programme_id, municipality_id) DO NOTHING",
        )
        .bind(programme_id)
        .bind(municipality_id)
        .bind(&self.now)
        .bind(SEEDED_BY)
        .execute(&mut **self.tx)
        .await?;
        Ok(())
    }

    async fn programmes(&mut self) -> StoreResult<()> {
        let support = self.insert_programme(
            1,
            "apoyo-tecnico-plac",
            "technical_support",
            ("Apoyo para la actualización y elaboración de PLAC", "Support for updating and developing CAPs"),
            ("Se brindó apoyo técnico a 30 municipalidades para fortalecer y consolidar su trabajo en los Planes Locales de Acción Climática (PLAC). El apoyo se extendió a 16 municipalidades adicionales con PLAC en etapas avanzadas, iniciados durante la iniciativa de Cooperación Urbana Internacional (IUC).",
             "Technical support was provided to 30 municipalities to strengthen and consolidate their work on Local Climate Action Plans (CAPs). Support was also extended to an additional 16 municipalities with CAPs in advanced stages, initiated during the International Urban Cooperation (IUC) initiative."),
        ).await?;
        let supported: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM municipalities WHERE supported_by_strategy = 1")
                .fetch_all(&mut **self.tx)
                .await?;
        for municipality_id in supported {
            self.add_programme_participant(support, municipality_id)
                .await?;
        }

        self.insert_programme(
            2,
            "guia-plac-amazonia",
            "guide",
            ("Guía de PLAC para municipalidades de la Amazonía peruana", "CAP guide for municipalities in the Peruvian Amazon"),
            ("Guía para la elaboración de PLAC dirigida a las municipalidades de la región amazónica: orienta y capacita para organizar estructuras de gobernanza local que implementen el PLAC, priorizar medidas de adaptación y mitigación, completar inventarios de GEI y desarrollar estrategias de financiamiento.",
             "A guide for preparing CAPs aimed at municipalities of the Amazon region: direction and training to organise local governance structures that implement the CAP, prioritise adaptation and mitigation measures, complete GHG inventories and develop financing strategies."),
        ).await?;
        self.insert_programme(
            3,
            "guia-plac-planeamiento",
            "guide",
            ("Guía para articular los PLAC con el planeamiento institucional", "Guide linking CAPs with institutional planning"),
            ("Guía complementaria para integrar las medidas priorizadas del PLAC en el Plan Estratégico Institucional (PEI), el Plan Operativo Institucional (POI) y el Presupuesto Público Municipal (PPM).",
             "A complementary guide to integrate the CAP's prioritised measures into the Institutional Strategic Plan (PEI), the Institutional Operational Plan (POI) and the Municipal Public Budget (PPM)."),
        ).await?;
        self.insert_programme(
            4,
            "diplomado-virtual",
            "diploma",
            ("Diplomado virtual «Cómo elaborar Planes de Acción Climática Local en el Perú»", "Virtual diploma \"How to Develop Local Climate Action Plans in Peru\""),
            ("Dos programas de formación, en 2023 y 2024, con universidades peruanas (UNMSM y UNI) y certificación universitaria de posgrado, para fortalecer las capacidades locales y dar a los funcionarios municipales herramientas eficaces para elaborar sus PLAC.",
             "Two training programmes, in 2023 and 2024, with Peruvian universities (UNMSM and UNI) and postgraduate university certification, to strengthen local capacities and give municipal officials effective tools to develop their CAPs."),
        ).await?;
        let exchange = self.insert_programme(
            5,
            "intercambios",
            "exchange",
            ("Programa de intercambio de ciudades peruanas a Argentina y Chile", "Exchange programme for Peruvian cities to Argentina and Chile"),
            ("Dos intercambios para representantes de municipalidades peruanas que completaron su PLAC en el diplomado, para fortalecer modelos de acción y compartir experiencias de acción climática con ciudades y socios regionales.",
             "Two exchanges for representatives of Peruvian municipalities that completed their CAPs in the diploma programme, to strengthen action models and share climate-action experience with cities and regional partners."),
        ).await?;
        for item in EXCHANGES {
            for (name, _) in item.participants {
                let municipality_id = self.id_of_municipality(name).await?;
                self.add_programme_participant(exchange, municipality_id)
                    .await?;
            }
        }
        self.insert_programme(
            6,
            "impacto-presencia-reconocimiento",
            "outreach",
            ("Fortalecimiento del impacto, la presencia y el reconocimiento", "Strengthening impact, presence and recognition"),
            ("Todas las actividades buscaron aumentar la influencia, la visibilidad y el reconocimiento del GCoM en el país, promoviendo el compromiso de nuevas ciudades y destacando los logros de las municipalidades que ya forman parte. Se elaboraron además fichas resumen de PLAC y artículos especializados para difundir la acción climática local.",
             "All activities aimed to increase the influence, visibility and recognition of the GCoM in the country, promoting the commitment of new cities and highlighting the achievements of municipalities already in the GCoM. CAP summary sheets and specialised articles were also produced to spread local climate action."),
        ).await?;
        Ok(())
    }

    async fn diploma(&mut self) -> StoreResult<()> {
        for (year, university) in [(2023_i64, "unmsm"), (2024, "uni")] {
            let university_id = self.id_of_organisation(university).await?;
            sqlx::query(
                "INSERT INTO diploma_cohorts (year, title_es, title_en, university_id,
                    postgraduate_certification, plans_presented, plans_reported_to_cdp,
                    notes_es, notes_en, created_at, updated_at, updated_by)
                 VALUES ($1, $2, $3, $4, 1, NULL, NULL, $5, $6, $7, $7, $8)",
            )
            .bind(year)
            .bind("Cómo elaborar Planes de Acción Climática Local en el Perú")
            .bind("How to Develop Local Climate Action Plans in Peru")
            .bind(university_id)
            .bind("Diplomado virtual con certificación universitaria de posgrado. Los participantes que presentaron con éxito su PLAC al final del diplomado recibieron su certificado y reportaron sus planes a CDP. A medida que las municipalidades aprueben y publiquen sus PLAC, estarán disponibles al público.")
            .bind("Virtual diploma with postgraduate university certification. Participants who successfully presented their CAPs at the end of the diploma received their certificates and reported their plans to CDP. As the municipalities approve and publish their CAPs, they will become available to the public.")
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }

    async fn exchanges(&mut self) -> StoreResult<()> {
        for item in EXCHANGES {
            let partner_id = self.id_of_organisation(item.partner).await?;
            let exchange_id: i64 = sqlx::query_scalar(
                "INSERT INTO exchanges (year, country_es, country_en, partner_id, description_es,
                    description_en, created_at, updated_at, updated_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id",
            )
            .bind(item.year)
            .bind(item.country_es)
            .bind(item.country_en)
            .bind(partner_id)
            .bind(item.description_es)
            .bind(item.description_en)
            .bind(&self.now)
            .bind(SEEDED_BY)
            .fetch_one(&mut **self.tx)
            .await?;
            for (position, host) in item.hosts.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO exchange_host_cities (exchange_id, name, position, created_at,
                        updated_by) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(exchange_id)
                .bind(*host)
                .bind(position as i64 + 1)
                .bind(&self.now)
                .bind(SEEDED_BY)
                .execute(&mut **self.tx)
                .await?;
            }
            for (position, (name, label)) in item.participants.iter().enumerate() {
                let municipality_id = self.id_of_municipality(name).await?;
                sqlx::query(
                    "INSERT INTO exchange_participants (exchange_id, municipality_id, seed_label,
                        position, created_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(exchange_id)
                .bind(municipality_id)
                .bind(*label)
                .bind(position as i64 + 1)
                .bind(&self.now)
                .bind(SEEDED_BY)
                .execute(&mut **self.tx)
                .await?;
            }
        }
        Ok(())
    }

    async fn plans(&mut self) -> StoreResult<()> {
        for name in PLAN_MUNICIPALITIES {
            let municipality_id = self.id_of_municipality(name).await?;
            let plan_id: i64 = sqlx::query_scalar(
                "INSERT INTO plans (municipality_id, status, year, reported_to_cdp, notes_es,
                    notes_en, created_at, updated_at, updated_by)
                 VALUES ($1, 'submitted', NULL, 1, $2, $3, $4, $4, $5) RETURNING id",
            )
            .bind(municipality_id)
            .bind("Según la fuente, sus representantes participaron en los intercambios organizados para las municipalidades que completaron su PLAC en el diplomado virtual, y los participantes que presentaron su PLAC lo reportaron a CDP. La fuente no indica el año, la cohorte ni la aprobación del plan.")
            .bind("According to the source, its representatives took part in the exchanges organised for municipalities that completed their CAPs in the virtual diploma, and participants who presented their CAPs reported them to CDP. The source gives neither the year, the cohort nor the plan's approval.")
            .bind(&self.now)
            .bind(SEEDED_BY)
            .fetch_one(&mut **self.tx)
            .await?;
            sqlx::query(
                "INSERT INTO plan_status_history (plan_id, status, changed_on, note_es, note_en,
                    created_at, updated_at, updated_by)
                 VALUES ($1, 'submitted', NULL, $2, $3, $4, $4, $5)",
            )
            .bind(plan_id)
            .bind("PLAC completado y presentado en el diplomado virtual; reportado a CDP (fecha no indicada en la fuente).")
            .bind("CAP completed and presented in the virtual diploma; reported to CDP (date not given in the source).")
            .bind(&self.now)
            .bind(SEEDED_BY)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(())
    }
}
