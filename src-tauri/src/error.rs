//! Turns client errors into the IPC error shape: internal detail to the log, user-safe Swedish text to the UI.

use hub_model::{CmdError, ErrorKind, codes};

/// Maps a hub-client error for the UI and logs the detail (which never carries secrets).
pub(crate) fn from_client(err: hub_client::Error) -> CmdError {
    use hub_client::Error as E;
    tracing::warn!(error = %err, "command failed");
    match err {
        E::LoginFailed { message } => CmdError::new(ErrorKind::LoginFailed, message),
        E::EmptyPassword { message } => CmdError::new(ErrorKind::InvalidInput, message),
        E::Transport(_) => CmdError::new(
            ErrorKind::Offline,
            "Det gick inte att nå skolans server. Kontrollera internetanslutningen och försök igen.",
        ),
        E::SessionExpired => CmdError::new(ErrorKind::SessionExpired, "Sessionen har gått ut. Logga in igen."),
        E::ModuleDisabled { .. } => CmdError::new(
            ErrorKind::ModuleDisabled,
            "Skolan har inte aktiverat den här delen för barnet.",
        ),
        E::RateLimited { .. } => CmdError::new(
            ErrorKind::RateLimited,
            "Skolans server ber oss vänta en stund. Försök igen om några minuter.",
        ),
        E::Rejected { messages } if !messages.is_empty() => CmdError::new(ErrorKind::Rejected, messages.join(" ")),
        E::NeedsPairing => CmdError::new(
            ErrorKind::NeedsPairing,
            "Enheten är inte längre kopplad till ditt konto. Koppla den igen under Autentisering.",
        ),
        E::AccountChanged => CmdError::new(
            ErrorKind::SessionExpired,
            "Inloggningen gäller ett annat konto än tidigare. Logga in igen.",
        ),
        E::Persist(_) => CmdError::new(
            ErrorKind::Keychain,
            "Det gick inte att spara inloggningen i nyckelringen. Kontrollera att nyckelringen är upplåst.",
        ),
        E::NotEditable { .. } => {
            CmdError::new(ErrorKind::Rejected, "Dagen är låst och kan inte ändras.").with_code(codes::DAY_LOCKED)
        }
        E::Refused { code, message } => refusal(&code, &message),
        _ => CmdError::new(
            ErrorKind::Internal,
            "Något gick fel i kontakten med skolan. Försök igen.",
        ),
    }
}

/// A refusal from the school by its code: Skolhub's Swedish sentence for the codes it knows, the school's own
/// words otherwise, and the code beside it so the UI can show the sentence in the user's language.
pub(crate) fn refusal(code: &hub_client::Refusal, message: &str) -> CmdError {
    use hub_client::Refusal as R;
    let (code, text) = match code {
        R::SlotTaken => (codes::SLOT_TAKEN, "Tiden hann bokas av någon annan. Välj en annan tid."),
        R::AlreadyBooked => (codes::ALREADY_BOOKED, "Ni har redan en bokad tid. Ändra den i stället."),
        R::BookingClosed => (codes::BOOKING_CLOSED, "Bokningen för den här tiden har stängt."),
        R::CancelClosed => (
            codes::CANCEL_CLOSED,
            "Det är för sent att ändra eller avboka. Kontakta läraren.",
        ),
        R::NotFound => (codes::NOT_FOUND, "Det finns inte längre. Uppdatera och försök igen."),
        R::NotAllowed => (codes::NOT_ALLOWED, "Ditt konto får inte göra det här."),
        R::EmptyText => (codes::EMPTY_TEXT, "Skriv något först."),
        R::NotOpen => (codes::NOT_OPEN, "Provet är inte öppet just nu."),
        R::AlreadySubmitted => (codes::ALREADY_SUBMITTED, "Provet är redan inlämnat."),
        R::TimeUp => (codes::TIME_UP, "Tiden är slut. Provet lämnades in automatiskt."),
        R::NotReleased => (codes::NOT_RELEASED, "Resultatet är inte publicerat ännu."),
        R::Other(other) => {
            let text = if message.trim().is_empty() {
                "Skolan tog inte emot ändringen."
            } else {
                message.trim()
            };
            return CmdError::new(ErrorKind::Rejected, text).with_code(other);
        }
        _ => {
            let text = if message.trim().is_empty() {
                "Skolan tog inte emot ändringen."
            } else {
                message.trim()
            };
            return CmdError::new(ErrorKind::Rejected, text);
        }
    };
    CmdError::new(ErrorKind::Rejected, text).with_code(code)
}

/// An internal failure that is not the school's fault (e.g. the demo school failed to start).
pub(crate) fn internal(context: &str, err: impl std::fmt::Display) -> CmdError {
    tracing::error!(error = %err, "{context}");
    CmdError::new(ErrorKind::Internal, "Något gick fel i appen. Försök igen.")
}

#[cfg(test)]
mod tests {
    use hub_client::{Error as E, Refusal as R};

    use super::*;

    fn refused(code: R, message: &str) -> CmdError {
        from_client(E::Refused {
            code,
            message: message.to_owned(),
        })
    }

    #[test]
    fn known_refusals_carry_their_code_and_swedish_text() {
        let taken = refused(R::SlotTaken, "Tiden är redan bokad");
        assert_eq!(taken.kind, ErrorKind::Rejected);
        assert_eq!(taken.code.as_deref(), Some("SlotTaken"));
        assert!(taken.message.starts_with("Tiden hann bokas"), "{}", taken.message);
        for code in [
            R::AlreadyBooked,
            R::BookingClosed,
            R::CancelClosed,
            R::NotAllowed,
            R::TimeUp,
        ] {
            let e = refused(code, "");
            let code = e.code.as_deref().unwrap();
            assert!(hub_model::codes::ALL.contains(&code), "{code} has no translation");
        }
        let locked = from_client(E::NotEditable {
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            reason: hub_model::timeregistration::WriteBlock::Locked,
        });
        assert_eq!(locked.code.as_deref(), Some(codes::DAY_LOCKED));
    }

    #[test]
    fn unknown_refusals_keep_the_schools_words() {
        let other = refused(R::Other("QuotaExceeded".into()), "  Max tre bokningar per termin.  ");
        assert_eq!(other.message, "Max tre bokningar per termin.");
        assert_eq!(other.code.as_deref(), Some("QuotaExceeded"));
        assert!(!hub_model::codes::ALL.contains(&"QuotaExceeded"));
        let silent = refused(R::Other("X".into()), " ");
        assert_eq!(silent.message, "Skolan tog inte emot ändringen.");
        let offline = from_client(E::SessionExpired);
        assert_eq!(offline.code, None);
    }
}
