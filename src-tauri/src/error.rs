//! Turns client errors into the IPC error shape: internal detail to the log, user-safe Swedish text to the UI.

use hub_model::{CmdError, ErrorKind};

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
        E::NotEditable { .. } => CmdError::new(ErrorKind::Rejected, "Dagen är låst och kan inte ändras."),
        _ => CmdError::new(
            ErrorKind::Internal,
            "Något gick fel i kontakten med skolan. Försök igen.",
        ),
    }
}

/// An internal failure that is not the school's fault (e.g. the demo school failed to start).
pub(crate) fn internal(context: &str, err: impl std::fmt::Display) -> CmdError {
    tracing::error!(error = %err, "{context}");
    CmdError::new(ErrorKind::Internal, "Något gick fel i appen. Försök igen.")
}
