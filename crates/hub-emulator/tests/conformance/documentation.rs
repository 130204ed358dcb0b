//! Dokumentation (protocol §4.9): appData, journal, portfolio with comments, IUP, special plan and the
//! utvecklingssamtal form with its empty-body answer for a pupil without one.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn documentation_tabs_and_portfolio_comments() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;

    let app = hub_json(&client, urls, "/documentation/documentation/appData", json!({}))
        .await
        .json();
    assert_eq!(
        app["tabs"],
        json!(["journal", "portfolio", "iup", "specialPlan", "conference"])
    );
    assert_eq!(app["isGuardian"], json!(true));
    for url in [
        "getJournalList",
        "getPupilIUPFilter",
        "getPupilIUPData",
        "portfolioAppData",
        "getSpecialPlan",
        "getSpecialPlanVersion",
    ] {
        assert!(app["urls"][url].is_string(), "{url}");
    }
    // Elsa has no conference form: an empty 200 body, not a dead session.
    let none = hub_json(
        &client,
        urls,
        "/Documentation/Conference/GetCurrentConference",
        json!({}),
    )
    .await;
    assert_eq!(none.status, 200);
    assert!(none.body.is_empty());
    assert!(is_authenticated(&client, urls).await);

    let journal = hub_json(
        &client,
        urls,
        "/Documentation/Journal/GetJournalList",
        json!({ "pageSize": 10 }),
    )
    .await
    .json();
    assert_eq!(journal["entries"][0]["author"], "Lena Holm");

    let portfolio = get(
        &client,
        &format!("{}/Documentation/Portfolio/AppData?semesterType=", urls.hub),
    )
    .await
    .json();
    for key in [
        "pagedList",
        "unreadCount",
        "totalItemCount",
        "semesterTypeList",
        "isShowCourses",
        "translations",
        "urls",
    ] {
        assert!(portfolio.get(key).is_some(), "portfolio has {key}");
    }
    assert_eq!(portfolio["unreadCount"], json!(1));
    let id = portfolio["pagedList"]["items"][0]["id"].clone();
    let detail = hub_json(
        &client,
        urls,
        &format!("/Documentation/Portfolio/GetPortfolioDetail/{id}"),
        json!({}),
    )
    .await
    .json();
    assert_eq!(detail["success"], json!(true));
    let d = &detail["portfolioDetail"];
    for key in [
        "id",
        "originalImage",
        "title",
        "courseSubjectList",
        "publishDate",
        "publisherUser",
        "pupil",
        "fileType",
        "fileName",
        "fileExtension",
        "extensionType",
        "portfolioResourceId",
        "comment",
        "translations",
        "urls",
    ] {
        assert!(d.get(key).is_some(), "detail has {key}");
    }
    assert_eq!(
        get(
            &client,
            &format!("{}{}", urls.hub, d["originalImage"].as_str().unwrap())
        )
        .await
        .status,
        200
    );

    let saved = hub_json(
        &client,
        urls,
        "/Documentation/Portfolio/SavePortfolioComment/",
        json!({ "comment": "Vilken fin teckning!", "returnComment": true, "connectionId": id, "connectionType": "Portfolio" }),
    )
    .await
    .json();
    assert_eq!(saved["success"], json!(true));
    let c = &saved["commentItem"];
    for key in [
        "text",
        "id",
        "dateTime",
        "permissions",
        "user",
        "parentId",
        "createdBy",
        "createdById",
        "canManageComment",
        "creationDate",
    ] {
        assert!(c.get(key).is_some(), "comment has {key}");
    }
    assert_eq!(c["user"]["displayName"], "Karin Björklund");
    let detail = hub_json(
        &client,
        urls,
        &format!("/Documentation/Portfolio/GetPortfolioDetail/{id}"),
        json!({}),
    )
    .await
    .json();
    assert_eq!(detail["portfolioDetail"]["comment"].as_array().unwrap().len(), 1);
    let portfolio = hub_json(
        &client,
        urls,
        "/Documentation/Portfolio/GetPortfoliosBySemester",
        json!({}),
    )
    .await
    .json();
    assert_eq!(portfolio["unreadCount"], json!(0), "opening marks it read");

    switch_to(&client, urls, "Nils").await;
    let conference = hub_json(
        &client,
        urls,
        "/Documentation/Conference/GetCurrentConference",
        json!({}),
    )
    .await
    .json();
    assert_eq!(conference["status"], "HomeReady");
    let filter = hub_json(&client, urls, "/Documentation/IUP/GetPupilIUPFilter", json!({}))
        .await
        .json();
    let version = &filter["terms"][0]["versions"][0];
    assert_keys(version, &["id", "displayVersion", "isComplete"]);
    let iup = hub_json(
        &client,
        urls,
        "/Documentation/IUP/GetPupilIUPData",
        json!({ "iupId": version["id"] }),
    )
    .await
    .json();
    assert_keys(&iup["questions"][0], &["question", "answer"]);
    let plan = hub_json(&client, urls, "/Documentation/SpecialPlan/GetSpecialPlan", json!({}))
        .await
        .json();
    let versions = plan["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    for v in versions {
        assert_keys(v, &["id", "title", "displayVersion", "date", "decidedBy", "isComplete"]);
        assert!(is_local_iso(v["date"].as_str().unwrap()));
    }
    assert_eq!(versions[0]["displayVersion"], "Version 1");
    assert!(
        versions[0]["date"].as_str() < versions[1]["date"].as_str(),
        "version 1 first"
    );
    let detail = hub_json(
        &client,
        urls,
        "/Documentation/SpecialPlan/GetSpecialPlanVersion",
        json!({ "id": versions[0]["id"] }),
    )
    .await
    .json();
    assert_eq!(detail["title"], versions[0]["title"]);
    let sections = detail["sections"].as_array().unwrap();
    assert!(sections.iter().any(|s| s["title"] == "Åtgärder"));
    for s in sections {
        assert_keys(s, &["title", "text"]);
    }
    let history = hub_json(
        &client,
        urls,
        "/Documentation/Conference/GetHistoryConferenceList",
        json!({}),
    )
    .await
    .json();
    let history = history.as_array().expect("a bare array");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["status"], "Completed");
    assert!(history[0]["changeStatusDate"].is_string());

    // Other children: Maja has no special plan and two earlier forms; another pupil's version is unreachable.
    switch_to(&client, urls, "Maja").await;
    let plan = hub_json(&client, urls, "/Documentation/SpecialPlan/GetSpecialPlan", json!({}))
        .await
        .json();
    assert_eq!(plan, json!({ "versions": [] }));
    let old = hub_json(
        &client,
        urls,
        "/Documentation/SpecialPlan/GetSpecialPlanVersion",
        json!({ "id": versions[0]["id"] }),
    )
    .await;
    assert_eq!(old.status, 500);
    let history = hub_json(
        &client,
        urls,
        "/Documentation/Conference/GetHistoryConferenceList",
        json!({}),
    )
    .await
    .json();
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert!(history[0]["changeStatusDate"].as_str() > history[1]["changeStatusDate"].as_str());
    emu.shutdown().await;
}
