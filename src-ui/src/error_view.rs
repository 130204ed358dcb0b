//! How a failed command is shown: one alert box, worded by error kind, with an optional "Försök igen".
//!
//! A refusal with a known `code` is shown in Skolhub's translated wording, so an English user reads English
//! even though the shell's `message` is Swedish. Three kinds carry text meant for the user from the other
//! side: `loginFailed` (the school's own words, e.g. a wrong password), `invalidInput`, and `rejected`
//! without a known code (the school's own refusal). Every other kind gets Skolhub's translated wording, so
//! the user reads their own language and never an internal detail.

use hub_model::{CmdError, ErrorKind};
use leptos::prelude::*;

use crate::components::icon::Icon;
use crate::i18n::{t, tr};

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

/// The translation key of a refusal code the shell sets (`hub_model::codes`).
pub fn refusal_key(code: &str) -> Option<&'static str> {
    Some(match code {
        "SlotTaken" => "refusal.slot_taken",
        "AlreadyBooked" => "refusal.already_booked",
        "BookingClosed" => "refusal.booking_closed",
        "CancelClosed" => "refusal.cancel_closed",
        "NotFound" => "refusal.not_found",
        "NotAllowed" => "refusal.not_allowed",
        "EmptyText" => "refusal.empty_text",
        "NotOpen" => "refusal.not_open",
        "AlreadySubmitted" => "refusal.already_submitted",
        "TimeUp" => "refusal.time_up",
        "NotReleased" => "refusal.not_released",
        "DayLocked" => "refusal.day_locked",
        _ => return None,
    })
}

/// Whether the error's own message is for the user's eyes.
fn message_is_for_user(error: &CmdError) -> bool {
    matches!(
        error.kind,
        ErrorKind::LoginFailed | ErrorKind::InvalidInput | ErrorKind::Rejected
    ) && !error.message.trim().is_empty()
}

/// The text to show for `error` in the current language (reactive through `t`).
pub fn error_text(error: &CmdError) -> String {
    if let Some(key) = error.code.as_deref().and_then(refusal_key) {
        t(key).to_owned()
    } else if message_is_for_user(error) {
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
                                {tr("common.retry")}
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

    #[test]
    fn known_refusal_codes_are_translated_and_others_keep_the_schools_words() {
        for code in hub_model::codes::ALL {
            let key = refusal_key(code).unwrap_or_else(|| panic!("no translation key for {code}"));
            assert_ne!(
                crate::i18n::translate(crate::i18n::Lang::En, key),
                key,
                "{key} missing in en.json"
            );
        }
        let taken = CmdError::new(
            ErrorKind::Rejected,
            "Tiden hann bokas av någon annan. Välj en annan tid.",
        )
        .with_code(hub_model::codes::SLOT_TAKEN);
        assert_eq!(
            error_text(&taken),
            "Tiden hann bokas av någon annan. Välj en annan tid."
        );
        assert_eq!(
            crate::i18n::translate(crate::i18n::Lang::En, "refusal.slot_taken"),
            "Someone else booked that time first. Choose another time."
        );
        let own_words = CmdError::new(ErrorKind::Rejected, "Max tre bokningar per termin.").with_code("QuotaExceeded");
        assert_eq!(error_text(&own_words), "Max tre bokningar per termin.");
        let uncoded = CmdError::new(ErrorKind::Rejected, "Dagen är låst.");
        assert_eq!(error_text(&uncoded), "Dagen är låst.");
    }
}
