//! "Använd denna enhet": the app opens the school's login window, the user logs in there, the window closes
//! and the app is paired; "Logga ut" unpairs. The school's page in that window has no IPC.

use std::time::{Duration, Instant};

use crate::Ctx;
use crate::action::with_app;
use crate::check::{ensure, screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

/// The mentor login form's fields, as the school's page names them.
const USERNAME: &str = "input[name='login_ascx$txtNotandanafn']";
const PASSWORD: &str = "input[name='login_ascx$txtLykilord']";
const LOGIN: &str = "input[name='login_ascx$btnLogin']";

/// The school's page in the login window cannot call the app's commands: the window has no capability.
async fn ensure_no_ipc(s: &Session) -> Result<(), String> {
    s.execute(
        "window.__skolhubIpc = 'pending';
         try {
             window.__TAURI_INTERNALS__.invoke('account_current')
                 .then(() => { window.__skolhubIpc = 'allowed'; }, () => { window.__skolhubIpc = 'denied'; });
         } catch (e) { window.__skolhubIpc = 'no ipc'; }",
        vec![],
    )
    .await?;
    let deadline = Instant::now() + find::TIMEOUT;
    loop {
        let answer = s.execute("return window.__skolhubIpc;", vec![]).await?;
        match answer.as_str() {
            Some("allowed") => return Err("the login window could call account_current".to_owned()),
            Some("denied" | "no ipc") => return Ok(()),
            _ if Instant::now() > deadline => return Err(format!("no IPC answer in the login window: {answer}")),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

pub async fn this_device_logs_in_through_the_login_window(ctx: Ctx) -> Result<(), String> {
    with_app(&ctx, |s| async move {
        let r = async {
            let main = s.window_handle().await?;
            s.click(&find::one(&s, &testid("btn-this-device")).await?).await?;
            find::wait_text(&s, &testid("this-device-status"), "Logga in i fönstret som öppnades").await?;
            screenshot(&s, "this-device-waiting").await?;

            let login = find::new_window(&s, std::slice::from_ref(&main)).await?;
            s.switch_to_window(&login).await?;
            let user = find::one(&s, USERNAME).await?;
            ensure_no_ipc(&s).await?;
            s.type_text(&user, hub_emulator::demo::GUARDIAN_USERNAME).await?;
            s.type_text(&find::one(&s, PASSWORD).await?, hub_emulator::demo::GUARDIAN_PASSWORD)
                .await?;
            s.click(&find::one(&s, LOGIN).await?).await?;

            // The app takes the session, pairs and closes the window.
            s.switch_to_window(&main).await?;
            let tabs = find::exactly(&s, &testid("child-tab"), 3).await?;
            ensure(tabs.len() == 3, "three children after pairing")?;
            ensure(
                !s.window_handles().await?.contains(&login),
                "the login window is closed after pairing",
            )?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::one(&s, &testid("btn-demo")).await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}
