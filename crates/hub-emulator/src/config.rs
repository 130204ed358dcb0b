//! Emulator configuration and the base URLs of the emulated hosts.

use std::time::Duration;

use crate::faults::Faults;

/// The path of the IM1 "mentor" site on its host, lowercased and without the trailing slash, as the
/// router sees it after path normalization.
pub(crate) const MENTOR_PATH: &str = "/swedish/production/mentor";

/// Behaviour switches of the emulator; [`Config::default`] is the well-behaved hub.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a login lasts, measured on the emulator clock from the moment of login (not sliding).
    pub session_lifetime: Duration,
    /// Send a successful password login through the PIN-enrolment interstitial (`EnablePin.aspx`).
    pub pin_interstitial: bool,
    /// Answer `SwitchPupil` with HTTP 500 although the switch takes effect, as DX observed.
    pub switch_pupil_returns_500: bool,
    /// How long a mobile access token lives (protocol §3.3: about ten minutes).
    pub access_token_lifetime: Duration,
    /// Faults the hub host injects from the start (changeable at run time through `/admin/faults`).
    pub faults: Faults,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            session_lifetime: Duration::from_secs(3 * 60 * 60),
            pin_interstitial: false,
            switch_pupil_returns_500: false,
            access_token_lifetime: Duration::from_secs(10 * 60),
            faults: Faults::default(),
        }
    }
}

/// Base URLs of the emulated hosts; every absolute URL the emulator emits is built from these.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Urls {
    /// Stands in for `https://hub.infomentor.se` (no trailing slash).
    pub hub: String,
    /// Stands in for `https://infomentor.se/swedish/production/mentor/` (with the trailing slash).
    pub mentor: String,
    /// Stands in for `https://im.infomentor.se` (no trailing slash).
    pub oauth: String,
    /// Stands in for `https://api-im.infomentor.se` (no trailing slash).
    pub api: String,
    /// The admin API, which no hub route reaches (no trailing slash).
    pub admin: String,
}

impl Urls {
    /// The URLs of emulator hosts listening on 127.0.0.1 at the given ports.
    pub fn on_loopback(hub: u16, mentor: u16, oauth: u16, api: u16, admin: u16) -> Urls {
        Urls {
            hub: format!("http://127.0.0.1:{hub}"),
            mentor: format!("http://127.0.0.1:{mentor}{MENTOR_PATH}/"),
            oauth: format!("http://127.0.0.1:{oauth}"),
            api: format!("http://127.0.0.1:{api}"),
            admin: format!("http://127.0.0.1:{admin}"),
        }
    }

    /// The hub's login relay page, absolute, as the mentor site redirects to it.
    pub(crate) fn hub_login_relay(&self) -> String {
        format!("{}{}", self.hub, crate::routes::auth::LOGIN_RELAY_PATH)
    }

    /// The one-time SSO login URL on the mentor site (protocol §3.3 step 6).
    pub(crate) fn mentor_sso(&self, token: &str) -> String {
        format!("{}Oryggi/SsoLogin.aspx?token={token}", self.mentor)
    }

    /// The PIN-enrolment interstitial on the mentor site, absolute.
    pub(crate) fn mentor_enable_pin(&self) -> String {
        format!("{}Oryggi/PinLogin/EnablePin.aspx", self.mentor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_urls_follow_the_host_table() {
        let urls = Urls::on_loopback(1, 2, 3, 4, 5);
        assert_eq!(urls.hub, "http://127.0.0.1:1");
        assert_eq!(urls.mentor, "http://127.0.0.1:2/swedish/production/mentor/");
        assert_eq!(urls.admin, "http://127.0.0.1:5");
        assert_eq!(
            urls.hub_login_relay(),
            "http://127.0.0.1:1/Authentication/Authentication/Login?ReturnUrl=%2F"
        );
    }
}
