//! Commands of the record boxes: Utvecklingssamtal booking (book, change, cancel), the BankID step-up and
//! Bedömningar behind it, and Dokumentation (journal, portfolio with comments, IUP, åtgärdsprogram, the
//! utvecklingssamtal form), eTest for students (start, answer, hand in, result), and the Schema week.
//!
//! Reads go through [`AppState::read`] like the other boxes. Writes are sent straight to the school: the
//! client re-reads before it repeats a write whose answer was lost, so a booking is never made twice. The
//! hub's refusals (a taken slot, a closed booking) reach the UI as `Rejected` with a Swedish sentence.

use hub_client::HubClient;
use hub_model::assessment::{AssessmentItems, AssessmentOverview};
use hub_model::documentation::{
    Conference, DocumentationAppData, IupData, IupFilter, JournalEntry, Portfolio, PortfolioComment, PortfolioDetail,
    SpecialPlan,
};
use hub_model::etest::{Answer, OnlineTest, SubmitResponse, TestAttempt, TestResult};
use hub_model::ipc::WriteAnswer;
use hub_model::ipc::{
    ChildRequest, DateRequest, EtestAnswerRequest, EtestSubmitRequest, Fresh, ItemRequest, ItemTextRequest,
    MeetingBookRequest, MeetingChangeRequest, ReadSource,
};
use hub_model::meeting::Booking;
use hub_model::stepup::{StepUpMethod, StepUpOrder, StepUpState};
use hub_model::timetable::Lesson;
use hub_model::{CmdError, ErrorKind};
use qrcode::QrCode;
use qrcode::render::svg;
use tauri::State;

use crate::commands::writes::queued;
use crate::error::internal;
use crate::queue::Write;
use crate::state::AppState;

/// The longest text a comment may have; the hub's own editor stops well before this.
const MAX_COMMENT: usize = 4000;

/// Books a free slot for one child through the write queue; answers the outcome with the booking as the hub
/// lists it.
#[tauri::command]
pub(crate) async fn meeting_book(
    state: State<'_, AppState>,
    req: MeetingBookRequest,
) -> Result<WriteAnswer<Booking>, CmdError> {
    let write = Write::MeetingBook {
        child_id: req.child_id,
        availability_id: checked_slot(&req.availability_id)?,
    };
    queued(&state, write).await
}

/// Moves a booked talk to the slot `availability_id` through the write queue; the old time stays booked if
/// the new one is taken.
#[tauri::command]
pub(crate) async fn meeting_rebook(
    state: State<'_, AppState>,
    req: MeetingChangeRequest,
) -> Result<WriteAnswer<Booking>, CmdError> {
    let Some(slot) = req.availability_id.as_deref() else {
        return Err(CmdError::new(ErrorKind::InvalidInput, "Välj den nya tiden först."));
    };
    let write = Write::MeetingRebook {
        child_id: req.child_id,
        meeting_id: req.meeting_id,
        availability_id: checked_slot(slot)?,
    };
    queued(&state, write).await
}

/// Cancels a booked talk through the write queue.
#[tauri::command]
pub(crate) async fn meeting_cancel(
    state: State<'_, AppState>,
    req: MeetingChangeRequest,
) -> Result<WriteAnswer<()>, CmdError> {
    let write = Write::MeetingCancel {
        child_id: req.child_id,
        meeting_id: req.meeting_id,
    };
    queued(&state, write).await
}

/// A slot id as the UI sent it, or a Swedish error before anything is queued.
fn checked_slot(id: &str) -> Result<String, CmdError> {
    let id = id.trim();
    if id.is_empty() || id.len() > 64 {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Tiden är ogiltig. Välj en tid i listan.",
        ));
    }
    Ok(id.to_owned())
}

/// Starts a BankID order for "säkrare inloggning" on this device or another one.
#[tauri::command]
pub(crate) async fn stepup_start(state: State<'_, AppState>, req: StepUpMethod) -> Result<StepUpOrder, CmdError> {
    let result = state.client().await?.stepup_start(req).await;
    write(&state, result)
}

/// One collect of the order: pending (with the next QR frame), complete or failed.
#[tauri::command]
pub(crate) async fn stepup_collect(state: State<'_, AppState>, req: String) -> Result<StepUpState, CmdError> {
    check_order_ref(&req)?;
    let result = state.client().await?.stepup_collect(&req).await;
    write(&state, result)
}

/// Cancels the order (the user closed the step-up screen).
#[tauri::command]
pub(crate) async fn stepup_cancel(state: State<'_, AppState>, req: String) -> Result<(), CmdError> {
    check_order_ref(&req)?;
    let result = state.client().await?.stepup_cancel(&req).await;
    write(&state, result)
}

/// The SVG of one animated-QR frame (`bankid.<token>.<seconds>.<hmac>`) for BankID on another device.
#[tauri::command]
pub(crate) async fn stepup_qr(req: String) -> Result<String, CmdError> {
    qr_svg(&req)
}

/// Demo only: the fictitious school's BankID "signs" the order, as a user's BankID app would.
#[tauri::command]
pub(crate) async fn stepup_demo_approve(state: State<'_, AppState>, req: String) -> Result<(), CmdError> {
    check_order_ref(&req)?;
    let Some(admin) = state.demo_admin_url().await else {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Simulerad BankID finns bara i demoläget.",
        ));
    };
    let body = serde_json::json!({ "orderRef": req, "outcome": "complete" }).to_string();
    tokio::task::spawn_blocking(move || post_loopback(&admin, "/admin/bankid", &body))
        .await
        .map_err(|e| internal("demo bankid", e))?
        .map_err(|e| internal("demo bankid", e))
}

/// Bedömningar of one child: navigation per subject and the grade terms; `StepUpRequired` until the
/// BankID step-up of this session is complete.
#[tauri::command]
pub(crate) async fn assessments_overview(
    state: State<'_, AppState>,
    req: ChildRequest,
) -> Result<Fresh<AssessmentOverview>, CmdError> {
    let result = state.client().await?.assessments(&req.child_id).await;
    state.read_uncached(result, refined).await
}

/// The statements and marks of one assessment matrix.
#[tauri::command]
pub(crate) async fn assessment_grid(
    state: State<'_, AppState>,
    req: ItemRequest,
) -> Result<Fresh<AssessmentItems>, CmdError> {
    let result = state.client().await?.assessment_grid(&req.child_id, req.id).await;
    state.read_uncached(result, refined).await
}

/// The statements and marks of one assessed task.
#[tauri::command]
pub(crate) async fn assessment_task(
    state: State<'_, AppState>,
    req: ItemRequest,
) -> Result<Fresh<AssessmentItems>, CmdError> {
    let result = state.client().await?.assessment_task(&req.child_id, req.id).await;
    state.read_uncached(result, refined).await
}

/// Which Dokumentation tabs the school shows for the child.
#[tauri::command]
pub(crate) async fn documentation_tabs(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<DocumentationAppData>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.documentation_tabs(id).await };
    state
        .read_refined(id, "documentation", "", source, fetch, refined)
        .await
}

/// The child's journal notes (anteckningar), newest first.
#[tauri::command]
pub(crate) async fn journal_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<JournalEntry>>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.journal(id).await };
    state.read_refined(id, "journal", "", source, fetch, refined).await
}

/// The child's portfolio this semester.
#[tauri::command]
pub(crate) async fn portfolio_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Portfolio>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.portfolio(id).await };
    state.read_refined(id, "portfolio", "", source, fetch, refined).await
}

/// One portfolio item with its comments.
#[tauri::command]
pub(crate) async fn portfolio_item(
    state: State<'_, AppState>,
    req: ItemRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<PortfolioDetail>, CmdError> {
    let (id, item) = (&req.child_id, req.id);
    let fetch = |c: HubClient| async move { c.portfolio_item(id, item).await };
    state
        .read_refined(id, "portfolio-item", &item.to_string(), source, fetch, refined)
        .await
}

/// Writes a comment on a portfolio item through the write queue.
#[tauri::command]
pub(crate) async fn portfolio_comment(
    state: State<'_, AppState>,
    req: ItemTextRequest,
) -> Result<WriteAnswer<PortfolioComment>, CmdError> {
    check_comment(&req.text)?;
    let write = Write::PortfolioComment {
        child_id: req.child_id,
        item_id: req.id,
        text: req.text.trim().to_owned(),
    };
    queued(&state, write).await
}

/// The child's IUP terms and versions.
#[tauri::command]
pub(crate) async fn iup_versions(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<IupFilter>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.iup_versions(id).await };
    state.read_refined(id, "iup", "", source, fetch, refined).await
}

/// The questions and answers of one IUP version.
#[tauri::command]
pub(crate) async fn iup_get(
    state: State<'_, AppState>,
    req: ItemRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<IupData>, CmdError> {
    let (id, item) = (&req.child_id, req.id);
    let fetch = |c: HubClient| async move { c.iup(id, item).await };
    state
        .read_refined(id, "iup", &item.to_string(), source, fetch, refined)
        .await
}

/// The child's åtgärdsprogram versions.
#[tauri::command]
pub(crate) async fn special_plan(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<SpecialPlan>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.special_plan(id).await };
    state.read_refined(id, "special-plan", "", source, fetch, refined).await
}

/// The utvecklingssamtal form, or `None` when the child has none.
#[tauri::command]
pub(crate) async fn conference_form(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Option<Conference>>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.conference_form(id).await };
    state.read_refined(id, "conference", "", source, fetch, refined).await
}

/// The student's eTests.
#[tauri::command]
pub(crate) async fn etest_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<OnlineTest>>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.etests(id).await };
    state.read_refined(id, "etest", "", source, fetch, refined).await
}

/// Starts (or resumes) test `id`: the attempt with its questions and the answers saved so far.
#[tauri::command]
pub(crate) async fn etest_start(state: State<'_, AppState>, req: ItemRequest) -> Result<TestAttempt, CmdError> {
    let result = state.client().await?.etest_start(&req.child_id, req.id).await;
    write(&state, result)
}

/// Saves one answer through the write queue (sent again on every change; the hub keeps the last).
#[tauri::command]
pub(crate) async fn etest_answer(
    state: State<'_, AppState>,
    req: EtestAnswerRequest,
) -> Result<WriteAnswer<()>, CmdError> {
    let answer = match req.text {
        Some(text) => {
            check_answer(&text)?;
            Answer::Text(text)
        }
        None => Answer::Options(req.option_ids),
    };
    let write = Write::EtestAnswer {
        child_id: req.child_id,
        attempt_id: req.attempt_id,
        question_id: req.question_id,
        answer,
    };
    queued(&state, write).await
}

/// Hands the attempt in through the write queue (after the answers queued before it).
#[tauri::command]
pub(crate) async fn etest_submit(
    state: State<'_, AppState>,
    req: EtestSubmitRequest,
) -> Result<WriteAnswer<SubmitResponse>, CmdError> {
    let write = Write::EtestSubmit {
        child_id: req.child_id,
        test_id: req.test_id,
        attempt_id: req.attempt_id,
    };
    queued(&state, write).await
}

/// The released result of test `id`.
#[tauri::command]
pub(crate) async fn etest_result(
    state: State<'_, AppState>,
    req: ItemRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<TestResult>, CmdError> {
    let (id, item) = (&req.child_id, req.id);
    let fetch = |c: HubClient| async move { c.etest_result(id, item).await };
    state
        .read_refined(id, "etest-result", &item.to_string(), source, fetch, refined)
        .await
}

/// The lessons of the week (Monday to Sunday) that contains `date`.
#[tauri::command]
pub(crate) async fn timetable_week(
    state: State<'_, AppState>,
    req: DateRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<Lesson>>, CmdError> {
    use chrono::Datelike;
    let date = req.date;
    let monday = date - chrono::TimeDelta::days(i64::from(date.weekday().num_days_from_monday()));
    let sunday = monday + chrono::TimeDelta::days(6);
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.timetable(id, monday, sunday).await };
    state
        .read_refined(id, "timetable", &monday.to_string(), source, fetch, refined)
        .await
}

/// A write's answer for the UI.
fn write<T>(state: &AppState, result: hub_client::Result<T>) -> Result<T, CmdError> {
    match result {
        Err(e) => match refined(&e) {
            Some(c) => Err(c),
            None => state.track(Err(e)),
        },
        ok => state.track(ok),
    }
}

/// The errors of these boxes that deserve more than the general mapping: the hub's refusals by code, the
/// step-up, and bad input, each in Swedish.
fn refined(e: &hub_client::Error) -> Option<CmdError> {
    use hub_client::Error as E;
    let (kind, text) = match e {
        E::StepUpRequired => (
            ErrorKind::StepUpRequired,
            "Bedömningar kräver säkrare inloggning med BankID.".to_owned(),
        ),
        E::InvalidInput(_) => (
            ErrorKind::InvalidInput,
            "Uppgifterna kunde inte skickas. Försök igen.".to_owned(),
        ),
        E::Refused { code, message } => {
            tracing::info!(error = %e, "refused");
            return Some(crate::error::refusal(code, message));
        }
        _ => return None,
    };
    tracing::info!(error = %e, "refused");
    Some(CmdError::new(kind, text))
}

fn check_order_ref(order_ref: &str) -> Result<(), CmdError> {
    let ok = !order_ref.is_empty()
        && order_ref.len() <= 128
        && order_ref
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(CmdError::new(
            ErrorKind::InvalidInput,
            "BankID-ordern är ogiltig. Börja om.",
        ))
    }
}

fn check_answer(text: &str) -> Result<(), CmdError> {
    if text.chars().count() > MAX_COMMENT {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Svaret är för långt (högst 4 000 tecken).",
        ));
    }
    Ok(())
}

fn check_comment(text: &str) -> Result<(), CmdError> {
    if text.trim().is_empty() {
        return Err(CmdError::new(ErrorKind::InvalidInput, "Skriv en kommentar först."));
    }
    if text.chars().count() > MAX_COMMENT {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Kommentaren är för lång (högst 4 000 tecken).",
        ));
    }
    Ok(())
}

/// An SVG of `data` as a QR code; only BankID's animated-QR frames are accepted.
fn qr_svg(data: &str) -> Result<String, CmdError> {
    if !data.starts_with("bankid.") || data.len() > 256 {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            "QR-koden kunde inte visas. Börja om.",
        ));
    }
    let qr = QrCode::new(data.as_bytes()).map_err(|e| internal("bankid qr", e))?;
    Ok(qr
        .render::<svg::Color<'_>>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// A JSON POST to the demo school's admin API on loopback; the answer's status line decides.
fn post_loopback(base: &str, path: &str, body: &str) -> Result<(), String> {
    use std::io::{Read, Write};
    let authority = base
        .strip_prefix("http://")
        .filter(|a| a.starts_with("127.0.0.1:"))
        .ok_or("the demo admin api is not on loopback")?;
    let mut stream = std::net::TcpStream::connect(authority).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let status = answer.split_whitespace().nth(1).unwrap_or("");
    if status.starts_with('2') {
        Ok(())
    } else {
        Err(format!("admin api answered {status:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_become_swedish_sentences() {
        let e = hub_client::Error::Refused {
            code: hub_client::Refusal::BookingClosed,
            message: String::new(),
        };
        let c = refined(&e).unwrap();
        assert_eq!(c.kind, ErrorKind::Rejected);
        assert!(c.message.contains("stängt"), "{}", c.message);
        let e = hub_client::Error::Refused {
            code: hub_client::Refusal::AlreadyBooked,
            message: "x".into(),
        };
        assert!(refined(&e).unwrap().message.contains("redan en bokad tid"));
        let e = hub_client::Error::Refused {
            code: hub_client::Refusal::Other("Weird".into()),
            message: "Skolans egen text".into(),
        };
        assert_eq!(refined(&e).unwrap().message, "Skolans egen text");
        assert_eq!(
            refined(&hub_client::Error::StepUpRequired).unwrap().kind,
            ErrorKind::StepUpRequired
        );
        assert!(refined(&hub_client::Error::SessionExpired).is_none());
    }

    #[test]
    fn only_bankid_frames_become_qr_codes() {
        let svg = qr_svg("bankid.67df3917-fa0d-44e5-b327-edcc928297f8.3.dc69358e712458a66a7525beef148ae8").unwrap();
        assert!(svg.contains("<svg"), "{svg}");
        assert_eq!(qr_svg("https://example.org").unwrap_err().kind, ErrorKind::InvalidInput);
        assert!(check_order_ref("a1-b2_c3").is_ok());
        assert!(check_order_ref("../admin").is_err());
        assert!(check_order_ref("").is_err());
    }

    #[test]
    fn comments_must_say_something_and_not_too_much() {
        assert!(check_comment("Fint!").is_ok());
        assert_eq!(check_comment("  \n").unwrap_err().kind, ErrorKind::InvalidInput);
        assert!(check_comment(&"a".repeat(MAX_COMMENT + 1)).is_err());
        assert!(check_answer("").is_ok());
        assert!(check_answer(&"a".repeat(MAX_COMMENT + 1)).is_err());
    }
}
