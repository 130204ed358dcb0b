//! BankID step-up ("säkrare inloggning") for Bedömningar, per `docs/protocol-extensions.md`, modelled on
//! the BankID Relying Party API v6: start an order, collect its state until it completes or fails, cancel.

use serde::{Deserialize, Serialize};

/// Where the user's BankID app runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StepUpMethod {
    /// BankID on this device, opened with the autostart token.
    SameDevice,
    /// BankID on another device, which scans the animated QR code.
    OtherDevice,
}

/// `authentication/stepup/Start` → the order to collect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StepUpOrder {
    pub order_ref: String,
    /// For `bankid:///?autostarttoken=…` on the same device.
    #[serde(default)]
    pub auto_start_token: Option<String>,
    #[serde(default)]
    pub qr_start_token: Option<String>,
}

impl StepUpOrder {
    /// The link that opens BankID on this device, as the app does (`redirect=null`: come back by hand).
    pub fn autostart_url(&self) -> Option<String> {
        self.auto_start_token
            .as_deref()
            .map(|t| format!("bankid:///?autostarttoken={t}&redirect=null"))
    }
}

/// BankID's hint codes. Unknown ones are kept as [`HintCode::Unknown`], as BankID asks relying parties to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum HintCode {
    // pending
    OutstandingTransaction,
    NoClient,
    Started,
    UserSign,
    // failed
    ExpiredTransaction,
    UserCancel,
    Cancelled,
    StartFailed,
    CertificateErr,
    #[serde(other)]
    Unknown,
}

/// `status` of a collect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CollectStatus {
    Pending,
    Failed,
    Complete,
}

/// `authentication/stepup/Collect` → the order's state, the wire shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CollectResponse {
    pub status: CollectStatus,
    #[serde(default)]
    pub hint_code: Option<HintCode>,
    /// The next animated-QR frame (other device only).
    #[serde(default)]
    pub qr_data: Option<String>,
}

/// What the UI shows for a step-up order, built from [`CollectResponse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum StepUpState {
    /// Keep collecting (about once a second); show `qr_data` as the QR code when present.
    Pending {
        hint_code: Option<HintCode>,
        qr_data: Option<String>,
    },
    /// The web session is now strongly authenticated.
    Complete,
    /// The order ended; start a new one to try again.
    Failed { hint_code: Option<HintCode> },
}

impl From<CollectResponse> for StepUpState {
    fn from(r: CollectResponse) -> Self {
        match r.status {
            CollectStatus::Pending => StepUpState::Pending {
                hint_code: r.hint_code,
                qr_data: r.qr_data,
            },
            CollectStatus::Complete => StepUpState::Complete,
            CollectStatus::Failed => StepUpState::Failed { hint_code: r.hint_code },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collect_states_and_unknown_hints() {
        let r: CollectResponse =
            serde_json::from_str(r#"{"status":"pending","hintCode":"userSign","qrData":"bankid.a.1.ff"}"#).unwrap();
        assert_eq!(
            StepUpState::from(r),
            StepUpState::Pending {
                hint_code: Some(HintCode::UserSign),
                qr_data: Some("bankid.a.1.ff".into())
            }
        );
        let r: CollectResponse = serde_json::from_str(r#"{"status":"failed","hintCode":"somethingNew"}"#).unwrap();
        assert_eq!(
            StepUpState::from(r),
            StepUpState::Failed {
                hint_code: Some(HintCode::Unknown)
            }
        );
        let r: CollectResponse = serde_json::from_str(r#"{"status":"complete","hintCode":null}"#).unwrap();
        assert_eq!(StepUpState::from(r), StepUpState::Complete);
        assert_eq!(serde_json::to_value(StepUpMethod::SameDevice).unwrap(), "sameDevice");
    }

    #[test]
    fn autostart_url() {
        let o: StepUpOrder =
            serde_json::from_str(r#"{"orderRef":"o","autoStartToken":"t-1","qrStartToken":"q"}"#).unwrap();
        assert_eq!(
            o.autostart_url().unwrap(),
            "bankid:///?autostarttoken=t-1&redirect=null"
        );
    }
}
