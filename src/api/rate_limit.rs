//! The API's per-client rate limit: a token bucket per client address (governor's GCRA), the
//! address read through `ClientIp`, so behind a trusted proxy it is the real client's and
//! otherwise the peer's. Buckets live in each process: behind a load balancer with N processes
//! a client gets at most N times the limit, which is what a limit against runaway scripts needs
//! (it is not an account quota).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::ApiError;
use crate::state::AppState;
use crate::web::client::ClientIp;

/// Buckets kept before the full ones are dropped (a full bucket is a client not seen lately).
const BUCKETS_BEFORE_CLEANUP: usize = 10_000;

#[derive(Clone)]
pub struct ApiRateLimiter(Arc<DefaultKeyedRateLimiter<IpAddr>>);

impl std::fmt::Debug for ApiRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiRateLimiter").finish_non_exhaustive()
    }
}

impl ApiRateLimiter {
    /// `per_minute` requests a minute per client, in bursts of up to the same number.
    pub fn new(per_minute: u32) -> ApiRateLimiter {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        ApiRateLimiter(Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))))
    }

    /// `None` when the client may go on; otherwise the seconds to wait.
    pub(crate) fn check(&self, client: IpAddr) -> Option<u64> {
        if self.0.len() > BUCKETS_BEFORE_CLEANUP {
            self.0.retain_recent();
        }
        self.0.check_key(&client).err().map(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// Refuses a client over its limit with 429 and `Retry-After`.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let Ok(ClientIp(client)) = ClientIp::from_request_parts(&mut parts, &state).await;
    if let Some(seconds) = state.api_rate_limiter.check(client) {
        let mut response = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Too many requests: try again in {seconds} s."),
        )
        .into_response();
        if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    next.run(Request::from_parts(parts, body)).await
}
