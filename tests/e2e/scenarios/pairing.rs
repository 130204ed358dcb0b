//! "Använd annan enhet": the app shows a code, the user approves it on another device, the app logs in,
//! stays paired across restarts (refresh token in the keychain), and "Logga ut" unpairs.

use std::time::Duration;

use serde_json::json;

use crate::Ctx;
use crate::action::with_app;
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};

/// Approves `user_code` as the demo guardian would on the hub's "Konfigurera app" page.
async fn approve_on_other_device(ctx: &Ctx, user_code: &str) -> Result<(), String> {
    let body = json!({
        "userCode": user_code,
        "approve": true,
        "username": hub_emulator::demo::GUARDIAN_USERNAME,
    });
    crate::action::admin_post(&ctx.emulator.admin, "/admin/device/approve", body).await
}

pub async fn other_device_pairs_stays_paired_and_unpairs(ctx: Ctx) -> Result<(), String> {
    let first = ctx.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            s.click(&find::one(&s, &testid("btn-other-device")).await?).await?;
            let code = find::text_of(&s, &testid("pairing-code")).await?;
            ensure(
                code.len() == 9 && code.as_bytes()[4] == b'-',
                format!("user code looks wrong: {code:?}"),
            )?;
            find::one(&s, &testid("pairing-qr")).await?;
            screenshot(&s, "pairing-other-device").await?;
            window_screenshot(&first.display, "pairing-other-device")?;
            approve_on_other_device(&first, &code).await?;
            // The app polls every few seconds; approval logs it in as the guardian.
            let tabs = find::exactly(&s, &testid("child-tab"), 3).await?;
            ensure(tabs.len() == 3, "three children after pairing")?;
            ensure(
                s.find_all(&testid("demo-badge")).await?.is_empty(),
                "a paired account is not the demo",
            )?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await?;

    // A new start logs straight back in from the keychain, then "Logga ut" unpairs.
    with_app(&ctx, |s| async move {
        let r = async {
            find::exactly(&s, &testid("child-tab"), 3).await?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::one(&s, &testid("btn-demo")).await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await?;

    // After unpairing, a new start shows Autentisering and stays there.
    with_app(&ctx, |s| async move {
        let r = async {
            find::one(&s, &testid("btn-demo")).await?;
            tokio::time::sleep(Duration::from_secs(2)).await;
            ensure(
                s.find_all(&testid("child-tab")).await?.is_empty(),
                "still logged in after Logga ut: the pairing was not removed",
            )
        }
        .await;
        (s, r)
    })
    .await
}
