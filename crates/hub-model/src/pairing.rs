//! Device pairing (protocol §3.3 and the device-authorization extension in `docs/protocol-extensions.md`):
//! what the UI shows while another device is being paired, and the mobile API's account shape.
//!
//! Tokens and one-time codes never appear in these types; they stay inside `hub-client`.

use serde::{Deserialize, Serialize};

/// What to show the user while a device waits for approval ("Använd annan enhet"): the code to enter on
/// the hub's "Konfigurera app" page, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceCodePrompt {
    /// `ABCD-EFGH`: short-lived and only useful together with a logged-in hub session, so safe to display.
    pub user_code: String,
    /// The hub page where the code is entered (`{hub}/account/pair/device`).
    pub verification_uri: String,
    /// The same page with the code filled in, for a QR code or a link.
    pub verification_uri_complete: Option<String>,
    /// Seconds until the code expires.
    pub expires_in: u64,
    /// Seconds to wait between polls.
    pub interval: u64,
}

impl DeviceCodePrompt {
    pub fn new(
        user_code: String,
        verification_uri: String,
        verification_uri_complete: Option<String>,
        expires_in: u64,
        interval: u64,
    ) -> Self {
        Self {
            user_code,
            verification_uri,
            verification_uri_complete,
            expires_in,
            interval,
        }
    }
}

/// `GET NA1/account/Account` of the mobile API (PascalCase on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ApiAccount {
    /// The account id; a number on the wire, kept as text like every other hub id.
    #[serde(deserialize_with = "id_text")]
    pub user_id: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub pupils: Vec<ApiPupil>,
}

/// One child in [`ApiAccount`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ApiPupil {
    /// The `SwitchPupil` id (not the 10-digit pupil id).
    #[serde(deserialize_with = "id_text")]
    pub user_role_id: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
}

/// An id the .NET API sends as a number or a string.
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Number(i64),
        Text(String),
    }
    Ok(match Id::deserialize(d)? {
        Id::Number(n) => n.to_string(),
        Id::Text(s) => s,
    })
}

/// One paired device from the hub's `account/pair/GetDevices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PairedDevice {
    pub device_id: String,
    #[serde(default)]
    pub friendly_name: Option<String>,
    #[serde(default)]
    pub device_type: Option<String>,
    /// Local time without zone, as the hub writes it.
    #[serde(default)]
    pub paired_at: Option<String>,
    #[serde(default)]
    pub last_used: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_account_takes_numeric_or_text_ids() {
        let a: ApiAccount = serde_json::from_str(
            r#"{"UserId": 4711, "FirstName": "Karin", "LastName": "Björklund",
                "Pupils": [{"UserRoleId": 7654321, "FirstName": "Elsa", "LastName": "Björklund"},
                           {"UserRoleId": "7654322"}]}"#,
        )
        .unwrap();
        assert_eq!(a.user_id, "4711");
        assert_eq!(a.pupils[0].user_role_id, "7654321");
        assert_eq!(a.pupils[1].user_role_id, "7654322");
        assert_eq!(a.pupils[1].first_name, None);
    }

    #[test]
    fn device_prompt_is_camel_case() {
        let p = DeviceCodePrompt::new("ABCD-EFGH".into(), "https://h/account/pair/device".into(), None, 600, 5);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["userCode"], "ABCD-EFGH");
        assert_eq!(v["expiresIn"], 600);
    }
}
