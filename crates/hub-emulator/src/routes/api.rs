//! The mobile API (`api-im.infomentor.se`, protocol §3.3). It listens already, so clients and demo mode can
//! carry the full host table; the SSO bridge (`NA1/Authentication/sso`) and `NA1/account/Account` come next.

use axum::Router;

use crate::state::EmuState;

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
}
