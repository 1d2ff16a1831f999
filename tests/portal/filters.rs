//! The municipality list's filters and name search.

use crate::backend_tests;
use crate::helpers::TestApp;

async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let page = app.get(&format!("/cities?{query}")).await;
    page.assert_status(200);
    page.listed_cities()
}

async fn name_search_ignores_accents_and_case(app: TestApp) {
    assert_eq!(listed(&app, "q=jesus+maria").await, ["Jesús María"]);
    assert_eq!(
        listed(&app, "q=JES%C3%9AS%20Mar%C3%ADa").await,
        ["Jesús María"]
    );
    assert_eq!(listed(&app, "q=sayan").await, ["Sayán"]);
    assert_eq!(listed(&app, "q=santa+maria").await, ["Santa María del Mar"]);
    assert_eq!(
        listed(&app, "q=chimbote").await,
        ["Chimbote", "Nuevo Chimbote"]
    );
    // "lima" is a name and part of no other name.
    assert_eq!(listed(&app, "q=lima").await, ["Lima"]);
    // LIKE wildcards are searched as text.
    assert!(listed(&app, "q=%25").await.is_empty());
    let page = app.get("/cities?q=zzz").await;
    page.assert_shows(&[
        "0 municipalidades",
        "Ninguna municipalidad coincide con estos filtros.",
    ]);
    app.get("/en/cities?q=zzz")
        .await
        .assert_shows(&["No municipality matches these filters."]);
}

async fn filters_combine(app: TestApp) {
    assert_eq!(
        listed(&app, "supported=no").await,
        ["Coronel Portillo", "Nuevo Chimbote", "Santa"]
    );
    assert_eq!(listed(&app, "supported=yes").await.len(), 30);
    assert_eq!(
        listed(&app, "department=%C3%81ncash").await,
        ["Chimbote", "Nuevo Chimbote", "Santa"]
    );
    assert_eq!(
        listed(&app, "badge=compliance").await,
        ["Lima", "Magdalena del Mar", "San Isidro"]
    );
    assert!(listed(&app, "badge=energy").await.is_empty());
    assert_eq!(listed(&app, "plan=submitted").await.len(), 12);
    assert_eq!(listed(&app, "plan=none").await.len(), 21);
    assert_eq!(
        listed(&app, "supported=no&plan=submitted").await,
        ["Nuevo Chimbote", "Santa"]
    );
    assert_eq!(
        listed(
            &app,
            "supported=yes&department=Lima&badge=compliance&plan=submitted"
        )
        .await,
        ["Lima"]
    );
    assert_eq!(
        listed(&app, "department=Lima&q=san").await,
        ["San Isidro", "Santa María del Mar", "Santiago de Surco"]
    );
    // Blank values (the form's "All") mean no filter.
    assert_eq!(
        listed(&app, "supported=&department=&badge=&plan=&q=")
            .await
            .len(),
        33
    );
}

async fn the_form_keeps_the_chosen_filters(app: TestApp) {
    let page = app
        .get("/cities?supported=yes&department=Lima&badge=compliance&plan=submitted&q=li")
        .await;
    page.assert_html_has(&[
        "<option value=\"yes\" selected>",
        "<option value=\"Lima\" selected>",
        "<option value=\"compliance\" selected>",
        "<option value=\"submitted\" selected>",
        "name=\"q\" value=\"li\"",
        "Quitar filtros",
    ]);
}

backend_tests!(
    name_search_ignores_accents_and_case,
    filters_combine,
    the_form_keeps_the_chosen_filters,
);
