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
///
/// `code` names a known refusal ([`codes`]) so the UI can word it in the user's language; `message` then
/// still carries the Swedish text, which is what the UI shows for codes it does not know. Absent on the wire
/// when `None`, and optional when reading, so older shells and UIs understand each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct CmdError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl CmdError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            code: None,
        }
    }

    /// The same error with a machine code from [`codes`].
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }
}

/// The refusal codes the shell sets and the UI translates (`refusal.<code>` in its resource files). The
/// school's own codes are kept as the school spells them.
pub mod codes {
    /// Booking: another pupil took the slot.
    pub const SLOT_TAKEN: &str = "SlotTaken";
    /// Booking: the pupil already has a booking.
    pub const ALREADY_BOOKED: &str = "AlreadyBooked";
    /// Booking: the slot no longer takes bookings.
    pub const BOOKING_CLOSED: &str = "BookingClosed";
    /// Booking: too late to change or cancel.
    pub const CANCEL_CLOSED: &str = "CancelClosed";
    /// The item does not exist any more.
    pub const NOT_FOUND: &str = "NotFound";
    /// The account may not do this.
    pub const NOT_ALLOWED: &str = "NotAllowed";
    /// An empty message or comment.
    pub const EMPTY_TEXT: &str = "EmptyText";
    /// eTest: not open.
    pub const NOT_OPEN: &str = "NotOpen";
    /// eTest: already handed in.
    pub const ALREADY_SUBMITTED: &str = "AlreadySubmitted";
    /// eTest: the time ran out.
    pub const TIME_UP: &str = "TimeUp";
    /// eTest: the result is not released yet.
    pub const NOT_RELEASED: &str = "NotReleased";
    /// Fritids: the day is locked and cannot be changed.
    pub const DAY_LOCKED: &str = "DayLocked";

    /// Every code the UI has a translation for.
    pub const ALL: &[&str] = &[
        SLOT_TAKEN,
        ALREADY_BOOKED,
        BOOKING_CLOSED,
        CANCEL_CLOSED,
        NOT_FOUND,
        NOT_ALLOWED,
        EMPTY_TEXT,
        NOT_OPEN,
        ALREADY_SUBMITTED,
        TIME_UP,
        NOT_RELEASED,
        DAY_LOCKED,
    ];
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

    #[test]
    fn the_code_is_optional_both_ways() {
        let coded = CmdError::new(ErrorKind::Rejected, "Tiden hann bokas av någon annan.").with_code(codes::SLOT_TAKEN);
        let json = serde_json::to_value(&coded).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "rejected", "message": "Tiden hann bokas av någon annan.", "code": "SlotTaken"})
        );
        assert_eq!(serde_json::from_value::<CmdError>(json).unwrap(), coded);
        let old: CmdError = serde_json::from_value(serde_json::json!({"kind": "rejected", "message": "Nej"})).unwrap();
        assert_eq!(old, CmdError::new(ErrorKind::Rejected, "Nej"));
        assert_eq!(old.code, None);
    }
}
