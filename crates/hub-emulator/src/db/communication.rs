//! Information (protocol §4.2, §4.16): downloadable resources, news with images and attachments, documents
//! and links, each addressed to the whole school, a class or a grade.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::{AUDIENCE_SQL, PupilInfo, audience_columns, seed_time};
use crate::demo::{self, ResourceBody};
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE resources (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL
);

CREATE TABLE news (
    id                INTEGER PRIMARY KEY,
    school_id         INTEGER NOT NULL REFERENCES schools(id),
    class_name        TEXT,
    grade             INTEGER,
    title             TEXT NOT NULL,
    content           TEXT NOT NULL,
    published_at      TEXT NOT NULL,
    published_by      TEXT NOT NULL,
    image_resource_id INTEGER REFERENCES resources(id)
);

CREATE TABLE news_attachments (
    news_id     INTEGER NOT NULL REFERENCES news(id),
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    title       TEXT NOT NULL,
    PRIMARY KEY (news_id, resource_id)
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES schools(id),
    class_name   TEXT,
    grade        INTEGER,
    title        TEXT NOT NULL,
    description  TEXT,
    type_name    TEXT NOT NULL,
    resource_id  INTEGER NOT NULL REFERENCES resources(id),
    published_at TEXT NOT NULL
);

CREATE TABLE links (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES schools(id),
    class_name   TEXT,
    grade        INTEGER,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    type_id      INTEGER NOT NULL,
    url          TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    let school = demo::SCHOOL.id;
    for r in &demo::RESOURCES {
        let bytes = match &r.body {
            ResourceBody::Pdf(lines) => pdf(lines),
            ResourceBody::Raw(bytes) => bytes.to_vec(),
        };
        tx.execute(
            "INSERT INTO resources (id, file_name, content_type, bytes) VALUES (?1, ?2, ?3, ?4)",
            params![r.id, r.file_name, r.content_type, bytes],
        )?;
    }
    let at = |days_ago: i64, hhmm: &str| time::local_iso((today - TimeDelta::days(days_ago)).and_time(seed_time(hhmm)));
    for n in &demo::NEWS {
        let (class, grade) = audience_columns(n.audience);
        tx.execute(
            "INSERT INTO news (id, school_id, class_name, grade, title, content, published_at, published_by,
                               image_resource_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                n.id,
                school,
                class,
                grade,
                n.title,
                n.content,
                at(n.days_ago, n.time),
                n.published_by,
                n.image
            ],
        )?;
        for (resource, title) in n.attachments {
            tx.execute(
                "INSERT INTO news_attachments (news_id, resource_id, title) VALUES (?1, ?2, ?3)",
                params![n.id, resource, title],
            )?;
        }
    }
    for d in &demo::DOCUMENTS {
        let (class, grade) = audience_columns(d.audience);
        tx.execute(
            "INSERT INTO documents (id, school_id, class_name, grade, title, description, type_name, resource_id,
                                    published_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                d.id,
                school,
                class,
                grade,
                d.title,
                d.description,
                d.type_name,
                d.resource,
                at(d.days_ago, "08:00")
            ],
        )?;
    }
    for l in &demo::LINKS {
        let (class, grade) = audience_columns(l.audience);
        tx.execute(
            "INSERT INTO links (id, school_id, class_name, grade, name, description, type_id, url, published_at,
                                published_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                l.id,
                school,
                class,
                grade,
                l.name,
                l.description,
                l.type_id,
                l.url,
                at(l.days_ago, "08:00"),
                l.published_by
            ],
        )?;
    }
    Ok(())
}

/// A minimal, valid one-page PDF 1.4 showing `lines` in Helvetica, with a correct cross-reference table.
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 14 Tf 56 780 Td 18 TL\n");
    for line in lines {
        let escaped: String = line
            .chars()
            .filter(char::is_ascii)
            .flat_map(|c| match c {
                '(' | ')' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        text.push_str(&format!("({escaped}) Tj T*\n"));
    }
    text.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stored file.
pub(crate) struct Resource {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub(crate) fn resource(conn: &Connection, id: i64) -> rusqlite::Result<Option<Resource>> {
    crate::db::cached_row(
        conn,
        "SELECT file_name, content_type, bytes FROM resources WHERE id = ?1",
        params![id],
        |row| {
            Ok(Resource {
                file_name: row.get(0)?,
                content_type: row.get(1)?,
                bytes: row.get(2)?,
            })
        },
    )
    .optional()
}

/// One news item as stored.
pub(crate) struct News {
    pub id: i64,
    pub title: String,
    pub content: String,
    pub published_at: String,
    pub published_by: String,
    pub image_resource_id: Option<i64>,
    /// (resource id, title).
    pub attachments: Vec<(i64, String)>,
}

/// How the news list is ordered (`sortBy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NewsOrder {
    PublishedDesc,
    PublishedAsc,
    TitleAsc,
    TitleDesc,
    PublishedByAsc,
    PublishedByDesc,
}

impl NewsOrder {
    /// Reads `<field>___SORT_ASC|SORT_DESC|SORT_NONE`; anything else is newest first.
    pub(crate) fn parse(sort_by: Option<&str>) -> NewsOrder {
        let Some((field, dir)) = sort_by.and_then(|s| s.split_once("___")) else {
            return NewsOrder::PublishedDesc;
        };
        let asc = dir.eq_ignore_ascii_case("SORT_ASC");
        match (field.to_ascii_lowercase().as_str(), asc) {
            ("title", true) => NewsOrder::TitleAsc,
            ("title", false) => NewsOrder::TitleDesc,
            ("publishedby", true) => NewsOrder::PublishedByAsc,
            ("publishedby", false) => NewsOrder::PublishedByDesc,
            (_, true) => NewsOrder::PublishedAsc,
            (_, false) => NewsOrder::PublishedDesc,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            NewsOrder::PublishedDesc => "published_at DESC, id DESC",
            NewsOrder::PublishedAsc => "published_at ASC, id ASC",
            NewsOrder::TitleAsc => "title COLLATE NOCASE ASC, id",
            NewsOrder::TitleDesc => "title COLLATE NOCASE DESC, id",
            NewsOrder::PublishedByAsc => "published_by ASC, published_at DESC",
            NewsOrder::PublishedByDesc => "published_by DESC, published_at DESC",
        }
    }
}

/// The news a pupil sees, published up to `now_local`, in `order`.
pub(crate) fn news_for(
    conn: &Connection,
    pupil: &PupilInfo,
    order: NewsOrder,
    now_local: &str,
) -> rusqlite::Result<Vec<News>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, title, content, published_at, published_by, image_resource_id FROM news
         WHERE {AUDIENCE_SQL} AND published_at <= ?4 ORDER BY {}",
        order.sql()
    ))?;
    let mut items: Vec<News> = stmt
        .query_map(
            params![pupil.school_id, pupil.class_name, pupil.grade, now_local],
            |row| {
                Ok(News {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    content: row.get(2)?,
                    published_at: row.get(3)?,
                    published_by: row.get(4)?,
                    image_resource_id: row.get(5)?,
                    attachments: Vec::new(),
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut att =
        conn.prepare_cached("SELECT resource_id, title FROM news_attachments WHERE news_id = ?1 ORDER BY resource_id")?;
    for item in &mut items {
        item.attachments = att
            .query_map(params![item.id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(items)
}

/// A document in the list.
pub(crate) struct Document {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub type_name: String,
    pub resource_id: i64,
    pub file_name: String,
    pub file_size: i64,
    pub published_at: String,
}

pub(crate) fn documents_for(conn: &Connection, pupil: &PupilInfo) -> rusqlite::Result<Vec<Document>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, d.title, d.description, d.type_name, d.resource_id, r.file_name, length(r.bytes),
                d.published_at
         FROM (SELECT * FROM documents WHERE {AUDIENCE_SQL}) d JOIN resources r ON r.id = d.resource_id
         ORDER BY d.published_at DESC, d.id"
    ))?;
    stmt.query_map(params![pupil.school_id, pupil.class_name, pupil.grade], |row| {
        Ok(Document {
            id: row.get(0)?,
            title: row.get(1)?,
            description: row.get(2)?,
            type_name: row.get(3)?,
            resource_id: row.get(4)?,
            file_name: row.get(5)?,
            file_size: row.get(6)?,
            published_at: row.get(7)?,
        })
    })?
    .collect()
}

/// A link in the list.
pub(crate) struct Link {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub type_id: i64,
    pub url: String,
    pub published_at: String,
    pub published_by: String,
}

pub(crate) fn links_for(conn: &Connection, pupil: &PupilInfo) -> rusqlite::Result<Vec<Link>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, name, description, type_id, url, published_at, published_by FROM links
         WHERE {AUDIENCE_SQL} ORDER BY published_at DESC, id"
    ))?;
    stmt.query_map(params![pupil.school_id, pupil.class_name, pupil.grade], |row| {
        Ok(Link {
            id: row.get(0)?,
            name: row.get(1)?,
            description: row.get(2)?,
            type_id: row.get(3)?,
            url: row.get(4)?,
            published_at: row.get(5)?,
            published_by: row.get(6)?,
        })
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_has_a_consistent_xref() {
        let bytes = pdf(&["Hej (du)"]);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[start..].starts_with("xref\n"));
        let second = text.find("2 0 obj").unwrap();
        assert!(text.contains(&format!("{second:010} 00000 n ")));
        assert!(text.contains("(Hej \\(du\\)) Tj"));
    }

    #[test]
    fn sort_keys() {
        assert_eq!(NewsOrder::parse(Some("title___SORT_ASC")), NewsOrder::TitleAsc);
        assert_eq!(
            NewsOrder::parse(Some("lastPublishDate___SORT_DESC")),
            NewsOrder::PublishedDesc
        );
        assert_eq!(NewsOrder::parse(None), NewsOrder::PublishedDesc);
    }
}
