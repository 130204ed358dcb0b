//! Blogg — the group timeline (protocol §4.15 reads, designed comments): class entries with images,
//! comments, and only students may write.

use serde_json::{Value, json};

use crate::support::*;

const ENTRIES: &str = "/GroupTimeline/GroupTimeline/GetGroupTimelineEntries";

#[tokio::test]
async fn entries_images_and_comments() {
    let emu = start().await;
    let urls = &emu.urls;
    let karin = browser();
    login_guardian(&karin, urls).await;

    let app = post_empty(&karin, &format!("{}/grouptimeline/grouptimeline/appData", urls.hub))
        .await
        .json();
    assert_eq!(app["canComment"], json!(false));
    let body = hub_json(
        &karin,
        urls,
        ENTRIES,
        json!({ "page": 1, "pageSize": 50, "groupId": -1, "returnTimelineConfig": true }),
    )
    .await
    .json();
    assert_keys(&body, &["entries", "more"]);
    let entries = body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "Elsa's class has two posts");
    assert_keys(
        &entries[0],
        &[
            "id",
            "title",
            "content",
            "publishedDate",
            "author",
            "groupName",
            "images",
            "attachments",
            "commentCount",
            "canComment",
        ],
    );
    assert_eq!(entries[0]["title"], "Skogsdag i Ekbacken", "newest first");
    let image = entries[0]["images"][0]["url"].as_str().unwrap();
    let file = get(&karin, &format!("{}{image}", urls.hub)).await;
    assert_eq!(file.status, 200);
    let paged = hub_json(&karin, urls, ENTRIES, json!({ "page": 1, "pageSize": 1 }))
        .await
        .json();
    assert_eq!(paged["more"], json!(true));

    switch_to(&karin, urls, "Maja").await;
    let refused = hub_json(
        &karin,
        urls,
        "/GroupTimeline/GroupTimeline/AddComment",
        json!({ "entryId": 9521, "text": "Hej" }),
    )
    .await
    .json();
    assert_eq!(refused["notifications"][0]["code"], "NotAllowed");

    let maja = browser();
    login(
        &maja,
        urls,
        hub_emulator::demo::STUDENT_USERNAME,
        hub_emulator::demo::STUDENT_PASSWORD,
    )
    .await;
    let added = hub_json(
        &maja,
        urls,
        "/GroupTimeline/GroupTimeline/AddComment",
        json!({ "entryId": 9521, "text": "Jag ska vara på biblioteket." }),
    )
    .await
    .json();
    assert_eq!(added["success"], json!(true));
    assert_keys(&added["comment"], &["id", "author", "text", "created"]);
    let comments = hub_json(
        &karin,
        urls,
        "/GroupTimeline/GroupTimeline/GetComments",
        json!({ "entryId": 9521 }),
    )
    .await
    .json();
    let list = comments["comments"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["author"], "Maja Björklund");
    let entries = hub_json(&maja, urls, ENTRIES, json!({})).await.json();
    let post: &Value = entries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == 9521)
        .unwrap();
    assert_eq!(post["commentCount"], json!(2));
    assert_eq!(post["canComment"], json!(true));
    let empty = hub_json(
        &maja,
        urls,
        "/GroupTimeline/GroupTimeline/AddComment",
        json!({ "entryId": 9521, "text": "" }),
    )
    .await
    .json();
    assert_eq!(empty["notifications"][0]["code"], "EmptyComment");
    // Another class's post is not reachable.
    let other = hub_json(
        &maja,
        urls,
        "/GroupTimeline/GroupTimeline/GetComments",
        json!({ "entryId": 9501 }),
    )
    .await;
    assert_eq!(other.status, 500);
    emu.shutdown().await;
}
