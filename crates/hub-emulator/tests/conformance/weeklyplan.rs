//! Veckoplan (designed, `docs/protocol-extensions.md`): the weeks of the selected child's class and one
//! week's letter, information and homework.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn weeks_follow_the_selected_child() {
    let emu = start().await;
    let urls = &emu.urls;
    let client = browser();
    login_guardian(&client, urls).await;

    let app = hub_json(&client, urls, "/weeklyplan/weeklyplan/appData", json!({}))
        .await
        .json();
    assert_keys(&app, &["currentYear", "currentWeek", "weeks", "translations", "urls"]);
    let weeks = app["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 3, "Elsa's class has three weeks");
    assert_keys(&weeks[0], &["year", "week", "title"]);
    let current = json!({ "year": app["currentYear"], "week": app["currentWeek"] });
    assert!(weeks.iter().any(|w| w["week"] == current["week"]));

    let week = hub_json(&client, urls, "/weeklyplan/weeklyplan/GetWeek", current.clone())
        .await
        .json();
    assert_keys(
        &week,
        &[
            "year",
            "week",
            "title",
            "letter",
            "information",
            "homework",
            "attachments",
            "publishedBy",
            "publishedDate",
        ],
    );
    assert!(week["letter"].as_str().unwrap().contains("skogsdag"));
    assert_eq!(week["publishedBy"], "Lena Holm");
    assert!(is_local_iso(week["publishedDate"].as_str().unwrap()));
    let homework = week["homework"].as_array().unwrap();
    assert_eq!(homework.len(), 2);
    assert_keys(&homework[0], &["id", "subject", "title", "description", "dueDate"]);
    assert_keys(&week["information"][0], &["title", "text"]);

    let empty = hub_json(
        &client,
        urls,
        "/weeklyplan/weeklyplan/GetWeek",
        json!({ "year": 2020, "week": 3 }),
    )
    .await
    .json();
    assert_eq!(empty["letter"], "");
    assert_eq!(empty["publishedBy"], serde_json::Value::Null);
    assert_eq!(
        hub_json(&client, urls, "/weeklyplan/weeklyplan/GetWeek", json!({}))
            .await
            .status,
        500
    );

    switch_to(&client, urls, "Maja").await;
    let maja = hub_json(&client, urls, "/weeklyplan/weeklyplan/GetWeek", current)
        .await
        .json();
    assert!(maja["letter"].as_str().unwrap().contains("laborationsrapporten"));
    emu.shutdown().await;
}
