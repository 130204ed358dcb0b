//! The content boxes with the demo school's seeded content: Uppgifter (with a message sent in the dialogue),
//! Planeringar, Veckoplan, Blogg and Kontaktlista, each for the child that has it.

use crate::Ctx;
use crate::action::{click, click_text, ensure_listed, ensure_not_listed, in_demo, open_box, select_child, texts_of};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

/// Uppgifter: Nils's tasks (not Maja's), a task's description and the teacher's message; an empty message is
/// refused in words, a typed one is sent and shows in the dialogue.
pub async fn tasks_list_detail_and_dialogue(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            // The tile says what matters first: late tasks, else the ones to hand in.
            let tile = format!("{}[data-app='task'] {}", testid("box-tile"), testid("tile-summary"));
            find::wait_text(&s, &tile, "1 uppgift är försenad").await?;
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

            // The phone layout: the dialogue and its form fit a 360 px wide screen.
            s.set_window_size(360, 740).await?;
            let wide = s
                .execute("return document.documentElement.scrollWidth;", vec![])
                .await?
                .as_i64()
                .unwrap_or(0);
            ensure(
                wide <= 360,
                format!("the task view scrolls sideways on a phone: {wide} px"),
            )?;
            screenshot(&s, "box-task-detail-phone").await?;
            click(&s, &testid("theme-toggle")).await?;
            screenshot(&s, "box-task-detail-phone-dark").await?;
            click(&s, &testid("theme-toggle")).await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Planeringar: Nils's plans (not Maja's), active first; a plan's overview, syllabus and linked task.
pub async fn plans_list_and_detail(ctx: Ctx) -> Result<(), String> {
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            // The shipped build's box views are a module of their own, fetched by the first box opened (and
            // only then: a module loaded with the start page would not be fetched again). When that fetch
            // fails, the box says so and "Försök igen" fetches it again.
            watch_fetches(&s, "split_box_views.wasm").await?;
            click(&s, &format!("{}[data-app='uolv2']", testid("box-tile"))).await?;
            find::wait_text(&s, &testid("error-state"), "Något gick fel i Skolhub. Försök igen.").await?;
            screenshot(&s, "box-views-not-loaded").await?;
            click(&s, &testid("retry")).await?;
            let titles = texts_of(&s, &testid("plan-title")).await?;
            let fetched = s.execute("return window.skolhubFetched.join(' ');", vec![]).await?;
            ensure(
                fetched
                    .as_str()
                    .is_some_and(|f| f.matches("/split_box_views.wasm").count() == 2),
                format!(
                    "opening a box did not fetch the box views' module twice, the failed fetch and the retry (is \
                     src-ui/dist the shipped build? ./dev build-ui); fetched: {fetched}"
                ),
            )?;
            ensure_listed(&titles, "Läsa och skriva om skönlitteratur", "Nils's plans")?;
            ensure_listed(&titles, "Bråk och decimaltal", "Nils's plans")?;
            ensure_listed(&titles, "Växter och odling", "Nils's plans")?;
            ensure_not_listed(&titles, "Ekologi och fotosyntes", "Nils's plans")?;
            ensure(
                titles.last().is_some_and(|t| t.contains("Växter och odling")),
                format!("the finished plan is not last: {titles:?}"),
            )?;
            screenshot(&s, "box-plans").await?;

            click(&s, &format!("{}[data-id='6501']", testid("plan-item"))).await?;
            find::wait_text(&s, &testid("plan-detail-title"), "Läsa och skriva om skönlitteratur").await?;
            find::wait_text(&s, &testid("plan-field"), "Jonas Berg").await?;
            find::wait_text(&s, &testid("plan-field"), "Vi läser en klassisk barnbok").await?;
            find::wait_text(
                &s,
                &testid("plan-field"),
                "Lässtrategier för att förstå och tolka texter",
            )
            .await?;
            find::wait_text(&s, &testid("plan-task"), "Bokrecension: Bröderna Lejonhjärta").await?;
            screenshot(&s, "box-plan-detail").await?;

            click(&s, &testid("plan-back")).await?;
            click(&s, &format!("{}[data-id='6503']", testid("plan-item"))).await?;
            find::wait_text(&s, &testid("plan-detail-title"), "Bråk och decimaltal").await?;
            find::one(&s, &testid("plan-no-tasks")).await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Veckoplan: Elsa's class 2B this week (letter, information, läxor by weekday), next week without läxor, last
/// week, and a week without a plan said in words.
pub async fn weeklyplan_weeks_back_and_forth(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            open_box(&s, "weeklyplan").await?;
            find::wait_text(&s, &testid("weeklyplan-letter"), "börjar vi med klockan").await?;
            find::wait_text(&s, &testid("weeklyplan-info"), "Skogsdag på fredag").await?;
            let homework = texts_of(&s, &testid("weeklyplan-homework")).await?;
            ensure_listed(&homework, "Läsläxa", "this week's homework")?;
            ensure_listed(&homework, "Klockan", "this week's homework")?;
            let days = texts_of(&s, &testid("weeklyplan-day")).await?;
            ensure(
                days.len() == 2,
                format!("homework is not grouped by its two days: {days:?}"),
            )?;
            screenshot(&s, "box-weeklyplan").await?;
            window_screenshot(&display, "box-weeklyplan")?;

            click(&s, &testid("week-next")).await?;
            find::wait_text(&s, &testid("weeklyplan-letter"), "börjar skriva egna sagor").await?;
            find::one(&s, &testid("weeklyplan-no-homework")).await?;
            click(&s, &testid("week-prev")).await?;
            click(&s, &testid("week-prev")).await?;
            find::wait_text(&s, &testid("weeklyplan-letter"), "samlat löv").await?;
            click(&s, &testid("week-prev")).await?;
            find::one(&s, &testid("empty-state")).await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Whether a checkbox is checked (a boolean DOM property, which `Session::property` does not return).
async fn checked(s: &Session, el: &crate::webdriver::Element) -> Result<bool, String> {
    let v = s
        .execute("return arguments[0].checked;", vec![Session::element_arg(el)])
        .await?;
    v.as_bool().ok_or_else(|| format!("not a checkbox: {v}"))
}

/// Blogg: Elsa's class posts with the skogsdag picture shown through the shell; Maja's class post with its
/// comment; a guardian gets no comment form (only students may comment).
pub async fn blog_posts_image_and_comments(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            open_box(&s, "grouptimeline").await?;
            let titles = texts_of(&s, &testid("blog-title")).await?;
            ensure_listed(&titles, "Skogsdag i Ekbacken", "Elsa's blog")?;
            ensure_listed(&titles, "Vi läser om troll", "Elsa's blog")?;
            ensure_not_listed(&titles, "Experiment med krasse", "Elsa's blog")?;
            let image = find::one(&s, &testid("blog-image")).await?;
            let src = s.attribute(&image, "src").await?.unwrap_or_default();
            ensure(
                src.starts_with("data:image/png;base64,") && src.len() > 100,
                format!("the picture is not shown: {:?}", src.get(..40)),
            )?;
            screenshot(&s, "box-blog").await?;
            window_screenshot(&display, "box-blog")?;
            crate::action::back(&s).await?;

            select_child(&s, "Maja Björklund").await?;
            open_box(&s, "grouptimeline").await?;
            find::wait_text(&s, &testid("blog-title"), "Inför praon").await?;
            click(
                &s,
                &format!(
                    "{}[data-id='9521'] {}",
                    testid("blog-post"),
                    testid("blog-comments-toggle")
                ),
            )
            .await?;
            find::wait_text(
                &s,
                &testid("blog-comment"),
                "Jag ska vara på en bilverkstad i Fjugesta!",
            )
            .await?;
            ensure(
                s.find_all(&testid("blog-comment-form")).await?.is_empty(),
                "a guardian is offered a comment form",
            )?;
            screenshot(&s, "box-blog-comments").await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Kontaktlista: Nils's class 5A and its staff; a classmate's guardian with the details shown by default (no
/// address); a teacher's card; the guardian's own visibility changed, saved and read back after reopening.
pub async fn classlist_card_and_own_visibility(ctx: Ctx) -> Result<(), String> {
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "classlist").await?;
            let members = texts_of(&s, &testid("classlist-member")).await?;
            ensure_listed(&members, "Liam", "Nils's class")?;
            ensure_listed(&members, "Jonas Berg", "Nils's class staff")?;
            ensure_not_listed(&members, "Wilma", "Nils's class")?;
            screenshot(&s, "box-classlist").await?;

            click_text(&s, &testid("classlist-member"), "Liam").await?;
            find::wait_text(&s, &testid("contact-guardian"), "Peter Karlsson").await?;
            let guardian = texts_of(&s, &testid("contact-guardian")).await?;
            ensure_listed(&guardian, "072-310 10 10", "Liam's guardian")?;
            ensure_not_listed(&guardian, "Adress", "Liam's guardian (address hidden by default)")?;
            screenshot(&s, "box-classlist-card").await?;
            click(&s, &testid("contact-back")).await?;

            click_text(&s, &testid("classlist-member"), "Jonas Berg").await?;
            find::wait_text(&s, &testid("contact-field"), "jonas.berg@ekbacken.example.se").await?;
            find::wait_text(&s, &testid("contact-field"), "Tis 14.00–15.30").await?;
            click(&s, &testid("contact-back")).await?;

            let address = find::one(&s, &testid("show-address")).await?;
            ensure(!checked(&s, &address).await?, "the address is shown before any change")?;
            s.click(&address)
                .await
                .map_err(|e| format!("ticking the address box: {e}"))?;
            click(&s, &testid("visibility-save"))
                .await
                .map_err(|e| format!("saving: {e}"))?;
            find::wait_text(&s, &testid("visibility-status"), "Sparat").await?;
            // "Tillbaka" sits under the sticky top bar while the page is scrolled down to the form.
            s.execute("window.scrollTo(0, 0);", vec![]).await?;
            crate::action::back(&s).await?;
            open_box(&s, "classlist").await?;
            let address = find::one(&s, &testid("show-address")).await?;
            ensure(checked(&s, &address).await?, "the saved choice did not come back")?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Notes in `window.skolhubFetched` the address of every `fetch` the page makes from now on, and fails the
/// first one whose address ends with `fail_once` as a lost connection would.
async fn watch_fetches(s: &Session, fail_once: &str) -> Result<(), String> {
    s.execute(
        "window.skolhubFetched = [];
         let failOnce = arguments[0];
         const fetch = window.fetch;
         window.fetch = (resource, options) => {
             const url = String(resource instanceof Request ? resource.url : resource);
             window.skolhubFetched.push(url);
             if (failOnce && url.endsWith('/' + failOnce)) {
                 failOnce = null;
                 return Promise.reject(new TypeError('e2e: the fetch failed'));
             }
             return fetch(resource, options);
         };",
        vec![serde_json::Value::from(fail_once)],
    )
    .await
    .map(drop)
}
