//! Downloading attachments and documents (protocol §4.16).
//!
//! Links come from item JSON, which teachers and other parents can influence, so only hub-relative
//! `/Resources/Resource/Download/<id>` paths are fetched, on the hub host, and no redirect is followed.

use percent_encoding::percent_decode_str;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use url::Url;

use hub_model::Items;
use hub_model::list::Attachment;

use crate::call::json;
use crate::client::{HubClient, SendCounted, parse_retry_after};
use crate::error::{Error, Result};
use crate::html;

/// The only path prefix a download may have, compared case-insensitively as the hub's routing does.
const DOWNLOAD_PREFIX: &str = "/resources/resource/download/";

/// The largest file [`HubClient::download`] accepts: school attachments are documents and photos, and a
/// bigger answer is more likely a fault than a file worth holding in memory.
pub const MAX_DOWNLOAD_BYTES: usize = 50 * 1024 * 1024;

/// The [`Error::InvalidInput`] text of a file over [`MAX_DOWNLOAD_BYTES`], so callers can tell it apart.
pub const TOO_LARGE: &str = "the file is larger than the download limit";

/// A downloaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Download {
    /// From `Content-Disposition` (`filename*` preferred), reduced to a bare file name.
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl HubClient {
    /// Downloads the file behind an item's link, e.g. an attachment `url` or a document `fileUrl`.
    ///
    /// Anything but a hub-relative `/Resources/Resource/Download/<id>[?…]` path (resolved on the configured
    /// hub host only) is [`Error::InvalidInput`], and so is a file over [`MAX_DOWNLOAD_BYTES`]
    /// (the text [`TOO_LARGE`]); a redirect is never followed (a login redirect is [`Error::SessionExpired`]).
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let file = client
    ///     .download("/Resources/Resource/Download/4711?api=IM2&ModuleType=NewsItem&ConnectionId=12")
    ///     .await?;
    /// println!("{:?}: {} bytes", file.filename, file.bytes.len());
    /// # Ok(()) }
    /// ```
    pub async fn download(&self, path: &str) -> Result<Download> {
        self.renewing(|| self.download_once(path)).await
    }

    async fn download_once(&self, path: &str) -> Result<Download> {
        let url = download_url(&self.hosts().hub, path)?;
        tracing::debug!("downloading a hub resource");
        let resp = self
            .http()
            .get(url)
            .header("Referer", self.hosts().hub.as_str())
            .send_counted(self)
            .await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        if status == StatusCode::TOO_MANY_REQUESTS {
            let retry_after = headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            return Err(Error::RateLimited { retry_after });
        }
        if status.is_redirection() {
            let target = headers
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_ascii_lowercase();
            return Err(if target.contains("/authentication/authentication/login") {
                Error::SessionExpired
            } else {
                Error::Redirect("downloads do not follow redirects")
            });
        }
        if !status.is_success() {
            return Err(Error::Status {
                status: status.as_u16(),
                what: "download",
            });
        }
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if resp.content_length().is_some_and(|n| n > MAX_DOWNLOAD_BYTES as u64) {
            return Err(Error::InvalidInput(TOO_LARGE));
        }
        let mut resp = resp;
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await? {
            if bytes.len() + chunk.len() > MAX_DOWNLOAD_BYTES {
                return Err(Error::InvalidInput(TOO_LARGE));
            }
            bytes.extend_from_slice(&chunk);
        }
        if content_type.as_deref().is_some_and(|t| t.contains("text/html")) {
            let text = String::from_utf8_lossy(&bytes);
            if html::relay_form(&text).is_some() || html::login_form(&text).is_some() {
                return Err(Error::SessionExpired);
            }
        }
        let filename = headers
            .get(CONTENT_DISPOSITION)
            .and_then(|v| disposition_filename(&String::from_utf8_lossy(v.as_bytes())));
        Ok(Download {
            filename,
            content_type,
            bytes,
        })
    }
}

impl HubClient {
    /// The files of calendar entry `entry_id` (`calendarv2/calendarv2/getattachments {id}`, protocol §4.3);
    /// each `url` is a download link for [`HubClient::download`].
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// for file in client.calendar_attachments("1234567890", 3106).await? {
    ///     println!("{}", file.title);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn calendar_attachments(&self, pupil_id: &str, entry_id: i64) -> Result<Vec<Attachment>> {
        self.renewing(|| self.calendar_attachments_once(pupil_id, entry_id))
            .await
    }

    async fn calendar_attachments_once(&self, pupil_id: &str, entry_id: i64) -> Result<Vec<Attachment>> {
        let _lease = self.lease(pupil_id, crate::calendar::APP).await?;
        let files: Items<Attachment> = self
            .call(
                "calendar attachments",
                crate::calendar::APP,
                "calendarv2/calendarv2/getattachments",
                json(&serde_json::json!({ "id": entry_id })),
            )
            .await?;
        Ok(files.items)
    }
}

/// Checks a download link and resolves it on the hub host.
pub(crate) fn download_url(hub: &Url, raw: &str) -> Result<Url> {
    let refuse = Error::InvalidInput("download links must be /Resources/Resource/Download/<id> on the hub");
    let raw = raw.trim();
    if !raw.starts_with('/') || raw.starts_with("//") || raw.contains(['\\', '#']) || raw.chars().any(char::is_control)
    {
        return Err(refuse);
    }
    let path = raw.split('?').next().unwrap_or(raw);
    let id = match path.get(..DOWNLOAD_PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(DOWNLOAD_PREFIX) => &path[DOWNLOAD_PREFIX.len()..],
        _ => return Err(refuse),
    };
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(refuse);
    }
    let url = hub
        .join(raw)
        .map_err(|_| Error::InvalidInput("unparsable download link"))?;
    let same_origin = url.scheme() == hub.scheme()
        && url.host_str() == hub.host_str()
        && url.port_or_known_default() == hub.port_or_known_default();
    if !same_origin || !url.path().to_ascii_lowercase().starts_with(DOWNLOAD_PREFIX) {
        return Err(refuse);
    }
    Ok(url)
}

/// The file name of a `Content-Disposition` value: RFC 5987 `filename*` before `filename`, reduced to
/// its last path component so it is safe to use as a name in a folder.
pub(crate) fn disposition_filename(value: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for param in split_params(value).into_iter().skip(1) {
        let Some((name, val)) = param.split_once('=') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "filename*" => extended = decode_ext_value(val.trim()),
            "filename" => plain = Some(unquote(val.trim())),
            _ => {}
        }
    }
    extended.or(plain).and_then(|n| sanitize(&n))
}

/// Splits on `;` outside double quotes.
fn split_params(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        match c {
            _ if escaped => {
                current.push(c);
                escaped = false;
            }
            '\\' if quoted => {
                current.push(c);
                escaped = true;
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
}

fn unquote(v: &str) -> String {
    match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => {
            let mut out = String::with_capacity(inner.len());
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    out.extend(chars.next());
                } else {
                    out.push(c);
                }
            }
            out
        }
        None => v.to_owned(),
    }
}

/// `charset'lang'pct-encoded` (RFC 5987); UTF-8 and ISO-8859-1 are the charsets the RFC requires.
fn decode_ext_value(v: &str) -> Option<String> {
    let mut parts = v.splitn(3, '\'');
    let charset = parts.next()?.to_ascii_lowercase();
    let _lang = parts.next()?;
    let encoded = parts.next()?;
    let bytes: Vec<u8> = percent_decode_str(encoded).collect();
    match charset.as_str() {
        "utf-8" => String::from_utf8(bytes).ok(),
        "iso-8859-1" => Some(bytes.into_iter().map(char::from).collect()),
        _ => None,
    }
}

fn sanitize(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    (!clean.is_empty() && clean != "." && clean != "..").then(|| clean.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hub_relative_download_paths() {
        let hub = Url::parse("https://hub.infomentor.se/").unwrap();
        let ok = download_url(
            &hub,
            "/Resources/Resource/Download/4711?api=IM2&ModuleType=NewsItem&ConnectionId=1",
        );
        assert_eq!(
            ok.unwrap().as_str(),
            "https://hub.infomentor.se/Resources/Resource/Download/4711?api=IM2&ModuleType=NewsItem&ConnectionId=1"
        );
        assert!(download_url(&hub, "/resources/resource/download/ab-12").is_ok());
        for bad in [
            "https://evil.example/Resources/Resource/Download/1",
            "https://hub.infomentor.se/Resources/Resource/Download/1",
            "https://hub.infomentor.se.evil.example/Resources/Resource/Download/1",
            "https://hub.infomentor.se@evil.example/Resources/Resource/Download/1",
            "http://hub.infomentor.se/Resources/Resource/Download/1",
            "https://hub.infomentor.se:8443/Resources/Resource/Download/1",
            "https://mentor.infomentor.se/Resources/Resource/Download/1",
            "//evil.example/Resources/Resource/Download/1",
            "/Resources/Resource/Download/",
            "/Resources/Resource/Download/1/../../Account",
            "/Resources/Resource/Download/%2e%2e",
            "/Resources/Resource/Download/1#x",
            "/Resources/Resource/Thumbnail/1",
            "Resources/Resource/Download/1",
            "/Resources/Resource/Download/1\\x",
            "/Resources/Resource/Download/1\n2",
            "javascript:alert(1)",
            "",
        ] {
            assert!(download_url(&hub, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn filenames_from_content_disposition() {
        assert_eq!(
            disposition_filename(r#"attachment; filename="Veckobrev v.3.pdf""#).as_deref(),
            Some("Veckobrev v.3.pdf")
        );
        assert_eq!(
            disposition_filename(
                r#"attachment; filename="Veckobrev.pdf"; filename*=UTF-8''Veckobrev%20f%C3%B6r%20%C3%A5k%202.pdf"#
            )
            .as_deref(),
            Some("Veckobrev för åk 2.pdf")
        );
        assert_eq!(
            disposition_filename("attachment; filename*=iso-8859-1'sv'Schema%E5k2.pdf").as_deref(),
            Some("Schemaåk2.pdf")
        );
        assert_eq!(
            disposition_filename(r#"inline; filename="a;b \"c\".txt""#).as_deref(),
            Some(r#"a;b "c".txt"#)
        );
        assert_eq!(
            disposition_filename(r#"attachment; filename="../../boot.ini""#).as_deref(),
            Some("boot.ini")
        );
        assert_eq!(disposition_filename("attachment; filename=\"..\"").as_deref(), None);
        assert_eq!(disposition_filename("attachment").as_deref(), None);
        assert_eq!(
            disposition_filename("attachment; filename=plain.txt").as_deref(),
            Some("plain.txt")
        );
    }
}
