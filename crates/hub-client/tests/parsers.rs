//! Parser tests: the JSON shapes recorded in hub-protocol.md §4, written as fixtures, decoded the way the
//! client decodes every answer, including the recorded variations and malformed bodies.

use hub_client::{Error, decode_json};
use hub_model::Items;
use hub_model::calendar::CalendarEntry;
use hub_model::documents::DocumentList;
use hub_model::links::LinkList;
use hub_model::meeting::PupilAvailabilities;
use hub_model::news::NewsList;
use hub_model::notifications::{AppType, NotificationState, NotificationsResponse};
use hub_model::timeregistration::{Comments, SaveResult, TimeRegistrationWeek, WriteBlock};

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/", $path))
    };
}

/// Asserts a typed decode error at `path`.
fn assert_drift<T: std::fmt::Debug>(result: hub_client::Result<T>, want_path: &str) {
    match result {
        Err(Error::Decode { path, .. }) => assert_eq!(path, want_path),
        other => panic!("expected a decode error at {want_path}, got {other:?}"),
    }
}

#[test]
fn notifications_full_shape() {
    let r: NotificationsResponse =
        decode_json("notifications", fixture!("notifications/get_notifications.json")).unwrap();
    assert_eq!(r.notifications.len(), 4);
    assert_eq!(r.timestamp.as_deref(), Some("2025-01-27T08:20:00.000"));
    let n = &r.notifications[0];
    assert_eq!(n.app_type, AppType::News);
    assert_eq!(n.state, NotificationState::New);
    assert_eq!(n.kind.as_deref(), Some("NewsItem"));
    assert_eq!(n.pupil_id(), Some("1234567890"));
    assert_eq!(n.pupil_im2_id, Some(300017));
    assert_eq!(n.date_sent.unwrap().to_string(), "2025-01-27T08:14:05");
    assert_eq!(
        hub_client::stockholm(n.date_sent.unwrap()).to_rfc3339(),
        "2025-01-27T08:14:05.357+01:00"
    );
    assert_eq!(r.notifications[1].app_type, AppType::ParentMeeting);
    assert_eq!(r.notifications[2].app_type, AppType::CalendarV2);
    assert_eq!(r.notifications[3].app_type, AppType::Iup);
    assert_eq!(r.notifications[3].state, NotificationState::Cleared);
    assert_eq!(r.notifications[3].url, None);
    assert!(!r.notifications[3].currently_selected_pupil);
}

#[test]
fn notifications_tolerate_missing_fields_and_new_app_types() {
    let r: NotificationsResponse =
        decode_json("notifications", fixture!("notifications/minimal_unknown_app.json")).unwrap();
    assert_eq!(r.notifications[0].app_type, AppType::Unknown);
    assert_eq!(r.notifications[0].date_sent, None);
    assert_eq!(r.notifications[1].app_type, AppType::Unknown);
    assert_eq!(r.timestamp, None);
}

#[test]
fn notifications_with_an_unknown_state_name_the_field() {
    assert_drift(
        decode_json::<NotificationsResponse>("notifications", fixture!("notifications/malformed_state.json")),
        "notifications[1].state",
    );
}

#[test]
fn news_in_items_envelope_and_bare_array_are_the_same() {
    let wrapped: NewsList = decode_json("news", fixture!("news/items.json")).unwrap();
    let bare: NewsList = decode_json("news", fixture!("news/bare_array.json")).unwrap();
    assert_eq!(wrapped.total_item_count, Some(2));
    assert_eq!(bare.total_item_count, None);
    assert_eq!(wrapped.items[0].title, bare.items[0].title);
    assert_eq!(wrapped.items[0].published_date, bare.items[0].published_date);
    let a = &wrapped.items[0].attachments[0];
    assert_eq!(a.title, "Packlista.pdf");
    assert!(a.url.starts_with("/Resources/Resource/Download/4711?"));
    // Milliseconds in one item, none in the other; the Swedish long form stays text.
    assert_eq!(
        wrapped.items[1].published_date.unwrap().to_string(),
        "2025-01-20T15:30:00"
    );
    assert_eq!(
        wrapped.items[0].published_date_string.as_deref(),
        Some("27 januari 2025")
    );
}

#[test]
fn news_with_only_id_and_title() {
    let list: NewsList = decode_json("news", fixture!("news/missing_optional.json")).unwrap();
    let item = &list.items[0];
    assert_eq!(item.content, None);
    assert_eq!(item.published_date, None);
    assert!(item.attachments.is_empty());
}

#[test]
fn news_attachment_without_url_names_the_path() {
    assert_drift(
        decode_json::<NewsList>("news", fixture!("news/malformed.json")),
        "items[1].attachments[0]",
    );
    match decode_json::<NewsList>("news", fixture!("news/malformed.json")) {
        Err(Error::Decode { message, .. }) => assert!(message.contains("`url`"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn documents_and_links() {
    let docs: DocumentList = decode_json("documents", fixture!("documents/list.json")).unwrap();
    assert_eq!(docs.total_item_count, Some(2));
    // Ids and type ids come as numbers and as strings.
    assert_eq!(docs.items[0].id.as_str(), "301");
    assert_eq!(docs.items[1].id.as_str(), "302");
    assert_eq!(docs.items[1].kind.as_ref().map(|k| k.as_str()), Some("1"));
    assert_eq!(docs.items[1].description, None);
    assert_eq!(docs.items[0].file_size, Some(183204));

    let links: LinkList = decode_json("links", fixture!("links/list.json")).unwrap();
    assert_eq!(links.items[0].name, "Skolmatsedel");
    assert_eq!(
        links.items[0].published_date.unwrap().to_string(),
        "2024-08-15T10:00:00"
    );
}

#[test]
fn calendar_bare_array_with_both_date_spellings() {
    let entries: Items<CalendarEntry> = decode_json("calendar", fixture!("calendar/entries.json")).unwrap();
    let e = &entries.items;
    assert_eq!(e.len(), 3);
    assert_eq!(e[0].start_date_full.unwrap().to_string(), "2025-02-04T09:40:00");
    assert_eq!(e[0].subjects[0].title, "Engelska");
    assert_eq!(e[1].start_date.unwrap().to_string(), "2025-02-07", "YYYY/MM/DD");
    assert!(e[1].is_all_day_event);
    assert_eq!(e[1].start_time.as_deref(), Some(""));
    assert_eq!(
        e[2].start_date_full.unwrap().to_string(),
        "2025-02-06T00:00:00",
        "Z ignored"
    );
    assert!(!e[0].is_assignment());
    assert!(e[2].is_assignment());
    assert_eq!(e[1].url, None);

    let wrapped: Items<CalendarEntry> = decode_json("calendar", fixture!("calendar/items_wrapped.json")).unwrap();
    assert_eq!(wrapped.items[0].title, "Föräldramöte");
    assert!(!wrapped.items[0].has_attachments);
}

#[test]
fn calendar_with_a_foreign_date_names_the_path() {
    assert_drift(
        decode_json::<Items<CalendarEntry>>("calendar", fixture!("calendar/malformed_date.json")),
        "[1].startDateFull",
    );
}

#[test]
fn ical_uri_is_a_quoted_string() {
    let uri: String = decode_json("ical", fixture!("calendar/ical_uri.json")).unwrap();
    assert!(uri.starts_with("webcal://im2-api.infomentor.se/V1/CalendarV2/IcalSubscription/Subscription/"));
}

#[test]
fn fritids_week_flags_and_empty_times() {
    let week: TimeRegistrationWeek = decode_json("week", fixture!("timeregistration/week.json")).unwrap();
    assert_eq!(week.start_date.unwrap().to_string(), "2025-01-20T00:00:00");
    let d = &week.days;
    assert_eq!(d.len(), 5);
    assert_eq!(d[0].write_block(), Some(WriteBlock::Locked));
    assert_eq!(d[1].write_block(), None);
    assert_eq!(d[1].start_date_time.unwrap().to_string(), "2025-01-21T07:30:00");
    assert_eq!(d[1].comment_id, Some(551));
    assert_eq!(d[2].start_date_time, None);
    assert!(d[3].on_leave);
    assert_eq!(d[4].write_block(), Some(WriteBlock::SchoolClosed));
    assert_eq!(d[4].start_date_time, None, "empty string is no time");
    assert_eq!(d[4].school_closed_reason.as_deref(), Some("Studiedag"));
}

#[test]
fn fritids_week_with_a_bare_time_names_the_path() {
    assert_drift(
        decode_json::<TimeRegistrationWeek>("week", fixture!("timeregistration/week_malformed.json")),
        "days[1].startDateTime",
    );
}

#[test]
fn save_results_carry_the_schools_text() {
    let ok: SaveResult = decode_json("save", fixture!("timeregistration/save_ok.json")).unwrap();
    assert!(ok.success);
    let no: SaveResult = decode_json("save", fixture!("timeregistration/save_rejected.json")).unwrap();
    assert!(!no.success);
    assert_eq!(
        no.messages(),
        ["Tiden ligger utanför fritidshemmets öppettider (06:30–17:30)."]
    );
    assert_eq!(no.notifications[0].code.as_deref(), Some("OutsideOpeningHours"));
}

#[test]
fn fritids_comments() {
    let c: Comments = decode_json("comments", fixture!("timeregistration/comments.json")).unwrap();
    assert_eq!(c.teacher_name.as_deref(), Some("Ek, Maria"));
    assert_eq!(c.parent_comment_id, Some(551));
    assert!(c.can_edit_comment);
    let empty: Comments = decode_json("comments", fixture!("timeregistration/comments_empty_day.json")).unwrap();
    assert_eq!(empty.teacher_comment, None);
    assert_eq!(empty.parent_comment_id, None);
}

#[test]
fn meeting_availabilities() {
    let a: PupilAvailabilities = decode_json("meeting", fixture!("meeting/availabilities.json")).unwrap();
    assert_eq!(a.total_count, 3);
    assert!(!a.availabilities[0].is_booked());
    assert!(a.availabilities[1].is_booked());
    assert_eq!(a.availabilities[2].availability_id.as_str(), "6003");
    assert_eq!(a.availabilities[2].location, None);
    let none: PupilAvailabilities = decode_json("meeting", fixture!("meeting/empty.json")).unwrap();
    assert!(none.availabilities.is_empty());
}

#[test]
fn broken_json_and_wrong_roots_are_errors_not_panics() {
    for body in [
        "",
        "{",
        "<html><body>Inloggning</body></html>",
        "null",
        "42",
        "\"text\"",
        "[1,2]",
    ] {
        assert!(
            matches!(decode_json::<NewsList>("news", body), Err(Error::Decode { .. })),
            "{body}"
        );
        assert!(
            matches!(
                decode_json::<TimeRegistrationWeek>("week", body),
                Err(Error::Decode { .. })
            ),
            "{body}"
        );
        assert!(
            matches!(
                decode_json::<NotificationsResponse>("n", body),
                Err(Error::Decode { .. })
            ),
            "{body}"
        );
    }
    // An object where the list should be: the path names it.
    assert_drift(decode_json::<NewsList>("news", r#"{"items":{}}"#), "items");
}
