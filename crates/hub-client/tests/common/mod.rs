//! Shared set-up of the client's integration tests: an in-process emulator and a client logged in as the
//! demo guardian. Not every test file uses every helper.

#![allow(dead_code)]

use hub_client::{Hosts, HubClient};
use hub_emulator::{Config, EmulatorHandle, demo};
use hub_model::Account;

/// A client (empty cookie jar) for the emulator's host table.
pub fn client_for(emu: &EmulatorHandle) -> HubClient {
    let u = &emu.urls;
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("loopback hosts");
    HubClient::builder().hosts(hosts).build().expect("client builds")
}

/// An emulator with `cfg` and a client logged in as the demo guardian, with its account.
pub async fn logged_in_with(cfg: Config) -> (EmulatorHandle, HubClient, Account) {
    let emu = EmulatorHandle::start(cfg).await.expect("emulator starts");
    let client = client_for(&emu);
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .expect("demo login");
    let account = client.account().await.expect("account");
    (emu, client, account)
}

/// [`logged_in_with`] the default configuration.
pub async fn logged_in() -> (EmulatorHandle, HubClient, Account) {
    logged_in_with(Config::default()).await
}

/// The pupil id of the demo child with first name `first`.
pub fn child<'a>(account: &'a Account, first: &str) -> &'a str {
    &account
        .children
        .iter()
        .find(|c| c.name.first == first)
        .expect("demo child")
        .id
}
