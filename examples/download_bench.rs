//! The download benchmark's two halves (scripts/bench-downloads.sh runs them):
//!
//! * `prepare DATABASE_URL FILE SIZE_MB` — seeds a store, stores a SIZE_MB file as the published
//!   Amazon guide through the portal's own upload path (chunked, in the store), and writes the
//!   same bytes to FILE for the static server.
//! * `load URL CONCURRENCY REQUESTS EXPECTED_BYTES` — downloads URL REQUESTS times with
//!   CONCURRENCY clients at once, checks every body's length, prints the throughput.

use std::time::Instant;

use portal::catalogue::{DOCUMENTS, Value};
use portal::store::{Change, Store};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("prepare") if args.len() == 4 => prepare(&args[1], &args[2], args[3].parse()?).await,
        Some("load") if args.len() == 5 => {
            load(
                &args[1],
                args[2].parse()?,
                args[3].parse()?,
                args[4].parse()?,
            )
            .await
        }
        _ => anyhow::bail!(
            "usage: download_bench prepare DATABASE_URL FILE SIZE_MB | load URL CONCURRENCY REQUESTS EXPECTED_BYTES"
        ),
    }
}

async fn prepare(database_url: &str, file: &str, size_mb: usize) -> anyhow::Result<()> {
    let store = Store::connect(database_url).await?;
    store.migrate().await?;
    store.seed().await?;
    let kind = &DOCUMENTS;
    let id: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE slug = 'guia-plac-amazonia'")
        .fetch_one(store.pool())
        .await?;

    // Pseudo-random bytes behind a PDF header, so nothing compresses or repeats.
    let size = size_mb * 1024 * 1024;
    let mut bytes = b"%PDF-1.7\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while bytes.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(size);
    std::fs::write(file, &bytes)?;

    let mut writer = store.file_writer("bench").await?;
    for piece in bytes.chunks(64 * 1024) {
        writer.write(piece).await?;
    }
    writer
        .attach_to_document(
            id,
            &portal::store::StoredAs {
                original_name: "Guía Amazonía.pdf",
                content_type: "application/pdf",
                language: Some("es"),
            },
            "bench",
        )
        .await?;
    let record = store
        .get_record(kind, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no guide"))?;
    let mut values = record.values.clone();
    values.set("status", Value::Text("published".into()));
    let change = Change {
        actor: "bench",
        ..Change::default()
    };
    store
        .update_record(kind, id, record.row_version, &values, change)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("stored {size} bytes as the published guide {id}");
    Ok(())
}

async fn load(url: &str, concurrency: usize, requests: usize, expected: u64) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let client = client.clone();
        let url = url.to_string();
        let share = requests / concurrency + usize::from(worker < requests % concurrency);
        tasks.push(tokio::spawn(async move {
            let mut bytes = 0u64;
            for _ in 0..share {
                let mut response = client.get(&url).send().await?.error_for_status()?;
                let mut body = 0u64;
                while let Some(chunk) = response.chunk().await? {
                    body += chunk.len() as u64;
                }
                anyhow::ensure!(body == expected, "short body: {body} of {expected} bytes");
                bytes += body;
            }
            anyhow::Ok(bytes)
        }));
    }
    let mut total = 0u64;
    for task in tasks {
        total += task.await??;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{requests} downloads, {concurrency} at once: {:.1} MB in {seconds:.2} s = {:.1} MB/s",
        total as f64 / 1e6,
        total as f64 / 1e6 / seconds
    );
    Ok(())
}
