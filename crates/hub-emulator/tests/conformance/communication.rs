//! Information (protocol §4.2) and downloads (§4.16): news per selected pupil with the exact NewsItem fields,
//! attachments and images that download with their Swedish file names, documents, links and appData.

use serde_json::{Value, json};

use crate::support::*;

const NEWS: &str = "/Communication/News/GetNewsList";
const NEWS_BODY: fn() -> Value = || json!({"pageSize": -1, "sortBy": "lastPublishDate___SORT_DESC"});

const NEWS_FIELDS: [&str; 9] = [
    "id",
    "title",
    "content",
    "publishedDate",
    "publishedDateString",
    "publishedBy",
    "newsImageUrl",
    "newsThumbnailImageUrl",
    "attachments",
];

fn items(page: &Page) -> Vec<Value> {
    page.json()["items"].as_array().expect("items").clone()
}

fn titles(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["title"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn news_list_is_scoped_to_the_selected_pupil() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let page = hub_json(&client, &emu.urls, NEWS, NEWS_BODY()).await;
    let body = page.json();
    let elsa = items(&page);
    assert_eq!(body["totalItemCount"], json!(elsa.len()));
    assert_keys(&body, &["items", "totalItemCount"]);
    for item in &elsa {
        assert_keys(item, &NEWS_FIELDS);
        assert!(is_local_iso(item["publishedDate"].as_str().unwrap()));
        let text = item["publishedDateString"].as_str().unwrap();
        let month = text.split(' ').nth(1).unwrap();
        assert!(
            [
                "januari",
                "februari",
                "mars",
                "april",
                "maj",
                "juni",
                "juli",
                "augusti",
                "september",
                "oktober",
                "november",
                "december"
            ]
            .contains(&month),
            "{text}"
        );
    }
    let dates: Vec<&str> = elsa.iter().map(|i| i["publishedDate"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let elsa_titles = titles(&elsa);
    assert!(elsa_titles.iter().any(|t| t.contains("2B")), "{elsa_titles:?}");
    assert!(elsa_titles.contains(&"Skogsdag för hela skolan".to_owned()));
    assert!(!elsa_titles.iter().any(|t| t.contains("5A") || t.contains("Prao")));

    // One item has an image, one an attachment, both as relative download paths.
    let with_image = elsa
        .iter()
        .find(|i| !i["newsImageUrl"].is_null())
        .expect("a news item with an image");
    let image = with_image["newsImageUrl"].as_str().unwrap();
    assert_eq!(
        image,
        format!(
            "/Resources/Resource/Download/{}?api=IM2&ModuleType=NewsItem&ConnectionId={}",
            image.split('/').nth(4).unwrap().split('?').next().unwrap(),
            with_image["id"]
        )
    );
    assert!(
        with_image["newsThumbnailImageUrl"]
            .as_str()
            .unwrap()
            .starts_with("/Resources/Resource/Thumbnail/")
    );
    let with_attachment = elsa
        .iter()
        .find(|i| !i["attachments"].as_array().unwrap().is_empty())
        .unwrap();
    let attachment = &with_attachment["attachments"][0];
    assert_keys(attachment, &["title", "url"]);
    let url = attachment["url"].as_str().unwrap();
    assert!(url.starts_with("/Resources/Resource/Download/"));
    assert!(url.ends_with(&format!(
        "?api=IM2&ModuleType=NewsItem&ConnectionId={}",
        with_attachment["id"]
    )));

    switch_to(&client, &emu.urls, "Nils").await;
    let nils = titles(&items(&hub_json(&client, &emu.urls, NEWS, NEWS_BODY()).await));
    assert!(nils.iter().any(|t| t.contains("5A")), "{nils:?}");
    assert!(!nils.iter().any(|t| t.contains("2B")));
    assert!(
        nils.contains(&"Skogsdag för hela skolan".to_owned()),
        "school-wide news for everyone"
    );

    // GET, an empty body, paging and another sort key.
    let got = get(&client, &format!("{}/communication/news/getnewslist", emu.urls.hub)).await;
    assert_eq!(items(&got).len(), nils.len());
    let paged = hub_json(
        &client,
        &emu.urls,
        NEWS,
        json!({"pageSize": 2, "page": 2, "sortBy": "title___SORT_ASC"}),
    )
    .await;
    let mut by_title = nils.clone();
    by_title.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles(&items(&paged)), by_title[2..4.min(by_title.len())].to_vec());
    assert_eq!(paged.json()["totalItemCount"], json!(nils.len()));
    emu.shutdown().await;
}

#[tokio::test]
async fn downloads_serve_bytes_with_swedish_file_names() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let news = items(&hub_json(&client, &emu.urls, NEWS, NEWS_BODY()).await);
    let attachment = news
        .iter()
        .flat_map(|i| i["attachments"].as_array().unwrap().clone())
        .next()
        .unwrap();
    let url = format!("{}{}", emu.urls.hub, attachment["url"].as_str().unwrap());
    let resp = client.get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let disposition = resp.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''L%C3%A4s%C3%A5rsplanering"),
        "{disposition}"
    );
    let bytes = resp.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n"));

    let image = news.iter().find_map(|i| i["newsImageUrl"].as_str()).unwrap();
    let resp = client.get(format!("{}{image}", emu.urls.hub)).send().await.unwrap();
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert!(resp.bytes().await.unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    // POST works too (EP-dart, CH), and path casing does not matter.
    let post = client.post(url.to_lowercase()).send().await.unwrap();
    assert_eq!(post.status().as_u16(), 200);

    let missing = get(
        &client,
        &format!("{}/Resources/Resource/Download/999999?api=IM2", emu.urls.hub),
    )
    .await;
    assert_eq!(missing.status, 404);
    // The URL carries no token: without the session cookies it is the login relay.
    let stranger = browser();
    get(&stranger, &url).await.assert_login_relay();
    emu.shutdown().await;
}

#[tokio::test]
async fn app_data_documents_and_links() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    let app = post_empty(
        &client,
        &format!("{}/communication/communication/appData", emu.urls.hub),
    )
    .await
    .json();
    for key in [
        "hasNewsAccess",
        "thirdSecurityInitData",
        "linkTypeFilters",
        "consentViewConfig",
        "translations",
        "urls",
    ] {
        assert!(app.get(key).is_some(), "appData.{key}");
    }
    assert_eq!(app["urls"]["getNewsList"], "/Communication/News/GetNewsList");
    assert!(app["consentViewConfig"]["pupilIM2Id"].is_i64());
    assert_eq!(app["consentViewConfig"]["groupsIds"], "1,2");
    assert!(app["linkTypeFilters"]["1"].is_string());

    let docs = hub_json(
        &client,
        &emu.urls,
        "/Communication/Documents/GetDocumentsList",
        json!({"typeIds": "", "sortBy": "lastPublishDate___SORT_DESC", "page": 1, "pageSize": 20}),
    )
    .await
    .json();
    let doc = &docs["items"][0];
    assert_keys(
        doc,
        &[
            "id",
            "title",
            "description",
            "type",
            "fileType",
            "fileSize",
            "fileUrl",
            "publishedDateString",
        ],
    );
    assert_eq!(docs["totalItemCount"], json!(docs["items"].as_array().unwrap().len()));
    assert_eq!(doc["fileType"], "pdf");
    let file = client
        .get(format!("{}{}", emu.urls.hub, doc["fileUrl"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(doc["fileSize"], json!(file.bytes().await.unwrap().len()));

    let links = hub_json(
        &client,
        &emu.urls,
        "/Communication/Links/GetLinksList",
        json!({"typeIds": ""}),
    )
    .await
    .json();
    let link = &links["items"][0];
    assert_keys(
        link,
        &[
            "id",
            "name",
            "description",
            "type",
            "url",
            "publishedDate",
            "publishedDateString",
            "publishedBy",
        ],
    );
    let general = hub_json(
        &client,
        &emu.urls,
        "/Communication/Links/GetLinksList",
        json!({"typeIds": "1"}),
    )
    .await
    .json();
    assert!(
        general["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["type"] == app["linkTypeFilters"]["1"])
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn dead_session_news_is_empty_other_lists_relay() {
    let emu = start().await;
    let client = browser();
    login_guardian(&client, &emu.urls).await;
    admin_post(&emu.urls, "/admin/expire-sessions", None).await;
    let news = hub_json(&client, &emu.urls, NEWS, NEWS_BODY()).await;
    assert_eq!((news.status, news.body.as_str()), (200, ""));
    hub_json(
        &client,
        &emu.urls,
        "/Communication/Documents/GetDocumentsList",
        json!({}),
    )
    .await
    .assert_login_relay();
    post_empty(
        &client,
        &format!("{}/communication/communication/appData", emu.urls.hub),
    )
    .await
    .assert_login_relay();
    emu.shutdown().await;
}
