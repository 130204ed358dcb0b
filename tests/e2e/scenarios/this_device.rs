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

/// Waits until the login window `handle` is gone from the app's windows.
async fn wait_closed(s: &Session, handle: &str) -> Result<(), String> {
    let deadline = Instant::now() + find::TIMEOUT;
    while s.window_handles().await?.iter().any(|h| h == handle) {
        if Instant::now() > deadline {
            return Err("the login window is still open".to_owned());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// Opens the login window from the start screen; returns (main window, login window), back on the main one.
async fn open_login_window(s: &Session) -> Result<(String, String), String> {
    let main = s.window_handle().await?;
    s.click(&find::one(s, &testid("btn-this-device")).await?).await?;
    find::wait_text(s, &testid("this-device-status"), "Logga in i fönstret som öppnades").await?;
    let login = find::new_window(s, std::slice::from_ref(&main)).await?;
    Ok((main, login))
}

pub async fn this_device_avbryt_closes_the_login_window(ctx: Ctx) -> Result<(), String> {
    with_app(&ctx, |s| async move {
        let r = async {
            let (_, login) = open_login_window(&s).await?;
            s.click(&find::one(&s, &testid("this-device-cancel")).await?).await?;
            // Back on the start screen, the window closed, and no late answer brings the waiting screen back.
            find::one(&s, &testid("btn-this-device")).await?;
            wait_closed(&s, &login).await?;
            tokio::time::sleep(Duration::from_secs(2)).await;
            ensure(
                s.find_all(&testid("this-device-status")).await?.is_empty(),
                "the waiting screen came back after Avbryt",
            )?;
            find::one(&s, &testid("btn-this-device")).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await
}

pub async fn this_device_closing_the_login_window_ends_the_wait(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            let (main, login) = open_login_window(&s).await?;
            // As a user clicking the window's close button: the window manager's WM_DELETE_WINDOW message.
            s.switch_to_window(&login).await?;
            find::one(&s, USERNAME).await?;
            s.switch_to_window(&main).await?;
            x11::close_window(&display, "Logga in")?;
            wait_closed(&s, &login).await?;
            find::wait_text(
                &s,
                &testid("this-device-status"),
                "Inloggningsfönstret stängdes innan appen kopplades.",
            )
            .await?;
            screenshot(&s, "this-device-window-closed").await?;
            // "Försök igen" opens a new window.
            s.click(&find::one(&s, &testid("this-device-retry")).await?).await?;
            find::wait_text(&s, &testid("this-device-status"), "Logga in i fönstret som öppnades").await?;
            let again = find::new_window(&s, std::slice::from_ref(&main)).await?;
            s.click(&find::one(&s, &testid("this-device-cancel")).await?).await?;
            wait_closed(&s, &again).await
        }
        .await;
        (s, r)
    })
    .await
}

pub async fn this_device_login_window_times_out(ctx: Ctx) -> Result<(), String> {
    // The timeout comes as an argument: WebDriver passes arguments per app instance, not environment.
    crate::harness::wait_app_exit(&ctx.app, &ctx.app_env, Duration::from_secs(15))?;
    let s = Session::start(&ctx.driver_url, &ctx.app, &["--login-timeout-seconds=6"]).await?;
    let r = async {
        let started = Instant::now();
        let (_, login) = open_login_window(&s).await?;
        find::wait_text(
            &s,
            &testid("this-device-status"),
            "Tiden för inloggningen tog slut och fönstret stängdes.",
        )
        .await?;
        let waited = started.elapsed();
        ensure(
            waited >= Duration::from_secs(5),
            format!("timed out after {waited:?}, before the 6 s limit"),
        )?;
        wait_closed(&s, &login).await?;
        screenshot(&s, "this-device-timed-out").await?;
        find::one(&s, &testid("this-device-retry")).await.map(drop)
    }
    .await;
    let _ = s.end().await;
    r
}

/// Just enough of the X11 protocol to ask a window to close the way a window manager does.
mod x11 {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;

    /// Sends `WM_DELETE_WINDOW` to every top-level window on `display` whose name starts with `title`.
    pub fn close_window(display: &str, title: &str) -> Result<(), String> {
        let ids = windows_named(display, title)?;
        if ids.is_empty() {
            return Err(format!("no window named {title:?} on {display}"));
        }
        let n = display.trim_start_matches(':').split('.').next().unwrap_or_default();
        let mut x = UnixStream::connect(format!("/tmp/.X11-unix/X{n}")).map_err(|e| format!("X socket: {e}"))?;
        // Connection setup, little-endian, protocol 11.0, no authorization (the harness's Xvfb has none).
        x.write_all(&[b'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            .map_err(|e| e.to_string())?;
        let mut head = [0u8; 8];
        x.read_exact(&mut head).map_err(|e| e.to_string())?;
        if head[0] != 1 {
            return Err(format!("X refused the connection (status {})", head[0]));
        }
        let mut rest = vec![0u8; usize::from(u16::from_le_bytes([head[6], head[7]])) * 4];
        x.read_exact(&mut rest).map_err(|e| e.to_string())?;
        let protocols = intern(&mut x, "WM_PROTOCOLS")?;
        let delete = intern(&mut x, "WM_DELETE_WINDOW")?;
        for id in ids {
            // SendEvent(propagate=false, destination, mask 0 = the window's owner) of a ClientMessage.
            let mut req = vec![25, 0];
            req.extend_from_slice(&11u16.to_le_bytes());
            req.extend_from_slice(&id.to_le_bytes());
            req.extend_from_slice(&0u32.to_le_bytes());
            req.extend_from_slice(&[33, 32, 0, 0]);
            req.extend_from_slice(&id.to_le_bytes());
            req.extend_from_slice(&protocols.to_le_bytes());
            req.extend_from_slice(&delete.to_le_bytes());
            req.extend_from_slice(&[0u8; 16]);
            x.write_all(&req).map_err(|e| e.to_string())?;
        }
        // GetInputFocus as a round trip: the server has handled the events once it answers.
        x.write_all(&[43, 0, 1, 0]).map_err(|e| e.to_string())?;
        let mut reply = [0u8; 32];
        x.read_exact(&mut reply).map_err(|e| e.to_string())?;
        if reply[0] != 1 {
            return Err(format!("X error {} while closing the window", reply[1]));
        }
        Ok(())
    }

    fn intern(x: &mut UnixStream, name: &str) -> Result<u32, String> {
        let padded = name.len().div_ceil(4) * 4;
        let mut req = vec![16, 0];
        req.extend_from_slice(&u16::try_from(2 + padded / 4).map_err(|e| e.to_string())?.to_le_bytes());
        req.extend_from_slice(&u16::try_from(name.len()).map_err(|e| e.to_string())?.to_le_bytes());
        req.extend_from_slice(&[0, 0]);
        req.extend_from_slice(name.as_bytes());
        req.resize(8 + padded, 0);
        x.write_all(&req).map_err(|e| e.to_string())?;
        let mut reply = [0u8; 32];
        x.read_exact(&mut reply).map_err(|e| e.to_string())?;
        if reply[0] != 1 {
            return Err(format!("X error {} interning {name}", reply[1]));
        }
        Ok(u32::from_le_bytes([reply[8], reply[9], reply[10], reply[11]]))
    }

    /// The ids of the root window's children whose name starts with `title`, from `xwininfo`.
    fn windows_named(display: &str, title: &str) -> Result<Vec<u32>, String> {
        let out = std::process::Command::new("xwininfo")
            .args(["-display", display, "-root", "-children"])
            .output()
            .map_err(|e| format!("xwininfo: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(text
            .lines()
            .filter(|l| l.contains(&format!("\"{title}")))
            .filter_map(|l| l.split_whitespace().next())
            .filter_map(|id| u32::from_str_radix(id.trim_start_matches("0x"), 16).ok())
            .collect())
    }
}
