//! Uppgifter (protocol §4.6) with the designed dialogue, and Planeringar (§4.7) with the `id`-key quirk and
//! the empty-body answer of `GetAllTasks`.

use serde_json::{Value, json};

use crate::support::*;

const TASK_FIELDS: [&str; 20] = [
    "id",
    "status",
    "statusText",
    "dueDate",
    "dueDateDateValue",
    "subject",
    "title",
    "description",
    "read",
    "hasUnreadComments",
    "hasLinks",
    "hasFiles",
    "hasReferences",
    "showOptionalPartsMessage",
    "milestoneCount",
    "milestonesComplete",
    "assignedOn",
    "isOverdue",
    "isWithinCurrentTimeframe",
    "showOnedriveResource",
];

#[tokio::test]
async fn tasks_have_the_recorded_shape_and_a_dialogue() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    // Elsa has no Uppgifter.
    hub_json(&client, urls, "/task/task/GetTasks", json!({}))
        .await
        .assert_module_disabled();
    switch_to(&client, urls, "Nils").await;

    let app = hub_json(&client, urls, "/task/task/appData", json!({})).await.json();
    for key in [
        "maxUploadSize",
        "taskResults",
        "filterOption",
        "isRestricted",
        "canSendMessages",
        "urls",
    ] {
        assert!(app.get(key).is_some(), "appData has {key}");
    }
    assert_eq!(app["urls"]["sendMessage"], "/task/task/SendMessage");
    assert!(app["filterOption"]["academicYears"]["options"].is_array());

    let list = hub_json(
        &client,
        urls,
        "/Task/Task/GetTasks",
        json!({ "academicYearId": "", "subjects": 0, "teachers": 0, "courses": 0 }),
    )
    .await
    .json();
    assert_keys(&list, &["items", "more", "totalOverdue", "totalDue", "totalDone"]);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        assert_keys(item, &TASK_FIELDS);
        assert!(is_local_iso(item["assignedOn"].as_str().unwrap()));
    }
    assert_eq!(list["totalOverdue"], json!(1));
    assert_eq!(list["totalDone"], json!(1));
    assert_eq!(list["totalDue"], json!(1));
    let review = items.iter().find(|t| t["id"] == 6101).unwrap();
    assert_eq!(review["hasUnreadComments"], json!(true));
    assert_eq!(review["status"], "InProgress");
    let overdue = items.iter().find(|t| t["id"] == 6102).unwrap();
    assert_eq!(overdue["isOverdue"], json!(true));
    assert_eq!(overdue["read"], json!(0));

    let task = hub_json(&client, urls, "/task/task/GetTask", json!({ "id": 6101 }))
        .await
        .json();
    assert_eq!(task["title"], "Bokrecension: Bröderna Lejonhjärta");
    assert!(task["description"].as_str().unwrap().starts_with("<p>"));
    let messages = task["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_keys(&messages[0], &["id", "author", "role", "text", "sent"]);
    assert_eq!(messages[0]["role"], "Teacher");

    let sent = hub_json(
        &client,
        urls,
        "/task/task/SendMessage",
        json!({ "taskId": 6101, "text": "Nils har läst klart boken." }),
    )
    .await
    .json();
    assert_eq!(sent["success"], json!(true));
    assert_eq!(sent["message"]["role"], "Guardian");
    assert_eq!(sent["message"]["author"], "Karin Björklund");
    let empty = hub_json(
        &client,
        urls,
        "/task/task/SendMessage",
        json!({ "taskId": 6101, "text": " " }),
    )
    .await
    .json();
    assert_eq!(empty["notifications"][0]["code"], "EmptyMessage");

    let again = hub_json(&client, urls, "/task/task/GetTask", json!({ "id": 6101 }))
        .await
        .json();
    assert_eq!(again["messages"].as_array().unwrap().len(), 2);
    assert_eq!(
        again["hasUnreadComments"],
        json!(false),
        "opening a task reads its messages"
    );
    // Another child's task is not reachable.
    assert_eq!(
        hub_json(&client, urls, "/task/task/GetTask", json!({ "id": 6201 }))
            .await
            .status,
        500
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn students_write_as_pupil() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login(
        &client,
        urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    let sent = hub_json(
        &client,
        urls,
        "/task/task/SendMessage",
        json!({ "taskId": 6201, "text": "Klart!" }),
    )
    .await
    .json();
    assert_eq!(sent["message"]["role"], "Pupil");
    emu.shutdown().await;
}

#[tokio::test]
async fn plans_follow_the_recorded_quirks() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    switch_to(&client, urls, "Nils").await;

    let app = hub_json(&client, urls, "/uolv2/uolv2/appData", json!({})).await.json();
    for key in [
        "uols",
        "subjects",
        "academicYears",
        "currentAcademicYearId",
        "stateFilter",
        "urls",
    ] {
        assert!(app.get(key).is_some(), "appData has {key}");
    }
    assert_keys(&app["academicYears"][0], &["id", "title", "selected", "hasUols"]);
    let all = hub_json(&client, urls, "/UolV2/UolV2/GetUols", json!({})).await.json();
    assert_eq!(all["uols"].as_array().unwrap().len(), 3);
    assert_keys(&all["uols"][0], &["id", "title", "subjects", "state"]);
    assert_keys(&all["subjects"][0], &["id", "name", "order"]);
    let active = hub_json(
        &client,
        urls,
        "/UolV2/UolV2/GetUols",
        json!({ "stateFilter": "active" }),
    )
    .await
    .json();
    assert!(
        active["uols"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["state"] == "active")
    );
    assert_eq!(active["uols"].as_array().unwrap().len(), 2);

    let plan = hub_json(&client, urls, "/UolV2/UolV2/GetUol", json!({ "id": 6501 }))
        .await
        .json();
    assert_keys(
        &plan,
        &["id", "title", "disableEdit", "hasAssessments", "subjects", "sections"],
    );
    let labels: Vec<&str> = plan["sections"][0]["overview"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["Termin", "Startdatum", "Slutdatum", "Årskurs", "Lärare", "Beskrivning"]
    );
    assert_eq!(plan["sections"][1]["type"], "syllabus");
    for wrong in [json!({ "uolId": 6501 }), json!({ "Id": 6501 })] {
        let page = hub_json(&client, urls, "/UolV2/UolV2/GetUol", wrong.clone()).await;
        assert_eq!(page.status, 500, "{wrong}");
    }

    let tasks = hub_json(&client, urls, "/UolV2/UolV2/GetAllTasks", json!({ "id": 6501 }))
        .await
        .json();
    let list = tasks["tasks"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_keys(
        &list[0],
        &[
            "id",
            "title",
            "dueDate",
            "status",
            "milestoneCount",
            "milestonesComplete",
        ],
    );
    let none = hub_json(&client, urls, "/UolV2/UolV2/GetAllTasks", json!({ "id": 6503 })).await;
    assert_eq!(none.status, 200);
    assert!(none.body.is_empty(), "a plan without tasks answers an empty body");
    assert!(is_authenticated(&client, urls).await, "and the session is alive");
    let _: Value = app;
    emu.shutdown().await;
}
