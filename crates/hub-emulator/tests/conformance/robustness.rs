//! Bad input never panics a handler or corrupts state: every hub data endpoint, with every module switched on,
//! gets empty, wrong-typed, out-of-range, non-object, truncated, non-UTF-8 and garbage-form bodies. Each answer
//! must be a complete HTTP response of the kinds the real hub gives (a panic would drop the connection and fail
//! the request), and afterwards the session and the data still read normally.

use serde_json::json;

use crate::support::*;

/// Every hub route that takes parameters, with `{id}` segments filled with nonsense. Logout and the pupil switch
/// are left out: they are meant to change the session.
const PATHS: [&str; 96] = [
    "/account/pair/approvedevice",
    "/account/pair/device",
    "/account/pair/getauthenticationdata",
    "/account/pair/getdevices",
    "/account/pair/revokedevice",
    "/account/preferences/appdata",
    "/account/preferences/saveprivacy",
    "/account/preferences/save",
    "/account/preferences/updatenotification",
    "/assessmentv2/assessmentv2/appdata",
    "/assessmentv2/assessmentv2/getnavigationitems",
    "/assessmentv2/assessmentv2grid/getdialog",
    "/assessmentv2/assessmentv2grid/getitems/abc",
    "/assessmentv2/assessmentv2task/getdialog",
    "/assessmentv2/assessmentv2task/getitems/-1",
    "/assessmentv2/grades/getgrades",
    "/assessmentv2/assessmentv2selfassessment/getitems/x",
    "/assessmentv2/assessmentv2selfassessment/getdialog",
    "/assessmentv2/assessmentv2selfassessment/updateselfassessment",
    "/assessmentv2/summaryassessments/getsummaryassessmentslgr22",
    "/attendance/attendance/appdata",
    "/attendance/attendance/getattendancelist",
    "/attendance/attendance/getleaverequest",
    "/attendance/attendance/getleaverequestlist",
    "/authentication/authentication/isauthenticated",
    "/authentication/authentication/login",
    "/authentication/authentication/logincallback",
    "/authentication/stepup/cancel",
    "/authentication/stepup/collect",
    "/authentication/stepup/start",
    "/calendarv2/calendarv2/appdata",
    "/calendarv2/calendarv2/getattachments",
    "/calendarv2/calendarv2/getentries",
    "/calendarv2/calendarv2/geticalsubscriptionuri",
    "/classlist/classlist/appdata",
    "/classlist/classlist/getclasslist",
    "/classlist/classlist/getpupil",
    "/classlist/classlist/getstaff",
    "/communication/communication/appdata",
    "/communication/documents/getdocumentslist",
    "/communication/links/getlinkslist",
    "/communication/news/getnewslist",
    "/documentation/conference/getcurrentconference",
    "/documentation/conference/gethistoryconferencelist",
    "/documentation/documentation/appdata",
    "/documentation/iup/getpupiliupdata",
    "/documentation/iup/getpupiliupfilter",
    "/documentation/journal/getjournallist",
    "/documentation/portfolio/appdata",
    "/documentation/portfolio/getportfoliodetail/99999999999999999999",
    "/documentation/portfolio/getportfoliosbysemester",
    "/documentation/portfolio/saveportfoliocomment",
    "/documentation/specialplan/getspecialplan",
    "/documentation/specialplan/getspecialplanversion",
    "/grouptimeline/grouptimeline/addcomment",
    "/grouptimeline/grouptimeline/appdata",
    "/grouptimeline/grouptimeline/getcomments",
    "/grouptimeline/grouptimeline/getgrouptimelineentries",
    "/home/meeting/getpupilavailabilities",
    "/learnlog/learnlog/appdata",
    "/learnlog/learnlog/getlearnlogs",
    "/meeting/meeting/appdata",
    "/meeting/meeting/book",
    "/meeting/meeting/cancel",
    "/meeting/meeting/getbookings",
    "/meeting/meeting/rebook",
    "/message/message/getmessage",
    "/message/message/getmessages",
    "/notificationapp/notificationapp/appdata",
    "/notificationapp/notificationapp/getnotifications",
    "/notificationapp/notificationapp/updateassessmentnotificationstate",
    "/notificationapp/notificationapp/updatenotificationstate",
    "/onlinetest/onlinetest/getresult",
    "/onlinetest/onlinetest/gettests",
    "/onlinetest/onlinetest/saveanswer",
    "/onlinetest/onlinetest/start",
    "/onlinetest/onlinetest/submit",
    "/resources/resource/download/abc",
    "/resources/resource/thumbnail/-5",
    "/task/task/appdata",
    "/task/task/gettask",
    "/task/task/gettasks",
    "/task/task/sendmessage",
    "/timeregistration/timeregistration/appdata",
    "/timeregistration/timeregistration/getcomments",
    "/timeregistration/timeregistration/gettimeregistrations",
    "/timeregistration/timeregistration/savecomment",
    "/timeregistration/timeregistration/savetimeregistrations",
    "/timetable/timetable/appdata",
    "/timetable/timetable/gettimetablelist",
    "/uolv2/uolv2/appdata",
    "/uolv2/uolv2/getalltasks",
    "/uolv2/uolv2/getuol",
    "/uolv2/uolv2/getuols",
    "/v1/calendarv2/icalsubscription/subscription/..%2F..",
    "/weeklyplan/weeklyplan/appdata",
];

/// Every module the emulator knows.
const MODULES: [&str; 14] = [
    "assessmentsv2",
    "grouptimeline",
    "onlinetest",
    "timeregistration",
    "attendance",
    "communication",
    "calendarv2",
    "classlist",
    "uolv2",
    "documentation",
    "timetable",
    "task",
    "meeting",
    "weeklyplan",
];

/// Request bodies: (content type, bytes).
fn bodies() -> Vec<(&'static str, Vec<u8>)> {
    let wrong_types = json!({
        "id": "abc", "Id": [1], "ids": "1,2", "state": "Bogus", "page": -99_999_999_999i64, "pageSize": 1e308,
        "start": "x", "end": "9999-99-99", "startDate": "2026-13-45", "endDate": {}, "date": "T", "year": -1,
        "week": 999, "termId": [1], "availabilityId": "x", "meetingId": null, "days": "x", "series": 5,
        "timestamp": "igår", "entryId": 1.5, "text": "", "comment": {}, "userCode": 7, "approve": "kanske",
        "orderRef": "../../etc", "method": "carrier pigeon", "attemptId": -1, "questionId": "q", "optionIds": "a",
        "academicYearId": "", "semesterType": "x", "iupId": "x", "commentId": "x", "commentText": [],
        "timeRegistrationId": "x", "deviceId": -1, "messageText": "%", "learnLogType": 99, "pageNumber": 0,
    });
    let out_of_range = json!({
        "id": i64::MAX, "page": i64::MAX, "pageSize": i64::MIN, "start": "0001-01-01", "end": "9999-12-31",
        "startDate": "0001/01/01", "endDate": "9999/12/31", "date": "9999-12-31T23:59:59", "year": i64::MAX,
        "week": i64::MIN, "days": [{ "date": "x", "startDateTime": "y", "hasChanged": true }],
        "availabilityId": i64::MIN, "meetingId": i64::MAX, "ids": [i64::MAX, -1], "state": "Read",
    });
    vec![
        ("application/json", Vec::new()),
        ("application/json", b"{}".to_vec()),
        ("application/json", b"[1, 2, 3]".to_vec()),
        ("application/json", b"\"just a string\"".to_vec()),
        ("application/json", b"{\"id\": ".to_vec()),
        ("application/json", vec![0xff, 0xfe, b'{', 0x80]),
        ("application/json", serde_json::to_vec(&wrong_types).unwrap()),
        ("application/json", serde_json::to_vec(&out_of_range).unwrap()),
        (
            "application/x-www-form-urlencoded",
            b"a=%ZZ&&=&id=%00&page=-1&start=%FF&date=2026-02-30&days=x".to_vec(),
        ),
    ]
}

#[tokio::test]
async fn garbage_never_panics_a_handler_or_breaks_the_session() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    for child in ["Elsa", "Maja"] {
        let id = pupil_id(&client, urls, child).await;
        for module in MODULES {
            set_module(urls, &id, module, true).await;
        }
    }
    for child in ["Elsa", "Maja"] {
        switch_to(&client, urls, child).await;
        for path in PATHS {
            for (content_type, body) in bodies() {
                let url = format!("{}{path}?id=%ZZ&_=x&start=&page=-1", urls.hub);
                let resp = client
                    .post(&url)
                    .header("Content-Type", content_type)
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{path} with {body:?} dropped the connection: {e}"));
                let status = resp.status().as_u16();
                assert!(
                    [200, 302, 400, 404, 405, 500].contains(&status),
                    "{path} with {body:?} answered {status}"
                );
                let text = resp
                    .text()
                    .await
                    .unwrap_or_else(|e| panic!("{path}: body cut short: {e}"));
                if status == 500 {
                    assert!(text.contains("<html") || text.contains("<!DOCTYPE"), "{path}: {text}");
                }
            }
            let resp = client
                .get(format!("{}{path}?id=%ZZ&date=x&startDate=0&endDate=-1", urls.hub))
                .send()
                .await
                .unwrap_or_else(|e| panic!("GET {path} dropped the connection: {e}"));
            assert!(
                [200, 302, 400, 404, 405, 500].contains(&resp.status().as_u16()),
                "GET {path}"
            );
        }
    }

    // Nothing broke: the session lives and every box of the last child still reads.
    assert!(is_authenticated(&client, urls).await);
    let data = home_data(&home(&client, urls).await.body);
    assert!(selected_name(&data).ends_with("Maja"));
    for (path, body) in [
        ("/NotificationApp/NotificationApp/GetNotifications", json!({})),
        ("/Communication/News/GetNewsList", json!({ "pageSize": -1 })),
        (
            "/calendarv2/calendarv2/getentries",
            json!({ "startDate": "2026-01-01", "endDate": "2026-12-31" }),
        ),
        ("/Message/message/GetMessages", json!({})),
        ("/timetable/timetable/appData", json!({})),
        ("/Task/Task/GetTasks", json!({})),
    ] {
        hub_json(&client, urls, path, body).await.json();
    }
    emu.shutdown().await;
}
