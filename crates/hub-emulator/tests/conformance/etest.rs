//! eTest (designed, student only): list, start/resume, autosave, submit (and the server's submit when time
//! is up), released results.

use hub_emulator::demo;
use serde_json::{Value, json};

use crate::support::*;

fn item(list: &Value, id: i64) -> &Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap()
}

#[tokio::test]
async fn student_takes_a_test_and_sees_the_released_result() {
    let emu = start().await;
    let urls = &emu.urls;
    // Guardians have no eTest.
    let karin = browser();
    login_guardian(&karin, urls).await;
    switch_to(&karin, urls, "Maja").await;
    hub_json(&karin, urls, "/onlinetest/onlinetest/GetTests", json!({}))
        .await
        .assert_module_disabled();

    let maja = browser();
    login(&maja, urls, demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD).await;
    let list = hub_json(&maja, urls, "/onlinetest/onlinetest/GetTests", json!({}))
        .await
        .json();
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    assert_keys(
        &list["items"][0],
        &[
            "id",
            "title",
            "subject",
            "opensAt",
            "closesAt",
            "durationMinutes",
            "status",
            "score",
            "maxScore",
        ],
    );
    let graded = item(&list, 9802);
    assert_eq!(graded["status"], "Graded");
    assert_eq!(
        (graded["score"].clone(), graded["maxScore"].clone()),
        (json!(3), json!(4))
    );
    let result = hub_json(&maja, urls, "/onlinetest/onlinetest/GetResult", json!({ "id": 9802 }))
        .await
        .json();
    assert_keys(&result, &["score", "maxScore", "questions", "teacherComment"]);
    assert_keys(&result["questions"][0], &["id", "correct", "points"]);

    let closed = hub_json(&maja, urls, "/onlinetest/onlinetest/Start", json!({ "id": 9803 }))
        .await
        .json();
    assert_eq!(closed["notifications"][0]["code"], "NotOpen");

    let attempt = hub_json(&maja, urls, "/onlinetest/onlinetest/Start", json!({ "id": 9801 }))
        .await
        .json();
    assert_keys(&attempt, &["attemptId", "endsAt", "questions"]);
    let questions = attempt["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    assert_eq!(questions[0]["type"], "single");
    assert_eq!(questions[2]["type"], "text");
    let a = attempt["attemptId"].clone();
    let right = questions[0]["options"][1]["id"].clone();
    for _ in 0..2 {
        let saved = hub_json(
            &maja,
            urls,
            "/onlinetest/onlinetest/SaveAnswer",
            json!({ "attemptId": a, "questionId": questions[0]["id"], "optionIds": [right] }),
        )
        .await
        .json();
        assert_eq!(saved["success"], json!(true), "autosave is idempotent");
    }
    hub_json(
        &maja,
        urls,
        "/onlinetest/onlinetest/SaveAnswer",
        json!({ "attemptId": a, "questionId": questions[2]["id"], "text": "Ett tal vi inte vet ännu." }),
    )
    .await
    .json();
    // Resuming returns the saved answers.
    let resumed = hub_json(&maja, urls, "/onlinetest/onlinetest/Start", json!({ "id": 9801 }))
        .await
        .json();
    assert_eq!(resumed["attemptId"], a);
    assert_eq!(resumed["questions"][0]["answer"]["optionIds"], json!([right]));
    let list = hub_json(&maja, urls, "/onlinetest/onlinetest/GetTests", json!({}))
        .await
        .json();
    assert_eq!(item(&list, 9801)["status"], "InProgress");

    let submitted = hub_json(&maja, urls, "/onlinetest/onlinetest/Submit", json!({ "attemptId": a }))
        .await
        .json();
    assert_eq!(submitted["success"], json!(true));
    assert!(is_local_iso(submitted["submittedAt"].as_str().unwrap()));
    let late = hub_json(
        &maja,
        urls,
        "/onlinetest/onlinetest/SaveAnswer",
        json!({ "attemptId": a, "questionId": questions[1]["id"], "optionIds": [] }),
    )
    .await
    .json();
    assert_eq!(late["notifications"][0]["code"], "TimeUp");
    let pending = hub_json(&maja, urls, "/onlinetest/onlinetest/GetResult", json!({ "id": 9801 }))
        .await
        .json();
    assert_eq!(pending["notifications"][0]["code"], "NotReleased");
    admin_post(
        urls,
        "/admin/etest/release",
        Some(json!({ "testId": 9801, "teacherComment": "Bra!" })),
    )
    .await;
    let result = hub_json(&maja, urls, "/onlinetest/onlinetest/GetResult", json!({ "id": 9801 }))
        .await
        .json();
    assert_eq!(result["score"], json!(3));
    assert_eq!(result["maxScore"], json!(5));
    assert_eq!(result["teacherComment"], "Bra!");
    emu.shutdown().await;
}

#[tokio::test]
async fn the_server_submits_when_time_is_up() {
    let emu = start().await;
    let urls = &emu.urls;
    let maja = browser();
    login(&maja, urls, demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD).await;
    let attempt = hub_json(&maja, urls, "/onlinetest/onlinetest/Start", json!({ "id": 9801 }))
        .await
        .json();
    admin_post(urls, "/admin/clock", Some(json!({ "advanceSeconds": 21 * 60 }))).await;
    let list = hub_json(&maja, urls, "/onlinetest/onlinetest/GetTests", json!({}))
        .await
        .json();
    assert_eq!(item(&list, 9801)["status"], "Submitted");
    let late = hub_json(
        &maja,
        urls,
        "/onlinetest/onlinetest/Submit",
        json!({ "attemptId": attempt["attemptId"] }),
    )
    .await
    .json();
    assert_eq!(late["notifications"][0]["code"], "TimeUp");
    emu.shutdown().await;
}
