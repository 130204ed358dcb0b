//! Reading the `Cookie` header and writing `Set-Cookie` values.
//!
//! All emulated hosts share the cookie domain 127.0.0.1 (cookies ignore ports), so each host scopes its
//! cookies by `Path`: the mentor site under its own path, the hub at `/`. Values are never logged.

use axum::http::{HeaderMap, HeaderValue, header};

/// The IM1 session cookie.
pub(crate) const ASP_SESSION: &str = "ASP.NET_SessionId";
/// Set by the IM1 site after a password login.
pub(crate) const NOTANDA: &str = "NotandaUppl";
/// The hub's forms-authentication ticket.
pub(crate) const ASPXAUTH: &str = ".ASPXAUTH";
/// The hub session cookie set by `LoginCallback`; without it every hub call is unauthenticated.
pub(crate) const IMHOME: &str = "IMHome";

/// The first value of cookie `name`. With several cookies of one name the browser sends the one with the
/// longest path first (RFC 6265 §5.4), which is the one meant for this host.
pub(crate) fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .filter(|value| !value.is_empty())
}

/// A session cookie (no expiry) for `path`, hidden from scripts.
pub(crate) fn set(name: &str, value: &str, path: &str) -> HeaderValue {
    header_value(format!("{name}={value}; path={path}; HttpOnly"))
}

/// Deletes cookie `name` at `path`.
pub(crate) fn clear(name: &str, path: &str) -> HeaderValue {
    header_value(format!(
        "{name}=; expires=Thu, 01-Jan-1970 00:00:00 GMT; path={path}; HttpOnly"
    ))
}

fn header_value(s: String) -> HeaderValue {
    // Every value is built from cookie names, paths and tokens of visible ASCII.
    HeaderValue::try_from(s).unwrap_or_else(|_| HeaderValue::from_static("invalid=; path=/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; .ASPXAUTH=ABC"));
        headers.append(header::COOKIE, HeaderValue::from_static("IMHome=xyz; broken"));
        assert_eq!(get(&headers, ASPXAUTH).as_deref(), Some("ABC"));
        assert_eq!(get(&headers, IMHOME).as_deref(), Some("xyz"));
        assert_eq!(get(&headers, "missing"), None);
        assert_eq!(get(&headers, "ASPXAUTH"), None);
    }

    #[test]
    fn set_cookie_shape() {
        let v = set(ASP_SESSION, "abc", "/swedish/production/mentor");
        assert_eq!(
            v.to_str().unwrap(),
            "ASP.NET_SessionId=abc; path=/swedish/production/mentor; HttpOnly"
        );
        assert!(clear(IMHOME, "/").to_str().unwrap().contains("1970"));
    }
}
