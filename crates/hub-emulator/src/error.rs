//! The emulator's error type and how it turns into a response: the hub's own failure shape, an ASP.NET
//! HTML error page, never an invented JSON error.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::html;

/// Something a handler could not do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmuError {
    /// The database refused a statement; a bug or a broken invariant, never bad input.
    #[error("database error")]
    Db(#[from] rusqlite::Error),
    /// The request could not be understood.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// No such resource.
    #[error("not found")]
    NotFound,
    /// The request reached an action that fails on it the way the hub's does (HTTP 500), for example
    /// `getentries` without dates.
    #[error("server error: {0}")]
    Internal(String),
}

impl EmuError {
    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            EmuError::Db(_) | EmuError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            EmuError::BadRequest(_) => StatusCode::BAD_REQUEST,
            EmuError::NotFound => StatusCode::NOT_FOUND,
        }
    }
}

impl IntoResponse for EmuError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if matches!(self, EmuError::Db(_)) {
            tracing::error!(error = ?self, "request failed");
        } else {
            tracing::debug!(error = %self, "request rejected");
        }
        let title = match &self {
            EmuError::NotFound => "The resource cannot be found.",
            EmuError::BadRequest(_) => "Bad Request",
            EmuError::Db(_) | EmuError::Internal(_) => "Runtime Error",
        };
        (status, Html(html::error_page(status.as_u16(), title))).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(EmuError::NotFound.status_code(), StatusCode::NOT_FOUND);
        let resp = EmuError::BadRequest("x".into()).into_response();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    }
}
