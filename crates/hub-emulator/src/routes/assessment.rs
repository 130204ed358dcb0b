//! Bedömningar (protocol §4.8) behind the BankID step-up of `docs/protocol-extensions.md`:
//! - `assessmentv2/assessmentv2/appData` (GET or POST, query `codename`, `tab`, `_`) always answers; while
//!   the hub session is not strongly authenticated it carries `thirdSecurityInitData:{required:true,
//!   methods:["bankid"]}` and empty data (no navigation items, no grade terms); once strong,
//!   `thirdSecurityInitData` is `null` and `gradeReportTerms` has the ETM shape;
//! - the data endpoints (`GetNavigationItems`, `Grades/GetGrades`, `AssessmentV2Grid/GetItems/{id}`,
//!   `AssessmentV2Task/GetItems/{id}`) refuse a weak session with HTTP 200 `{success:false,
//!   thirdSecurityInitData, notifications:[{…, code:"StrongAuthenticationRequired"}]}`.
//! - självskattning: `AssessmentV2SelfAssessment/GetItems/{id}` and `GetDialog` read (both roles, the guardian
//!   read-only) and the designed `UpdateSelfAssessment` write (the pupil's own account only).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Json;
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::db::assessment::{self, Aspect, Context, SelfAssessment, Term};
use crate::demo;
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Assessments, Params, local_now};
use crate::state::EmuState;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/assessmentv2/assessmentv2/appdata", get(app_data).post(app_data))
        .route(
            "/assessmentv2/assessmentv2/getnavigationitems",
            get(navigation_items).post(navigation_items),
        )
        .route("/assessmentv2/grades/getgrades", post(get_grades).get(get_grades))
        .route(
            "/assessmentv2/assessmentv2grid/getitems/{id}",
            get(grid_items).post(grid_items),
        )
        .route(
            "/assessmentv2/assessmentv2task/getitems/{id}",
            get(task_items).post(task_items),
        )
        .route(
            "/assessmentv2/assessmentv2task/getdialog",
            get(statement_dialog).post(statement_dialog),
        )
        .route(
            "/assessmentv2/assessmentv2grid/getdialog",
            get(statement_dialog).post(statement_dialog),
        )
        .route(
            "/assessmentv2/summaryassessments/getsummaryassessmentslgr22",
            get(summary_lgr22).post(summary_lgr22),
        )
        .route(
            "/assessmentv2/assessmentv2selfassessment/getitems/{id}",
            get(self_items).post(self_items),
        )
        .route(
            "/assessmentv2/assessmentv2selfassessment/getdialog",
            get(self_dialog).post(self_dialog),
        )
        .route(
            "/assessmentv2/assessmentv2selfassessment/updateselfassessment",
            post(update_self),
        )
}

fn third_security(strong: bool) -> Value {
    if strong {
        Value::Null
    } else {
        json!({ "required": true, "methods": ["bankid"] })
    }
}

/// The refusal of a data endpoint to a session without the step-up.
fn step_up_required() -> Json<Value> {
    Json(json!({
        "success": false,
        "thirdSecurityInitData": third_security(false),
        "notifications": [{
            "type": "Error",
            "title": "Säkrare inloggning krävs",
            "message": "Logga in med BankID för att se bedömningar och betyg.",
            "code": "StrongAuthenticationRequired",
        }],
    }))
}

fn current_year(st: &EmuState) -> i64 {
    i64::from(assessment::academic_year(local_now(st).date()))
}

fn grade(value: &str) -> Value {
    json!({ "value": value, "isFinal": false })
}

/// `subjectGradesListModel` of a term; `previous` gives `pastGrade`.
fn grades_model(term: &Term, previous: Option<&Term>, with_merit: bool) -> Value {
    let subjects: Vec<Value> = term
        .grades
        .iter()
        .map(|(subject, value)| {
            let past = previous
                .and_then(|p| p.grades.iter().find(|(s, _)| s == subject))
                .map(|(_, v)| grade(v));
            json!({
                "pastGrade": past,
                "subjectName": subject,
                "currentGrade": grade(value),
                "showPrimarySchoolLabel": false,
            })
        })
        .collect();
    let mut model = json!({
        "hasPrimarySchoolGrade": false,
        "isFirstGradingTerm": term.sort == 0,
        "comment": term.comment,
        "specialAidComment": "",
        "subjectsGradeData": subjects,
        "onHoldSubjectsGradeData": [],
    });
    if with_merit {
        // Merit values are given from år 9 only.
        model["meritValue"] = Value::Null;
    }
    model
}

fn grade_terms(terms: &[Term]) -> Vec<Value> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let previous = i.checked_sub(1).and_then(|p| terms.get(p));
            json!({
                "key": t.id.to_string(),
                "value": t.label,
                "selected": i + 1 == terms.len(),
                "subjectGradesListModel": grades_model(t, previous, true),
            })
        })
        .collect()
}

fn navigation_model(contexts: &[Context], selfs: &[SelfAssessment]) -> Value {
    let grids: Vec<Value> = contexts
        .iter()
        .filter(|c| c.kind == "grid")
        .map(|c| json!({ "hasNew": c.has_new, "title": c.title, "id": c.id }))
        .collect();
    let mut subjects: Vec<&str> = contexts
        .iter()
        .map(|c| c.subject.as_str())
        .chain(selfs.iter().map(|s| s.subject.as_str()))
        .collect();
    subjects.sort_unstable();
    subjects.dedup();
    let navigation: Vec<Value> = (1i64..)
        .zip(subjects)
        .map(|(id, subject)| {
            let of = |kind: &'static str| contexts.iter().filter(move |c| c.subject == subject && c.kind == kind);
            let linked_grids: Vec<i64> = of("grid").map(|c| c.id).collect();
            let linked_tasks: Vec<Value> = of("task").map(|c| json!({ "id": c.id, "isNew": c.has_new })).collect();
            let linked_selfs: Vec<i64> = selfs.iter().filter(|s| s.subject == subject).map(|s| s.id).collect();
            json!({
                "id": id,
                "title": subject,
                "linkedGrids": linked_grids,
                "linkedTasks": linked_tasks,
                "linkedLearningSteps": [],
                "linkedUols": [],
                "linkedSelfAssessments": linked_selfs,
                "isOtherAssessment": false,
                "hasGrids": !linked_grids.is_empty(),
                "hasTasks": !linked_tasks.is_empty(),
                "hasUols": false,
                "hasLearningSteps": false,
                "hasSelfAssessments": !linked_selfs.is_empty(),
                "hasNew": contexts.iter().any(|c| c.subject == subject && c.has_new),
            })
        })
        .collect();
    json!({
        "uolItemsList": [],
        "gridItemsList": grids,
        "selfAssessmentItemsList": selfs
            .iter()
            .map(|s| json!({ "hasNew": false, "title": s.title, "id": s.id }))
            .collect::<Vec<_>>(),
        "navigationItemsList": navigation,
    })
}

async fn app_data(State(st): State<EmuState>, app: AppSession<Assessments>) -> Result<Json<Value>, EmuError> {
    let strong = app.session.strong;
    let year = current_year(&st);
    let (terms, contexts, selfs) = if strong {
        let conn = st.db();
        (
            assessment::terms(&conn, &app.pupil.pupil_id)?,
            assessment::contexts(&conn, &app.pupil.pupil_id, year)?,
            assessment::self_assessments(&conn, &app.pupil.pupil_id, year)?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(Json(json!({
        "navigationModel": navigation_model(&contexts, &selfs),
        "academicYearItems": [{ "key": year.to_string(), "value": format!("{year}/{}", year + 1), "selected": true }],
        "enableGradeReport": true,
        "gradeReportTerms": grade_terms(&terms),
        "summaryAssessmentTerms": [],
        "summaryAssessmentTermsLgr22": [],
        "enableSummaryAssessment": false,
        "enableSummaryAssessmentLgr22": false,
        "isGymnasium": false,
        "isImpersonator": false,
        "thirdSecurityInitData": third_security(strong),
        "translations": {
            "title": "Bedömningar",
            "grades": "Betyg",
            "notAssessed": "Ej bedömd",
            "stepUpTitle": "Säkrare inloggning krävs",
            "stepUpText": "Logga in med BankID för att se bedömningar och betyg.",
        },
        "urls": {
            "getNavigationData": "/AssessmentV2/AssessmentV2/GetNavigationItems",
            "getGridItems": "/AssessmentV2/AssessmentV2Grid/GetItems/",
            "getTaskItems": "/AssessmentV2/AssessmentV2Task/GetItems/",
            "getGrades": "/AssessmentV2/Grades/GetGrades",
            "getSelfAssessmentItems": "/AssessmentV2/AssessmentV2SelfAssessment/GetItems/",
            "getSelfAssessmentDialog": "/AssessmentV2/AssessmentV2SelfAssessment/GetDialog/",
            "updateSelfAssessment": "/AssessmentV2/AssessmentV2SelfAssessment/UpdateSelfAssessment",
            "stepUpStart": "/authentication/stepup/Start",
            "stepUpCollect": "/authentication/stepup/Collect",
            "stepUpCancel": "/authentication/stepup/Cancel",
        },
    })))
}

async fn navigation_items(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    if !app.session.strong {
        return Ok(step_up_required());
    }
    let year = p.i64("academicYearId").unwrap_or_else(|| current_year(&st));
    let (contexts, selfs) = {
        let conn = st.db();
        (
            assessment::contexts(&conn, &app.pupil.pupil_id, year)?,
            assessment::self_assessments(&conn, &app.pupil.pupil_id, year)?,
        )
    };
    Ok(Json(navigation_model(&contexts, &selfs)))
}

/// `Grades/GetGrades {termId}`; a missing term id is an HTTP 500, an unknown one an empty list.
async fn get_grades(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    if !app.session.strong {
        return Ok(step_up_required());
    }
    let term_id = p
        .i64("termId")
        .ok_or_else(|| EmuError::Internal("termId missing".into()))?;
    let terms = {
        let conn = st.db();
        assessment::terms(&conn, &app.pupil.pupil_id)?
    };
    let empty = Term {
        id: term_id,
        label: String::new(),
        sort: 1,
        comment: String::new(),
        grades: Vec::new(),
    };
    let index = terms.iter().position(|t| t.id == term_id);
    let term = index.and_then(|i| terms.get(i)).unwrap_or(&empty);
    let previous = index.and_then(|i| i.checked_sub(1)).and_then(|i| terms.get(i));
    Ok(Json(grades_model(term, previous, false)))
}

fn statement_json(s: &assessment::Statement) -> Value {
    let marked = s.mark.is_some();
    json!({
        "id": s.id,
        "text": s.text,
        "headerLabel": s.header,
        "aspectType": "Statement",
        "parentId": null,
        "groupedCompetenceId": null,
        "row": s.row,
        "order": s.row,
        "mark": s.mark,
        "markId": marked.then_some(s.id * 10),
        "markTextValue": s.mark,
        "markNumericValue": null,
        "hasComment": false,
        "hasEvidence": false,
        "markSchemeType": "Text",
        "templateId": null,
        "hasValue": marked,
        "iconUrl": null,
        "markOptionColour": s.colour,
        "markLastUpdated": s.marked_at,
        "dateStamp": s.marked_at,
        "orderingDate": s.marked_at,
        "isBlankMark": !marked,
        "showMark": marked,
        "isPublished": true,
        "latestGeneralComment": null,
        "latestGeneralCommentDate": null,
        "isLaroplan": true,
        "nameStamp": s.marked_by,
    })
}

async fn items(st: &EmuState, app: &AppSession<Assessments>, kind: &str, id: &str) -> Result<Json<Value>, EmuError> {
    if !app.session.strong {
        return Ok(step_up_required());
    }
    let id: i64 = id.parse().map_err(|_| EmuError::Internal("bad id".into()))?;
    let context = {
        let conn = st.db();
        assessment::context(&conn, &app.pupil.pupil_id, kind, id)?
    };
    let Some(c) = context else {
        return Err(EmuError::Internal("no such assessment context".into()));
    };
    Ok(Json(json!({
        "title": c.title,
        "contextId": c.id,
        "contextType": if kind == "grid" { "Grid" } else { "Task" },
        "statementItemsList": c.statements.iter().map(statement_json).collect::<Vec<_>>(),
        "parentItemsList": [],
        "templateItemsList": [],
        "hasNew": c.has_new,
        "hasReports": false,
    })))
}

async fn grid_items(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    Path(id): Path<String>,
) -> Result<Json<Value>, EmuError> {
    items(&st, &app, "grid", &id).await
}

async fn task_items(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    Path(id): Path<String>,
) -> Result<Json<Value>, EmuError> {
    items(&st, &app, "task", &id).await
}

/// `GetDialog/?id=<statement id>`: the statement's mark history (one mark, or none when unassessed).
async fn statement_dialog(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    if !app.session.strong {
        return Ok(step_up_required());
    }
    let id = p.i64("id").ok_or_else(|| EmuError::Internal("id missing".into()))?;
    let contexts = {
        let conn = st.db();
        assessment::contexts(&conn, &app.pupil.pupil_id, current_year(&st))?
    };
    let Some((context, s)) = contexts
        .iter()
        .find_map(|c| c.statements.iter().find(|s| s.id == id).map(|s| (c, s)))
    else {
        return Err(EmuError::Internal("no such statement".into()));
    };
    let marks: Vec<Value> = s
        .mark
        .as_ref()
        .map(|mark| {
            json!({
                "mark": mark,
                "dateStamp": s.marked_at,
                "dateModified": s.marked_at,
                "id": s.id * 10,
                "comments": [],
                "aspectId": s.id,
                "markOptionId": s.id * 10 + 1,
                "markSchemeId": 3,
                "hasComment": false,
                "hasValue": true,
                "markNumericValue": null,
                "markTextValue": mark,
                "nameStamp": s.marked_by,
                "iconUrl": null,
                "markOptionColour": s.colour,
                "markSchemeType": "Text",
                "isBlankMark": false,
                "statementText": s.text,
            })
        })
        .into_iter()
        .collect();
    Ok(Json(json!({
        "marks": marks,
        "evidence": [],
        "statements": [],
        "dateStamp": s.marked_at,
        "nameStamp": s.marked_by,
        "text": s.text,
        "headerLabel": s.header,
        "title": context.title,
        "id": s.id,
    })))
}

/// `GetSummaryAssessmentsLgr22 termId="<k1>,<k2>"`: no summary assessments in the demo school.
async fn summary_lgr22(app: AppSession<Assessments>) -> Json<Value> {
    if !app.session.strong {
        return step_up_required();
    }
    Json(json!({ "summaryAssessmentMarks": [] }))
}

/// The pupil's self-assessments of the current academic year, or the step-up refusal.
fn load_selfs(st: &EmuState, app: &AppSession<Assessments>) -> Result<Vec<SelfAssessment>, EmuError> {
    let conn = st.db();
    Ok(assessment::self_assessments(
        &conn,
        &app.pupil.pupil_id,
        current_year(st),
    )?)
}

fn self_option(id: Option<i64>) -> Option<(i64, i64, &'static str, &'static str)> {
    id.and_then(|id| demo::SELF_SCHEME.1.iter().copied().find(|o| o.0 == id))
}

fn aspect_json(a: &Aspect) -> Value {
    let option = self_option(a.option_id);
    json!({
        "id": a.id,
        "text": a.text,
        "headerLabel": a.header,
        "aspectType": "Statement",
        "row": a.row,
        "order": a.row,
        "mark": null,
        "markOptionColour": null,
        "hasValue": false,
        "isBlankMark": true,
        "showMark": false,
        "isPublished": true,
        "selfAssessment": {
            "markOptionId": option.map(|o| o.0),
            "value": option.map(|o| o.1),
            "label": option.map(|o| o.2),
            "colour": option.map(|o| o.3),
            "comment": a.comment,
            "dateModified": a.updated_at,
        },
    })
}

/// `AssessmentV2SelfAssessment/GetItems/{id}?academicYearId=`: the §4.8 items shape with `contextType`
/// `"SelfAssessment"` and each statement's `selfAssessment{markOptionId, value, label, colour, comment,
/// dateModified}` (nulls until rated); an unknown or foreign id is an HTTP 500.
async fn self_items(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    Path(id): Path<String>,
) -> Result<Json<Value>, EmuError> {
    if !app.session.strong {
        return Ok(step_up_required());
    }
    let id: i64 = id.parse().map_err(|_| EmuError::Internal("bad id".into()))?;
    let selfs = load_selfs(&st, &app)?;
    let Some(sa) = selfs.iter().find(|s| s.id == id) else {
        return Err(EmuError::Internal("no such self-assessment".into()));
    };
    Ok(Json(json!({
        "title": sa.title,
        "contextId": sa.id,
        "contextType": "SelfAssessment",
        "statementItemsList": sa.aspects.iter().map(aspect_json).collect::<Vec<_>>(),
        "parentItemsList": [],
        "templateItemsList": [],
        "hasNew": false,
        "hasReports": false,
    })))
}

/// `AssessmentV2SelfAssessment/GetDialog/?uol=<self-assessment id>&aspectId=<statement id>`: the mark scheme to
/// choose from, read-only except for the pupil's own account.
async fn self_dialog(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    if !app.session.strong {
        return Ok(step_up_required());
    }
    let aspect_id = p
        .i64("aspectId")
        .ok_or_else(|| EmuError::Internal("aspectId missing".into()))?;
    let selfs = load_selfs(&st, &app)?;
    let uol = p.i64("uol");
    let Some(aspect) = selfs
        .iter()
        .filter(|s| uol.is_none_or(|u| u == s.id))
        .find_map(|s| s.aspects.iter().find(|a| a.id == aspect_id))
    else {
        return Err(EmuError::Internal("no such aspect".into()));
    };
    let (scheme, options) = demo::SELF_SCHEME;
    let readonly = !app.is_student();
    let comments: Vec<Value> = if aspect.comment.is_empty() {
        Vec::new()
    } else {
        vec![json!({ "text": aspect.comment, "dateTime": aspect.updated_at, "author": app.pupil.first_name })]
    };
    Ok(Json(json!({
        "comments": comments,
        "assessmentMarkId": aspect.option_id.map(|_| aspect.id * 10),
        "aspectMarkSchemeId": scheme,
        "markSchemes": [{
            "id": scheme,
            "isCurrentMarkScheme": true,
            "title": "Självskattning",
            "markInterval": 1,
            "maximumMark": 3,
            "minimumMark": 1,
            "markSchemeType": "Text",
            "markOptions": options.iter().map(|(id, value, label, colour)| json!({
                "id": id, "value": value, "label": label, "colour": colour, "iconUrl": null, "altText": label,
                "ordering": value, "markSchemeId": scheme,
            })).collect::<Vec<_>>(),
        }],
        "isReadonly": readonly,
        "decimalSeparator": ",",
        "readOnlyMessage": if readonly { "Självskattningen görs av eleven." } else { "" },
        "selectedMarkOptionId": aspect.option_id,
    })))
}

fn self_refusal(code: &str, message: &str) -> Json<Value> {
    Json(json!({
        "success": false,
        "notifications": [{ "type": "Error", "title": "Självskattning", "message": message, "code": code }],
    }))
}

/// `UpdateSelfAssessment {aspectId, markOptionId, comment?}` (the appData `urls` name): the pupil rates an aspect.
/// Guardians get `NotAllowed`, an option outside the scheme `InvalidMark`; a missing field or another pupil's
/// aspect is an HTTP 500.
async fn update_self(
    State(st): State<EmuState>,
    app: AppSession<Assessments>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    if !app.session.strong {
        return Ok(step_up_required());
    }
    if !app.is_student() {
        return Ok(self_refusal("NotAllowed", "Självskattningen görs av eleven."));
    }
    let (Some(aspect_id), Some(option_id)) = (p.i64("aspectId"), p.i64("markOptionId")) else {
        return Err(EmuError::Internal("aspectId and markOptionId are required".into()));
    };
    if self_option(Some(option_id)).is_none() {
        return Ok(self_refusal("InvalidMark", "Välj ett av alternativen."));
    }
    let comment = p
        .get("comment")
        .and_then(Value::as_str)
        .map(str::trim)
        .map(str::to_owned);
    let now = crate::time::local_iso(local_now(&st));
    let rated = {
        let conn = st.db();
        assessment::rate_aspect(
            &conn,
            &app.pupil.pupil_id,
            aspect_id,
            option_id,
            comment.as_deref(),
            &now,
        )?
    };
    if !rated {
        return Err(EmuError::Internal("no such aspect".into()));
    }
    Ok(Json(json!({ "success": true, "notifications": [] })))
}
