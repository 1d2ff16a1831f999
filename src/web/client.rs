//! The client's address: the peer of the connection, or, when the peer is a trusted proxy
//! (`PORTAL_TRUSTED_PROXIES`), the right-most address in `X-Forwarded-For` that is not itself a
//! trusted proxy. Forwarding headers from anyone else are ignored, since any client can write
//! them.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address as the portal believes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Ok(ClientIp(client_address(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

/// IPv4 addresses seen as IPv6 ("::ffff:192.0.2.1") are the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

fn is_trusted(address: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(&address))
}

/// One `X-Forwarded-For` hop: "192.0.2.1", "2001:db8::1", "[2001:db8::1]:443", "192.0.2.1:80".
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(canonical)
}

/// The client's address for a request from `peer` with these headers.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = canonical(peer);
    if !is_trusted(peer, trusted) {
        return peer;
    }
    // Every X-Forwarded-For header, in order, as one list of hops (left: the original client).
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            // A proxy we trust forwarded it: look one hop further left.
            Some(address) if is_trusted(address, trusted) => client = address,
            Some(address) => return address,
            // A hop that is not an address: nothing left of it can be believed.
            None => return client,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append("x-forwarded-for", value.parse().expect("header"));
        }
        map
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().expect("net")).collect()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn forwarding_headers_are_ignored_unless_the_peer_is_trusted() {
        let spoofed = headers(&["203.0.113.9"]);
        assert_eq!(
            client_address(ip("198.51.100.7"), &spoofed, &[]),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_address(ip("198.51.100.7"), &spoofed, &nets(&["10.0.0.0/8"])),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8", "127.0.0.1/32"]);
        // The client wrote a fake first hop; our proxy appended the real one.
        let forwarded = headers(&["1.2.3.4, 203.0.113.9, 10.0.0.2"]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &forwarded, &trusted),
            ip("203.0.113.9")
        );
        // Several headers read as one list.
        let split = headers(&["1.2.3.4", "203.0.113.9"]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &split, &trusted),
            ip("203.0.113.9")
        );
        // Only trusted hops: the left-most.
        let internal = headers(&["10.0.0.3, 10.0.0.2"]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &internal, &trusted),
            ip("10.0.0.3")
        );
        // No header: the proxy itself.
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
        // Garbage stops the walk at the last trusted hop.
        let garbage = headers(&["203.0.113.9, not-an-ip, 10.0.0.2"]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &garbage, &trusted),
            ip("10.0.0.2")
        );
        // Ports and brackets, and IPv4 seen through IPv6.
        let ported = headers(&["[2001:db8::1]:443"]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &ported, &trusted),
            ip("2001:db8::1")
        );
        assert_eq!(
            client_address(ip("::ffff:198.51.100.7"), &HeaderMap::new(), &trusted),
            ip("198.51.100.7")
        );
    }
}
