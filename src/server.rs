//! The HTTP server loop: HTTP/1.1 connections with a deadline for reading request headers, a
//! bound on open connections, and a graceful shutdown with a deadline.
//!
//! `axum::serve` has no header-read timeout, so one client sending half a request held a
//! connection forever and kept the process alive after SIGTERM. Here hyper's own timer closes
//! such connections, and shutdown waits for requests in flight only up to a deadline.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The server's edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// A client must send a request's headers within this time (also the longest an idle
    /// keep-alive connection is kept).
    pub header_read_timeout: Duration,
    /// Connections served at once; more wait in the kernel's accept queue.
    pub max_connections: usize,
    /// After the shutdown signal, requests in flight get this long to finish.
    pub shutdown_deadline: Duration,
    /// Every request but an upload is answered within this time (a 503 page otherwise).
    pub request_timeout: Duration,
    /// An upload may take as long as it needs, but no bytes for this long ends it (408).
    pub upload_idle_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
            shutdown_deadline: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            upload_idle_timeout: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets requests in
/// flight finish (up to the deadline) and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    front: crate::web::page_cache::Front,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&open).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(
                TokioIo::new(stream),
                service_for(app.clone(), front.clone(), peer),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_deadline) => {
            tracing::warn!(
                seconds = limits.shutdown_deadline.as_secs(),
                "requests still in flight at the shutdown deadline; closing them"
            );
        }
    }
}

/// The router as a hyper service for one connection, with the peer's address for `ConnectInfo`.
fn service_for(
    app: Router,
    front: crate::web::page_cache::Front,
    peer: SocketAddr,
) -> impl hyper::service::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = Infallible,
    Future = impl Future<Output = Result<axum::response::Response, Infallible>> + Send,
> + Clone {
    hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        let (app, front) = (app.clone(), front.clone());
        async move {
            // A page kept and current is answered before the router sees the request.
            if let Some(response) = front.answer(&mut request, peer).await {
                return Ok(response);
            }
            request.extensions_mut().insert(ConnectInfo(peer));
            app.oneshot(request).await
        }
    })
}
