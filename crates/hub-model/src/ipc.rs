//! Request types of the shell's Tauri commands: what the UI sends. Responses are the area types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A read scoped to one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildRequest {
    /// The 10-digit pupil id (`Child::id`).
    pub child_id: String,
}

/// A read of one child over a date range (inclusive), e.g. the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RangeRequest {
    pub child_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A read of one child around one date, e.g. the fritids week containing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DateRequest {
    pub child_id: String,
    pub date: NaiveDate,
}

/// Username and password for `login_password`. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordLogin {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for PasswordLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordLogin")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cross_the_ipc_as_iso_strings_and_passwords_stay_out_of_debug() {
        let r = RangeRequest {
            child_id: "1".into(),
            from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"childId": "1", "from": "2026-12-01", "to": "2026-12-31"})
        );
        let login = PasswordLogin {
            username: "karin".into(),
            password: "hemligt".into(),
        };
        assert!(!format!("{login:?}").contains("hemligt"));
    }
}
