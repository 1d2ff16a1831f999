//! The link preview images (`/preview.png`, `/cities/{slug}/preview.png`) named by every page's
//! Open Graph and Twitter tags: drawn as SVG from the current records, rendered to PNG once per
//! drawing, and served with an ETag so that crawlers that come back get 304.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::ValidPath;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::PageCtx;
use crate::views::preview::{CardFigure, CityCard, city_card, home_card};

/// The figures the home card shows, in this order (the first three of the home page's).
const CARD_FIGURES: [&str; 3] = ["cities_supported", "badges_total", "iuc_advanced_plans"];

/// Previews change when the records do; a crawler may keep one for an hour.
const CACHE_CONTROL: &str = "public, max-age=3600";

pub(super) async fn home_preview(
    State(state): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let figures = state.store.reported_figures().await?;
    let card_figures: Vec<CardFigure> = CARD_FIGURES
        .iter()
        .filter_map(|key| figures.iter().find(|f| f.key == *key))
        .map(|f| CardFigure {
            value: ctx.number(f.value),
            label: ctx.pick(&f.label_es, &f.label_en).to_string(),
        })
        .collect();
    let cities: Vec<(f64, f64)> = super::public::national_map_cities(&state.store)
        .await?
        .into_iter()
        .filter_map(|m| Some((m.latitude?, m.longitude?)))
        .collect();
    png_response(&state, &headers, home_card(&ctx, &card_figures, &cities)).await
}

pub(super) async fn city_preview(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (municipality, summary) = super::progress::summary_of(&state.store, &ctx, &slug).await?;
    let place = if municipality.province == municipality.department {
        municipality.department.clone()
    } else {
        format!("{}, {}", municipality.province, municipality.department)
    };
    let card = CityCard {
        name: &municipality.name,
        place,
        summary: &summary,
        coordinates: municipality.latitude.zip(municipality.longitude),
        ubigeo: municipality.ubigeo.as_deref(),
    };
    png_response(&state, &headers, city_card(&ctx, &card)).await
}

async fn png_response(state: &AppState, headers: &HeaderMap, svg: String) -> AppResult<Response> {
    let png = state
        .previews
        .png(svg)
        .await
        .map_err(|e| AppError::Internal(format!("a preview image failed to render: {e}")))?;
    Ok(super::cached_bytes(
        headers,
        "image/png",
        png.as_ref().clone(),
        CACHE_CONTROL,
    ))
}
