//! The box views with the demo school's content, per child: each child sees its own data and only its own.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::Ctx;
use crate::action::{back, ensure_listed, ensure_not_listed, in_demo, open_box, select_child, texts_of};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

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
            // The school-wide news carries its file under "Bilagor".
            find::wait_text(&s, &testid("attachment"), "Läsårsplanering 2026–2027.pdf").await?;
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

/// Sets an input's value the way typing would (WebKit's time fields do not take WebDriver keys reliably).
async fn set_value(s: &Session, el: &crate::webdriver::Element, value: &str) -> Result<(), String> {
    s.execute(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        vec![Session::element_arg(el), serde_json::json!(value)],
    )
    .await
    .map(drop)
}

/// A guardian changes next week's first open day: new times are saved and shown; an end before the start is
/// refused by the app, and times outside the opening hours by the school, in its own words.
pub async fn fritids_day_times_are_changed_and_checked(ctx: Ctx) -> Result<(), String> {
    in_demo(&ctx, |s| async move {
        let r = async {
            open_box(&s, "timeregistration").await?;
            find::exactly(&s, &testid("fritids-day"), 5).await?;
            s.click(&find::one(&s, &testid("week-next")).await?).await?;
            let open_day = format!("{}[data-editable='true']", testid("fritids-day"));
            let day = find::one(&s, &open_day).await?;
            let date = s.attribute(&day, "data-date").await?.unwrap_or_default();
            let this_day = format!("{}[data-date='{date}']", testid("fritids-day"));
            s.click(&find::one(&s, &format!("{this_day} {}", testid("fritids-edit"))).await?)
                .await?;
            let start = find::one(&s, &format!("{this_day} {}", testid("fritids-start"))).await?;
            let end = find::one(&s, &format!("{this_day} {}", testid("fritids-end"))).await?;
            let save = format!("{this_day} {}", testid("fritids-save"));

            // The app's own check: pick-up before drop-off never reaches the school.
            set_value(&s, &start, "15:00").await?;
            set_value(&s, &end, "08:00").await?;
            s.click(&find::one(&s, &save).await?).await?;
            find::wait_text(&s, &testid("fritids-edit-error"), "efter lämningstiden").await?;

            // The school's check: before the opening time, refused in the school's words.
            set_value(&s, &start, "05:00").await?;
            set_value(&s, &end, "16:00").await?;
            s.click(&find::one(&s, &save).await?).await?;
            find::wait_text(&s, &testid("fritids-edit-error"), "öppettider").await?;

            set_value(&s, &start, "08:10").await?;
            set_value(&s, &end, "15:20").await?;
            screenshot(&s, "box-fritids-edit").await?;
            s.click(&find::one(&s, &save).await?).await?;
            find::wait_text(&s, &testid("fritids-notice"), "sparat hos skolan").await?;
            find::wait_text(&s, &format!("{this_day} {}", testid("fritids-status")), "08:10–15:20").await?;
            // Read back from the school, not just echoed: the week reloads with the saved times.
            s.click(&find::one(&s, &testid("week-prev")).await?).await?;
            s.click(&find::one(&s, &testid("week-next")).await?).await?;
            find::wait_text(&s, &format!("{this_day} {}", testid("fritids-status")), "08:10–15:20").await?;
            screenshot(&s, "box-fritids-saved").await
        }
        .await
        .map(drop);
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
