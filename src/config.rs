//! Typed configuration from environment variables and flags, with one clear error per bad value.

use std::net::SocketAddr;

use clap::Args;

/// Raw settings as given: every one is a flag and an environment variable (flags win).
#[derive(Debug, Clone, Args)]
pub struct RawConfig {
    /// Address to listen on.
    #[arg(long = "addr", env = "PORTAL_ADDR", global = true)]
    pub addr: Option<String>,
    /// Store to open: sqlite://PATH (created if missing) or postgres://…
    #[arg(long = "database-url", env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Public address of the portal, used in absolute links (hreflang, canonical).
    #[arg(long = "base-url", env = "PORTAL_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Mark cookies Secure (set to true behind HTTPS).
    #[arg(long = "secure-cookies", env = "PORTAL_SECURE_COOKIES", global = true)]
    pub secure_cookies: Option<String>,
    /// Largest accepted upload, in megabytes.
    #[arg(long = "max-upload-mb", env = "PORTAL_MAX_UPLOAD_MB", global = true)]
    pub max_upload_mb: Option<String>,
    /// Proxies whose X-Forwarded-For is believed: addresses or ranges, comma-separated.
    #[arg(
        long = "trusted-proxies",
        env = "PORTAL_TRUSTED_PROXIES",
        global = true
    )]
    pub trusted_proxies: Option<String>,
    /// Staff (admins, coordinators) must enrol a second factor at their next sign-in.
    #[arg(long = "require-mfa", env = "PORTAL_REQUIRE_MFA", global = true)]
    pub require_mfa: Option<String>,
    /// Requests per minute one client may make to the JSON API (per process).
    #[arg(long = "api-rate-limit", env = "PORTAL_API_RATE_LIMIT", global = true)]
    pub api_rate_limit: Option<String>,
    /// Keep rendered public answers between writes (default true; false to measure or rule out
    /// the cache).
    #[arg(long = "page-cache", env = "PORTAL_PAGE_CACHE", global = true)]
    pub page_cache: Option<String>,
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    /// Without a trailing slash, e.g. "http://127.0.0.1:3000".
    pub base_url: String,
    /// Cookies marked `Secure` (and the session cookie named with the `__Host-` prefix).
    pub secure_cookies: bool,
    pub max_upload_mb: u64,
    /// Peers whose `X-Forwarded-For` names the client (empty: forwarding headers are ignored).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Admins and coordinators without a second factor are sent to enrol it.
    pub require_mfa: bool,
    /// Requests per minute one client may make to the JSON API, in each process.
    pub api_rate_limit: u32,
    /// Whether rendered public answers are kept between writes.
    pub page_cache: bool,
    /// Timeouts and bounds of the HTTP server (not settings: fixed defaults, shortened by tests).
    pub limits: crate::server::ServerLimits,
}

impl Config {
    /// Whether the public address is HTTPS (then HSTS is sent and cookies are Secure by default).
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/portal.db";
pub const DEFAULT_MAX_UPLOAD_MB: u64 = 25;
/// Enough for a script paging through every list each minute; a crawler loop is slowed.
pub const DEFAULT_API_RATE_LIMIT: u32 = 600;

/// A setting with a bad value: shown to the operator as one line naming the variable.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn bad(variable: &'static str, message: String) -> ConfigError {
    ConfigError { variable, message }
}

impl RawConfig {
    pub fn validate(&self) -> Result<Config, ConfigError> {
        let addr = parse_addr(self.addr.as_deref())?;
        let database_url = parse_database_url(self.database_url.as_deref())?;
        let base_url = parse_base_url(self.base_url.as_deref(), addr)?;
        let max_upload_mb = parse_max_upload(self.max_upload_mb.as_deref())?;
        // Behind HTTPS, cookies are Secure unless the operator says otherwise.
        let secure_cookies = parse_bool(
            "PORTAL_SECURE_COOKIES",
            self.secure_cookies.as_deref(),
            base_url.starts_with("https://"),
        )?;
        let require_mfa = parse_bool("PORTAL_REQUIRE_MFA", self.require_mfa.as_deref(), false)?;
        let trusted_proxies = parse_proxies(self.trusted_proxies.as_deref())?;
        let api_rate_limit = parse_api_rate_limit(self.api_rate_limit.as_deref())?;
        let page_cache = parse_bool("PORTAL_PAGE_CACHE", self.page_cache.as_deref(), true)?;

        Ok(Config {
            addr,
            database_url,
            base_url,
            secure_cookies,
            max_upload_mb,
            trusted_proxies,
            require_mfa,
            api_rate_limit,
            page_cache,
            limits: crate::server::ServerLimits::default(),
        })
    }
}

fn parse_api_rate_limit(value: Option<&str>) -> Result<u32, ConfigError> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(DEFAULT_API_RATE_LIMIT);
    };
    text.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
        bad(
            "PORTAL_API_RATE_LIMIT",
            format!("\"{text}\" is not a positive number of requests per minute"),
        )
    })
}

fn parse_addr(value: Option<&str>) -> Result<SocketAddr, ConfigError> {
    let text = value.unwrap_or(DEFAULT_ADDR).trim();
    text.parse().map_err(|_| {
        bad(
            "PORTAL_ADDR",
            format!("'{text}' is not a socket address such as 127.0.0.1:3000"),
        )
    })
}

fn parse_database_url(value: Option<&str>) -> Result<String, ConfigError> {
    let url = value.unwrap_or(DEFAULT_DATABASE_URL).trim().to_string();
    let supported = url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://");
    if supported {
        Ok(url)
    } else {
        Err(bad(
            "DATABASE_URL",
            format!("'{url}' must start with sqlite:// or postgres://"),
        ))
    }
}

/// The public address without a trailing slash; by default the bound address over HTTP.
fn parse_base_url(value: Option<&str>, addr: SocketAddr) -> Result<String, ConfigError> {
    match value.map(str::trim) {
        None | Some("") => Ok(format!("http://{addr}")),
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            Ok(url.trim_end_matches('/').to_string())
        }
        Some(url) => Err(bad(
            "PORTAL_BASE_URL",
            format!("'{url}' must start with http:// or https://"),
        )),
    }
}

fn parse_max_upload(value: Option<&str>) -> Result<u64, ConfigError> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_MAX_UPLOAD_MB),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (1..=4096).contains(&n) => Ok(n),
            _ => Err(bad(
                "PORTAL_MAX_UPLOAD_MB",
                format!("'{v}' must be a whole number of megabytes from 1 to 4096"),
            )),
        },
    }
}

/// `true`/`false` (also 1/0, yes/no, on/off); blank or unset gives `default`.
fn parse_bool(
    variable: &'static str,
    value: Option<&str>,
    default: bool,
) -> Result<bool, ConfigError> {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(v) => Err(bad(variable, format!("'{v}' must be true or false"))),
    }
}

/// Comma- or space-separated addresses ("10.0.0.5") and ranges ("10.0.0.0/8", "::1/128").
fn parse_proxies(value: Option<&str>) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let mut proxies = Vec::new();
    for item in value
        .unwrap_or("")
        .split([',', ' '])
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        let net = match item.parse::<ipnet::IpNet>() {
            Ok(net) => net,
            Err(_) => match item.parse::<std::net::IpAddr>() {
                Ok(address) => ipnet::IpNet::from(address),
                Err(_) => {
                    return Err(bad(
                        "PORTAL_TRUSTED_PROXIES",
                        format!(
                            "'{item}' is not an address or range such as 10.0.0.5 or 10.0.0.0/8"
                        ),
                    ));
                }
            },
        };
        proxies.push(net.trunc());
    }
    Ok(proxies)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawConfig {
        RawConfig {
            addr: None,
            database_url: None,
            base_url: None,
            secure_cookies: None,
            max_upload_mb: None,
            trusted_proxies: None,
            require_mfa: None,
            api_rate_limit: None,
            page_cache: None,
        }
    }

    #[test]
    fn defaults_follow_the_contract() {
        let config = raw().validate().expect("defaults are valid");
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/portal.db");
        assert_eq!(config.base_url, "http://127.0.0.1:3000");
        assert!(!config.secure_cookies);
        assert_eq!(config.max_upload_mb, 25);
        assert!(config.trusted_proxies.is_empty());
        assert!(!config.require_mfa);
        assert!(config.page_cache);
    }

    #[test]
    fn https_makes_cookies_secure_unless_told_otherwise() {
        let https = RawConfig {
            base_url: Some("https://portal.example.pe/".into()),
            ..raw()
        };
        let config = https.validate().expect("valid");
        assert!(config.is_https());
        assert!(config.secure_cookies);
        assert_eq!(config.base_url, "https://portal.example.pe");
        let opted_out = RawConfig {
            secure_cookies: Some("false".into()),
            ..https
        };
        assert!(!opted_out.validate().expect("valid").secure_cookies);
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let config = RawConfig {
            trusted_proxies: Some("10.0.0.5, 192.168.0.0/16 ::1".into()),
            require_mfa: Some("yes".into()),
            ..raw()
        }
        .validate()
        .expect("valid");
        let shown: Vec<String> = config
            .trusted_proxies
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(shown, ["10.0.0.5/32", "192.168.0.0/16", "::1/128"]);
        assert!(config.require_mfa);
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let cases: Vec<(RawConfig, &str)> = vec![
            (
                RawConfig {
                    addr: Some("nowhere".into()),
                    ..raw()
                },
                "PORTAL_ADDR",
            ),
            (
                RawConfig {
                    database_url: Some("mysql://x".into()),
                    ..raw()
                },
                "DATABASE_URL",
            ),
            (
                RawConfig {
                    base_url: Some("example.org".into()),
                    ..raw()
                },
                "PORTAL_BASE_URL",
            ),
            (
                RawConfig {
                    secure_cookies: Some("maybe".into()),
                    ..raw()
                },
                "PORTAL_SECURE_COOKIES",
            ),
            (
                RawConfig {
                    page_cache: Some("sometimes".into()),
                    ..raw()
                },
                "PORTAL_PAGE_CACHE",
            ),
            (
                RawConfig {
                    max_upload_mb: Some("-3".into()),
                    ..raw()
                },
                "PORTAL_MAX_UPLOAD_MB",
            ),
            (
                RawConfig {
                    trusted_proxies: Some("10.0.0.0/8, proxy.local".into()),
                    ..raw()
                },
                "PORTAL_TRUSTED_PROXIES",
            ),
            (
                RawConfig {
                    require_mfa: Some("sometimes".into()),
                    ..raw()
                },
                "PORTAL_REQUIRE_MFA",
            ),
        ];
        for (config, variable) in cases {
            let error = config.validate().expect_err("bad value must be refused");
            assert_eq!(error.variable, variable);
            assert!(error.to_string().starts_with(variable));
        }
    }
}
