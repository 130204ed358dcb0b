//! BankID step-up ("säkrare inloggning") for Bedömningar, per `docs/protocol-extensions.md`.
//!
//! Start an order for this web session, collect it about once a second (showing each new QR frame for
//! another device, or opening [`StepUpOrder::autostart_url`] on this one) until it completes or fails,
//! or cancel it. A completed order makes the web session strong until it ends; a renewed session is not
//! strong again, so collect and cancel are never replayed on a new session.

use hub_model::stepup::{CollectResponse, StepUpMethod, StepUpOrder, StepUpState};

use crate::client::{Body, HubClient, decode_value};
use crate::error::{Error, Result};

/// The name step-up errors are reported under.
const APP: &str = "stepup";
/// The module of Bedömningar, whose appData says whether step-up is needed.
pub const ASSESSMENTS_APP: &str = "assessmentsv2";

impl HubClient {
    /// Starts a BankID order that, once complete, makes this web session strongly authenticated.
    pub async fn stepup_start(&self, method: StepUpMethod) -> Result<StepUpOrder> {
        let body = Body::Json(serde_json::json!({ "method": method }));
        let value: serde_json::Value = self
            .renewing(|| self.call("step-up start", APP, "authentication/stepup/Start", body.clone()))
            .await?;
        decode_value("step-up start", refusal(value)?)
    }

    /// One collect of `order_ref`: pending (with the hint code and the next QR frame), complete or failed.
    ///
    /// An order the hub no longer knows (another session's, or one that ended) is [`Error::Rejected`].
    pub async fn stepup_collect(&self, order_ref: &str) -> Result<StepUpState> {
        let body = Body::Json(serde_json::json!({ "orderRef": order_ref }));
        let value: serde_json::Value = self
            .call("step-up collect", APP, "authentication/stepup/Collect", body)
            .await?;
        let response: CollectResponse = decode_value("step-up collect", refusal(value)?)?;
        Ok(response.into())
    }

    /// Cancels `order_ref` (the user closed the dialog).
    pub async fn stepup_cancel(&self, order_ref: &str) -> Result<()> {
        let body = Body::Json(serde_json::json!({ "orderRef": order_ref }));
        let value: serde_json::Value = self
            .call("step-up cancel", APP, "authentication/stepup/Cancel", body)
            .await?;
        refusal(value).map(drop)
    }

    /// Whether the child's Bedömningar need a BankID step-up first (`thirdSecurityInitData.required` in
    /// the module's appData).
    pub async fn assessments_need_stepup(&self, pupil_id: &str) -> Result<bool> {
        self.renewing(|| async {
            let _lease = self.lease(pupil_id, ASSESSMENTS_APP).await?;
            let data: serde_json::Value = self
                .call(
                    "assessments app data",
                    ASSESSMENTS_APP,
                    "assessmentv2/assessmentv2/appData",
                    Body::Empty,
                )
                .await?;
            Ok(data
                .get("thirdSecurityInitData")
                .and_then(|t| t.get("required"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false))
        })
        .await
    }
}

/// The business-error shape `{success:false, notifications:[{message}]}` as [`Error::Rejected`].
fn refusal(value: serde_json::Value) -> Result<serde_json::Value> {
    if value.get("success").and_then(serde_json::Value::as_bool) == Some(false) {
        let messages = value
            .get("notifications")
            .and_then(serde_json::Value::as_array)
            .map(|ns| {
                ns.iter()
                    .filter_map(|n| n.get("message").and_then(serde_json::Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        return Err(Error::Rejected { messages });
    }
    Ok(value)
}
