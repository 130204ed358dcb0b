//! The HTML the emulator serves: the hub's login relay and start page, the IM1 WebForms pages and ASP.NET
//! error pages, written as plain strings with careful escaping (no template engine, to keep the build lean).

use std::fmt::Write as _;

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a single-quoted JavaScript string literal inside a `<script>` element.
pub(crate) fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '<' => out.push_str("\\x3C"),
            '>' => out.push_str("\\x3E"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Serializes JSON for embedding in a `<script>` element. Slashes are escaped as `\/` like the real hub's
/// serializer; `<`, `>` and `&` become `\u003c`-style escapes so no string can close the script or open a
/// comment. Both are valid JSON escapes, so a client's JSON parser reads the original text back.
pub(crate) fn json_for_script(value: &serde_json::Value) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len() + raw.len() / 8);
    for c in raw.chars() {
        match c {
            '/' => out.push_str("\\/"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The hub's login relay: a self-submitting `openid_message` form carrying a one-time `oauth_token` to the
/// mentor site (protocol §3.1 step 1).
pub(crate) fn relay_page(mentor_url: &str, oauth_token: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8" />
    <title>InfoMentor</title>
</head>
<body onload="document.forms[0].submit()">
    <form id="openid_message" method="post" action="{action}">
        <input type="hidden" name="oauth_token" value="{token}" />
        <noscript><input type="submit" value="Fortsätt" /></noscript>
    </form>
</body>
</html>
"#,
        action = escape(mentor_url),
        token = escape(oauth_token),
    )
}

/// The fixed `__VIEWSTATEGENERATOR` of the login page (a hash of the page class on a real server).
pub(crate) const LOGIN_VIEWSTATE_GENERATOR: &str = "CA0B0334";
/// The fixed `__VIEWSTATEGENERATOR` of the PIN page.
pub(crate) const PIN_VIEWSTATE_GENERATOR: &str = "5E2A6B1D";

/// A municipality login choice on the IM1 login page.
pub(crate) struct Idp {
    pub label: &'static str,
    pub url: String,
}

/// Everything that varies on the IM1 login page.
pub(crate) struct LoginPage<'a> {
    pub action: &'a str,
    pub viewstate: &'a str,
    pub event_validation: &'a str,
    pub idps: &'a [Idp],
    /// The user name to keep in the text box after a failed attempt, as WebForms does.
    pub username: &'a str,
    pub errors: &'a [&'a str],
    pub new_password_url: &'a str,
}

fn hidden(out: &mut String, name: &str, value: &str) {
    let id = name.replace('$', "_");
    let _ = writeln!(
        out,
        r#"<input type="hidden" name="{}" id="{}" value="{}" />"#,
        escape(name),
        escape(&id),
        escape(value)
    );
}

fn webforms_head(out: &mut String, title: &str, action: &str, viewstate: &str) {
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="sv">
<head>
    <meta charset="utf-8" />
    <title>{title}</title>
</head>
<body>
<form method="post" action="{action}" id="aspnetForm">
<div class="aspNetHidden">
"#,
        title = escape(title),
        action = escape(action),
    );
    hidden(out, "__EVENTTARGET", "");
    hidden(out, "__EVENTARGUMENT", "");
    hidden(out, "__VIEWSTATE", viewstate);
    out.push_str(
        r#"</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }
}
//]]>
</script>
"#,
    );
}

fn webforms_tail(out: &mut String, generator: &str, event_validation: &str) {
    out.push_str("<div class=\"aspNetHidden\">\n");
    hidden(out, "__VIEWSTATEGENERATOR", generator);
    hidden(out, "__EVENTVALIDATION", event_validation);
    out.push_str("</div>\n</form>\n</body>\n</html>\n");
}

/// The IM1 ASP.NET WebForms login page (protocol §3.1 step 2).
pub(crate) fn login_page(page: &LoginPage<'_>) -> String {
    let mut out = String::with_capacity(4096);
    webforms_head(&mut out, "InfoMentor - Logga in", page.action, page.viewstate);
    out.push_str("<div id=\"login\">\n<h1>Logga in på InfoMentor</h1>\n");
    out.push_str("<div class=\"idp-list\">\n<h2>Logga in via din kommun</h2>\n<ul>\n");
    for (i, idp) in page.idps.iter().enumerate() {
        out.push_str("<li>\n");
        hidden(&mut out, &format!("IdpListRepeater$ctl{i:02}$url"), &idp.url);
        let _ = writeln!(
            out,
            r#"<a id="IdpListRepeater_ctl{i:02}_btnIdp" href="javascript:__doPostBack(&#39;IdpListRepeater$ctl{i:02}$btnIdp&#39;,&#39;&#39;)">{}</a>"#,
            escape(idp.label)
        );
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</div>\n<div class=\"password-login\">\n");
    let _ = writeln!(
        out,
        r#"<label for="login_ascx_txtNotandanafn">Användarnamn</label>
<input name="login_ascx$txtNotandanafn" type="text" id="login_ascx_txtNotandanafn" value="{}" autocomplete="username" />
<label for="login_ascx_txtLykilord">Lösenord</label>
<input name="login_ascx$txtLykilord" type="password" id="login_ascx_txtLykilord" autocomplete="current-password" />"#,
        escape(page.username)
    );
    for error in page.errors {
        let _ = writeln!(out, r#"<span class="error-message">{}</span>"#, escape(error));
    }
    let _ = writeln!(
        out,
        r#"<input type="submit" name="login_ascx$btnLogin" value="Logga in" id="login_ascx_btnLogin" />
<a id="login_ascx_lnkNewPassword" href="{}">Nytt lösenord</a>
</div>
</div>"#,
        escape(page.new_password_url)
    );
    webforms_tail(&mut out, LOGIN_VIEWSTATE_GENERATOR, page.event_validation);
    out
}

/// The optional PIN-enrolment interstitial (protocol §3.1 step 4); posting it back with
/// `__EVENTTARGET=aDontActivatePin` skips it.
pub(crate) fn pin_page(action: &str, viewstate: &str, event_validation: &str) -> String {
    let mut out = String::with_capacity(2048);
    webforms_head(&mut out, "InfoMentor - PIN-kod", action, viewstate);
    out.push_str(
        r#"<div id="enablePin">
<h1>Logga in snabbare med PIN-kod</h1>
<p>Vill du aktivera inloggning med PIN-kod på den här enheten?</p>
<input name="txtPin" type="password" id="txtPin" maxlength="6" />
<input type="submit" name="btnActivatePin" value="Aktivera" id="btnActivatePin" />
<a id="aDontActivatePin" href="javascript:__doPostBack(&#39;aDontActivatePin&#39;,&#39;&#39;)">Inte nu</a>
</div>
"#,
    );
    webforms_tail(&mut out, PIN_VIEWSTATE_GENERATOR, event_validation);
    out
}

/// A static IM1 page telling users where a new password comes from.
pub(crate) fn new_password_page(login_url: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="sv">
<head><meta charset="utf-8" /><title>InfoMentor - Nytt lösenord</title></head>
<body>
<h1>Nytt lösenord</h1>
<p>Kontakta skolan för att få ett nytt lösenord.</p>
<p><a href="{}">Tillbaka till inloggningen</a></p>
</body>
</html>
"#,
        escape(login_url)
    )
}

/// One entry of the start page's pupil switcher.
pub(crate) struct SwitcherEntry {
    /// "Förnamn Efternamn".
    pub name: String,
    /// `None` for the selected pupil.
    pub switch_url: Option<String>,
}

/// The hub start page (protocol §3.5): a pupil switcher and the `IMHome.home.homeData` bootstrap script.
pub(crate) fn home_page(
    home_data: &serde_json::Value,
    selected_pupil_name: &str,
    user_name: &str,
    switcher: &[SwitcherEntry],
) -> String {
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="sv">
<head>
    <meta charset="utf-8" />
    <title>InfoMentor</title>
</head>
<body>
<header id="imhome-header">
    <span class="userName">{user}</span>
    <a id="logout" href="/Authentication/Authentication/LogOut?ApiType=IM1&amp;ApiInstance=">Logga ut</a>
    <ul id="pupilSwitcher">
"#,
        user = escape(user_name)
    );
    for entry in switcher {
        match &entry.switch_url {
            Some(url) => {
                let _ = writeln!(
                    out,
                    r#"        <li><a href="{}"><span class="pupilText">{}</span></a></li>"#,
                    escape(url),
                    escape(&entry.name)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    r#"        <li class="selected"><span class="pupilText">{}</span></li>"#,
                    escape(&entry.name)
                );
            }
        }
    }
    let _ = write!(
        out,
        r#"    </ul>
</header>
<div id="imhome-app"></div>
<script type="text/javascript">
    var IMHome = window.IMHome || {{ home: {{ init: function () {{ }} }} }};
    IMHome.home.homeData = {data};
    IMHome.home.init({{
        selectedPupilName: '{selected}'
    }});
</script>
</body>
</html>
"#,
        data = json_for_script(home_data),
        selected = js_string(selected_pupil_name),
    );
    out
}

/// An ASP.NET-style error page ("Server Error in '/' Application."), the hub's failure shape.
pub(crate) fn error_page(status: u16, title: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8" />
    <title>{title}</title>
</head>
<body bgcolor="white">
    <span><h1>Server Error in '/' Application.<hr width="100%" size="1" color="silver" /></h1>
    <h2><i>{title}</i></h2></span>
    <p>HTTP {status}</p>
</body>
</html>
"#,
        title = escape(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_script_cannot_break_out_and_round_trips() {
        let value = serde_json::json!({"a": "</script><!-- & \u{2028} /x", "b": "\\/"});
        let embedded = json_for_script(&value);
        assert!(!embedded.contains("</"));
        assert!(!embedded.contains('<'));
        assert!(embedded.contains("\\/x"));
        let back: serde_json::Value = serde_json::from_str(&embedded).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn js_string_escapes_quotes_and_tags() {
        assert_eq!(js_string("O'Hara</script>"), "O\\'Hara\\x3C/script\\x3E");
    }

    #[test]
    fn escape_attr() {
        assert_eq!(escape(r#"a"b'<&>"#), "a&quot;b&#39;&lt;&amp;&gt;");
    }

    #[test]
    fn login_page_has_webforms_fields() {
        let idps = [Idp {
            label: "Lekeberg",
            url: "https://sso.infomentor.se/login.ashx?idp=lekeberg_par".into(),
        }];
        let html = login_page(&LoginPage {
            action: "http://x/",
            viewstate: "/wE+a==",
            event_validation: "/wEd",
            idps: &idps,
            username: "<kalle>",
            errors: &["Ange lösenord"],
            new_password_url: "http://x/np",
        });
        for needle in [
            r#"name="__VIEWSTATE" id="__VIEWSTATE" value="/wE+a==""#,
            r#"name="IdpListRepeater$ctl00$url" id="IdpListRepeater_ctl00_url" value="https://sso.infomentor.se/login.ashx?idp=lekeberg_par""#,
            r#"name="login_ascx$txtLykilord" type="password""#,
            r#"<span class="error-message">Ange lösenord</span>"#,
            r#"value="&lt;kalle&gt;""#,
            "__VIEWSTATEGENERATOR",
            "__EVENTVALIDATION",
        ] {
            assert!(html.contains(needle), "missing {needle}");
        }
    }
}
