//! Start screen, demo and password login, as a user meets them.

use crate::Ctx;
use crate::action::{set_lang, with_app};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};

/// The demo children as "Förnamn Efternamn", in the hub's order.
fn demo_children() -> Vec<String> {
    hub_emulator::demo::CHILDREN
        .iter()
        .map(|first| format!("{first} Björklund"))
        .collect()
}

/// "Prova demo" on the start screen shows the demo guardian's three children and a Demo badge.
pub async fn demo_shows_the_three_children(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            // The start screen offers every way in.
            for id in ["btn-this-device", "btn-other-device", "btn-password"] {
                find::one(&s, &testid(id)).await?;
            }
            screenshot(&s, "start-screen").await?;
            let demo = find::one(&s, &testid("btn-demo")).await?;
            s.click(&demo).await?;
            let names = find::exact_texts(&s, &testid("child-tab"), 3).await?;
            ensure(names == demo_children(), format!("children shown: {names:?}"))?;
            find::one(&s, &testid("demo-badge")).await?;
            // Only the boxes the school enabled: the åk 2 child has fritids and no conference box.
            let tiles = find::exactly(&s, &format!("{}[data-app='timeregistration']", testid("box-tile")), 1).await;
            ensure(tiles.is_ok(), "no Fritidsschema box for the first child")?;
            ensure(
                s.find_all(&format!("{}[data-app='meeting']", testid("box-tile")))
                    .await?
                    .is_empty(),
                "the first child has no conference slots, yet a Utvecklingssamtal box shows",
            )?;
            screenshot(&s, "demo-start-page").await?;
            window_screenshot(&display, "demo-start-page")?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// A wrong password shows the school's own Swedish text, keeps the username, and the right one logs in.
pub async fn wrong_password_shows_the_schools_text(ctx: Ctx) -> Result<(), String> {
    with_app(&ctx, |s| async move {
        let r = async {
        let btn = find::one(&s, &testid("btn-password")).await?;
        s.click(&btn).await?;
        let user = find::one(&s, &testid("login-username")).await?;
        s.type_text(&user, hub_emulator::demo::GUARDIAN_USERNAME).await?;
        let pw = find::one(&s, &testid("login-password")).await?;
        s.type_text(&pw, "fel-lösenord").await?;
        s.click(&find::one(&s, &testid("login-submit")).await?).await?;
        let error = find::text_of(&s, &testid("login-error")).await?;
        ensure(
            error == "Inloggning misslyckades - vänligen kontrollera användarnamn och lösenord eller kontakta skolan.",
            format!("error text: {error:?}"),
        )?;
        let kept = s.property(&user, "value").await?;
        ensure(
            kept.as_deref() == Some(hub_emulator::demo::GUARDIAN_USERNAME),
            format!("username lost after the error: {kept:?}"),
        )?;
        screenshot(&s, "login-wrong-password").await?;

        s.clear(&pw).await?;
        s.type_text(&pw, hub_emulator::demo::GUARDIAN_PASSWORD).await?;
        s.click(&find::one(&s, &testid("login-submit")).await?).await?;
        let names = find::exact_texts(&s, &testid("child-tab"), 3).await?;
        ensure(names == demo_children(), format!("children shown: {names:?}"))?;
        ensure(
            s.find_all(&testid("demo-badge")).await?.is_empty(),
            "a real login must not be labelled Demo",
        )?;
        Ok(())
    }
        .await;
        (s, r)
    })
    .await
}

/// "Kom ihåg mig" keeps the password in the keychain: the next start logs in by itself, until "Logga ut".
pub async fn remember_me_logs_in_by_itself_until_logga_ut(ctx: Ctx) -> Result<(), String> {
    with_app(&ctx, |s| async move {
        let r = async {
            s.click(&find::one(&s, &testid("btn-password")).await?).await?;
            let user = find::one(&s, &testid("login-username")).await?;
            s.type_text(&user, hub_emulator::demo::GUARDIAN_USERNAME).await?;
            let pw = find::one(&s, &testid("login-password")).await?;
            s.type_text(&pw, hub_emulator::demo::GUARDIAN_PASSWORD).await?;
            let remember = find::one(&s, &testid("login-remember")).await?;
            ensure(
                !s.is_selected(&remember).await?,
                "Kom ihåg mig must start unticked: storing a password is the user's choice",
            )?;
            s.click(&remember).await?;
            ensure(s.is_selected(&remember).await?, "Kom ihåg mig did not tick")?;
            screenshot(&s, "login-remember-me").await?;
            s.click(&find::one(&s, &testid("login-submit")).await?).await?;
            find::exactly(&s, &testid("child-tab"), 3).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await?;

    // A new start signs in with the remembered password, without the start screen; then "Logga ut".
    with_app(&ctx, |s| async move {
        let r = async {
            let names = find::exact_texts(&s, &testid("child-tab"), 3).await?;
            ensure(names == demo_children(), format!("children after a restart: {names:?}"))?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::one(&s, &testid("btn-demo")).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await?;

    // "Logga ut" removed the password from the keychain: the next start stays on Autentisering.
    with_app(&ctx, |s| async move {
        let r = async {
            find::one(&s, &testid("btn-demo")).await?;
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            ensure(
                s.find_all(&testid("child-tab")).await?.is_empty(),
                "still logged in after Logga ut: the remembered password was not removed",
            )
        }
        .await;
        (s, r)
    })
    .await
}

/// The language switch turns the whole start screen into English and back, in the real window.
pub async fn language_switch_translates_the_start_screen(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            find::wait_text(&s, &testid("btn-demo"), "Prova demo").await?;
            s.click(&find::one(&s, &testid("lang-toggle")).await?).await?;
            find::wait_text(&s, &testid("btn-demo"), "Try the demo").await?;
            find::wait_text(&s, &testid("btn-password"), "username").await?;
            screenshot(&s, "start-screen-en").await?;
            window_screenshot(&display, "start-screen-en")?;
            s.click(&find::one(&s, &testid("btn-demo")).await?).await?;
            find::exactly(&s, &testid("child-tab"), 3).await?;
            screenshot(&s, "demo-start-page-en").await?;
            window_screenshot(&display, "demo-start-page-en")?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::wait_text(&s, &testid("btn-demo"), "Try the demo").await
        }
        .await;
        (s, r)
    })
    .await?;
    // The choice is kept, and the next start is English from its first frame: the English texts (a module of
    // their own in the shipped build) load before the window shows anything.
    with_app(&ctx, |s| async move {
        let r = async {
            let first = find::text_of(&s, &testid("btn-demo")).await?;
            ensure(
                first.contains("Try the demo"),
                format!("the start after choosing English showed {first:?}"),
            )?;
            // Back to Swedish, the default, so later app instances start as a new user would.
            set_lang(&s, "sv").await?;
            find::wait_text(&s, &testid("btn-demo"), "Prova demo").await
        }
        .await;
        (s, r)
    })
    .await
}
