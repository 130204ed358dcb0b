//! BankID step-up for Bedömningar (docs/protocol-extensions.md) against the emulator, whose admin API
//! plays the user's BankID app.

use hub_client::Error;
use hub_emulator::EmulatorHandle;
use hub_model::Account;
use hub_model::stepup::{HintCode, StepUpMethod, StepUpState};

mod common;
use common::logged_in;

async fn bankid(emu: &EmulatorHandle, order_ref: &str, outcome: &str) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::Client::new()
        .post(format!("{}/admin/bankid", emu.urls.admin))
        .json(&serde_json::json!({ "orderRef": order_ref, "outcome": outcome }))
        .send()
        .await
        .expect("admin reachable");
    assert!(resp.status().is_success(), "admin bankid: {}", resp.status());
}

fn with_assessments(account: &Account) -> &str {
    &account
        .children
        .iter()
        .find(|c| c.apps.iter().any(|a| a.as_str() == hub_client::apps::ASSESSMENTS))
        .expect("a child with Bedömningar")
        .id
}

#[tokio::test]
async fn qr_order_goes_pending_to_complete_and_the_session_becomes_strong() {
    let (emu, client, account) = logged_in().await;
    let pupil = with_assessments(&account);
    assert!(client.assessments_need_stepup(pupil).await.unwrap());
    let order = client.stepup_start(StepUpMethod::OtherDevice).await.unwrap();
    match client.stepup_collect(&order.order_ref).await.unwrap() {
        StepUpState::Pending { qr_data, .. } => {
            assert!(
                qr_data.is_some_and(|q| q.starts_with("bankid.")),
                "an animated QR frame"
            )
        }
        other => panic!("expected Pending, got {other:?}"),
    }
    bankid(&emu, &order.order_ref, "userSign").await;
    match client.stepup_collect(&order.order_ref).await.unwrap() {
        StepUpState::Pending { hint_code, .. } => assert_eq!(hint_code, Some(HintCode::UserSign)),
        other => panic!("expected Pending(userSign), got {other:?}"),
    }
    bankid(&emu, &order.order_ref, "complete").await;
    assert_eq!(
        client.stepup_collect(&order.order_ref).await.unwrap(),
        StepUpState::Complete
    );
    assert!(!client.assessments_need_stepup(pupil).await.unwrap());
    emu.shutdown().await;
}

#[tokio::test]
async fn same_device_order_can_be_cancelled_or_refused_by_the_user() {
    let (emu, client, _account) = logged_in().await;
    let order = client.stepup_start(StepUpMethod::SameDevice).await.unwrap();
    assert!(order.autostart_url().unwrap().starts_with("bankid:///?autostarttoken="));
    bankid(&emu, &order.order_ref, "userCancel").await;
    assert_eq!(
        client.stepup_collect(&order.order_ref).await.unwrap(),
        StepUpState::Failed {
            hint_code: Some(HintCode::UserCancel)
        }
    );

    let order = client.stepup_start(StepUpMethod::SameDevice).await.unwrap();
    client.stepup_cancel(&order.order_ref).await.unwrap();
    match client.stepup_collect(&order.order_ref).await {
        Ok(StepUpState::Failed { .. }) | Err(Error::Rejected { .. }) => {}
        other => panic!("a cancelled order is over, got {other:?}"),
    }
    // An order this session never started.
    assert!(matches!(
        client.stepup_collect("no-such-order").await,
        Err(Error::Rejected { .. })
    ));
    emu.shutdown().await;
}
