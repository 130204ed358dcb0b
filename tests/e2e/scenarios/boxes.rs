//! The box views with the demo school's content, per child: each child sees its own data and only its own.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::Ctx;
use crate::action::{back, ensure_listed, ensure_not_listed, open_box, open_demo, select_child, texts_of, with_app};
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

/// Information shows the selected child's class news and the school's, never a sibling's class news.
pub async fn information_shows_each_childs_own_news(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            open_box(&s, "communication").await?;
            let elsa = texts_of(&s, &testid("news-title")).await?;
            ensure_listed(&elsa, "Veckobrev 2B: höstens djur", "Elsa's news")?;
            ensure_listed(&elsa, "Skogsdag för hela skolan", "Elsa's news")?;
            ensure_not_listed(&elsa, "Utflykt till Kilsbergen", "Elsa's news")?;
            screenshot(&s, "box-information").await?;
            window_screenshot(&display, "box-information")?;
            back(&s).await?;

            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "communication").await?;
            find::wait_text(&s, &testid("news-title"), "Utflykt till Kilsbergen").await?;
            let nils = texts_of(&s, &testid("news-title")).await?;
            ensure_not_listed(&nils, "Veckobrev 2B", "Nils's news")?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Kalender lists the child's coming events: Nils's national test, not his sister's.
pub async fn calendar_lists_coming_events(ctx: Ctx) -> Result<(), String> {
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "calendarv2").await?;
            find::wait_text(&s, &testid("calendar-entry"), "Nationellt prov i matematik, åk 5").await?;
            let entries = texts_of(&s, &testid("calendar-entry")).await?;
            ensure_not_listed(&entries, "Nationellt prov i engelska, åk 8", "Nils's calendar")?;
            screenshot(&s, "box-calendar").await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Fritidsschema shows one school week, Monday to Friday, for the fritids child.
pub async fn fritids_shows_a_school_week(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            open_box(&s, "timeregistration").await?;
            let days = find::exactly(&s, &testid("fritids-day"), 5).await?;
            let mut dates = Vec::new();
            for d in &days {
                let raw = s.attribute(d, "data-date").await?.unwrap_or_default();
                dates.push(NaiveDate::parse_from_str(&raw, "%Y-%m-%d").map_err(|_| format!("bad data-date {raw:?}"))?);
            }
            ensure(
                dates[0].weekday() == Weekday::Mon,
                format!("week starts {:?}", dates[0]),
            )?;
            ensure(
                dates.windows(2).all(|w| w[1] == w[0].succ_opt().unwrap()),
                format!("not consecutive days: {dates:?}"),
            )?;
            // Every day says something: times, ledig, stängt or "no time registered".
            let statuses = texts_of(&s, &testid("fritids-status")).await?;
            ensure(
                statuses.len() == 5 && statuses.iter().all(|t| !t.is_empty()),
                format!("{statuses:?}"),
            )?;
            screenshot(&s, "box-fritids").await?;
            window_screenshot(&display, "box-fritids")?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Utvecklingssamtal shows Nils's free slots; the box does not exist for Elsa.
pub async fn conference_slots_only_where_bookable(ctx: Ctx) -> Result<(), String> {
    in_demo(&ctx, |s| async move {
        let r = async {
            ensure(
                s.find_all(&format!("{}[data-app='meeting']", testid("box-tile")))
                    .await?
                    .is_empty(),
                "Elsa has no conference slots, yet the box shows",
            )?;
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "meeting").await?;
            let slots = find::exactly(&s, &testid("meeting-slot"), 6).await?;
            ensure(!slots.is_empty(), "no free slots listed")?;
            screenshot(&s, "box-meeting").await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}
