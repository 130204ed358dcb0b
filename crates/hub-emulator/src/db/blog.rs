//! Blogg — the group timeline (`grouptimeline`, protocol §4.15 reads and the designed comments of
//! `docs/protocol-extensions.md`).

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE blog_posts (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools(id),
    class_name  TEXT NOT NULL,
    title       TEXT NOT NULL,
    content     TEXT NOT NULL,
    published   TEXT NOT NULL,
    author      TEXT NOT NULL,
    image_id    INTEGER
);

CREATE TABLE blog_comments (
    id      INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES blog_posts(id),
    author  TEXT NOT NULL,
    text    TEXT NOT NULL,
    created TEXT NOT NULL
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    for (id, class, days_ago, author, title, content, image) in demo::BLOG_POSTS {
        let at = (today - TimeDelta::days(days_ago)).and_time(super::seed_time("13:45"));
        tx.execute(
            "INSERT INTO blog_posts (id, school_id, class_name, title, content, published, author, image_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                demo::SCHOOL.id,
                class,
                title,
                content,
                time::local_iso(at),
                author,
                image
            ],
        )?;
    }
    for (post, author, text, days_ago) in demo::BLOG_COMMENTS {
        let at = (today - TimeDelta::days(days_ago)).and_time(super::seed_time("18:20"));
        tx.execute(
            "INSERT INTO blog_comments (post_id, author, text, created) VALUES (?1, ?2, ?3, ?4)",
            params![post, author, text, time::local_iso(at)],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub(crate) struct Post {
    pub id: i64,
    pub class_name: String,
    pub title: String,
    pub content: String,
    pub published: String,
    pub author: String,
    pub image_id: Option<i64>,
    pub comment_count: i64,
}

/// The class's posts, newest first.
pub(crate) fn posts(conn: &Connection, school_id: i64, class_name: &str) -> rusqlite::Result<Vec<Post>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.class_name, p.title, p.content, p.published, p.author, p.image_id,
                (SELECT count(*) FROM blog_comments c WHERE c.post_id = p.id)
         FROM blog_posts p WHERE p.school_id = ?1 AND p.class_name = ?2 ORDER BY p.published DESC, p.id",
    )?;
    stmt.query_map(params![school_id, class_name], |row| {
        Ok(Post {
            id: row.get(0)?,
            class_name: row.get(1)?,
            title: row.get(2)?,
            content: row.get(3)?,
            published: row.get(4)?,
            author: row.get(5)?,
            image_id: row.get(6)?,
            comment_count: row.get(7)?,
        })
    })?
    .collect()
}

/// Whether the post belongs to this class.
pub(crate) fn post_in_class(conn: &Connection, school_id: i64, class_name: &str, id: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM blog_posts WHERE id = ?1 AND school_id = ?2 AND class_name = ?3",
            params![id, school_id, class_name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

#[derive(Debug, Clone)]
pub(crate) struct Comment {
    pub id: i64,
    pub author: String,
    pub text: String,
    pub created: String,
}

pub(crate) fn comments(conn: &Connection, post_id: i64) -> rusqlite::Result<Vec<Comment>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, author, text, created FROM blog_comments WHERE post_id = ?1 ORDER BY id")?;
    stmt.query_map(params![post_id], |row| {
        Ok(Comment {
            id: row.get(0)?,
            author: row.get(1)?,
            text: row.get(2)?,
            created: row.get(3)?,
        })
    })?
    .collect()
}

pub(crate) fn add_comment(
    conn: &Connection,
    post_id: i64,
    author: &str,
    text: &str,
    created: &str,
) -> rusqlite::Result<Comment> {
    conn.execute(
        "INSERT INTO blog_comments (post_id, author, text, created) VALUES (?1, ?2, ?3, ?4)",
        params![post_id, author, text, created],
    )?;
    Ok(Comment {
        id: conn.last_insert_rowid(),
        author: author.to_owned(),
        text: text.to_owned(),
        created: created.to_owned(),
    })
}
