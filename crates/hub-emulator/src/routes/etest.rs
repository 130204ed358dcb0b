//! eTest (`onlinetest`, student only; designed in `docs/protocol-extensions.md`): `GetTests`, `Start {id}`,
//! `SaveAnswer {attemptId, questionId, optionIds?, text?}`, `Submit {attemptId}` and `GetResult {id}`.
//!
//! Decisions: a test can be started between `opensAt` and `closesAt` (else code `NotOpen`); one attempt per
//! test, and `Start` on a running attempt resumes it with each question's saved `answer`; `endsAt` is the
//! start plus `durationMinutes`, capped at `closesAt`, after which the server submits (answers after that
//! are refused with `TimeUp`); results exist once the teacher releases them (admin
//! `/admin/etest/release`), else `GetResult` answers code `NotReleased`. Choice questions score their points
//! for exactly the right options; text questions are scored by the teacher, which the emulator models as
//! full points for a non-empty answer.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::db::etest::{self, Answer, Question, Test};
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Module, Params, local_now};
use crate::state::EmuState;
use crate::time;

/// eTest (`onlinetest`), enabled only for the student's own login.
pub(crate) struct OnlineTest;
impl Module for OnlineTest {
    const CODE_NAME: Option<&'static str> = Some("onlinetest");
}

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/onlinetest/onlinetest/gettests", post(get_tests))
        .route("/onlinetest/onlinetest/start", post(start))
        .route("/onlinetest/onlinetest/saveanswer", post(save_answer))
        .route("/onlinetest/onlinetest/submit", post(submit))
        .route("/onlinetest/onlinetest/getresult", post(get_result))
}

fn refusal(code: &str, message: &str) -> Json<Value> {
    Json(json!({
        "success": false,
        "notifications": [{ "type": "Error", "title": "eTest", "message": message, "code": code }],
    }))
}

fn now_iso(st: &EmuState) -> String {
    time::local_iso(local_now(st))
}

/// (score, max score, per-question results).
fn score(questions: &[Question], answers: &[Answer]) -> (i64, i64, Vec<Value>) {
    let mut total = 0;
    let mut results = Vec::new();
    for q in questions {
        let answer = answers.iter().find(|(id, _, _)| *id == q.id);
        let correct = match (q.kind.as_str(), answer) {
            ("text", Some((_, _, Some(text)))) => !text.trim().is_empty(),
            (_, Some((_, chosen, _))) if q.kind != "text" => {
                let mut a = chosen.clone();
                let mut b = q.correct.clone();
                a.sort_unstable();
                b.sort_unstable();
                a == b
            }
            _ => false,
        };
        let points = if correct { q.points } else { 0 };
        total += points;
        results.push(json!({ "id": q.id, "correct": correct, "points": points }));
    }
    (total, questions.iter().map(|q| q.points).sum(), results)
}

fn test_json(t: &Test, score: Option<(i64, i64)>) -> Value {
    json!({
        "id": t.id,
        "title": t.title,
        "subject": t.subject,
        "opensAt": t.opens_at,
        "closesAt": t.closes_at,
        "durationMinutes": t.minutes,
        "status": t.status(),
        "score": score.map(|s| s.0),
        "maxScore": score.map(|s| s.1),
    })
}

async fn get_tests(State(st): State<EmuState>, app: AppSession<OnlineTest>) -> Result<Json<Value>, EmuError> {
    let now = now_iso(&st);
    let items = {
        let conn = st.db();
        etest::auto_submit(&conn, &now)?;
        let mut items = Vec::new();
        for t in etest::tests(&conn, &app.pupil.pupil_id)? {
            let result = match (&t.attempt, t.released) {
                (Some((attempt, _, Some(_))), true) => {
                    let (s, max, _) = score(&etest::questions(&conn, t.id)?, &etest::answers(&conn, *attempt)?);
                    Some((s, max))
                }
                _ => None,
            };
            items.push(test_json(&t, result));
        }
        items
    };
    Ok(Json(json!({ "items": items })))
}

fn id_param(p: &Params, key: &str) -> Result<i64, EmuError> {
    p.i64(key).ok_or_else(|| EmuError::Internal(format!("{key} missing")))
}

async fn start(State(st): State<EmuState>, app: AppSession<OnlineTest>, p: Params) -> Result<Json<Value>, EmuError> {
    let id = id_param(&p, "id")?;
    let now = now_iso(&st);
    let conn = st.db();
    etest::auto_submit(&conn, &now)?;
    let Some(test) = etest::test(&conn, &app.pupil.pupil_id, id)? else {
        return Err(EmuError::Internal("no such test".into()));
    };
    let (attempt, ends_at) = match &test.attempt {
        Some((_, _, Some(_))) => return Ok(refusal("AlreadySubmitted", "Du har redan lämnat in provet.")),
        Some((attempt, ends, None)) => (*attempt, ends.clone()),
        None => {
            if now < test.opens_at || now >= test.closes_at {
                return Ok(refusal("NotOpen", "Provet är inte öppet just nu."));
            }
            let end = local_now(&st) + TimeDelta::minutes(test.minutes);
            let ends = time::local_iso(end).min(test.closes_at.clone());
            (etest::start_attempt(&conn, id, &now, &ends)?, ends)
        }
    };
    let answers = etest::answers(&conn, attempt)?;
    let questions: Vec<Value> = etest::questions(&conn, id)?
        .iter()
        .map(|q| {
            let saved = answers
                .iter()
                .find(|(qid, _, _)| *qid == q.id)
                .map(|(_, ids, text)| json!({ "optionIds": ids, "text": text }));
            json!({ "id": q.id, "type": q.kind, "text": q.text, "options": q.options, "answer": saved })
        })
        .collect();
    Ok(Json(
        json!({ "attemptId": attempt, "endsAt": ends_at, "questions": questions }),
    ))
}

/// The running (unsubmitted) attempt's test, or the refusal to answer with.
fn running(
    conn: &rusqlite::Connection,
    app: &AppSession<OnlineTest>,
    attempt: i64,
) -> Result<Result<Test, Json<Value>>, EmuError> {
    let Some(test) = etest::test_of_attempt(conn, &app.pupil.pupil_id, attempt)? else {
        return Err(EmuError::Internal("no such attempt".into()));
    };
    if matches!(test.attempt, Some((_, _, Some(_)))) {
        return Ok(Err(refusal("TimeUp", "Provet är inlämnat.")));
    }
    Ok(Ok(test))
}

async fn save_answer(
    State(st): State<EmuState>,
    app: AppSession<OnlineTest>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let attempt = id_param(&p, "attemptId")?;
    let question = id_param(&p, "questionId")?;
    let option_ids: Vec<i64> = match p.get("optionIds") {
        Some(Value::Array(ids)) => ids
            .iter()
            .filter_map(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
            .collect(),
        Some(Value::String(s)) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Some(Value::Number(n)) => n.as_i64().into_iter().collect(),
        _ => Vec::new(),
    };
    let text = p.get("text").and_then(Value::as_str).map(str::to_owned);
    let conn = st.db();
    etest::auto_submit(&conn, &now_iso(&st))?;
    let test = match running(&conn, &app, attempt)? {
        Ok(test) => test,
        Err(refused) => return Ok(refused),
    };
    if !etest::questions(&conn, test.id)?.iter().any(|q| q.id == question) {
        return Err(EmuError::Internal("no such question".into()));
    }
    etest::save_answer(&conn, attempt, question, &option_ids, text.as_deref())?;
    Ok(Json(json!({ "success": true, "notifications": [] })))
}

async fn submit(State(st): State<EmuState>, app: AppSession<OnlineTest>, p: Params) -> Result<Json<Value>, EmuError> {
    let attempt = id_param(&p, "attemptId")?;
    let now = now_iso(&st);
    let conn = st.db();
    etest::auto_submit(&conn, &now)?;
    if let Err(refused) = running(&conn, &app, attempt)? {
        return Ok(refused);
    }
    etest::submit(&conn, attempt, &now)?;
    Ok(Json(json!({ "success": true, "submittedAt": now })))
}

async fn get_result(
    State(st): State<EmuState>,
    app: AppSession<OnlineTest>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let id = id_param(&p, "id")?;
    let conn = st.db();
    etest::auto_submit(&conn, &now_iso(&st))?;
    let Some(test) = etest::test(&conn, &app.pupil.pupil_id, id)? else {
        return Err(EmuError::Internal("no such test".into()));
    };
    let Some((attempt, _, Some(_))) = test.attempt.clone().filter(|_| test.released) else {
        return Ok(refusal("NotReleased", "Resultatet är inte publicerat ännu."));
    };
    let (total, max, questions) = score(&etest::questions(&conn, id)?, &etest::answers(&conn, attempt)?);
    Ok(Json(json!({
        "score": total,
        "maxScore": max,
        "questions": questions,
        "teacherComment": test.teacher_comment,
    })))
}
