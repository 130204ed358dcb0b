//! The root component and the session state every page shares.
//!
//! Navigation is a signal, not a router, while the app has a handful of screens without deep links:
//! [`Screen`] says which page shows, and [`Session`] (in context) holds it together with the demo action,
//! because "Prova demo" lives on more than one page and its progress must survive moving between them.
//! On start the shell is asked for the current account, so a logged-in user lands on the start page.

use hub_model::{Account, CmdError, ErrorKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::bridge;
use crate::components::logo::Logo;
use crate::components::session_banner::provide_session_state;
use crate::components::write_conflicts::{WriteConflictList, provide_write_conflicts};
use crate::i18n::{provide_i18n, tr};
use crate::pages::auth::AuthPage;
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::pairing::PairingPage;
use crate::pages::this_device::ThisDevicePage;
use crate::prefs::PrefsStore;
use crate::theme::provide_theme;

/// The pairing flows of issue 5: "Använd annan enhet" works, "Använd denna enhet" is still "coming".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    ThisDevice,
    OtherDevice,
}

/// Which page is on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Waiting for `account_current`.
    Starting,
    /// "Autentisering": the choice of login.
    Auth,
    /// Username and password.
    Password,
    Pairing(Pairing),
    /// The start page of a logged-in account.
    Home(Account),
}

/// Shared navigation and the demo action; `Copy`, taken with [`use_session`].
#[derive(Clone, Copy)]
pub struct Session {
    pub screen: RwSignal<Screen>,
    /// Starts the demo school and moves to the start page when it is ready.
    pub demo: Action<(), Result<Account, CmdError>>,
    /// Why the start could not restore a paired device (a keychain error), shown on "Autentisering".
    pub startup_error: RwSignal<Option<CmdError>>,
    /// "Lägg till konto" is under way: "Autentisering" offers a way back to the account still in use.
    pub adding: RwSignal<bool>,
}

impl Session {
    fn new() -> Self {
        let screen = RwSignal::new(Screen::Starting);
        let startup_error = RwSignal::new(None);
        let demo = Action::new_local(move |_: &()| async move {
            let result = bridge::demo_start().await;
            if let Ok(account) = &result {
                startup_error.set(None);
                screen.set(Screen::Home(account.clone()));
            }
            result
        });
        Self {
            screen,
            demo,
            startup_error,
            adding: RwSignal::new(false),
        }
    }

    /// Shows `screen`; reaching a start page clears the startup error, which no longer applies, and ends
    /// "Lägg till konto" (a new account logged in, or the user went back to the old one).
    pub fn go(&self, screen: Screen) {
        if matches!(screen, Screen::Home(_)) {
            self.startup_error.set(None);
            self.adding.set(false);
        }
        self.screen.set(screen);
    }

    /// After a switch or "Logga ut": the start page of the account the shell now has active, else the login
    /// choices.
    pub fn go_to_active(&self, account: Option<Account>) {
        match account {
            Some(account) => self.go(Screen::Home(account)),
            None => self.go(Screen::Auth),
        }
    }
}

/// The session of the running app; panics outside [`App`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_theme(PrefsStore::provide());
    provide_session_state();
    provide_write_conflicts();
    crate::components::pending::provide_pending_writes();
    crate::data::provide_new_items();
    let session = Session::new();
    provide_context(session);

    spawn_local(async move {
        let next = match bridge::account_current().await {
            Ok(Some(account)) => Screen::Home(account),
            // A paired device whose secrets cannot be read: say so, and offer the login choices.
            Err(error) if error.kind == ErrorKind::Keychain => {
                session.startup_error.set(Some(error));
                Screen::Auth
            }
            // Not logged in, or no shell to ask (a plain browser): either way, offer the login choices.
            Ok(None) | Err(_) => Screen::Auth,
        };
        // A fast click on "Prova demo" may already have moved on.
        if session.screen.get_untracked() == Screen::Starting {
            session.go(next);
        }
    });

    let page = move || match session.screen.get() {
        Screen::Starting => view! { <Splash /> }.into_any(),
        Screen::Auth => view! { <AuthPage /> }.into_any(),
        Screen::Password => view! { <LoginPage /> }.into_any(),
        Screen::Pairing(Pairing::ThisDevice) => view! { <ThisDevicePage /> }.into_any(),
        Screen::Pairing(kind) => view! { <PairingPage kind /> }.into_any(),
        Screen::Home(account) => view! { <HomePage account /> }.into_any(),
    };
    // Refusals of queued writes show over whichever page is open.
    view! {
        {page}
        <WriteConflictList />
    }
}

/// Shown for the moment it takes to ask the shell whether someone is logged in.
#[component]
fn Splash() -> impl IntoView {
    view! {
        <main class="splash" aria-busy="true">
            <Logo size=72 />
            <p class="splash-text" role="status">
                <span class="spinner" aria-hidden="true"></span>
                {tr("app.starting")}
            </p>
        </main>
    }
}
