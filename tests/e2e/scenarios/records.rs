//! The record boxes in the demo school: a conference booked, shown on the start page and cancelled; the
//! BankID step-up before Bedömningar, then the symbols and the grades.

use std::time::Duration;

use serde_json::json;

use crate::Ctx;
use crate::action::{back, click, in_demo, open_box, select_child, texts_of, with_app};
use crate::check::{ensure, screenshot, window_screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

/// Waits until nothing matches `css` (a dialog closed), for up to ten seconds.
async fn gone(s: &Session, css: &str) -> Result<(), String> {
    for _ in 0..50 {
        if s.find_all(css).await?.is_empty() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!("{css} is still shown"))
}

/// The first "14:00–14:20" in `text` (WebDriver joins blocks without a line break).
fn time_range(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(11).find_map(|w| {
        let digits = [0, 1, 3, 4, 6, 7, 9, 10].iter().all(|&i| w[i].is_ascii_digit());
        (digits && w[2] == ':' && w[5] == '–' && w[8] == ':').then(|| w.iter().collect())
    })
}

/// Nils's guardian books a talk after confirming, sees it on the start page, moves it, and cancels it.
pub async fn a_conference_is_booked_shown_and_cancelled(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "meeting").await?;
            let slots = find::exactly(&s, &testid("meeting-slot"), 6).await?;
            let first = s.text(&slots[0]).await?;
            // "Avbryt" in the dialog leaves everything as it was.
            click(&s, &testid("book")).await?;
            find::one(&s, &testid("confirm-dialog")).await?;
            click(&s, &testid("confirm-no")).await?;
            gone(&s, &testid("confirm-dialog")).await?;
            ensure(
                s.find_all(&testid("meeting-booked")).await?.is_empty(),
                "booked without confirming",
            )?;

            click(&s, &testid("book")).await?;
            screenshot(&s, "booking-confirm").await?;
            window_screenshot(&display, "booking-confirm")?;
            click(&s, &testid("confirm-yes")).await?;
            find::one(&s, &testid("meeting-booked")).await?;
            find::one(&s, &testid("booking-done")).await?;
            let booked = find::text_of(&s, &testid("meeting-booked")).await?;
            let time = time_range(&first).ok_or(format!("no time in {first:?}"))?;
            ensure(booked.contains(&time), format!("booked {booked:?}, chose {time:?}"))?;
            screenshot(&s, "booking-booked").await?;

            // The start page shows the booked time.
            back(&s).await?;
            let banner = find::text_of(&s, &testid("meeting-banner")).await?;
            ensure(
                banner.contains("Bokat utvecklingssamtal") && banner.contains(&time),
                format!("start page banner: {banner:?}"),
            )?;
            screenshot(&s, "booking-start-page").await?;

            // Move it to another time, then cancel it.
            open_box(&s, "meeting").await?;
            click(&s, &testid("rebook")).await?;
            let others = texts_of(&s, &testid("rebook-slot")).await?;
            ensure(others.len() == 5, format!("other free times: {others:?}"))?;
            let target = time_range(&others[0]).ok_or(format!("no time in {:?}", others[0]))?;
            click(&s, &format!("{} {}", testid("rebook-slot"), testid("book"))).await?;
            click(&s, &testid("confirm-yes")).await?;
            find::wait_text(&s, &testid("booking-done"), "flyttat").await?;
            let moved = find::text_of(&s, &testid("meeting-booked")).await?;
            ensure(
                moved.contains(&target),
                format!("moved to {moved:?}, wanted {target:?}"),
            )?;

            click(&s, &testid("cancel-booking")).await?;
            find::wait_text(&s, &testid("confirm-dialog"), "Avboka").await?;
            click(&s, &testid("confirm-yes")).await?;
            find::wait_text(&s, &testid("booking-done"), "avbokat").await?;
            find::exactly(&s, &testid("meeting-slot"), 6).await?;
            screenshot(&s, "booking-cancelled").await?;
            back(&s).await?;
            ensure(
                s.find_all(&testid("meeting-banner")).await?.is_empty(),
                "the banner outlived the booking",
            )?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Maja's Bedömningar ask for BankID first; after the (simulated) BankID the symbols and grades show.
pub async fn assessments_after_bankid_show_symbols_and_grades(ctx: Ctx) -> Result<(), String> {
    let display = ctx.display.clone();
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Maja Björklund").await?;
            open_box(&s, "assessmentsv2").await?;
            find::wait_text(&s, &testid("stepup"), "Säkrare inloggning krävs").await?;
            ensure(
                s.find_all(&testid("assessment-symbol")).await?.is_empty(),
                "symbols before BankID",
            )?;
            screenshot(&s, "assessments-stepup").await?;

            // "Avbryt" ends the order and offers the two ways again.
            click(&s, &testid("bankid-other-device")).await?;
            find::one(&s, &testid("bankid-qr")).await?;
            click(&s, &testid("bankid-cancel")).await?;
            gone(&s, &testid("bankid-qr")).await?;

            click(&s, &testid("bankid-other-device")).await?;
            let qr = find::one(&s, &testid("bankid-qr")).await?;
            let first = s.attribute(&qr, "src").await?.unwrap_or_default();
            ensure(
                first.starts_with("data:image/svg+xml"),
                "the QR code is not an svg image",
            )?;
            // The QR changes every second.
            tokio::time::sleep(Duration::from_millis(2500)).await;
            let later = s
                .attribute(&find::one(&s, &testid("bankid-qr")).await?, "src")
                .await?
                .unwrap_or_default();
            ensure(first != later, "the QR code did not change")?;
            screenshot(&s, "assessments-bankid-qr").await?;
            window_screenshot(&display, "assessments-bankid-qr")?;

            click(&s, &testid("bankid-simulate")).await?;
            find::one(&s, &testid("assessment-statement")).await?;
            let symbols = s.find_all(&testid("assessment-symbol")).await?;
            let mut kinds = Vec::new();
            for el in &symbols {
                kinds.push(s.attribute(el, "data-symbol").await?.unwrap_or_default());
            }
            for kind in [
                "assessments.red",
                "assessments.yellow",
                "assessments.green",
                "assessments.none",
            ] {
                ensure(
                    kinds.iter().any(|k| k == kind),
                    format!("no {kind} symbol among {kinds:?}"),
                )?;
            }
            let subjects = texts_of(&s, &testid("assessment-subject")).await?;
            ensure(
                subjects
                    .iter()
                    .any(|t| t.contains("Matematik – Algebra och ekvationer")),
                format!("subjects: {subjects:?}"),
            )?;
            let legend = find::text_of(&s, &testid("assessment-legend")).await?;
            ensure(legend.contains("behöver extra stöd"), format!("legend: {legend:?}"))?;
            screenshot(&s, "assessments-symbols").await?;
            window_screenshot(&display, "assessments-symbols")?;

            click(&s, &testid("tab-grades")).await?;
            let rows = texts_of(&s, &testid("grade-row")).await?;
            ensure(!rows.is_empty(), "no grades")?;
            screenshot(&s, "assessments-grades").await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Nils's Dokumentation: a journal note, a portfolio item the guardian comments on, the IUP and the form.
pub async fn documentation_tabs_show_the_childs_records(ctx: Ctx) -> Result<(), String> {
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "documentation").await?;
            find::wait_text(&s, &testid("journal-entry"), "Samarbete").await?;
            let journal = texts_of(&s, &testid("journal-entry")).await?;
            ensure(
                !journal.iter().any(|t| t.contains("Studieteknik")),
                format!("Maja's note under Nils: {journal:?}"),
            )?;
            screenshot(&s, "documentation-journal").await?;

            click(&s, &format!("{}[data-tab='portfolio']", testid("doc-tab"))).await?;
            find::wait_text(&s, &testid("portfolio-item"), "Krasseodlingen").await?;
            click(&s, &testid("portfolio-open")).await?;
            let field = find::one(&s, &testid("portfolio-comment-text")).await?;
            s.type_text(&field, "Vilken fin odling, Nils!").await?;
            click(&s, &testid("portfolio-comment-send")).await?;
            find::wait_text(&s, &testid("portfolio-comment"), "Vilken fin odling, Nils!").await?;
            screenshot(&s, "documentation-portfolio").await?;

            click(&s, &format!("{}[data-tab='iup']", testid("doc-tab"))).await?;
            find::wait_text(&s, &testid("iup"), "Vad är du bra på?").await?;
            click(&s, &format!("{}[data-tab='conference']", testid("doc-tab"))).await?;
            find::wait_text(&s, &testid("conference-form"), "väntar på er").await?;
            screenshot(&s, "documentation-conference").await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// Posts `body` to the standalone emulator's admin API.
async fn admin(ctx: &Ctx, path: &str, body: serde_json::Value) -> Result<(), String> {
    crate::action::admin_post(&ctx.emulator.admin, path, body).await
}

/// Maja logs in with her student account, answers the open test, hands it in after confirming, and reads
/// the result once the teacher releases it.
pub async fn etest_student_answers_hands_in_and_reads_the_result(ctx: Ctx) -> Result<(), String> {
    // A fresh school: the test is not started by an earlier run.
    admin(&ctx, "/admin/reset", json!({})).await?;
    let for_admin = ctx.clone();
    with_app(&ctx, |s| async move {
        let r = async {
            click(&s, &testid("btn-password")).await?;
            let user = find::one(&s, &testid("login-username")).await?;
            s.type_text(&user, hub_emulator::demo::STUDENT_USERNAME).await?;
            let pw = find::one(&s, &testid("login-password")).await?;
            s.type_text(&pw, hub_emulator::demo::STUDENT_PASSWORD).await?;
            click(&s, &testid("login-submit")).await?;
            find::one(&s, &testid("start-page")).await?;
            open_box(&s, "onlinetest").await?;
            find::wait_text(&s, &testid("etest-item"), "Diagnos: Algebra").await?;
            screenshot(&s, "etest-list").await?;
            click(&s, &testid("etest-start")).await?;
            find::exactly(&s, &testid("etest-question"), 3).await?;
            let options = s.find_all(&testid("etest-option")).await?;
            ensure(options.len() == 6, format!("{} options", options.len()))?;
            // x = 4, then 2a + 6 and a + a + 6.
            for i in [1, 3, 5] {
                s.click(&options[i]).await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            let text = find::one(&s, &testid("etest-text")).await?;
            s.type_text(&text, "En bokstav som står för ett okänt tal.").await?;
            // Leaving the field saves it.
            s.click(&options[1]).await?;
            find::wait_text(&s, "[role=status]", "sparade").await?;
            screenshot(&s, "etest-attempt").await?;

            click(&s, &testid("etest-submit")).await?;
            find::wait_text(&s, &testid("confirm-dialog"), "Lämna in provet?").await?;
            click(&s, &testid("confirm-yes")).await?;
            find::wait_text(&s, &testid("etest-status"), "Inlämnat").await?;

            admin(
                &for_admin,
                "/admin/etest/release",
                json!({ "testId": 9801, "teacherComment": "Snyggt!" }),
            )
            .await?;
            back(&s).await?;
            open_box(&s, "onlinetest").await?;
            click(
                &s,
                &format!("{}[data-test='9801'] {}", testid("etest-item"), testid("etest-result")),
            )
            .await?;
            let score = find::text_of(&s, &testid("etest-score")).await?;
            ensure(
                score.contains("Resultat:") && score.contains("Snyggt!"),
                format!("result: {score:?}"),
            )?;
            screenshot(&s, "etest-result").await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

/// With the school's Schema module on for Nils, his week shows Monday to Friday with lessons, and paging
/// to the next week works.
pub async fn schedule_week_when_the_module_is_on(ctx: Ctx) -> Result<(), String> {
    admin(&ctx, "/admin/reset", json!({})).await?;
    admin(
        &ctx,
        "/admin/apps",
        json!({ "pupilId": "5102376858", "codeName": "timetable", "enabled": true }),
    )
    .await?;
    let result = with_app(&ctx, |s| async move {
        let r = async {
            click(&s, &testid("btn-password")).await?;
            let user = find::one(&s, &testid("login-username")).await?;
            s.type_text(&user, hub_emulator::demo::GUARDIAN_USERNAME).await?;
            let pw = find::one(&s, &testid("login-password")).await?;
            s.type_text(&pw, hub_emulator::demo::GUARDIAN_PASSWORD).await?;
            click(&s, &testid("login-submit")).await?;
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "timetable").await?;
            find::exactly(&s, &testid("schedule-day"), 5).await?;
            let lessons = texts_of(&s, &testid("schedule-lesson")).await?;
            ensure(
                lessons.iter().any(|l| l.contains("Matematik")) && lessons.len() >= 10,
                format!("lessons: {lessons:?}"),
            )?;
            screenshot(&s, "schedule-week").await?;
            let this_week = find::text_of(&s, &testid("schedule-week")).await?;
            click(&s, &testid("schedule-next")).await?;
            let mut next_week = this_week.clone();
            for _ in 0..25 {
                next_week = find::text_of(&s, &testid("schedule-week")).await?;
                if next_week != this_week {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            ensure(next_week != this_week, format!("still {this_week:?}"))?;
            find::exactly(&s, &testid("schedule-day"), 5).await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await;
    // The module goes off again for the scenarios after this one.
    admin(&ctx, "/admin/reset", json!({})).await?;
    result
}
