//! Several accounts on one device (issue 5): two remembered accounts, a switch between them, a restart and
//! "Logga ut" of one, in the real window against the standalone emulator.

use hub_emulator::demo;

use crate::Ctx;
use crate::action::with_app;
use crate::check::{ensure, screenshot};
use crate::find::{self, testid};
use crate::webdriver::{Result, Session};

/// The demo children as "Förnamn Efternamn", in the hub's order.
fn demo_children() -> Vec<String> {
    demo::CHILDREN
        .iter()
        .map(|first| format!("{first} Björklund"))
        .collect()
}

/// "Logga in med användarnamn" from Autentisering, with "Kom ihåg mig".
async fn log_in_remembered(s: &Session, user: &str, password: &str) -> Result<()> {
    s.click(&find::one(s, &testid("btn-password")).await?).await?;
    s.type_text(&find::one(s, &testid("login-username")).await?, user)
        .await?;
    s.type_text(&find::one(s, &testid("login-password")).await?, password)
        .await?;
    s.click(&find::one(s, &testid("login-remember")).await?).await?;
    s.click(&find::one(s, &testid("login-submit")).await?).await
}

/// The guardian's start page: her three children.
async fn guardian_shown(s: &Session) -> Result<()> {
    let names = find::exact_texts(s, &testid("child-tab"), 3).await?;
    ensure(names == demo_children(), format!("children shown: {names:?}"))?;
    shown_as(s, "guardian").await
}

/// Waits until the start page's header shows an account of `role` ("guardian", "student").
async fn shown_as(s: &Session, role: &str) -> Result<()> {
    find::one(s, &format!("{}[data-role='{role}']", testid("who")))
        .await
        .map(drop)
}

/// Log in as the guardian with "Kom ihåg mig", add the student, switch back to the guardian; after a restart
/// the guardian is back; "Logga ut" removes only her, and the student comes up (also after a restart).
pub async fn two_accounts_switch_restart_and_logga_ut_removes_only_the_active(ctx: Ctx) -> Result<()> {
    with_app(&ctx, |s| async move {
        let r = async {
            log_in_remembered(&s, demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD).await?;
            guardian_shown(&s).await?;
            // One account: only "Lägg till konto", no list to switch in.
            find::wait_text(&s, &testid("account-add"), "Lägg till konto").await?;
            ensure(
                s.find_all(&testid("accounts-toggle")).await?.is_empty(),
                "a switcher with one account",
            )?;
            // "Lägg till konto", then Avbryt: back to the guardian.
            s.click(&find::one(&s, &testid("account-add")).await?).await?;
            find::one(&s, &testid("adding-account")).await?;
            s.click(&find::one(&s, &testid("account-add-cancel")).await?).await?;
            guardian_shown(&s).await?;
            // Add the student for real.
            s.click(&find::one(&s, &testid("account-add")).await?).await?;
            log_in_remembered(&s, demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD).await?;
            shown_as(&s, "student").await?;
            // Two accounts: both listed, the student in use.
            s.click(&find::one(&s, &testid("accounts-toggle")).await?).await?;
            let texts = find::exact_texts(&s, &testid("account-item"), 2).await?;
            ensure(
                texts.iter().any(|t| t.contains(demo::GUARDIAN_NAME)),
                format!("accounts listed: {texts:?}"),
            )?;
            find::wait_text(
                &s,
                &format!("{}[data-active='true']", testid("account-item")),
                "Används nu",
            )
            .await?;
            screenshot(&s, "accounts-switcher").await?;
            s.click(&find::one(&s, &format!("{}[data-active='false']", testid("account-item"))).await?)
                .await?;
            guardian_shown(&s).await
        }
        .await;
        (s, r)
    })
    .await?;

    // A restart brings the active account (the guardian) back; "Logga ut" removes only her.
    with_app(&ctx, |s| async move {
        let r = async {
            guardian_shown(&s).await?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            shown_as(&s, "student").await?;
            // One account left: no list again.
            find::one(&s, &testid("account-add")).await?;
            ensure(
                s.find_all(&testid("accounts-toggle")).await?.is_empty(),
                "the guardian is still listed after Logga ut",
            )
        }
        .await;
        (s, r)
    })
    .await?;

    // The student is the one left; her "Logga ut" leaves Autentisering for the next scenarios.
    with_app(&ctx, |s| async move {
        let r = async {
            shown_as(&s, "student").await?;
            s.click(&find::one(&s, &testid("logout")).await?).await?;
            find::one(&s, &testid("btn-demo")).await.map(drop)
        }
        .await;
        (s, r)
    })
    .await
}
