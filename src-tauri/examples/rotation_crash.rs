//! Crash trial of refresh-token rotation: a child process takes the stored refresh token, refreshes it
//! against the emulator and uses the new access token, exactly as the app does (`hub-client`'s
//! `OAuthSession`, the shell's `pairing::token_store`); the parent `kill -9`s it at an injected point, then a
//! fresh process (the restarted app) must still log in from what is stored.
//!
//! Kill points: `before-request` (token read, nothing sent), `during-request` (a random moment inside the
//! HTTP exchange: the school may or may not have rotated), `after-answer` (the school rotated and answered,
//! nothing stored yet), `after-write` (the new token stored, its access token not used yet), `after-use`
//! (the new access token worked) and `none` (no kill).
//!
//! The store is the real keychain when a Secret Service answers (run it under `dbus-run-session` with an
//! unlocked gnome-keyring), else, or with `--file`, a file written the same way (temporary file, fsync,
//! rename): the trial is about the order of "school rotated → stored → used", which both stores keep; the
//! keychain daemon is a separate process that a `kill -9` of the app cannot interrupt mid-write either.
//!
//! `--control` runs the same trial with the wrong order (the new access token used before the token is
//! stored, killed in between): it must strand the device, which shows that the trial can detect stranding.
//!
//! `cargo run -p skolhub --example rotation_crash -- [trials] [--file] [--control]` (default 60 trials). Not
//! part of the test suite: it starts two processes per trial.

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hub_client::{Error, Hosts, HubClient, OAuthSession, TokenSet, TokenStore};
use skolhub_lib::rotation_trial::{Keychain, Secret, keychain_for, native_store, token_store};
use tracing_subscriber::layer::SubscriberExt;

/// Where a trial kills the child, in turn.
const TARGETS: &[&str] = &[
    "before-request",
    "during-request",
    "after-answer",
    "after-write",
    "after-use",
    "none",
];

/// The kill point of `--control`: the new access token was used, the new refresh token not stored.
const CONTROL_TARGET: &str = "after-use-before-write";

/// The emulator's refresh answers under the grace rule, and its family revocations.
static GRACE: AtomicUsize = AtomicUsize::new(0);
static REVOKED: AtomicUsize = AtomicUsize::new(0);

/// Counts the emulator's log events about spent refresh tokens.
struct CountReuse;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountReuse {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        struct Message(String);
        impl tracing::field::Visit for Message {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "message" {
                    self.0 = format!("{value:?}");
                }
            }
        }
        let mut m = Message(String::new());
        event.record(&mut m);
        if m.0.contains("replayed before its successor was used") {
            GRACE.fetch_add(1, Ordering::SeqCst);
        } else if m.0.contains("revoking its token family") {
            REVOKED.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// Where the refresh token lives between processes.
#[derive(Clone)]
enum Store {
    Keychain(Keychain),
    File(PathBuf),
}

impl Store {
    fn open(kind: &str, path: &str, hosts: &Hosts) -> Self {
        match kind {
            "keychain" => Store::Keychain(keychain_for(hosts)),
            _ => Store::File(PathBuf::from(path)),
        }
    }

    fn read(&self) -> Option<String> {
        match self {
            Store::Keychain(kc) => kc.get(Secret::RefreshToken).expect("keychain read"),
            Store::File(p) => std::fs::read_to_string(p).ok(),
        }
    }

    /// The app's own store callback for the keychain; for a file the same contract, written atomically.
    fn token_store(&self) -> TokenStore {
        match self {
            Store::Keychain(kc) => token_store(kc.clone()),
            Store::File(p) => {
                let p = p.clone();
                Arc::new(move |token: &str| write_atomically(&p, token).map_err(|e| Box::new(e) as _))
            }
        }
    }

    fn clear(&self) {
        match self {
            Store::Keychain(kc) => {
                let _ = kc.delete_all();
            }
            Store::File(p) => {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// Temporary file, fsync, rename, fsync of the directory: either the old or the new token, never half.
fn write_atomically(path: &Path, token: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(token.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(path.parent().unwrap_or(Path::new(".")))?.sync_all()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let _ = rustls::crypto::ring::default_provider().install_default();
    if args.get(1).map(String::as_str) == Some("--child") {
        rt.block_on(child(&args[2..]));
        return;
    }
    let trials: usize = args.iter().skip(1).find_map(|a| a.parse().ok()).unwrap_or(60);
    let file = args.iter().any(|a| a == "--file");
    let control = args.iter().any(|a| a == "--control");
    rt.block_on(parent(trials, file, control));
}

/// Reports reaching `name`; at the target it waits there for the parent's `kill -9`.
fn point(name: &str, target: &str) {
    println!("AT {name}");
    let _ = std::io::stdout().flush();
    if name == target {
        std::thread::sleep(Duration::from_secs(60));
        eprintln!("no kill at {name}");
        std::process::exit(3);
    }
}

/// `--child <run|check> <keychain|file> <path> <hub> <mentor> <oauth> <api> <target> <control 0|1>`
async fn child(a: &[String]) {
    let hosts = Hosts::parse(&a[3], &a[4], &a[5], &a[6]).expect("hosts");
    let store = Store::open(&a[1], &a[2], &hosts);
    let (target, control) = (a[7].clone(), a[8] == "1");
    let client = HubClient::builder().hosts(hosts).build().expect("client");
    let Some(token) = store.read() else {
        println!("STRANDED nothing stored");
        return;
    };
    if a[0] == "check" {
        let session = OAuthSession::new(TokenSet::from_refresh_token(token), store.token_store());
        match client.account_from_api(&session).await {
            Ok(_) => println!("OK"),
            Err(Error::NeedsPairing) => println!("STRANDED the school refused the stored token"),
            Err(e) => println!("ERROR {e}"),
        }
        return;
    }
    point("before-request", &target);
    // What the app stores, wrapped in the kill points around the write.
    let inner = store.token_store();
    let unsaved = Arc::new(Mutex::new(None::<String>));
    let (t, stash) = (target.clone(), unsaved.clone());
    let tokens: TokenStore = Arc::new(move |token: &str| {
        point("after-answer", &t);
        if control {
            // The wrong order: keep it for later and let the access token be used first.
            *stash.lock().expect("stash") = Some(token.to_owned());
            return Ok(());
        }
        inner(token)?;
        point("after-write", &t);
        Ok(())
    });
    let session = OAuthSession::new(TokenSet::from_refresh_token(token), tokens);
    if let Err(e) = client.account_from_api(&session).await {
        println!("FAILED {e}");
        return;
    }
    if control {
        point(CONTROL_TARGET, &target);
        let token = unsaved.lock().expect("stash").take().expect("a rotated token");
        (store.token_store())(&token).expect("store");
    }
    point("after-use", &target);
    println!("DONE");
}

/// Pairs the demo guardian's "device" and stores its refresh token.
async fn pair(web: &HubClient, store: &Store) {
    let tokens = web
        .pair_this_device("rotation-trial", "Krocktest", "linux")
        .await
        .expect("pairing");
    (store.token_store())(&tokens.refresh_token).expect("store the first token");
}

async fn parent(trials: usize, file: bool, control: bool) {
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountReuse));
    let emu = hub_emulator::EmulatorHandle::start(hub_emulator::Config::default())
        .await
        .expect("emulator");
    let u = emu.urls.clone();
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("hosts");
    let dir = std::env::temp_dir().join(format!("skolhub-rotation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let token_file = dir.join("refresh-token");
    let kind = match (file, native_store()) {
        (false, Ok(())) => "keychain",
        (false, Err(e)) => {
            println!("no keychain ({e}): using the file store");
            "file"
        }
        (true, _) => "file",
    };
    let store = Store::open(kind, &token_file.to_string_lossy(), &hosts);
    store.clear();
    let web = HubClient::builder().hosts(hosts.clone()).build().expect("client");
    web.login_password(
        hub_emulator::demo::GUARDIAN_USERNAME,
        hub_emulator::demo::GUARDIAN_PASSWORD,
    )
    .await
    .expect("login");
    pair(&web, &store).await;
    let exe = std::env::current_exe().expect("exe");
    let run = |mode: &str, target: &str| {
        Command::new(&exe)
            .args(["--child", mode, kind])
            .arg(&token_file)
            .args([&u.hub, &u.mentor, &u.oauth, &u.api])
            .args([target, if control { "1" } else { "0" }])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn")
    };
    let (mut kills, mut stranded, mut duplicated, mut errors) = (0, 0, 0, 0);
    println!("store: {kind}{}", if control { ", control (wrong order)" } else { "" });

    for trial in 0..trials {
        let target = if control {
            CONTROL_TARGET
        } else {
            TARGETS[trial % TARGETS.len()]
        };
        let mut app = run("run", target);
        let (mut killed, mut outcome) = (false, String::from("-"));
        for line in BufReader::new(app.stdout.take().expect("piped")).lines() {
            let Ok(line) = line else { break };
            let hit = line == format!("AT {target}") || (target == "during-request" && line == "AT before-request");
            if hit {
                if target == "during-request" {
                    // Somewhere inside the refresh request or the answer.
                    std::thread::sleep(Duration::from_millis(rand::random::<u64>() % 30));
                }
                let _ = app.kill(); // SIGKILL
                killed = true;
                break;
            }
            if !line.starts_with("AT ") {
                outcome = line;
            }
        }
        let _ = app.wait();
        kills += usize::from(killed);

        // The restarted app: can it still log in from what is stored?
        let mut restarted = run("check", "none");
        let verdict = BufReader::new(restarted.stdout.take().expect("piped"))
            .lines()
            .map_while(Result::ok)
            .last()
            .unwrap_or_default();
        let _ = restarted.wait();
        let trial_stranded = verdict.starts_with("STRANDED");
        stranded += usize::from(trial_stranded);
        errors += usize::from(verdict.starts_with("ERROR") || outcome.starts_with("FAILED"));
        // Exactly one paired device: no second family was created and none was lost.
        let devices = web.paired_devices().await.expect("devices").len();
        let trial_dup = usize::from(devices > 1);
        duplicated += trial_dup;
        println!(
            "trial {trial:3} kill at {target:22} killed={killed:5} child={outcome:6} restart={verdict} devices={devices}"
        );
        if trial_stranded || devices == 0 {
            // Pair again so the next trial starts from a working device.
            pair(&web, &store).await;
        }
    }
    store.clear();
    let _ = std::fs::remove_dir_all(&dir);
    emu.shutdown().await;
    println!(
        "\n{trials} trials ({kind} store{}), {kills} kill -9: stranded {stranded}, duplicated {duplicated}, \
         errors {errors}; the school forgave {} lost answers and revoked {} token families",
        if control { ", wrong order" } else { "" },
        GRACE.load(Ordering::SeqCst),
        REVOKED.load(Ordering::SeqCst),
    );
    let failed = if control {
        stranded == 0
    } else {
        stranded > 0 || duplicated > 0 || errors > 0
    };
    if failed {
        std::process::exit(1);
    }
}
