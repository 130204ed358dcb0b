//! Kontaktlista (protocol §4.13: `classlist/classlist/appData`, `GetPupil`, `GetStaff`, `GetClassList`) and
//! account preferences (§4.17 `account/preferences/appData`, plus the designed `SavePrivacy`).
//!
//! Contact visibility: a guardian's hidden fields are `null` (and the matching `canView*` false) for every
//! other viewer, immediately after `SavePrivacy`; guardians always see their own details. A pupil whose
//! guardian turned off `isChildVisibleInContactList` disappears from other families' class lists. Students
//! get the privacy policy only (`onlyShowPrivacyPolicy:true`) and `SavePrivacy` refuses them with
//! `NotAllowed`.

use axum::Router;
use axum::extract::State;
use axum::response::Json;
use axum::routing::post;
use serde_json::{Value, json};

use crate::db::classlist::{self, Guardian, Privacy, Staff};
use crate::db::{self, Role};
use crate::error::EmuError;
use crate::routes::gate::{Always, AppSession, Module, Params};
use crate::state::EmuState;

/// Kontaktlista (`classlist`).
pub(crate) struct ClassList;
impl Module for ClassList {
    const CODE_NAME: Option<&'static str> = Some("classlist");
}

/// The demo school's establishment id, as the class list spells it.
const ESTABLISHMENT_ID: &str = "4100000001";

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/classlist/classlist/appdata", post(app_data))
        .route("/classlist/classlist/getclasslist", post(get_class_list))
        .route("/classlist/classlist/getpupil", post(get_pupil))
        .route("/classlist/classlist/getstaff", post(get_staff))
        .route("/account/preferences/appdata", post(preferences))
        .route("/account/preferences/saveprivacy", post(save_privacy))
        .route("/account/preferences/save", post(save_settings))
        .route("/account/preferences/updatenotification", post(update_notification))
}

fn group_config(st: &EmuState, app: &AppSession<ClassList>) -> Result<Value, EmuError> {
    let (members, staff) = {
        let conn = st.db();
        (
            classlist::class_members(&conn, app.pupil.school_id, &app.pupil.class_name, &app.session.user.id)?,
            classlist::class_staff(&conn, app.pupil.school_id, &app.pupil.class_name)?,
        )
    };
    let pupils: Vec<Value> = members
        .iter()
        .map(|m| {
            json!({ "id": m.id, "name": m.name, "address": null, "phone": null, "email": null,
                    "canReceiveEmail": false, "establishmentId": ESTABLISHMENT_ID })
        })
        .collect();
    let staff: Vec<Value> = staff
        .iter()
        .map(|s| {
            json!({ "id": s.id, "name": s.name, "address": null, "phone": s.phone, "email": s.email,
                    "canReceiveEmail": true, "establishmentId": ESTABLISHMENT_ID })
        })
        .collect();
    Ok(json!([
        { "id": format!("class-{}", app.pupil.class_name), "title": format!("Klass {}", app.pupil.class_name),
          "isStaffGroup": false, "items": pupils },
        { "id": "staff", "title": "Personal", "isStaffGroup": true, "items": staff },
    ]))
}

async fn app_data(State(st): State<EmuState>, app: AppSession<ClassList>) -> Result<Json<Value>, EmuError> {
    Ok(Json(json!({
        "groupConfig": group_config(&st, &app)?,
        "urls": {
            "getClassList": "/ClassList/classlist/GetClassList",
            "uploadFileUrl": "/ClassList/classlist/UploadFile",
            "getPupil": "/ClassList/classlist/GetPupil",
            "getStaff": "/ClassList/classlist/GetStaff",
            "bulkEmailForm": "/ClassList/classlist/BulkEmailForm",
            "emailForm": "/ClassList/classlist/EmailForm",
            "sendEmail": "/ClassList/classlist/SendEmail",
        },
        "userConfig": { "canSendEmail": false, "canViewPhone": true, "isPupil": app.is_student() },
        "fileUploadConfig": { "allowedMimeTypes": ["application/pdf", "image/jpeg", "image/png"], "maxUploadSize": 10_485_760 },
        "translations": { "title": "Kontaktlista", "staff": "Personal", "guardians": "Vårdnadshavare" },
    })))
}

/// `GetClassList` `{}` / `{id:"-1"}`: the groups again.
async fn get_class_list(
    State(st): State<EmuState>,
    app: AppSession<ClassList>,
    _p: Params,
) -> Result<Json<Value>, EmuError> {
    Ok(Json(json!({ "groupConfig": group_config(&st, &app)? })))
}

fn guardian_json(g: &Guardian, privacy: Privacy, own: bool) -> Value {
    let show = |flag: bool, value: &Option<String>| if own || flag { value.clone() } else { None };
    json!({
        "relation": g.relation,
        "canEmail": own || privacy.show_email,
        "canViewName": own || privacy.show_name,
        "canViewMobile": own || privacy.show_mobile,
        "canViewAddress": own || privacy.show_address,
        "canViewPhone": own || privacy.show_phone,
        "canViewEmail": own || privacy.show_email,
        "id": g.id,
        "name": if own || privacy.show_name { Value::from(g.name.clone()) } else { Value::Null },
        "groups": null,
        "address": show(privacy.show_address, &g.address),
        "phone": show(privacy.show_phone, &g.phone),
        "mobile": show(privacy.show_mobile, &g.mobile),
        "email": show(privacy.show_email, &g.email),
        "isTutor": false,
    })
}

/// `GetPupil {id, establishmentId}`: a pupil of the class and its guardians, filtered by their privacy.
async fn get_pupil(State(st): State<EmuState>, app: AppSession<ClassList>, p: Params) -> Result<Json<Value>, EmuError> {
    let id = p.str("id").ok_or_else(|| EmuError::Internal("id missing".into()))?;
    let viewer = &app.session.user.id;
    let (name, class, parents) = {
        let conn = st.db();
        let Some((name, class, guardians)) = classlist::member_guardians(&conn, app.pupil.school_id, &id)? else {
            return Err(EmuError::Internal("no such pupil".into()));
        };
        let mut parents = Vec::with_capacity(guardians.len());
        for g in &guardians {
            let (privacy, own) = match &g.user_id {
                Some(user) => (classlist::privacy(&conn, user)?, user == viewer),
                None => (Privacy::default(), false),
            };
            parents.push(guardian_json(g, privacy, own));
        }
        (name, class, parents)
    };
    Ok(Json(json!({
        "details": {
            "groups": [class],
            "isTutor": false,
            "id": id,
            "name": name,
            "address": null,
            "phone": null,
            "mobile": null,
            "canViewAddresses": false,
            "canViewPhone": false,
            "canViewRelationship": true,
        },
        "parents": parents,
    })))
}

fn staff_json(s: &Staff) -> Value {
    json!({
        "appointmentHours": s.appointment_hours,
        "pictureUrl": format!("/ClassList/ClassList/GetStaffPicture?id={}", s.id),
        "id": s.id,
        "name": s.name,
        "title": s.title,
        "groups": [s.class_name],
        "address": null,
        "phone": s.phone,
        "mobile": null,
        "email": s.email,
        "isTutor": s.title == "Mentor",
        "canViewAddresses": false,
        "canViewPhone": true,
        "canViewRelationship": false,
    })
}

/// `GetStaff {id, establishmentId}`.
async fn get_staff(State(st): State<EmuState>, app: AppSession<ClassList>, p: Params) -> Result<Json<Value>, EmuError> {
    let id = p.str("id").ok_or_else(|| EmuError::Internal("id missing".into()))?;
    let staff = {
        let conn = st.db();
        classlist::staff(&conn, app.pupil.school_id, &id)?
    };
    let Some(s) = staff else {
        return Err(EmuError::Internal("no such staff member".into()));
    };
    Ok(Json(json!({ "details": staff_json(&s), "parents": [] })))
}

/// `account/preferences/appData`: language, privacy (contact visibility) and push-notification settings.
async fn preferences(State(st): State<EmuState>, app: AppSession<Always>) -> Result<Json<Value>, EmuError> {
    let user = &app.session.user;
    let is_pupil = user.role == Role::Pupil;
    let (username, privacy, pupils, culture, push) = {
        let conn = st.db();
        let mut push = Vec::with_capacity(classlist::PUSH_TYPES.len());
        for (id, app, kind, text) in classlist::PUSH_TYPES {
            let selected = classlist::push_selected(&conn, &user.id, id)?;
            push.push(json!({
                "id": id, "appCodeName": app, "typeName": kind, "typeDescription": text, "isSelected": selected,
            }));
        }
        (
            classlist::username(&conn, &user.id)?,
            classlist::privacy(&conn, &user.id)?,
            db::account_pupils(&conn, &user.id)?,
            classlist::culture(&conn, &user.id)?,
            push,
        )
    };
    let languages: Vec<Value> = classlist::LANGUAGES
        .iter()
        .map(|(code, name)| json!({ "key": code, "value": name, "cultureCode": code, "selected": *code == culture }))
        .collect();
    Ok(Json(json!({
        "translations": { "title": "Inställningar", "privacy": "Sekretess", "showPhone": "Visa telefonnummer" },
        "privacyUrl": "https://www.infomentor.se/integritetspolicy",
        "sections": {
            "accountSettings": {
                "languageOptions": languages,
                "username": username,
                "showUsername": true,
                "codeName": "accountSettings",
                "title": "Kontoinställningar",
                "urls": { "save": "/account/preferences/Save" },
            },
            "privacy": {
                "showName": privacy.show_name,
                "showAddress": privacy.show_address,
                "showPhone": privacy.show_phone,
                "showMobile": privacy.show_mobile,
                "showEmail": privacy.show_email,
                "pupils": pupils.iter().map(|p| json!({ "id": p.pupil_id, "name": format!("{} {}", p.first_name, p.last_name) })).collect::<Vec<_>>(),
                "studentId": if is_pupil { pupils.first().map(|p| Value::from(p.pupil_id.clone())).unwrap_or(Value::Null) } else { Value::Null },
                "onlyShowPrivacyPolicy": is_pupil,
                "isChildVisibleInContactList": privacy.child_visible,
                "urls": { "savePrivacy": "/account/preferences/SavePrivacy" },
            },
            "pushNotifications": {
                "notifications": push,
                "urls": { "updateNotification": "/account/preferences/UpdateNotification" },
            },
        },
    })))
}

/// `SavePrivacy {showName, showAddress, showPhone, showMobile, showEmail, isChildVisibleInContactList?}`;
/// omitted fields keep their value.
async fn save_privacy(State(st): State<EmuState>, app: AppSession<Always>, p: Params) -> Result<Json<Value>, EmuError> {
    if app.is_student() {
        return Ok(Json(json!({
            "success": false,
            "notifications": [{ "type": "Error", "title": "Sekretess", "message": "Elever kan inte ändra kontaktuppgifternas synlighet.", "code": "NotAllowed" }],
        })));
    }
    let user_id = &app.session.user.id;
    {
        let conn = st.db();
        let old = classlist::privacy(&conn, user_id)?;
        let new = Privacy {
            show_name: p.bool("showName").unwrap_or(old.show_name),
            show_address: p.bool("showAddress").unwrap_or(old.show_address),
            show_phone: p.bool("showPhone").unwrap_or(old.show_phone),
            show_mobile: p.bool("showMobile").unwrap_or(old.show_mobile),
            show_email: p.bool("showEmail").unwrap_or(old.show_email),
            child_visible: p.bool("isChildVisibleInContactList").unwrap_or(old.child_visible),
        };
        classlist::save_privacy(&conn, user_id, new)?;
    }
    Ok(Json(json!({ "success": true, "notifications": [] })))
}

fn refusal(code: &str, message: &str) -> Json<Value> {
    Json(json!({
        "success": false,
        "notifications": [{ "type": "Error", "title": "Inställningar", "message": message, "code": code }],
    }))
}

/// `Save {cultureCode}` (or `key`, the option's key): the account's language; unknown codes get
/// `InvalidLanguage`, a missing one is an HTTP 500.
async fn save_settings(
    State(st): State<EmuState>,
    app: AppSession<Always>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let Some(code) = p.str("cultureCode").or_else(|| p.str("key")) else {
        return Err(EmuError::Internal("Save needs a cultureCode".into()));
    };
    let Some((code, _)) = classlist::LANGUAGES.iter().find(|(c, _)| c.eq_ignore_ascii_case(&code)) else {
        return Ok(refusal("InvalidLanguage", "Språket finns inte."));
    };
    {
        let conn = st.db();
        classlist::save_culture(&conn, &app.session.user.id, code)?;
    }
    Ok(Json(json!({ "success": true, "notifications": [] })))
}

/// `UpdateNotification {id, isSelected}`: one push-notification type on or off; unknown ids get `NotFound`,
/// missing fields are an HTTP 500.
async fn update_notification(
    State(st): State<EmuState>,
    app: AppSession<Always>,
    p: Params,
) -> Result<Json<Value>, EmuError> {
    let (Some(id), Some(selected)) = (p.i64("id"), p.bool("isSelected")) else {
        return Err(EmuError::Internal("UpdateNotification needs id and isSelected".into()));
    };
    if !classlist::PUSH_TYPES.iter().any(|t| t.0 == id) {
        return Ok(refusal("NotFound", "Aviseringstypen finns inte."));
    }
    {
        let conn = st.db();
        classlist::save_push(&conn, &app.session.user.id, id, selected)?;
    }
    Ok(Json(json!({ "success": true, "notifications": [] })))
}
