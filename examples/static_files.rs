//! The yardstick of the download benchmark: tower-http's static file server serving a folder.
//!
//! `cargo run --release --example static_files -- ADDR DIR`

use tower_http::services::ServeDir;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3901".to_string());
    let dir = args.next().unwrap_or_else(|| ".".to_string());
    let app = axum::Router::new().fallback_service(ServeDir::new(dir));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("static files on http://{addr}");
    axum::serve(listener, app).await?;
    Ok(())
}
