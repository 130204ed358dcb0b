//! The error shape that crosses the IPC boundary, so the UI can branch on `kind` without parsing text.

use serde::{Deserialize, Serialize};

/// What went wrong, as far as the UI needs to know to react.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The school rejected the credentials; `message` carries the school's own text.
    LoginFailed,
    /// The session ended and could not be renewed silently.
    SessionExpired,
    /// The device is no longer paired (refresh token rejected).
    NeedsPairing,
    /// The school's server could not be reached.
    Offline,
    /// The module is not enabled for this child.
    ModuleDisabled,
    /// The input was not acceptable; `message` says why.
    InvalidInput,
    /// The school asked us to wait before asking again.
    RateLimited,
    /// The school refused a change (a locked day, a taken slot); `message` carries its text.
    Rejected,
    /// The data needs a stronger login first (BankID step-up for Bedömningar).
    StepUpRequired,
    /// The OS keychain is missing or locked.
    Keychain,
    /// Anything else; details are in the shell's log, not here.
    Internal,
}

/// An error returned by a Tauri command. `message` is user-safe text (no secrets, no URLs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct CmdError {
    pub kind: ErrorKind,
    pub message: String,
}

impl CmdError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_tagged_shape() {
        let e = CmdError::new(ErrorKind::LoginFailed, "Fel");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "loginFailed", "message": "Fel"})
        );
    }
}
