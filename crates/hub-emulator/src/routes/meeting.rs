//! Utvecklingssamtal: the recorded slot read `Home/meeting/GetPupilAvailabilities` (protocol §4.10) and the
//! booking API designed in `docs/protocol-extensions.md` (`meeting/meeting/appData`, `GetBookings`, `Book`,
//! `Rebook`, `Cancel`).
//!
//! All of them sit behind the `meeting` module, which a pupil has only while a slot is bookable or booked, so
//! a pupil without slots gets the disabled-module answer here too. Refusals answer HTTP 200
//! `{success:false, notifications:[{type:"Error", title, message, code}]}` with the codes `SlotTaken`,
//! `BookingClosed`, `AlreadyBooked`, `CancelClosed` and `NotFound`; a missing id in the body is an HTTP 500
//! like any missing action parameter on the hub.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use serde_json::{Value, json};

use crate::db::meeting::{self, BookError, Refusal, Slot};
use crate::db::notifications;
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Meeting, Params, local_now};
use crate::state::EmuState;
use crate::time;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/home/meeting/getpupilavailabilities", post(get_pupil_availabilities))
        .route("/meeting/meeting/appdata", post(app_data))
        .route("/meeting/meeting/getbookings", post(get_bookings))
        .route("/meeting/meeting/book", post(book))
        .route("/meeting/meeting/rebook", post(rebook))
        .route("/meeting/meeting/cancel", post(cancel))
}

fn time_range(slot: &Slot) -> String {
    format!("{} - {}", slot.time_from, slot.time_to)
}

fn availability_json(slot: &Slot) -> Value {
    json!({
        "availabilityId": slot.id,
        "date": time::midnight_iso(slot.date),
        "timeFrom": slot.time_from,
        "stringDate": time::day_text(slot.date),
        "timeRange": time_range(slot),
        "registeredBy": slot.teacher_name,
        "meetingType": slot.meeting_type,
        "location": slot.location,
        "meetingId": slot.meeting_id,
        "meetingLink": slot.meeting_link,
        "bookingsCloseBefore": slot.closes_at,
    })
}

/// `Home/meeting/GetPupilAvailabilities` `{}` → the pupil's booked slot and the open free ones.
async fn get_pupil_availabilities(
    State(st): State<EmuState>,
    app: AppSession<Meeting>,
) -> Result<Json<Value>, EmuError> {
    let now = time::local_iso(local_now(&st));
    let slots = {
        let conn = st.db();
        meeting::availabilities(&conn, &app.pupil, &now)?
    };
    Ok(Json(json!({
        "totalCount": slots.len(),
        "totalPages": if slots.is_empty() { 0 } else { 1 },
        "availabilities": slots.iter().map(availability_json).collect::<Vec<_>>(),
    })))
}

async fn app_data(State(st): State<EmuState>, app: AppSession<Meeting>) -> Result<Json<Value>, EmuError> {
    let now = time::local_iso(local_now(&st));
    let slots = {
        let conn = st.db();
        meeting::availabilities(&conn, &app.pupil, &now)?
    };
    let booked = slots.iter().any(|s| s.meeting_id.is_some());
    Ok(Json(json!({
        "canBook": !booked && !slots.is_empty(),
        "translations": {
            "title": "Utvecklingssamtal",
            "book": "Boka",
            "rebook": "Ändra bokning",
            "cancel": "Avboka",
            "noAvailabilities": "Det finns inga lediga tider",
            "bookingsCloseBefore": "Sista dag att boka",
        },
        "urls": {
            "getPupilAvailabilities": "/Home/meeting/GetPupilAvailabilities",
            "getBookings": "/meeting/meeting/GetBookings",
            "book": "/meeting/meeting/Book",
            "rebook": "/meeting/meeting/Rebook",
            "cancel": "/meeting/meeting/Cancel",
        },
    })))
}

async fn get_bookings(State(st): State<EmuState>, app: AppSession<Meeting>) -> Result<Json<Value>, EmuError> {
    let now = time::local_iso(local_now(&st));
    let bookings = {
        let conn = st.db();
        meeting::bookings(&conn, &app.pupil)?
    };
    let items: Vec<Value> = bookings
        .iter()
        .map(|(slot, booked_by)| {
            let open = now < slot.closes_at;
            json!({
                "meetingId": slot.meeting_id,
                "availabilityId": slot.id,
                "date": time::midnight_iso(slot.date),
                "timeFrom": slot.time_from,
                "timeTo": slot.time_to,
                "stringDate": time::day_text(slot.date),
                "timeRange": time_range(slot),
                "location": slot.location,
                "meetingType": slot.meeting_type,
                "meetingLink": slot.meeting_link,
                "teacherName": slot.teacher_name,
                "bookedBy": booked_by,
                "canChange": open,
                "canCancel": open,
                "changeDeadline": slot.closes_at,
            })
        })
        .collect();
    Ok(Json(json!({ "bookings": items })))
}

fn refusal(r: Refusal) -> Json<Value> {
    let (code, message) = match r {
        Refusal::SlotTaken => ("SlotTaken", "Tiden är redan bokad. Välj en annan tid."),
        Refusal::BookingClosed => ("BookingClosed", "Det går inte längre att boka den här tiden."),
        Refusal::AlreadyBooked => (
            "AlreadyBooked",
            "Det finns redan en bokad tid för eleven. Ändra bokningen för att byta tid.",
        ),
        Refusal::CancelClosed => (
            "CancelClosed",
            "Det är för sent att ändra eller avboka tiden. Kontakta läraren.",
        ),
        Refusal::NotFound => ("NotFound", "Tiden finns inte längre."),
    };
    Json(json!({
        "success": false,
        "notifications": [{ "type": "Error", "title": "Bokningen gick inte att genomföra", "message": message, "code": code }],
    }))
}

fn required(params: &Params, key: &str) -> Result<i64, EmuError> {
    params
        .i64(key)
        .ok_or_else(|| EmuError::Internal(format!("missing parameter {key}")))
}

/// `Book` `{availabilityId}` → `{success, meetingId}`; the pupil's other guardians (and the pupil) are notified.
async fn book(State(st): State<EmuState>, app: AppSession<Meeting>, params: Params) -> Result<Json<Value>, EmuError> {
    let slot_id = required(&params, "availabilityId")?;
    let now = time::local_iso(local_now(&st));
    let mut conn = st.db();
    match meeting::book(&mut conn, &app.pupil, &app.session.user.id, slot_id, &now) {
        Ok(meeting_id) => {
            let title = format!("Utvecklingssamtal bokat för {}", app.pupil.first_name);
            notifications::notify_pupil(
                &conn,
                &app.pupil.pupil_id,
                "ParentMeeting",
                "ParentMeetingBooked",
                "ParentMeeting",
                &title,
                &app.session.user.display_name(),
                "#/meeting",
                &now,
            )?;
            drop(conn);
            tracing::info!(slot_id, meeting_id, "meeting booked");
            Ok(Json(
                json!({ "success": true, "meetingId": meeting_id, "notifications": [] }),
            ))
        }
        Err(BookError::Refused(r)) => {
            tracing::debug!(slot_id, refusal = ?r, "booking refused");
            Ok(refusal(r))
        }
        Err(BookError::Db(err)) => Err(err.into()),
    }
}

/// `Rebook` `{meetingId, availabilityId}`: moves the booking; the old slot is kept if the new one fails.
async fn rebook(State(st): State<EmuState>, app: AppSession<Meeting>, params: Params) -> Result<Json<Value>, EmuError> {
    let meeting_id = required(&params, "meetingId")?;
    let slot_id = required(&params, "availabilityId")?;
    let now = time::local_iso(local_now(&st));
    let result = {
        let mut conn = st.db();
        meeting::rebook(&mut conn, &app.pupil, &app.session.user.id, meeting_id, slot_id, &now)
    };
    match result {
        Ok(()) => Ok(Json(
            json!({ "success": true, "meetingId": meeting_id, "notifications": [] }),
        )),
        Err(BookError::Refused(r)) => Ok(refusal(r)),
        Err(BookError::Db(err)) => Err(err.into()),
    }
}

/// `Cancel` `{meetingId}` → `{success}` before the deadline, code `CancelClosed` after it.
async fn cancel(State(st): State<EmuState>, app: AppSession<Meeting>, params: Params) -> Result<Json<Value>, EmuError> {
    let meeting_id = required(&params, "meetingId")?;
    let now = time::local_iso(local_now(&st));
    let result = {
        let mut conn = st.db();
        meeting::cancel(&mut conn, &app.pupil, meeting_id, &now)
    };
    match result {
        Ok(()) => Ok(Json(json!({ "success": true, "notifications": [] }))),
        Err(BookError::Refused(r)) => Ok(refusal(r)),
        Err(BookError::Db(err)) => Err(err.into()),
    }
}
