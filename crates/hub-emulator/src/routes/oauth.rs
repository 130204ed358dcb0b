//! The mobile OAuth server (`im.infomentor.se`, protocol §3.3). It listens already, so clients and demo
//! mode can carry the full host table; `LoginOAuth2`, `OAuth2/Token` and device authorization come next.

use axum::Router;

use crate::state::EmuState;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
}
