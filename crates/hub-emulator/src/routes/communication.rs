//! Information (protocol §4.2) and file downloads (§4.16): the news list, the app bootstrap, documents and
//! links for the selected pupil, and `/Resources/Resource/Download|Thumbnail/<id>` serving the stored bytes
//! to any live session.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::db::communication::{self as comm, NewsOrder};
use crate::demo;
use crate::error::EmuError;
use crate::routes::gate::{AppSession, Communication, Params, local_now};
use crate::session::HubSession;
use crate::state::EmuState;
use crate::time;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route(
            "/communication/news/getnewslist",
            post(get_news_list).get(get_news_list),
        )
        .route("/communication/communication/appdata", post(app_data))
        .route("/communication/documents/getdocumentslist", post(get_documents_list))
        .route("/communication/links/getlinkslist", post(get_links_list))
        .route("/resources/resource/download/{id}", get(download).post(download))
        .route("/resources/resource/thumbnail/{id}", get(download).post(download))
}

/// The download path of a stored file, as news and calendar attachments carry it.
pub(crate) fn download_url(resource_id: i64, module_type: &str, connection_id: i64) -> String {
    format!("/Resources/Resource/Download/{resource_id}?api=IM2&ModuleType={module_type}&ConnectionId={connection_id}")
}

/// The file type the hub shows next to a file (`pdf`, `png`, …), from its name.
pub(crate) fn file_type(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

fn published_date_string(published_at: &str) -> String {
    time::parse_date(published_at).map(time::long_date).unwrap_or_default()
}

/// Applies `page` (1-based) and `pageSize` (-1 or missing = everything).
fn page<T>(items: Vec<T>, params: &Params) -> Vec<T> {
    let size = params.i64("pageSize").unwrap_or(-1);
    if size <= 0 {
        return items;
    }
    let page = params.i64("page").unwrap_or(1).max(1);
    let skip = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    items
        .into_iter()
        .skip(skip)
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect()
}

/// `GetNewsList` `{pageSize, sortBy, page?}` (or GET, or no body) → `{items, totalItemCount}`.
async fn get_news_list(
    State(st): State<EmuState>,
    app: AppSession<Communication>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let order = NewsOrder::parse(params.str("sortBy").as_deref());
    let now = time::local_iso(local_now(&st));
    let news = {
        let conn = st.db();
        comm::news_for(&conn, &app.pupil, order, &now)?
    };
    let total = news.len();
    let items: Vec<Value> = page(news, &params)
        .into_iter()
        .map(|n| {
            let attachments: Vec<Value> = n
                .attachments
                .iter()
                .map(|(rid, title)| json!({ "title": title, "url": download_url(*rid, "NewsItem", n.id) }))
                .collect();
            json!({
                "id": n.id,
                "title": n.title,
                "content": n.content,
                "publishedDate": n.published_at,
                "publishedDateString": published_date_string(&n.published_at),
                "publishedBy": n.published_by,
                "newsImageUrl": n.image_resource_id.map(|rid| download_url(rid, "NewsItem", n.id)),
                "newsThumbnailImageUrl": n.image_resource_id.map(|rid| format!(
                    "/Resources/Resource/Thumbnail/{rid}?api=IM2&ModuleType=None&ConnectionId=0&width=300&height=200"
                )),
                "attachments": attachments,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "totalItemCount": total })))
}

async fn app_data(State(st): State<EmuState>, app: AppSession<Communication>) -> Result<Json<Value>, EmuError> {
    let guardians = {
        let conn = st.db();
        conn.query_row(
            "SELECT count(*) FROM guardian_pupil WHERE pupil_id = ?1",
            [&app.pupil.pupil_id],
            |row| row.get::<_, i64>(0),
        )?
    };
    let link_types: serde_json::Map<String, Value> = demo::LINK_TYPES
        .iter()
        .map(|(id, name)| (id.to_string(), json!(name)))
        .collect();
    let parent_im2 = if app.is_student() {
        Value::Null
    } else {
        // The guardian's IM2 id is not otherwise exposed; derive a stable one from the account id.
        json!(app.session.user.id.parse::<i64>().map(|id| id % 1_000_000).unwrap_or(0))
    };
    Ok(Json(json!({
        "hasNewsAccess": true,
        "thirdSecurityInitData": null,
        "linkTypeFilters": link_types,
        "consentViewConfig": {
            "hasConsentsAccess": false,
            "hasConsentWithoutBankIdLicense": false,
            "hasConsentWithBankIdLicense": false,
            "isLoggedInWithBankId": false,
            "pupilIM2Id": app.pupil.im2_id,
            "parentIM2Id": parent_im2,
            "culture": "sv-SE",
            "groupsIds": "1,2",
            "countOfGuardians": guardians,
            "establishmentId": app.pupil.school_id,
            "translations": { "consents": "Samtycken", "noConsents": "Det finns inga samtycken" },
            "urls": {
                "getCurrentList": "/Communication/Consents/GetCurrentList",
                "getDetails": "/Communication/Consents/GetDetails",
                "createConsent": "/Communication/Consents/CreateConsent",
                "simpleBankIdSign": "/Communication/Consents/SimpleBankIdSign",
                "bankIdSign": "/Communication/Consents/BankIdSign",
                "bankIdCollect": "/Communication/Consents/BankIdCollect",
                "grandIdSign": "/Communication/Consents/GrandIdSign",
                "grandIdCollect": "/Communication/Consents/GrandIdCollect",
                "initializeBankIdSigning": "/Communication/Consents/InitializeBankIdSigning",
                "getBankIdSignStatus": "/Communication/Consents/GetBankIdSignStatus",
                "createResponseAfterBankIdSigning": "/Communication/Consents/CreateResponseAfterBankIdSigning",
                "initializeGrandIdSigning": "/Communication/Consents/InitializeGrandIdSigning",
                "getGrandIdSignStatus": "/Communication/Consents/GetGrandIdSignStatus",
                "createResponseAfterGrandIdSigning": "/Communication/Consents/CreateResponseAfterGrandIdSigning",
            },
        },
        "translations": {
            "news": "Nyheter",
            "documents": "Dokument",
            "links": "Länkar",
            "noNews": "Det finns inga nyheter",
            "publishedBy": "Publicerad av",
            "attachments": "Bilagor",
        },
        "urls": {
            "getNewsList": "/Communication/News/GetNewsList",
            "getDocumentsList": "/Communication/Documents/GetDocumentsList",
            "getLinksList": "/Communication/Links/GetLinksList",
        },
    })))
}

async fn get_documents_list(
    State(st): State<EmuState>,
    app: AppSession<Communication>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let docs = {
        let conn = st.db();
        comm::documents_for(&conn, &app.pupil)?
    };
    let total = docs.len();
    let items: Vec<Value> = page(docs, &params)
        .into_iter()
        .map(|d| {
            json!({
                "id": d.id,
                "title": d.title,
                "description": d.description,
                "type": d.type_name,
                "fileType": file_type(&d.file_name),
                "fileSize": d.file_size,
                "fileUrl": download_url(d.resource_id, "Document", d.id),
                "publishedDateString": published_date_string(&d.published_at),
            })
        })
        .collect();
    Ok(Json(json!({ "totalItemCount": total, "items": items })))
}

/// `GetLinksList` `{typeIds:"" | "1,2", …}`.
async fn get_links_list(
    State(st): State<EmuState>,
    app: AppSession<Communication>,
    params: Params,
) -> Result<Json<Value>, EmuError> {
    let wanted: Vec<i64> = params
        .str("typeIds")
        .map(|s| s.split(',').filter_map(|t| t.trim().parse().ok()).collect())
        .unwrap_or_default();
    let links: Vec<comm::Link> = {
        let conn = st.db();
        comm::links_for(&conn, &app.pupil)?
    }
    .into_iter()
    .filter(|l| wanted.is_empty() || wanted.contains(&l.type_id))
    .collect();
    let total = links.len();
    let items: Vec<Value> = page(links, &params)
        .into_iter()
        .map(|l| {
            let type_name = demo::LINK_TYPES
                .iter()
                .find(|(id, _)| *id == l.type_id)
                .map_or("", |(_, name)| name);
            json!({
                "id": l.id,
                "name": l.name,
                "description": l.description,
                "type": type_name,
                "url": l.url,
                "publishedDate": l.published_at,
                "publishedDateString": published_date_string(&l.published_at),
                "publishedBy": l.published_by,
            })
        })
        .collect();
    Ok(Json(json!({ "totalItemCount": total, "items": items })))
}

/// RFC 5987 `attr-char`s pass, everything else is percent-encoded as UTF-8.
fn rfc5987(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 2);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A plain-ASCII stand-in for old clients that only read `filename=`.
fn ascii_file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'Å' | 'Ä' => 'A',
            'ö' => 'o',
            'Ö' => 'O',
            'é' => 'e',
            '–' | '—' => '-',
            c if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' => c,
            _ => '_',
        })
        .collect()
}

/// `Content-Disposition` with both `filename=` and, for non-ASCII names, `filename*=UTF-8''…`.
pub(crate) fn content_disposition(kind: &str, file_name: &str) -> HeaderValue {
    let ascii = ascii_file_name(file_name);
    let value = if ascii == file_name {
        format!("{kind}; filename=\"{ascii}\"")
    } else {
        format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}", rfc5987(file_name))
    };
    HeaderValue::try_from(value).unwrap_or(HeaderValue::from_static("attachment"))
}

/// `GET /Resources/Resource/Download/<id>?api=IM2&ModuleType=…&ConnectionId=…`: the file, for any live
/// session; the query is not checked, as on the hub.
async fn download(
    State(st): State<EmuState>,
    _session: HubSession,
    Path(id): Path<String>,
) -> Result<Response, EmuError> {
    let id: i64 = id.parse().map_err(|_| EmuError::NotFound)?;
    let resource = {
        let conn = st.db();
        comm::resource(&conn, id)?
    }
    .ok_or(EmuError::NotFound)?;
    let kind = if resource.content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    let mut resp = resource.bytes.into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::try_from(resource.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        content_disposition(kind, &resource.file_name),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_file_names_get_rfc5987() {
        let v = content_disposition("attachment", "Läsårsplanering 2026–2027.pdf");
        assert_eq!(
            v.to_str().unwrap(),
            "attachment; filename=\"Lasarsplanering 2026-2027.pdf\"; \
             filename*=UTF-8''L%C3%A4s%C3%A5rsplanering%202026%E2%80%932027.pdf"
        );
        let plain = content_disposition("inline", "bild.png");
        assert_eq!(plain.to_str().unwrap(), "inline; filename=\"bild.png\"");
    }
}
