//! Lärlogg (protocol §4.14): the bare-array GET read with its type filter and paging, and appData.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn learnlog_entries_for_the_selected_child() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;
    let url = |query: &str| format!("{}/learnlog/learnlog/getlearnlogs?{query}", urls.hub);

    let all = get(&client, &url("learnLogType=0&pageNumber=1&pageSize=20"))
        .await
        .json();
    let entries = all.as_array().expect("a bare array");
    assert_eq!(entries.len(), 3);
    assert_keys(
        &entries[0],
        &[
            "id",
            "title",
            "text",
            "groupName",
            "lastModifiedOn",
            "subjectsCoursesDisplayString",
            "comments",
            "media",
            "attachments",
        ],
    );
    let prose = entries[0]["lastModifiedOn"].as_str().unwrap();
    assert!(prose.starts_with("den ") && prose.contains(" klockan "), "{prose}");
    let media = &entries[0]["media"][0];
    assert_keys(
        media,
        &[
            "fileId",
            "fileType",
            "fileExtension",
            "fileName",
            "thumbnailUrl",
            "fileUrl",
        ],
    );
    assert_eq!(
        get(&client, &format!("{}{}", urls.hub, media["fileUrl"].as_str().unwrap()))
            .await
            .status,
        200
    );

    let own = get(&client, &url("learnLogType=1&pageNumber=1&pageSize=20"))
        .await
        .json();
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["groupName"], "");
    let page2 = get(&client, &url("learnLogType=0&pageNumber=2&pageSize=2"))
        .await
        .json();
    assert_eq!(page2.as_array().unwrap().len(), 1);

    let app = post_empty(&client, &format!("{}/learnlog/learnlog/appData", urls.hub))
        .await
        .json();
    assert_eq!(app["entries"].as_array().unwrap().len(), 3);
    switch_to(&client, urls, "Nils").await;
    assert_eq!(get(&client, &url("learnLogType=0")).await.json(), json!([]));
    emu.shutdown().await;
}
