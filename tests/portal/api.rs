//! The open-data JSON API: every endpoint's real responses checked against the OpenAPI document
//! the portal serves, filters and pagination, honest nulls, ETags, CORS and the rate limit.

use portal::config::Config;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::{backend_tests, configured_backend_tests};

/// A GET answered with JSON: status, headers, body.
async fn get_json(app: &TestApp, path: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let (status, headers, body) = app.browser().get_bytes(path, &[]).await;
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", String::from_utf8_lossy(&body)));
    (status.as_u16(), headers, value)
}

/// Checks `instance` against the schema the document gives for `path`'s `status` response.
fn assert_matches_document(document: &Value, path: &str, status: u16, instance: &Value) {
    let operation = &document["paths"][path]["get"];
    assert!(operation.is_object(), "{path} is not in the document");
    let schema =
        &operation["responses"][status.to_string()]["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{path} documents no JSON body for {status}"
    );
    // The response's schema with the document's components beside it, so its $refs resolve.
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
        "components": document["components"],
    });
    let validator = jsonschema::validator_for(&root).expect("the document's schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(
        errors.is_empty(),
        "{path} ({status}) breaks its schema: {errors:#?}"
    );
}

async fn every_endpoint_answers_as_its_document_says(app: TestApp) {
    let (status, headers, document) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["license"]["identifier"], "CC-BY-4.0");
    let paths: Vec<String> = document["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .cloned()
        .collect();
    assert_eq!(paths.len(), 11, "{paths:?}");
    // Filters list their allowed values: code lists from the domain, departments from the store.
    let parameters = document["paths"]["/api/v1/municipalities"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let allowed = |name: &str| -> Vec<String> {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["schema"]["enum"].as_array())
            .map(|values| {
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(allowed("badge").contains(&"compliance".to_string()));
    assert!(allowed("plan").contains(&"none".to_string()));
    assert!(allowed("department").contains(&"Lima".to_string()));
    // The check can fail: a body missing its records breaks the schema.
    let validator_rejects = std::panic::catch_unwind(|| {
        assert_matches_document(
            &document,
            "/api/v1/municipalities",
            200,
            &json!({"data": 1}),
        )
    });
    assert!(
        validator_rejects.is_err(),
        "an empty body passed the schema"
    );
    for path in &paths {
        let url = path.replace("{slug}", "lima");
        let (status, headers, body) = get_json(&app, &url).await;
        assert_eq!(status, 200, "{url}: {body}");
        assert_eq!(headers["access-control-allow-origin"], "*", "{url}");
        assert!(headers.contains_key("etag"), "{url}");
        assert_matches_document(&document, path, 200, &body);
        assert_eq!(body["meta"]["licence"], "CC-BY-4.0", "{url}");
        assert_eq!(body["meta"]["data_as_of"], "2024-04", "{url}");
    }
    // Errors are JSON of the documented shape.
    for (url, path, status) in [
        (
            "/api/v1/municipalities?department=Atlantis",
            "/api/v1/municipalities",
            400,
        ),
        ("/api/v1/badges?per_page=0", "/api/v1/badges", 400),
        ("/api/v1/plans?page=99", "/api/v1/plans", 404),
        (
            "/api/v1/municipalities/atlantis",
            "/api/v1/municipalities/{slug}",
            404,
        ),
    ] {
        let (got, _, body) = get_json(&app, url).await;
        assert_eq!(got, status, "{url}: {body}");
        assert_matches_document(&document, path, status, &body);
        assert_eq!(body["error"]["status"], status);
    }
    let write = reqwest::Client::new()
        .delete(format!("{}/api/v1/badges", app.address))
        .send()
        .await
        .expect("DELETE");
    assert_eq!(write.status(), 405);
    let body: Value = write.json().await.expect("a JSON error");
    assert_eq!(body["error"]["status"], 405);
    let (status, _, body) = get_json(&app, "/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("openapi.json")
    );
}

async fn lists_filter_and_page_like_the_pages(app: TestApp) {
    let listed = app.get("/cities?department=Lima").await.listed_cities();
    let (_, _, lima) = get_json(&app, "/api/v1/municipalities?department=Lima&per_page=5").await;
    assert_eq!(lima["pagination"]["total"], listed.len());
    assert_eq!(lima["data"].as_array().map(Vec::len), Some(5));
    let pages = listed.len().div_ceil(5);
    assert_eq!(lima["pagination"]["pages"], pages);
    let next = lima["pagination"]["links"]["next"]
        .as_str()
        .expect("a next page");
    assert!(
        next.contains("department=Lima") && next.contains("page=2"),
        "{next}"
    );
    assert!(lima["pagination"]["links"]["prev"].is_null());
    // Walking the pages gives every city once, in the page's order.
    let mut names = Vec::new();
    for page in 1..=pages {
        let (_, _, body) = get_json(
            &app,
            &format!("/api/v1/municipalities?department=Lima&per_page=5&page={page}"),
        )
        .await;
        for city in body["data"].as_array().expect("data") {
            assert_eq!(city["department"], "Lima");
            names.push(city["name"].as_str().unwrap_or("").to_string());
        }
    }
    assert_eq!(names, listed);
    let (_, _, adaptation) = get_json(&app, "/api/v1/municipalities?badge=adaptation").await;
    assert_eq!(adaptation["pagination"]["total"], 0);
    let (_, _, found) = get_json(&app, "/api/v1/municipalities?q=MAGDALENA").await;
    assert_eq!(found["data"][0]["slug"], "magdalena-del-mar");
    let (status, _, refused) = get_json(&app, "/api/v1/municipalities?plan=lost").await;
    assert_eq!(status, 400);
    assert!(refused["error"]["message"].as_str().unwrap_or("").len() > 10);
    let (_, _, submitted) = get_json(&app, "/api/v1/plans?status=submitted&per_page=200").await;
    assert!(
        submitted["data"]
            .as_array()
            .expect("data")
            .iter()
            .all(|p| p["status"]["code"] == "submitted")
    );
}

async fn what_is_not_recorded_is_null_with_its_reason(app: TestApp) {
    let (_, _, comas) = get_json(&app, "/api/v1/municipalities/comas").await;
    assert_eq!(comas["identifiers"], json!(["ubigeo:150110"]));
    assert!(comas["badges_recorded"].is_null());
    assert!(comas["latest_plan"].is_null());
    assert!(
        comas["missing"]["latest_plan"]
            .as_str()
            .unwrap_or("")
            .contains("does not mean")
    );
    let (_, _, lima) = get_json(&app, "/api/v1/municipalities/lima").await;
    assert_eq!(lima["badges_recorded"], 1);
    assert_eq!(lima["badges"][0]["kind"]["code"], "compliance");
    assert_eq!(
        lima["badges"][0]["kind"]["label"]["es"],
        "Cumplimiento total"
    );
    // Compliance implies every mitigation and adaptation phase, and says so.
    let phases = lima["progress"]["phases"].as_array().expect("phases");
    let implied = phases
        .iter()
        .filter(|p| p["basis"] == "implied_by_compliance")
        .count();
    assert_eq!(implied, 6);
    // National figures carry their source and date.
    let (_, _, figures) = get_json(&app, "/api/v1/figures").await;
    let badges = figures["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|f| f["key"] == "badges_total")
        .expect("the badge total");
    assert_eq!(badges["value"], 67);
    assert!(badges["source"]["es"].as_str().unwrap_or("").len() > 5);
    assert!(badges["as_of"].as_str().is_some());
}

async fn responses_revalidate_and_show_edits_at_once(app: TestApp) {
    let (status, headers, _) = app.browser().get_bytes("/api/v1/badges", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "no-cache");
    let etag = headers["etag"].to_str().unwrap_or("").to_string();
    let (again, _, body) = app
        .browser()
        .get_bytes("/api/v1/badges", &[("if-none-match", &etag)])
        .await;
    assert_eq!(again, 304);
    assert!(body.is_empty());
    // A badge recorded changes the list, its ETag, and the next answer.
    sqlx::query(
        "INSERT INTO badges (municipality_id, kind, year, created_at, updated_at, updated_by)
         SELECT id, 'mitigation', 2024, '2026-11-27T12:00:00Z', '2026-11-27T12:00:00Z', 'test'
         FROM municipalities WHERE slug = 'miraflores'",
    )
    .execute(app.store.pool())
    .await
    .expect("insert a badge");
    let (status, headers, body) = app
        .browser()
        .get_bytes(
            "/api/v1/badges?kind=mitigation",
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(status, 200);
    assert_ne!(headers["etag"].to_str().unwrap_or(""), etag);
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert!(
        body["data"]
            .as_array()
            .expect("data")
            .iter()
            .any(|b| b["municipality"]["slug"] == "miraflores")
    );
    // Any site may read it, including a preflight for a conditional request.
    let preflight = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/badges", app.address),
        )
        .header("origin", "https://example.org")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "if-none-match")
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    let (status, _, _) = app.browser().get_bytes("/api/v1/badges", &[]).await;
    assert_eq!(status, 200);
}

backend_tests!(
    every_endpoint_answers_as_its_document_says,
    lists_filter_and_page_like_the_pages,
    what_is_not_recorded_is_null_with_its_reason,
    responses_revalidate_and_show_edits_at_once,
);

/// Three requests a minute, behind a trusted local proxy.
fn tight_limit_behind_a_proxy(config: &mut Config) {
    config.api_rate_limit = 3;
    config.trusted_proxies = vec![
        "127.0.0.1/32".parse().expect("net"),
        "::1/128".parse().expect("net"),
    ];
}

async fn each_client_gets_its_own_limit(app: TestApp) {
    let first = app.browser_from("203.0.113.7");
    // The first is rendered, the others are kept answers (sent before the router sees the
    // request): each is counted, and each carries the CORS headers.
    for _ in 0..3 {
        let (status, headers, _) = first
            .get_bytes("/api/v1/figures", &[("origin", "https://example.org")])
            .await;
        assert_eq!(status, 200);
        assert_eq!(headers["access-control-allow-origin"], "*");
    }
    let (status, headers, body) = first.get_bytes("/api/v1/figures", &[]).await;
    assert_eq!(status, 429);
    let wait: u64 = headers["retry-after"]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body["error"]["status"], 429);
    // Another client is not held back by the first; the pages are not limited at all.
    let (status, _, _) = app
        .browser_from("198.51.100.9")
        .get_bytes("/api/v1/figures", &[])
        .await;
    assert_eq!(status, 200);
    first.get("/cities").await.assert_status(200);
}

mod rate_limited {
    use super::*;
    configured_backend_tests!(
        super::tight_limit_behind_a_proxy;
        each_client_gets_its_own_limit,
    );
}
