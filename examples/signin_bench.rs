//! The sign-in load of scripts/bench-signin.sh: CLIENTS browsers, each from its own address
//! (sent as X-Forwarded-For to a portal that trusts the loopback proxy, so no throttle
//! applies), open the sign-in page and then all submit wrong passwords at once, again and again
//! for SECONDS, while a separate thread keeps loading a public page. Prints what the sign-ins
//! got and how long the public page took meanwhile.
//!
//!   signin_bench BASE_URL CLIENTS SECONDS PUBLIC_PATH

use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, clients, seconds, public_path] = args.as_slice() else {
        anyhow::bail!("usage: signin_bench BASE_URL CLIENTS SECONDS PUBLIC_PATH");
    };
    let clients: usize = clients.parse()?;
    let duration = Duration::from_secs_f64(seconds.parse()?);

    let mut prepared = Vec::with_capacity(clients);
    for n in 0..clients {
        let mut headers = reqwest::header::HeaderMap::new();
        let address = format!("10.{}.{}.{}", n / 65536 % 256, n / 256 % 256, n % 256 + 1);
        headers.insert("x-forwarded-for", address.parse()?);
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let page = client
            .get(format!("{base}/admin/login"))
            .send()
            .await?
            .text()
            .await?;
        let marker = "name=\"csrf_token\" value=\"";
        let start = page
            .find(marker)
            .ok_or_else(|| anyhow::anyhow!("no token"))?
            + marker.len();
        let token = page[start..].split('"').next().unwrap_or("").to_string();
        prepared.push((client, token, n));
    }

    // The public page, every 10 ms, from its own thread and runtime, so that its times are the
    // server's and not this process's queue of sign-in tasks.
    let probe_url = format!("{base}{public_path}");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let probe_stop = std::sync::Arc::clone(&stop);
    let probe = std::thread::spawn(move || -> anyhow::Result<Vec<(Instant, Duration, bool)>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let client = reqwest::Client::new();
            let mut times = Vec::new();
            while !probe_stop.load(std::sync::atomic::Ordering::SeqCst) {
                let started = Instant::now();
                let ok = client
                    .get(&probe_url)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false);
                times.push((started, started.elapsed(), ok));
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Ok(times)
        })
    });

    // Half a second of the probe alone first: the public page's times without the load.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let load_starts = Instant::now();
    let started = Instant::now();
    let attempts: Vec<_> = prepared
        .into_iter()
        .map(|(client, token, n)| {
            let url = format!("{base}/admin/login");
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                let mut round = 0;
                while started.elapsed() < duration {
                    let response = client
                        .post(&url)
                        .form(&[
                            ("csrf_token", token.as_str()),
                            ("email", &format!("nobody{n}-{round}@example.pe")),
                            ("password", "a wrong but long password"),
                        ])
                        .send()
                        .await;
                    statuses.push(response.map(|r| r.status().as_u16()).unwrap_or(0));
                    round += 1;
                }
                statuses
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for attempt in attempts {
        for status in attempt.await? {
            *statuses.entry(status).or_default() += 1;
        }
    }
    let burst = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let all_times = probe
        .join()
        .map_err(|_| anyhow::anyhow!("the probe thread panicked"))??;
    let (mut quiet, mut times): (Vec<_>, Vec<_>) = all_times
        .into_iter()
        .partition(|(at, _, _)| *at < load_starts);
    let failed_probes = times.iter().filter(|(_, _, ok)| !ok).count();
    let quantile = |times: &mut Vec<(Instant, Duration, bool)>, q: f64| {
        times.sort_by_key(|(_, took, _)| *took);
        let index = ((times.len() as f64 - 1.0) * q).round() as usize;
        times
            .get(index)
            .map(|(_, d, _)| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    let total: usize = statuses.values().sum();
    println!(
        "sign-in load: {clients} clients, {total} attempts in {:.2} s; statuses {statuses:?}",
        burst.as_secs_f64()
    );
    println!(
        "public page before the load: {} loads, p50 {:.1} ms, max {:.1} ms",
        quiet.len(),
        quantile(&mut quiet, 0.5),
        quantile(&mut quiet, 1.0)
    );
    println!(
        "public page during the load: {} loads, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, failed {failed_probes}",
        times.len(),
        quantile(&mut times, 0.5),
        quantile(&mut times, 0.99),
        quantile(&mut times, 1.0)
    );
    Ok(())
}
