//! Unknown paths and bad input: the right status and a page in the visitor's language.

use crate::backend_tests;
use crate::helpers::TestApp;

async fn unknown_city_and_path_are_404_in_the_visitors_language(app: TestApp) {
    for path in [
        "/cities/atlantida",
        "/no-such-page",
        "/guides/no-such-guide",
        "/cities/lima/extra",
    ] {
        app.get(path)
            .await
            .assert_status(404)
            .assert_shows(&[
                "Página no encontrada",
                "No existe ninguna página en esta dirección",
            ])
            .assert_html_has(&["<html lang=\"es\">"]);
        app.get(&format!("/en{path}"))
            .await
            .assert_status(404)
            .assert_shows(&["Page not found", "There is no page at this address"])
            .assert_html_has(&["<html lang=\"en\">"]);
    }
}

async fn bad_filter_values_are_400_with_a_clear_message(app: TestApp) {
    let cases = [
        (
            "badge=gold",
            "Ese tipo de insignia no existe",
            "That badge kind does not exist",
        ),
        (
            "plan=finished",
            "Ese estado de plan no existe",
            "That plan status does not exist",
        ),
        (
            "supported=maybe",
            "debe ser «yes» o «no»",
            "must be \"yes\" or \"no\"",
        ),
        (
            "department=Atlantis",
            "Ese departamento no existe",
            "That department is not in the portal",
        ),
        (
            "q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "La búsqueda es demasiado larga",
            "The search is too long",
        ),
        (
            "badge=a&badge=b",
            "Los parámetros de la dirección no son válidos",
            "The address parameters are not valid",
        ),
    ];
    for (query, spanish, english) in cases {
        app.get(&format!("/cities?{query}"))
            .await
            .assert_status(400)
            .assert_shows(&["Solicitud no válida", spanish]);
        app.get(&format!("/en/cities?{query}"))
            .await
            .assert_status(400)
            .assert_shows(&["Invalid request", english]);
    }
}

async fn wrong_method_is_405_with_a_page(app: TestApp) {
    let response = app
        .client
        .post(format!("{}/cities", app.address))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status().as_u16(), 405);
    assert!(response.headers().contains_key("allow"));
    let body = response.text().await.expect("body");
    assert!(body.contains("Método no permitido"), "{body}");
}

backend_tests!(
    unknown_city_and_path_are_404_in_the_visitors_language,
    bad_filter_values_are_400_with_a_clear_message,
    wrong_method_is_405_with_a_page,
);
