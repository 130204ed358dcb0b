//! Files the app writes for the user: a news attachment saved in Downloads (twice: never overwritten), the
//! calendar exported as an ICS file, a calendar entry's file, and the calendar subscription file switched on
//! and off.
//!
//! The app's HOME is the harness's private one and it names no XDG Downloads folder, so the shell uses
//! `~/Downloads`. Opening the saved file finds no desktop handler here; that only logs.

use std::path::PathBuf;

use crate::Ctx;
use crate::action::{back, click, in_demo, open_box, select_child};
use crate::check::{ensure, screenshot};
use crate::find::{self, testid};
use crate::webdriver::Session;

fn app_dir(ctx: &Ctx, var: &str) -> Result<PathBuf, String> {
    ctx.app_env
        .iter()
        .find(|(k, _)| k == var)
        .map(|(_, v)| PathBuf::from(v))
        .ok_or_else(|| format!("the app has no {var}"))
}

/// Waits until `path` exists (the shell writes before it answers, but the UI may be quicker to show).
async fn wait_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    for _ in 0..50 {
        if let Ok(bytes) = std::fs::read(path) {
            return Ok(bytes);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(format!("{} was not written", path.display()))
}

/// Clicks the attachment button whose text contains `title`.
async fn open_attachment(s: &Session, title: &str) -> Result<(), String> {
    crate::action::click_text(s, &testid("attachment-open"), title).await
}

/// Nils's school-wide news file lands in Downloads; a second click saves "… (2).pdf" beside it. Kalender
/// exports every child's events with the child's name first, and the subscription file comes and goes with
/// its switch.
pub async fn attachments_and_calendar_files_land_on_disk(ctx: Ctx) -> Result<(), String> {
    let downloads = app_dir(&ctx, "HOME")?.join("Downloads");
    let data = app_dir(&ctx, "XDG_DATA_HOME")?;
    in_demo(&ctx, |s| async move {
        let r = async {
            select_child(&s, "Nils Björklund").await?;
            open_box(&s, "communication").await?;
            open_attachment(&s, "Läsårsplanering 2026–2027.pdf").await?;
            find::wait_text(&s, &testid("attachment-saved"), "Läsårsplanering 2026–2027.pdf").await?;
            let first = wait_file(&downloads.join("Läsårsplanering 2026–2027.pdf")).await?;
            ensure(
                first.starts_with(b"%PDF"),
                "the saved attachment is not the school's PDF",
            )?;
            open_attachment(&s, "Läsårsplanering 2026–2027.pdf").await?;
            find::wait_text(&s, &testid("attachment-saved"), "Läsårsplanering 2026–2027 (2).pdf").await?;
            let second = wait_file(&downloads.join("Läsårsplanering 2026–2027 (2).pdf")).await?;
            ensure(second == first, "the second copy differs from the first")?;
            let again = std::fs::read(downloads.join("Läsårsplanering 2026–2027.pdf")).map_err(|e| e.to_string())?;
            ensure(again == first, "the first file was overwritten")?;
            screenshot(&s, "files-attachment-saved").await?;
            // The attachment's click scrolled the view; the back bar is at the top.
            s.execute("window.scrollTo(0, 0);", Vec::new()).await?;
            back(&s).await.map_err(|e| format!("back to the start page: {e}"))?;

            open_box(&s, "calendarv2")
                .await
                .map_err(|e| format!("opening Kalender: {e}"))?;
            click(&s, &testid("btn-calendar-export"))
                .await
                .map_err(|e| format!("clicking export: {e}"))?;
            find::wait_text(&s, &testid("calendar-export-saved"), "skolhub-kalender.ics").await?;
            let ics = String::from_utf8(wait_file(&downloads.join("skolhub-kalender.ics")).await?)
                .map_err(|e| e.to_string())?;
            let unfolded = ics.replace("\r\n ", "");
            ensure(
                ics.starts_with("BEGIN:VCALENDAR\r\n"),
                "the export is not an iCalendar file",
            )?;
            ensure(
                unfolded.contains("SUMMARY:Nils: Nationellt prov i matematik\\, åk 5\r\n"),
                "Nils's national test is missing from the export",
            )?;
            ensure(
                unfolded.contains("TZID:Europe/Stockholm"),
                "the export has no Stockholm time zone",
            )?;
            ensure(
                ics.split("\r\n").all(|line| line.len() <= 75),
                "a line of the export is longer than 75 octets",
            )?;

            // A calendar entry's file (Nils's trip) opens the same way.
            open_attachment(&s, "Packlista utflykt Kilsbergen.txt").await?;
            find::wait_text(&s, &testid("attachment-saved"), "Packlista utflykt Kilsbergen.txt").await?;
            let packlist = wait_file(&downloads.join("Packlista utflykt Kilsbergen.txt")).await?;
            ensure(
                String::from_utf8_lossy(&packlist).contains("Matsäck"),
                "the calendar entry's file is not the packing list",
            )?;
            s.execute("window.scrollTo(0, 0);", Vec::new()).await?;

            let sub_file = data.join("se.skolhub.client").join("calendar").join("skolhub.ics");
            ensure(
                !sub_file.exists(),
                "the subscription file exists before it was switched on",
            )?;
            click(&s, &testid("calendar-subscribe"))
                .await
                .map_err(|e| format!("subscribing: {e}"))?;
            let url_box = find::one(&s, &testid("calendar-subscription-url")).await?;
            let url = s
                .property(&url_box, "value")
                .await
                .map_err(|e| format!("reading the address: {e}"))?
                .unwrap_or_default();
            ensure(
                url.starts_with("file:///") && url.ends_with("/calendar/skolhub.ics"),
                format!("the subscription address is {url:?}"),
            )?;
            let sub = String::from_utf8(wait_file(&sub_file).await?).map_err(|e| e.to_string())?;
            ensure(sub.contains("BEGIN:VEVENT"), "the subscription file has no events")?;
            screenshot(&s, "files-calendar-subscription").await?;
            click(&s, &testid("calendar-subscribe")).await?;
            for _ in 0..50 {
                if !sub_file.exists() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            ensure(!sub_file.exists(), "switching the subscription off left its file")?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}
