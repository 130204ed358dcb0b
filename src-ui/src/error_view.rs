//! How a failed command is shown: one alert box, worded by error kind, with an optional "Försök igen".
//!
//! Only two kinds carry text meant for the user from the other side: `loginFailed` (the school's own words,
//! e.g. a wrong password) and `invalidInput`. Every other kind gets Skolhub's translated wording, so the
//! user reads their own language and never an internal detail.

use hub_model::{CmdError, ErrorKind};
use leptos::prelude::*;

use crate::components::icon::Icon;
use crate::i18n::t;

/// The translation key for an error kind.
pub fn error_key(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::LoginFailed => "error.login_failed",
        ErrorKind::SessionExpired => "error.session_expired",
        ErrorKind::NeedsPairing => "error.needs_pairing",
        ErrorKind::Offline => "error.offline",
        ErrorKind::ModuleDisabled => "error.module_disabled",
        ErrorKind::InvalidInput => "error.invalid_input",
        ErrorKind::Keychain => "error.keychain",
        _ => "error.internal",
    }
}

/// Whether the error's own message is for the user's eyes.
fn message_is_for_user(error: &CmdError) -> bool {
    matches!(error.kind, ErrorKind::LoginFailed | ErrorKind::InvalidInput) && !error.message.trim().is_empty()
}

/// The text to show for `error` in the current language (reactive through `t`).
pub fn error_text(error: &CmdError) -> String {
    if message_is_for_user(error) {
        error.message.clone()
    } else {
        t(error_key(error.kind)).to_owned()
    }
}

/// An alert with the error's text and, when `on_retry` is given, a "Försök igen" button.
#[component]
pub fn ErrorNotice(
    error: CmdError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let text = move || error_text(&error);
    view! {
        <div class="notice notice-error" role="alert">
            <Icon name="alert" size=20 />
            <div class="notice-body">
                <p data-testid=testid>{text}</p>
                {on_retry
                    .map(|retry| {
                        view! {
                            <button type="button" class="btn btn-small" on:click=move |_| retry.run(())>
                                {move || t("common.retry")}
                            </button>
                        }
                    })}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_school_texts_pass_through() {
        let school = CmdError::new(ErrorKind::LoginFailed, "Felaktigt användarnamn eller lösenord");
        assert_eq!(error_text(&school), "Felaktigt användarnamn eller lösenord");
        let empty = CmdError::new(ErrorKind::LoginFailed, " ");
        assert_eq!(error_text(&empty), "Fel användarnamn eller lösenord.");
        let internal = CmdError::new(ErrorKind::Internal, "reqwest: connection refused at http://…");
        assert_eq!(error_text(&internal), "Något gick fel i Skolhub. Försök igen.");
        let offline = CmdError::new(ErrorKind::Offline, "dns");
        assert!(error_text(&offline).starts_with("Det går inte att nå"));
    }
}
