//! Närvaro (protocol §4.12, read): off in the Lekeberg demo (Edlevo), so gated like a disabled module; once on,
//! `appData`, `GetAttendanceList`, `GetLeaveRequestList` and `GetLeaveRequest` answer in the recorded shapes for
//! the selected child.

use serde_json::{Value, json};

use crate::support::*;

const APP_DATA: &str = "/attendance/attendance/appData";
const LIST: &str = "/attendance/attendance/GetAttendanceList";
const LEAVE_LIST: &str = "/attendance/attendance/GetLeaveRequestList";
const LEAVE: &str = "/Attendance/Attendance/GetLeaveRequest";

const LEAVE_FIELDS: [&str; 26] = [
    "id",
    "status",
    "requesterComment",
    "approverComment",
    "createdBy",
    "approvedByTitle",
    "createdByTitle",
    "fromDate",
    "fromTime",
    "toDate",
    "toTime",
    "updatedDate",
    "dateRangeTitle",
    "secondaryParentApproverId",
    "secondaryParentApproverName",
    "secondaryParentStatus",
    "secondaryParentApprovalDate",
    "secondaryParentApprovalDateText",
    "secondaryApprovalText",
    "canDelete",
    "canApprove",
    "canDeny",
    "showDeleteButton",
    "showApproveButton",
    "showDenyButton",
    "isAwaitingResponseFromCurrentUser",
];

#[tokio::test]
async fn attendance_is_gated_then_reads_absence_and_leave() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    hub_json(&client, urls, APP_DATA, json!({}))
        .await
        .assert_module_disabled();
    hub_json(&client, urls, LIST, json!({})).await.assert_module_disabled();
    hub_json(&client, urls, LEAVE_LIST, json!({}))
        .await
        .assert_module_disabled();

    let nils = pupil_id(&client, urls, "Nils").await;
    set_module(urls, &nils, "attendance", true).await;
    switch_to(&client, urls, "Nils").await;
    assert!(app_codes(&home_data(&home(&client, urls).await.body)).contains(&"attendance".to_owned()));

    let list = post_empty(&client, &format!("{}{LIST}", urls.hub)).await.json();
    assert_keys(
        &list,
        &[
            "translations",
            "headers",
            "filters",
            "listUrl",
            "itemUrl",
            "page",
            "pageSize",
            "totalItems",
            "items",
            "allItemIds",
            "more",
        ],
    );
    for h in ["date", "time", "subject", "reason"] {
        assert_keys(
            &list["headers"][h],
            &["displayText", "isSortable", "sortField", "sortBy", "sortDesc"],
        );
    }
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(list["totalItems"], 2);
    assert_eq!(list["more"], false);
    assert_eq!(
        list["allItemIds"],
        Value::Array(items.iter().map(|i| i["id"].clone()).collect())
    );
    for item in items {
        assert_keys(
            item,
            &[
                "id",
                "shortDate",
                "longDate",
                "time",
                "subject",
                "reason",
                "comment",
                "registeredByName",
                "establishmentName",
                "minutes",
                "halfDaysCount",
            ],
        );
        assert!(chrono::NaiveDate::parse_from_str(item["shortDate"].as_str().unwrap(), "%Y-%m-%d").is_ok());
        assert!(item["minutes"].is_i64() && item["halfDaysCount"].is_i64());
    }
    assert!(
        items[0]["shortDate"].as_str() > items[1]["shortDate"].as_str(),
        "newest first"
    );
    let late = &items[0];
    assert_eq!(late["reason"], "Sen ankomst");
    assert_eq!(late["time"], "08:15 - 09:15");
    assert_eq!(late["subject"], "Matematik");
    assert_eq!(items[1]["time"], "", "a whole day has no time");
    assert_eq!(items[1]["halfDaysCount"], 2);

    // Paging.
    let page2 = hub_json(&client, urls, LIST, json!({ "page": 2, "pageSize": 1 }))
        .await
        .json();
    assert_eq!(page2["items"].as_array().unwrap().len(), 1);
    assert_eq!(page2["items"][0]["id"], items[1]["id"]);
    assert_eq!(
        (&page2["page"], &page2["pageSize"], &page2["more"]),
        (&json!(2), &json!(1), &json!(false))
    );

    // Leave requests: a bare array; the single read by id.
    let leave = hub_json(&client, urls, LEAVE_LIST, json!({})).await.json();
    let leave = leave.as_array().expect("a bare array");
    assert_eq!(leave.len(), 1);
    assert_keys(&leave[0], &LEAVE_FIELDS);
    assert_eq!(leave[0]["status"], "Pending");
    assert_eq!(leave[0]["createdBy"], "Karin Björklund");
    assert!(leave[0]["fromTime"].is_null() && leave[0]["approverComment"].is_null());
    for key in ["fromDate", "toDate", "updatedDate"] {
        assert!(is_local_iso(leave[0][key].as_str().unwrap()), "{key}");
    }
    let id = leave[0]["id"].as_i64().unwrap();
    let one = hub_json(&client, urls, LEAVE, json!({ "id": id })).await.json();
    assert_eq!(&one, &leave[0]);

    // appData bundles the first page, the leave requests and today's/tomorrow's sessions.
    let app = hub_json(&client, urls, APP_DATA, json!({})).await.json();
    for key in [
        "pagedList",
        "leaveRequests",
        "absenceTodaySessions",
        "absenceTomorrowSessions",
        "autoConfirmAbsence",
        "absentToday",
        "absenceTodayComment",
        "absentTomorrow",
        "absenceTomorrowComment",
        "absenceTodayLocked",
        "absenceTomorrowLocked",
        "canRegisterDayAbsence",
        "canRegisterSessionAbsence",
        "isIcelandic",
        "canRegisterSession",
        "showSubjects",
        "showComment",
        "showFilter",
        "isPlaySchool",
        "absenceTodayDate",
        "absenceTomorrowDate",
        "canAddSicknessToday",
        "canAddSicknessTomorrow",
        "isParent",
        "hasLeaveLicence",
        "canRequestLeave",
        "hasLeaveTwoGuardiansLicence",
        "isOnlyOneGuardianRegistered",
        "isOver18Pupil",
        "translations",
        "urls",
    ] {
        assert!(app.get(key).is_some(), "appData lacks {key}");
    }
    assert_eq!(app["pagedList"], list);
    assert_eq!(app["leaveRequests"], Value::Array(leave.clone()));
    assert_eq!(app["isParent"], true);
    assert_eq!(app["absentToday"], false);
    assert!(is_local_iso(app["absenceTodayDate"].as_str().unwrap()));
    for key in [
        "registerAttendance",
        "registerSessionAttendance",
        "saveAbsenceComment",
        "createLeaveRequest",
        "getLeaveRequestList",
        "deleteLeaveRequest",
        "setSecondaryStatus",
    ] {
        assert!(app["urls"][key].is_string(), "urls.{key}");
    }
    for session in app["absenceTomorrowSessions"].as_array().unwrap() {
        assert!(session["title"] != "Lunch");
        assert!(session["formattedTimeString"].as_str().unwrap().contains(" - "));
        assert_eq!(session["isAbsent"], false);
    }

    // Another child's request is not reachable; missing ids fail like the hub.
    let maja = pupil_id(&client, urls, "Maja").await;
    set_module(urls, &maja, "attendance", true).await;
    switch_to(&client, urls, "Maja").await;
    assert_eq!(hub_json(&client, urls, LEAVE, json!({ "id": id })).await.status, 500);
    assert_eq!(hub_json(&client, urls, LEAVE, json!({})).await.status, 500);
    let maja_leave = hub_json(&client, urls, LEAVE_LIST, json!({})).await.json();
    assert_eq!(maja_leave[0]["status"], "Denied");
    assert!(
        maja_leave[0]["approvedByTitle"]
            .as_str()
            .unwrap()
            .contains("Sara Ekström")
    );
    let odd = hub_json(&client, urls, LIST, json!({ "page": -3, "pageSize": 0 }))
        .await
        .json();
    assert_eq!((&odd["page"], &odd["pageSize"]), (&json!(1), &json!(1)));

    admin_post(urls, "/admin/expire-sessions", None).await;
    hub_json(&client, urls, LIST, json!({})).await.assert_login_relay();
    emu.shutdown().await;
}
