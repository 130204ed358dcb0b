//! Fault injection on the hub host: added latency, HTTP 500s with the hub's HTML error page, sessions that
//! look dead, malformed JSON bodies and 429 with `Retry-After`.
//!
//! Configured at start ([`Config::faults`](crate::Config::faults), CLI flags of the binary) and at run time
//! through the admin API (`GET/POST /admin/faults`, `POST /admin/faults/clear`). Random choices come from a
//! seeded generator, so a test that sends its requests one after the other sees the same faults every run.
//!
//! The layer wraps the hub router only (never the admin API) and leaves the login chain alone
//! (`/authentication/authentication/login…`), so a client can always get a session to suffer the faults
//! with. Order per request: latency, then 429, then 500, then session expiry, then the handler, then the
//! body mangling.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use serde::{Deserialize, Serialize};

use crate::cookies;
use crate::error::EmuError;
use crate::html;

/// Upper bounds that keep a fault configuration sane (and a typo from hanging a test for hours).
const MAX_LATENCY_MS: u64 = 60_000;
const MAX_COUNT: u64 = 1_000_000;
const MAX_RETRY_AFTER_SECS: u64 = 86_400;
/// Responses larger than this are passed through unmangled rather than buffered.
const MAX_MANGLE_BYTES: usize = 16 << 20;

/// How a malformed body is broken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MalformedMode {
    /// The first half of the JSON body (cut at a character boundary).
    #[default]
    Truncate,
    /// A fixed string that is not JSON at all.
    Invalid,
}

impl std::str::FromStr for MalformedMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "truncate" => Ok(MalformedMode::Truncate),
            "invalid" => Ok(MalformedMode::Invalid),
            other => Err(format!("malformed mode must be truncate or invalid, not {other:?}")),
        }
    }
}

/// The faults the hub host injects; [`Faults::default`] injects none. As JSON (admin API) the fields are
/// camelCase and every field is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    /// Added to every hub request before it is handled, in milliseconds.
    pub latency_ms: u64,
    /// A uniformly random extra delay of up to this many milliseconds on top of `latency_ms`.
    pub jitter_ms: u64,
    /// Fraction (0–1) of hub data requests answered 500 with the hub's HTML error page.
    pub error_rate: f64,
    /// The next this-many hub requests that carry a session cookie find the session dead (the cookie is
    /// ignored); counts down.
    pub expire_sessions: u64,
    /// Fraction (0–1) of JSON responses whose body is mangled.
    pub malformed_rate: f64,
    /// Paths (case-insensitive, trailing slash ignored) whose JSON responses are always mangled.
    pub malformed_paths: Vec<String>,
    /// How bodies are mangled.
    pub malformed_mode: MalformedMode,
    /// Fraction (0–1) of hub data requests answered 429.
    pub rate_limit_rate: f64,
    /// The next this-many hub data requests are answered 429; counts down.
    pub rate_limit_next: u64,
    /// The `Retry-After` of a 429, in seconds.
    pub retry_after_secs: u64,
    /// Seed of the random choices; setting the faults restarts the sequence.
    pub seed: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            jitter_ms: 0,
            error_rate: 0.0,
            expire_sessions: 0,
            malformed_rate: 0.0,
            malformed_paths: Vec::new(),
            malformed_mode: MalformedMode::Truncate,
            rate_limit_rate: 0.0,
            rate_limit_next: 0,
            retry_after_secs: 30,
            seed: 0,
        }
    }
}

impl Faults {
    /// Checks the ranges; the message names the offending field.
    pub fn validate(&self) -> Result<(), String> {
        for (name, rate) in [
            ("errorRate", self.error_rate),
            ("malformedRate", self.malformed_rate),
            ("rateLimitRate", self.rate_limit_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be a fraction from 0 to 1"));
            }
        }
        for (name, ms) in [("latencyMs", self.latency_ms), ("jitterMs", self.jitter_ms)] {
            if ms > MAX_LATENCY_MS {
                return Err(format!("{name} must be at most {MAX_LATENCY_MS}"));
            }
        }
        for (name, n) in [
            ("expireSessions", self.expire_sessions),
            ("rateLimitNext", self.rate_limit_next),
        ] {
            if n > MAX_COUNT {
                return Err(format!("{name} must be at most {MAX_COUNT}"));
            }
        }
        if self.retry_after_secs > MAX_RETRY_AFTER_SECS {
            return Err(format!("retryAfterSecs must be at most {MAX_RETRY_AFTER_SECS}"));
        }
        if self.malformed_paths.iter().any(|p| !p.starts_with('/')) {
            return Err("malformedPaths must be absolute paths".into());
        }
        Ok(())
    }

    /// True when no fault is configured.
    pub fn is_off(&self) -> bool {
        self.latency_ms == 0
            && self.jitter_ms == 0
            && self.error_rate == 0.0
            && self.expire_sessions == 0
            && self.malformed_rate == 0.0
            && self.malformed_paths.is_empty()
            && self.rate_limit_rate == 0.0
            && self.rate_limit_next == 0
    }

    /// `malformed_paths` as the router sees paths: lowercase, no trailing slash.
    fn normalized(mut self) -> Self {
        for path in &mut self.malformed_paths {
            let lower = path.to_ascii_lowercase();
            let trimmed = lower.trim_end_matches('/');
            *path = if trimmed.is_empty() {
                "/".to_owned()
            } else {
                trimmed.to_owned()
            };
        }
        self
    }
}

/// The live fault configuration shared by the hub layer and the admin API; cheap to clone.
#[derive(Clone)]
pub struct FaultInjector {
    inner: Arc<Mutex<Inner>>,
    /// Mirrors `!faults.is_off()`, so the well-behaved hub pays one atomic load per request.
    active: Arc<AtomicBool>,
}

struct Inner {
    faults: Faults,
    rng: StdRng,
}

impl std::fmt::Debug for FaultInjector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultInjector").field("faults", &self.get()).finish()
    }
}

/// What the layer decided for one request before running the handler.
struct Plan {
    delay: Duration,
    rate_limited: Option<u64>,
    error: bool,
    expire: bool,
    malformed: Option<MalformedMode>,
}

impl FaultInjector {
    /// An injector with these faults; call [`Faults::validate`] first for untrusted input.
    pub fn new(faults: Faults) -> FaultInjector {
        let injector = FaultInjector {
            inner: Arc::new(Mutex::new(Inner {
                rng: StdRng::seed_from_u64(faults.seed),
                faults: Faults::default(),
            })),
            active: Arc::new(AtomicBool::new(false)),
        };
        injector.set(faults);
        injector
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The current configuration, counters as they stand now.
    pub fn get(&self) -> Faults {
        self.lock().faults.clone()
    }

    /// Replaces the whole configuration and restarts the random sequence from its seed.
    pub fn set(&self, faults: Faults) {
        let faults = faults.normalized();
        let mut inner = self.lock();
        inner.rng = StdRng::seed_from_u64(faults.seed);
        self.active.store(!faults.is_off(), Ordering::Release);
        inner.faults = faults;
    }

    /// Back to the well-behaved hub.
    pub fn clear(&self) {
        self.set(Faults::default());
    }

    fn plan(&self, path: &str, has_session: bool) -> Option<Plan> {
        if !self.active.load(Ordering::Acquire) {
            return None;
        }
        let mut guard = self.lock();
        let Inner { faults, rng } = &mut *guard;
        let delay = faults.latency_ms
            + if faults.jitter_ms > 0 {
                rng.random_range(0..=faults.jitter_ms)
            } else {
                0
            };
        let login_chain = path.starts_with("/authentication/authentication/login");
        let mut plan = Plan {
            delay: Duration::from_millis(delay),
            rate_limited: None,
            error: false,
            expire: false,
            malformed: None,
        };
        if !login_chain {
            // One draw per fraction and request, whatever the outcome, keeps the sequence reproducible.
            let (limit_draw, error_draw, malformed_draw) =
                (rng.random::<f64>(), rng.random::<f64>(), rng.random::<f64>());
            if faults.rate_limit_next > 0 {
                faults.rate_limit_next -= 1;
                plan.rate_limited = Some(faults.retry_after_secs);
            } else if limit_draw < faults.rate_limit_rate {
                plan.rate_limited = Some(faults.retry_after_secs);
            }
            plan.error = plan.rate_limited.is_none() && error_draw < faults.error_rate;
            if !plan.error && plan.rate_limited.is_none() {
                if has_session && faults.expire_sessions > 0 {
                    faults.expire_sessions -= 1;
                    plan.expire = true;
                }
                if malformed_draw < faults.malformed_rate || faults.malformed_paths.iter().any(|p| p == path) {
                    plan.malformed = Some(faults.malformed_mode);
                }
            }
        }
        self.active.store(!faults.is_off(), Ordering::Release);
        Some(plan)
    }
}

/// The hub-side middleware; see the module documentation.
pub(crate) async fn layer(State(injector): State<FaultInjector>, mut req: Request, next: Next) -> Response {
    let has_session = cookies::get(req.headers(), cookies::ASPXAUTH).is_some();
    let Some(plan) = injector.plan(req.uri().path(), has_session) else {
        return next.run(req).await;
    };
    if !plan.delay.is_zero() {
        tokio::time::sleep(plan.delay).await;
    }
    if let Some(secs) = plan.rate_limited {
        tracing::debug!(path = req.uri().path(), "fault: 429");
        return too_many_requests(secs);
    }
    if plan.error {
        tracing::debug!(path = req.uri().path(), "fault: 500");
        return EmuError::Internal("injected fault".into()).into_response();
    }
    if plan.expire {
        tracing::debug!(path = req.uri().path(), "fault: session looks dead");
        strip_session_cookie(&mut req);
    }
    let resp = next.run(req).await;
    match plan.malformed {
        Some(mode) if is_json(&resp) => mangle(resp, mode).await,
        _ => resp,
    }
}

fn too_many_requests(retry_after_secs: u64) -> Response {
    let mut resp = (
        StatusCode::TOO_MANY_REQUESTS,
        Html(html::error_page(429, "Too Many Requests")),
    )
        .into_response();
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    resp
}

/// Removes `.ASPXAUTH` from the request's cookies, so the handler sees a request without a live session
/// (the stored session itself stays alive for later requests).
fn strip_session_cookie(req: &mut Request) {
    let kept: Vec<String> = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty() && !pair.starts_with(&format!("{}=", cookies::ASPXAUTH)))
        .map(str::to_owned)
        .collect();
    let headers = req.headers_mut();
    headers.remove(header::COOKIE);
    if !kept.is_empty()
        && let Ok(value) = HeaderValue::try_from(kept.join("; "))
    {
        headers.insert(header::COOKIE, value);
    }
}

fn is_json(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"))
}

async fn mangle(resp: Response, mode: MalformedMode) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_MANGLE_BYTES).await else {
        return EmuError::Internal("response too large to mangle".into()).into_response();
    };
    let broken: Vec<u8> = match mode {
        MalformedMode::Truncate => {
            let text = String::from_utf8_lossy(&bytes);
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text[..cut].as_bytes().to_vec()
        }
        MalformedMode::Invalid => b"{\"d\": <!-- not json -->".to_vec(),
    };
    tracing::debug!(?mode, "fault: malformed body");
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(broken))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_field() {
        assert!(Faults::default().validate().is_ok());
        let bad = Faults {
            error_rate: 1.5,
            ..Faults::default()
        };
        assert!(bad.validate().unwrap_err().contains("errorRate"));
        let nan = Faults {
            malformed_rate: f64::NAN,
            ..Faults::default()
        };
        assert!(nan.validate().is_err());
        let slow = Faults {
            latency_ms: MAX_LATENCY_MS + 1,
            ..Faults::default()
        };
        assert!(slow.validate().unwrap_err().contains("latencyMs"));
    }

    #[test]
    fn same_seed_same_faults() {
        let faults = Faults {
            error_rate: 0.5,
            seed: 7,
            ..Faults::default()
        };
        let run = || {
            let injector = FaultInjector::new(faults.clone());
            (0..64)
                .map(|_| injector.plan("/x", true).unwrap().error)
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        assert!(first.iter().any(|e| *e) && first.iter().any(|e| !*e));
    }

    #[test]
    fn counters_count_down_and_switch_off() {
        let injector = FaultInjector::new(Faults {
            rate_limit_next: 2,
            ..Faults::default()
        });
        assert!(injector.plan("/x", false).unwrap().rate_limited.is_some());
        // The login chain is never touched and does not consume the counter.
        assert!(
            injector
                .plan("/authentication/authentication/login", false)
                .unwrap()
                .rate_limited
                .is_none()
        );
        assert!(injector.plan("/x", false).unwrap().rate_limited.is_some());
        assert!(injector.plan("/x", false).is_none(), "all faults used up");
        assert_eq!(injector.get(), Faults::default());
    }
}
