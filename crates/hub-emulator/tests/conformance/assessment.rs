//! Bedömningar (protocol §4.8) behind the BankID step-up of `docs/protocol-extensions.md`: appData's
//! `thirdSecurityInitData`, the refusal of data endpoints to a weak session, Start/Collect/Cancel with the
//! animated QR and timeouts on the emulator clock, and the grade and statement shapes once strong.

use hub_emulator::Urls;
use serde_json::{Value, json};

use crate::support::*;

const APP_DATA: &str = "/assessmentv2/assessmentv2/appData?codename=assessmentsv2&tab=main&_=1767225600000";
const START: &str = "/authentication/stepup/Start";
const COLLECT: &str = "/authentication/stepup/Collect";
const CANCEL: &str = "/authentication/stepup/Cancel";

async fn maja(urls: &Urls) -> reqwest::Client {
    let client = browser();
    login_guardian(&client, urls).await;
    switch_to(&client, urls, "Maja").await;
    client
}

async fn advance(urls: &Urls, seconds: i64) {
    admin_post(urls, "/admin/clock", Some(json!({ "advanceSeconds": seconds }))).await;
}

async fn collect(client: &reqwest::Client, urls: &Urls, order_ref: &Value) -> Value {
    let body = hub_json(client, urls, COLLECT, json!({ "orderRef": order_ref }))
        .await
        .json();
    assert_keys(&body, &["status", "hintCode", "qrData"]);
    body
}

fn assert_step_up_required(body: &Value) {
    assert_eq!(body["success"], json!(false), "{body}");
    assert_eq!(
        body["thirdSecurityInitData"],
        json!({ "required": true, "methods": ["bankid"] })
    );
    assert_eq!(body["notifications"][0]["code"], "StrongAuthenticationRequired");
}

fn assert_qr(qr: &Value, qr_start_token: &str, seconds: u64) {
    let qr = qr
        .as_str()
        .unwrap_or_else(|| panic!("qrData while waiting for a scan: {qr}"));
    let parts: Vec<&str> = qr.split('.').collect();
    assert_eq!(parts.len(), 4, "{qr}");
    assert_eq!(parts[0], "bankid");
    assert_eq!(parts[1], qr_start_token);
    assert_eq!(parts[2], seconds.to_string());
    assert_eq!(parts[3].len(), 64);
    assert!(
        parts[3]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}

#[tokio::test]
async fn step_up_with_qr_unlocks_grades_and_statements() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = maja(urls).await;

    let weak = hub_json(&client, urls, APP_DATA, json!({})).await.json();
    assert_eq!(
        weak["thirdSecurityInitData"],
        json!({ "required": true, "methods": ["bankid"] })
    );
    assert_eq!(weak["gradeReportTerms"], json!([]));
    for (path, body) in [
        ("/AssessmentV2/Grades/GetGrades", json!({ "termId": "154" })),
        ("/AssessmentV2/AssessmentV2/GetNavigationItems", json!({})),
        ("/AssessmentV2/AssessmentV2Grid/GetItems/7101", json!({})),
    ] {
        assert_step_up_required(&hub_json(&client, urls, path, body).await.json());
    }

    // Another device: animated QR, 30 s to scan.
    let order = hub_json(&client, urls, START, json!({ "method": "otherDevice" }))
        .await
        .json();
    assert_keys(&order, &["orderRef", "autoStartToken", "qrStartToken"]);
    let qr_token = order["qrStartToken"].as_str().unwrap().to_owned();
    let first = collect(&client, urls, &order["orderRef"]).await;
    assert_eq!(first["status"], "pending");
    assert_eq!(first["hintCode"], "outstandingTransaction");
    assert_qr(&first["qrData"], &qr_token, 0);
    advance(urls, 2).await;
    let later = collect(&client, urls, &order["orderRef"]).await;
    assert_qr(&later["qrData"], &qr_token, 2);
    assert_ne!(first["qrData"], later["qrData"], "the QR changes every second");
    advance(urls, 29).await;
    let expired = collect(&client, urls, &order["orderRef"]).await;
    assert_eq!(expired["status"], "failed");
    assert_eq!(expired["hintCode"], "expiredTransaction");
    assert_eq!(expired["qrData"], Value::Null);

    // Again, and this time the user scans and signs.
    let order = hub_json(&client, urls, START, json!({ "method": "otherDevice" }))
        .await
        .json();
    admin_post(
        urls,
        "/admin/bankid",
        Some(json!({ "orderRef": order["orderRef"], "outcome": "userSign" })),
    )
    .await;
    let signing = collect(&client, urls, &order["orderRef"]).await;
    assert_eq!(signing["status"], "pending");
    assert_eq!(signing["hintCode"], "userSign");
    assert_eq!(signing["qrData"], Value::Null);
    advance(urls, 40).await;
    assert_eq!(
        collect(&client, urls, &order["orderRef"]).await["status"],
        "pending",
        "scanned orders wait"
    );
    admin_post(urls, "/admin/bankid", Some(json!({ "outcome": "complete" }))).await;
    let done = collect(&client, urls, &order["orderRef"]).await;
    assert_eq!(done["status"], "complete");
    assert_eq!(done["hintCode"], Value::Null);

    // Strong now: the real data.
    let data = hub_json(&client, urls, APP_DATA, json!({})).await.json();
    assert_eq!(data["thirdSecurityInitData"], Value::Null);
    for key in [
        "navigationModel",
        "academicYearItems",
        "enableGradeReport",
        "gradeReportTerms",
        "summaryAssessmentTerms",
        "summaryAssessmentTermsLgr22",
        "enableSummaryAssessment",
        "enableSummaryAssessmentLgr22",
        "isGymnasium",
        "isImpersonator",
        "translations",
        "urls",
    ] {
        assert!(data.get(key).is_some(), "appData has {key}");
    }
    let terms = data["gradeReportTerms"].as_array().unwrap();
    assert!((4..=5).contains(&terms.len()), "{terms:?}");
    assert_eq!(terms[0]["value"], "Ht år 6");
    let last = terms.last().unwrap();
    assert_keys(last, &["key", "value", "selected", "subjectGradesListModel"]);
    assert_eq!(last["selected"], json!(true));
    assert_eq!(terms[0]["selected"], json!(false));
    let model = &last["subjectGradesListModel"];
    assert_keys(
        model,
        &[
            "hasPrimarySchoolGrade",
            "isFirstGradingTerm",
            "comment",
            "specialAidComment",
            "subjectsGradeData",
            "onHoldSubjectsGradeData",
            "meritValue",
        ],
    );
    let subjects = model["subjectsGradeData"].as_array().unwrap();
    assert_eq!(subjects.len(), 12);
    for s in subjects {
        assert_keys(
            s,
            &["pastGrade", "subjectName", "currentGrade", "showPrimarySchoolLabel"],
        );
        assert_keys(&s["currentGrade"], &["value", "isFinal"]);
        assert!(["A", "B", "C", "D", "E", "F"].contains(&s["currentGrade"]["value"].as_str().unwrap()));
    }
    let first_term = &terms[0]["subjectGradesListModel"];
    assert_eq!(first_term["isFirstGradingTerm"], json!(true));
    assert!(
        first_term["subjectsGradeData"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["pastGrade"].is_null())
    );

    let grades = hub_json(
        &client,
        urls,
        "/AssessmentV2/Grades/GetGrades",
        json!({ "termId": last["key"] }),
    )
    .await
    .json();
    assert_eq!(grades["subjectsGradeData"], model["subjectsGradeData"]);
    assert!(grades.get("hasPrimarySchoolGrade").is_some());
    let missing = hub_json(&client, urls, "/AssessmentV2/Grades/GetGrades", json!({})).await;
    assert_eq!(missing.status, 500);

    let nav = hub_json(
        &client,
        urls,
        "/AssessmentV2/AssessmentV2/GetNavigationItems",
        json!({ "academicYearId": data["academicYearItems"][0]["key"] }),
    )
    .await
    .json();
    assert_keys(
        &nav,
        &[
            "uolItemsList",
            "gridItemsList",
            "selfAssessmentItemsList",
            "navigationItemsList",
        ],
    );
    let grids = nav["gridItemsList"].as_array().unwrap();
    assert_eq!(grids.len(), 2);
    assert_keys(&grids[0], &["hasNew", "title", "id"]);
    let maths = nav["navigationItemsList"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["title"] == "Matematik")
        .expect("Matematik in navigation");
    assert_eq!(maths["linkedGrids"], json!([7101]));

    let grid = get(
        &client,
        &format!(
            "{}/AssessmentV2/AssessmentV2Grid/GetItems/7101?academicYearId=2026",
            urls.hub
        ),
    )
    .await
    .json();
    assert_eq!(grid["contextType"], "Grid");
    let statements = grid["statementItemsList"].as_array().unwrap();
    let colours: Vec<Value> = statements.iter().map(|s| s["markOptionColour"].clone()).collect();
    for colour in ["#e0474c", "#f5b82e", "#4caf50"] {
        assert!(colours.contains(&json!(colour)), "{colours:?}");
    }
    let blank = statements
        .iter()
        .find(|s| s["markOptionColour"].is_null())
        .expect("an unassessed statement");
    assert_eq!(blank["isBlankMark"], json!(true));
    assert_eq!(blank["hasValue"], json!(false));
    assert_eq!(blank["mark"], Value::Null);
    for field in [
        "id",
        "text",
        "headerLabel",
        "row",
        "order",
        "markId",
        "markTextValue",
        "dateStamp",
        "isPublished",
    ] {
        assert!(statements[0].get(field).is_some(), "statement has {field}");
    }
    let marked = statements.iter().find(|s| s["markOptionColour"] == "#e0474c").unwrap();
    let dialog = get(
        &client,
        &format!(
            "{}/AssessmentV2/AssessmentV2Task/GetDialog/?id={}",
            urls.hub, marked["id"]
        ),
    )
    .await
    .json();
    assert_eq!(dialog["marks"][0]["markOptionColour"], "#e0474c");
    assert_eq!(dialog["marks"][0]["statementText"], marked["text"]);
    let blank_dialog = get(
        &client,
        &format!(
            "{}/AssessmentV2/AssessmentV2Task/GetDialog/?id={}",
            urls.hub, blank["id"]
        ),
    )
    .await
    .json();
    assert_eq!(blank_dialog["marks"], json!([]));
    let summary = hub_json(
        &client,
        urls,
        "/AssessmentV2/SummaryAssessments/GetSummaryAssessmentsLgr22",
        json!({ "termId": "151,152" }),
    )
    .await
    .json();
    assert_eq!(summary, json!({ "summaryAssessmentMarks": [] }));
    let task = hub_json(&client, urls, "/AssessmentV2/AssessmentV2Task/GetItems/7201", json!({}))
        .await
        .json();
    assert_eq!(task["contextType"], "Task");
    assert_eq!(task["title"], "Laboration: Fotosyntes");
    // A grid id is not a task.
    assert_eq!(
        hub_json(&client, urls, "/AssessmentV2/AssessmentV2Task/GetItems/7101", json!({}))
            .await
            .status,
        500
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn same_device_cancel_total_timeout_and_module_gating() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = maja(urls).await;

    let order = hub_json(&client, urls, START, json!({ "method": "sameDevice" }))
        .await
        .json();
    assert!(!order["autoStartToken"].as_str().unwrap().is_empty());
    let pending = collect(&client, urls, &order["orderRef"]).await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["qrData"], Value::Null, "no QR on the same device");
    advance(urls, 60).await;
    admin_post(urls, "/admin/bankid", Some(json!({ "outcome": "started" }))).await;
    assert_eq!(collect(&client, urls, &order["orderRef"]).await["hintCode"], "started");
    advance(urls, 121).await;
    let expired = collect(&client, urls, &order["orderRef"]).await;
    assert_eq!(expired["status"], "failed");
    assert_eq!(expired["hintCode"], "expiredTransaction");

    let order = hub_json(&client, urls, START, json!({ "method": "otherDevice" }))
        .await
        .json();
    let cancelled = hub_json(&client, urls, CANCEL, json!({ "orderRef": order["orderRef"] }))
        .await
        .json();
    assert_eq!(cancelled["success"], json!(true));
    let after = collect(&client, urls, &order["orderRef"]).await;
    assert_eq!(
        (after["status"].as_str(), after["hintCode"].as_str()),
        (Some("failed"), Some("cancelled"))
    );

    let order = hub_json(&client, urls, START, json!({})).await.json();
    admin_post(urls, "/admin/bankid", Some(json!({ "outcome": "userCancel" }))).await;
    assert_eq!(
        collect(&client, urls, &order["orderRef"]).await["hintCode"],
        "userCancel"
    );

    let unknown = hub_json(&client, urls, COLLECT, json!({ "orderRef": "nope" }))
        .await
        .json();
    assert_eq!(unknown["notifications"][0]["code"], "NoSuchOrder");
    assert_eq!(hub_json(&client, urls, COLLECT, json!({})).await.status, 500);
    assert_step_up_required(
        &hub_json(
            &client,
            urls,
            "/AssessmentV2/Grades/GetGrades",
            json!({ "termId": 151 }),
        )
        .await
        .json(),
    );

    // Nils has no Bedömningar.
    switch_to(&client, urls, "Nils").await;
    hub_json(&client, urls, APP_DATA, json!({}))
        .await
        .assert_module_disabled();
    // A dead session gets the relay.
    hub_json(&browser(), urls, START, json!({})).await.assert_login_relay();
    emu.shutdown().await;
}

/// Steps the session up with BankID on the same device, approved through the admin API.
async fn step_up(client: &reqwest::Client, urls: &Urls) {
    let order = hub_json(client, urls, START, json!({ "method": "sameDevice" }))
        .await
        .json();
    admin_post(
        urls,
        "/admin/bankid",
        Some(json!({ "orderRef": order["orderRef"], "outcome": "complete" })),
    )
    .await;
    assert_eq!(collect(client, urls, &order["orderRef"]).await["status"], "complete");
}

#[tokio::test]
async fn self_assessment_read_by_both_rated_by_the_student_only() {
    let emu = start().await;
    let urls = &emu.urls;
    let student = browser();
    login(
        &student,
        urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    const ITEMS: &str = "/AssessmentV2/AssessmentV2SelfAssessment/GetItems/";
    const DIALOG: &str = "/AssessmentV2/AssessmentV2SelfAssessment/GetDialog/";
    const UPDATE: &str = "/AssessmentV2/AssessmentV2SelfAssessment/UpdateSelfAssessment";
    assert_step_up_required(
        &hub_json(&student, urls, &format!("{ITEMS}7201"), json!({}))
            .await
            .json(),
    );
    step_up(&student, urls).await;

    // The navigation lists the self-assessments and links them to their subjects.
    let app = hub_json(&student, urls, APP_DATA, json!({})).await.json();
    let nav = &app["navigationModel"];
    let listed = nav["selfAssessmentItemsList"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_keys(&listed[0], &["hasNew", "title", "id"]);
    let maths = nav["navigationItemsList"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["title"] == "Matematik")
        .unwrap();
    assert_eq!(maths["hasSelfAssessments"], true);
    assert_eq!(maths["linkedSelfAssessments"], json!([7201]));
    assert!(app["urls"]["updateSelfAssessment"].is_string());

    // Items: the statements with the pupil's own rating.
    let url = format!(
        "{ITEMS}7201?academicYearId={}",
        app["academicYearItems"][0]["key"].as_str().unwrap()
    );
    let items = hub_json(&student, urls, &url, json!({})).await.json();
    assert_eq!(items["contextType"], "SelfAssessment");
    let statements = items["statementItemsList"].as_array().unwrap();
    assert_eq!(statements.len(), 3);
    let rated = &statements[0]["selfAssessment"];
    assert_keys(
        rated,
        &["markOptionId", "value", "label", "colour", "comment", "dateModified"],
    );
    assert_eq!(rated["label"], "Jag kan det här");
    assert!(is_local_iso(rated["dateModified"].as_str().unwrap()));
    let open = &statements[2];
    assert!(open["selfAssessment"]["markOptionId"].is_null());
    let aspect = open["id"].as_i64().unwrap();

    // The dialog offers the scheme; the student may answer.
    let dialog = hub_json(
        &student,
        urls,
        &format!("{DIALOG}?uol=7201&aspectId={aspect}&academicYearId=2026"),
        json!({}),
    )
    .await
    .json();
    assert_eq!(dialog["isReadonly"], false);
    let options = dialog["markSchemes"][0]["markOptions"].as_array().unwrap();
    assert_eq!(options.len(), 3);
    assert_keys(
        &options[0],
        &[
            "id",
            "value",
            "label",
            "colour",
            "iconUrl",
            "altText",
            "ordering",
            "markSchemeId",
        ],
    );
    let green = options.iter().find(|o| o["value"] == 3).unwrap()["id"].clone();
    let saved = hub_json(
        &student,
        urls,
        UPDATE,
        json!({ "aspectId": aspect, "markOptionId": green, "comment": "Nu kan jag det!" }),
    )
    .await
    .json();
    assert_eq!(saved["success"], true);
    let again = hub_json(&student, urls, &format!("{ITEMS}7201"), json!({}))
        .await
        .json();
    let now = &again["statementItemsList"][2]["selfAssessment"];
    assert_eq!(now["markOptionId"], green);
    assert_eq!(now["comment"], "Nu kan jag det!");

    // Refusals and bad input.
    let bad = hub_json(
        &student,
        urls,
        UPDATE,
        json!({ "aspectId": aspect, "markOptionId": 12345 }),
    )
    .await
    .json();
    assert_eq!(bad["notifications"][0]["code"], "InvalidMark");
    assert_eq!(
        hub_json(&student, urls, UPDATE, json!({ "aspectId": aspect }))
            .await
            .status,
        500
    );
    assert_eq!(
        hub_json(&student, urls, UPDATE, json!({ "aspectId": 1, "markOptionId": green }))
            .await
            .status,
        500
    );
    assert_eq!(
        hub_json(&student, urls, &format!("{ITEMS}9999"), json!({}))
            .await
            .status,
        500
    );
    assert_eq!(hub_json(&student, urls, DIALOG, json!({})).await.status, 500);

    // The guardian reads the same rating, read-only.
    let guardian = maja(urls).await;
    step_up(&guardian, urls).await;
    let seen = hub_json(&guardian, urls, &format!("{ITEMS}7201"), json!({}))
        .await
        .json();
    assert_eq!(seen["statementItemsList"][2]["selfAssessment"]["markOptionId"], green);
    let dialog = hub_json(&guardian, urls, &format!("{DIALOG}?aspectId={aspect}"), json!({}))
        .await
        .json();
    assert_eq!(dialog["isReadonly"], true);
    let refused = hub_json(
        &guardian,
        urls,
        UPDATE,
        json!({ "aspectId": aspect, "markOptionId": green }),
    )
    .await
    .json();
    assert_eq!(refused["notifications"][0]["code"], "NotAllowed");
    emu.shutdown().await;
}
