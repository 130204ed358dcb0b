//! Parsers for the few HTML pages of the login chain and the hub start page (protocol §3.1, §3.5).
//!
//! All HTML is read with `scraper`; the only string scanning is inside the text of one `<script>`, where the
//! hub assigns a JSON object to `IMHome.home.homeData`, and that object is read with serde_json.

use hub_model::home::HomeData;
use scraper::{ElementRef, Html, Selector};

use crate::error::{Error, Result};

/// A form to be posted back: its `action` (possibly relative) and its fields in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Form {
    pub action: Option<String>,
    pub fields: Vec<(String, String)>,
}

impl Form {
    #[cfg(test)]
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, name: &str, value: &str) {
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.to_owned(),
            None => self.fields.push((name.to_owned(), value.to_owned())),
        }
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// Hidden inputs of `form` (or of the whole document when `form` is `None`).
fn hidden_inputs(scope: ElementRef<'_>) -> Vec<(String, String)> {
    scope
        .select(&sel("input"))
        .filter(|i| i.value().attr("type").is_some_and(|t| t.eq_ignore_ascii_case("hidden")))
        .filter_map(|i| {
            let name = i.value().attr("name")?;
            Some((name.to_owned(), i.value().attr("value").unwrap_or_default().to_owned()))
        })
        .collect()
}

/// The self-submitting `form#openid_message` relay (hidden `oauth_token`), if the page is one.
pub(crate) fn relay_form(html: &str) -> Option<Form> {
    let doc = Html::parse_document(html);
    let form = doc.select(&sel("form#openid_message")).next()?;
    let fields = hidden_inputs(form);
    fields.iter().any(|(n, _)| n == "oauth_token").then(|| Form {
        action: form.value().attr("action").map(str::to_owned),
        fields,
    })
}

/// Name of the mentor login page's password input; its presence identifies the page.
pub(crate) const PASSWORD_FIELD: &str = "login_ascx$txtLykilord";
/// Name of the username input.
pub(crate) const USERNAME_FIELD: &str = "login_ascx$txtNotandanafn";
/// Name of the submit button.
pub(crate) const LOGIN_BUTTON: &str = "login_ascx$btnLogin";

/// The mentor WebForms login form with all its hidden fields (viewstate, event validation, IdP list).
pub(crate) fn login_form(html: &str) -> Option<Form> {
    let doc = Html::parse_document(html);
    let password = doc
        .select(&sel("input"))
        .find(|i| i.value().attr("name") == Some(PASSWORD_FIELD))?;
    // WebForms wraps the whole page in one form; take the one around the password field, or the
    // document when the markup is too broken to nest.
    let form = password
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "form");
    let scope = form.unwrap_or_else(|| doc.root_element());
    Some(Form {
        action: form.and_then(|f| f.value().attr("action")).map(str::to_owned),
        fields: hidden_inputs(scope),
    })
}

/// The PIN-enrolment interstitial (`EnablePin.aspx`), skipped by posting back with `aDontActivatePin`.
pub(crate) fn pin_form(html: &str) -> Option<Form> {
    let doc = Html::parse_document(html);
    let marker = doc.select(&sel("a, input, button")).any(|e| {
        e.value().id() == Some("aDontActivatePin")
            || e.value().attr("href").is_some_and(|h| h.contains("aDontActivatePin"))
            || e.value().attr("name").is_some_and(|n| n.contains("aDontActivatePin"))
    });
    if !marker {
        return None;
    }
    let form = doc.select(&sel("form")).next()?;
    Some(Form {
        action: form.value().attr("action").map(str::to_owned),
        fields: hidden_inputs(form),
    })
}

/// The visible error text of a re-rendered login form (`.error-message`), whitespace collapsed.
pub(crate) fn error_message(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    doc.select(&sel(".error-message"))
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .find(|t| !t.is_empty())
}

/// The `IMHome.home.homeData` object of the hub start page.
pub(crate) fn home_data(html: &str) -> Result<HomeData> {
    const MARKER: &str = "IMHome.home.homeData";
    let doc = Html::parse_document(html);
    for script in doc.select(&sel("script")) {
        let text: String = script.text().collect();
        let Some(pos) = text.find(MARKER) else { continue };
        let rest = text[pos + MARKER.len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let mut de = serde_json::Deserializer::from_str(rest.trim_start());
        return serde_path_to_error(&mut de);
    }
    Err(Error::Page("start page without homeData"))
}

fn serde_path_to_error(de: &mut serde_json::Deserializer<serde_json::de::StrRead<'_>>) -> Result<HomeData> {
    // The object is followed by `; IMHome.home.init(…)`, so deserialize exactly one value and stop.
    let value = <serde_json::Value as serde::Deserialize>::deserialize(&mut *de).map_err(|e| Error::Decode {
        what: "homeData",
        path: String::from("."),
        message: e.to_string(),
    })?;
    crate::client::decode_value("homeData", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELAY: &str = include_str!("../tests/fixtures/relay.html");
    const LOGIN: &str = include_str!("../tests/fixtures/mentor_login.html");
    const LOGIN_ERR: &str = include_str!("../tests/fixtures/mentor_login_error.html");
    const HOME: &str = include_str!("../tests/fixtures/home.html");

    #[test]
    fn reads_relay_form() {
        let f = relay_form(RELAY).unwrap();
        assert_eq!(
            f.action.as_deref(),
            Some("https://infomentor.se/swedish/production/mentor/")
        );
        assert_eq!(f.field("oauth_token"), Some("tok-123"));
        assert!(relay_form(LOGIN).is_none());
    }

    #[test]
    fn reads_login_form_with_viewstate_and_idp_fields() {
        let f = login_form(LOGIN).unwrap();
        assert_eq!(f.field("__VIEWSTATE"), Some("vs=="));
        assert_eq!(f.field("__EVENTVALIDATION"), Some("ev=="));
        assert!(
            f.fields
                .iter()
                .any(|(n, _)| n.contains("IdpListRepeater") && n.ends_with("$url"))
        );
        assert!(login_form(RELAY).is_none());
        assert_eq!(error_message(LOGIN), None);
    }

    #[test]
    fn reads_swedish_error_text() {
        assert_eq!(
            error_message(LOGIN_ERR).as_deref(),
            Some("Inloggning misslyckades - vänligen kontrollera användarnamn och lösenord eller kontakta skolan.")
        );
    }

    #[test]
    fn reads_home_data_followed_by_init_call() {
        let home = home_data(HOME).unwrap();
        assert_eq!(home.account.current_user.id, "9001");
        let names: Vec<_> = home.account.pupils.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Björklund, Elsa", "Björklund, Nils"]);
        assert!(home.account.pupils[0].selected);
        assert_eq!(home.account.pupils[1].switch_id(), Some("7000002"));
        assert_eq!(home.apps.len(), 2);
    }

    #[test]
    fn malformed_home_data_is_an_error_not_a_panic() {
        assert!(matches!(home_data("<html></html>"), Err(Error::Page(_))));
        let broken = "<script>IMHome.home.homeData = {\"account\": 5};</script>";
        assert!(matches!(home_data(broken), Err(Error::Decode { .. })));
        let truncated = "<script>IMHome.home.homeData = {\"account\": {</script>";
        assert!(matches!(home_data(truncated), Err(Error::Decode { .. })));
    }
}
