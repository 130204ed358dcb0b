//! The content boxes with the demo school's seeded content: Uppgifter (with a message sent in the dialogue),
//! Planeringar, Veckoplan, Blogg and Kontaktlista, each for the child that has it.

use crate::Ctx;
use crate::action::{ensure_listed, ensure_not_listed, open_box, open_demo, select_child, texts_of, with_app};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

/// Runs `body` in a fresh app instance opened in the demo school, and always closes the app.
async fn in_demo<F, Fut>(ctx: &Ctx, body: F) -> Result<(), String>
where
    F: FnOnce(Session) -> Fut,
    Fut: std::future::Future<Output = (Session, Result<(), String>)>,
{
    with_app(ctx, |s| async move {
        if let Err(e) = open_demo(&s).await {
            return (s, Err(e));
        }
        body(s).await
    })
    .await
}

/// Clicks the first element matching `css`.
async fn click(s: &Session, css: &str) -> Result<(), String> {
    let el = find::one(s, css).await?;
    s.click(&el).await
}

/// Uppgifter: Nils's tasks (not Maja's), a task's description and the teacher's message; an empty message is
/// refused in words, a typed one is sent and shows in the dialogue.
pub async fn tasks_list_detail_and_dialogue(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "task").await?;
            let titles = texts_of(&s, &testid("task-title")).await?;
            ensure_listed(&titles, "Bokrecension: Bröderna Lejonhjärta", "Nils's tasks")?;
            ensure_listed(&titles, "Bråk – veckans läxa", "Nils's tasks")?;
            ensure_not_listed(&titles, "Laborationsrapport: Fotosyntes", "Nils's tasks")?;
            let statuses = texts_of(&s, &testid("task-status")).await?;
            ensure_listed(&statuses, "Påbörjad", "task statuses")?;
            ensure_listed(&statuses, "Klar", "task statuses")?;
            screenshot(&s, "box-tasks").await?;

            click(&s, &format!("{}[data-id='6101']", testid("task-item"))).await?;
            find::wait_text(&s, &testid("task-detail-title"), "Bokrecension").await?;
            find::wait_text(&s, &testid("task-description"), "Skriv en recension av boken").await?;
            find::wait_text(
                &s,
                &testid("task-message"),
                "Kom ihåg att skriva vad du tyckte om slutet!",
            )
            .await?;

            click(&s, &testid("task-message-send")).await?;
            find::wait_text(&s, &testid("task-message-error"), "Skriv meddelandet först.").await?;

            let text = "Nils har läst klart boken och skriver recensionen i helgen.";
            let input = find::one(&s, &testid("task-message-input")).await?;
            s.type_text(&input, text).await?;
            click(&s, &testid("task-message-send")).await?;
            find::wait_text(&s, &testid("task-message"), text).await?;
            let input = find::one(&s, &testid("task-message-input")).await?;
            let left = s.property(&input, "value").await?.unwrap_or_default();
            ensure(left.is_empty(), format!("the sent text stayed in the box: {left:?}"))?;
            let errors = texts_of(&s, &testid("task-message-error")).await.unwrap_or_default();
            ensure(
                errors.iter().all(String::is_empty),
                format!("error after sending: {errors:?}"),
            )?;
            screenshot(&s, "box-task-detail").await?;
            window_screenshot(&display, "box-task-detail")?;

            // The message is the school's now: opening the task again reads it back.
            click(&s, &testid("task-back")).await?;
            click(&s, &format!("{}[data-id='6101']", testid("task-item"))).await?;
            find::wait_text(&s, &testid("task-message"), text).await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}
