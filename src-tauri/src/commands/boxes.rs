//! Read commands of the start-page boxes: each delegates to one `hub-client` read for one child.
//!
//! Every read updates the connection state the UI sees, is kept in the encrypted cache (and served from it
//! first when the UI asks with `source: cache`, or when the school cannot be reached), answers with its age
//! ([`Fresh`]), and goes through the session's client, which serializes child
//! switches and verifies the selection, so a box never shows another child's data.

use hub_client::HubClient;
use hub_model::calendar::CalendarEntry;
use hub_model::documents::Document;
use hub_model::ipc::{ChildRequest, DateRequest, Fresh, RangeRequest, ReadSource};
use hub_model::links::Link;
use hub_model::meeting::PupilAvailabilities;
use hub_model::news::NewsItem;
use hub_model::notifications::NotificationsResponse;
use hub_model::timeregistration::TimeRegistrationWeek;
use hub_model::{CmdError, ErrorKind};
use tauri::State;

use crate::state::AppState;

/// The longest calendar range one call may ask for; the UI pages by month.
const MAX_RANGE_DAYS: i64 = 400;

/// Notifications of every child, as the hub aggregates them.
#[tauri::command]
pub(crate) async fn notifications_list(
    state: State<'_, AppState>,
    source: Option<ReadSource>,
) -> Result<Fresh<NotificationsResponse>, CmdError> {
    let fetch = |client: HubClient| async move { client.notifications().await };
    state.read("", "notifications", "", source, fetch).await
}

/// News of one child, newest first.
#[tauri::command]
pub(crate) async fn news_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<NewsItem>>, CmdError> {
    let id = &req.child_id;
    state
        .read(id, "news", "", source, |c| async move { c.news(id).await })
        .await
}

/// Documents published for one child.
#[tauri::command]
pub(crate) async fn documents_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<Document>>, CmdError> {
    let id = &req.child_id;
    state
        .read(id, "documents", "", source, |c| async move { c.documents(id).await })
        .await
}

/// Links published for one child.
#[tauri::command]
pub(crate) async fn links_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<Link>>, CmdError> {
    let id = &req.child_id;
    state
        .read(id, "links", "", source, |c| async move { c.links(id).await })
        .await
}

/// Calendar entries of one child between two dates (inclusive).
#[tauri::command]
pub(crate) async fn calendar_entries(
    state: State<'_, AppState>,
    req: RangeRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<CalendarEntry>>, CmdError> {
    check_range(&req)?;
    let (id, from, to) = (&req.child_id, req.from, req.to);
    let key = format!("{from}..{to}");
    let fetch = |c: HubClient| async move { c.calendar(id, from, to).await };
    state.read(id, "calendar", &key, source, fetch).await
}

/// The fritids week containing `date`.
#[tauri::command]
pub(crate) async fn fritids_week(
    state: State<'_, AppState>,
    req: DateRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<TimeRegistrationWeek>, CmdError> {
    let (id, date) = (&req.child_id, req.date);
    let fetch = |c: HubClient| async move { c.fritids_week(id, date).await };
    state.read(id, "fritids", &week_key(date), source, fetch).await
}

/// Conference slots of one child (free ones, and the booked one with its `meetingId`).
#[tauri::command]
pub(crate) async fn meeting_availabilities(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<PupilAvailabilities>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.meeting_availabilities(id).await };
    state.read(id, "meeting", "", source, fetch).await
}

/// The cache key of the fritids week containing `date`: its ISO year and week.
fn week_key(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let w = date.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn check_range(req: &RangeRequest) -> Result<(), CmdError> {
    if req.from > req.to {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Startdatumet ligger efter slutdatumet.",
        ));
    }
    if (req.to - req.from).num_days() > MAX_RANGE_DAYS {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Välj en kortare period (högst ett år).",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn range(from: (i32, u32, u32), to: (i32, u32, u32)) -> RangeRequest {
        RangeRequest {
            child_id: "1".into(),
            from: NaiveDate::from_ymd_opt(from.0, from.1, from.2).unwrap(),
            to: NaiveDate::from_ymd_opt(to.0, to.1, to.2).unwrap(),
        }
    }

    #[test]
    fn reversed_and_huge_ranges_are_refused_in_swedish() {
        assert!(check_range(&range((2026, 12, 1), (2026, 12, 31))).is_ok());
        let e = check_range(&range((2026, 12, 31), (2026, 12, 1))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert!(e.message.contains("Startdatumet"));
        assert!(check_range(&range((2026, 1, 1), (2028, 1, 1))).is_err());
    }
}
