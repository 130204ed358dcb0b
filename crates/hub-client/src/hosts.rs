//! The table of the four InfoMentor hosts a client talks to.

use url::Url;

use crate::error::{Error, Result};

/// Where the hub, the mentor (IM1) login site, the OAuth server and the mobile API live.
///
/// [`Hosts::infomentor`] is the real service; tests and demo mode build one from the emulator's URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    /// `https://hub.infomentor.se/`
    pub hub: Url,
    /// `https://infomentor.se/swedish/production/mentor/` (the WebForms login site).
    pub mentor: Url,
    /// `https://im.infomentor.se/` (OAuth2 for the mobile app).
    pub oauth: Url,
    /// `https://api-im.infomentor.se/` (mobile API and SSO bridge).
    pub api: Url,
}

impl Hosts {
    /// InfoMentor's production hosts for Sweden.
    pub fn infomentor() -> Self {
        Self::parse(
            "https://hub.infomentor.se/",
            "https://infomentor.se/swedish/production/mentor/",
            "https://im.infomentor.se/",
            "https://api-im.infomentor.se/",
        )
        .expect("static URLs are valid")
    }

    /// Builds a table from four base URLs. Only `https`, or `http` on a loopback address, is accepted.
    pub fn parse(hub: &str, mentor: &str, oauth: &str, api: &str) -> Result<Self> {
        Ok(Self {
            hub: base(hub)?,
            mentor: base(mentor)?,
            oauth: base(oauth)?,
            api: base(api)?,
        })
    }

    /// True when `url` is on one of the four hosts (scheme, host and port must all match).
    pub fn owns(&self, url: &Url) -> bool {
        [&self.hub, &self.mentor, &self.oauth, &self.api].iter().any(|h| {
            h.scheme() == url.scheme()
                && h.host_str() == url.host_str()
                && h.port_or_known_default() == url.port_or_known_default()
        })
    }
}

/// Parses a base URL, adds the trailing slash `Url::join` needs and enforces https off loopback.
fn base(raw: &str) -> Result<Url> {
    let mut url = Url::parse(raw).map_err(|_| Error::Config(format!("invalid host url: {raw}")))?;
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    check_scheme(&url)?;
    Ok(url)
}

/// `https` everywhere, plain `http` only to loopback (the emulator).
pub(crate) fn check_scheme(url: &Url) -> Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        _ => Err(Error::Config(format!(
            "refusing non-https url on host {}",
            url.host_str().unwrap_or("?")
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_hosts_are_https_with_trailing_slash() {
        let h = Hosts::infomentor();
        assert_eq!(h.hub.as_str(), "https://hub.infomentor.se/");
        assert_eq!(h.mentor.path(), "/swedish/production/mentor/");
    }

    #[test]
    fn plain_http_only_on_loopback() {
        assert!(
            Hosts::parse(
                "http://127.0.0.1:1",
                "http://127.0.0.1:2/m",
                "http://[::1]:3",
                "http://localhost:4"
            )
            .is_ok()
        );
        assert!(Hosts::parse("http://hub.infomentor.se", "https://a/", "https://b/", "https://c/").is_err());
        let h = Hosts::parse(
            "http://127.0.0.1:1",
            "http://127.0.0.1:2/m",
            "http://127.0.0.1:3",
            "http://127.0.0.1:4",
        )
        .unwrap();
        assert_eq!(h.mentor.as_str(), "http://127.0.0.1:2/m/");
        assert!(h.owns(&Url::parse("http://127.0.0.1:2/x").unwrap()));
        assert!(!h.owns(&Url::parse("http://127.0.0.1:9/x").unwrap()));
    }
}
