//! Crash trial of the write queue: a child process queues two fritids saves for the same day and replays
//! them; the parent `kill -9`s it at an injected point (or in the middle of a send), lets a fresh process
//! recover the queue, and checks against the emulator that no acknowledged write was lost and none reached
//! the school twice (the emulator's `SaveTimeRegistrations` requests are counted).
//!
//! `cargo run -p skolhub --example queue_crash -- [trials]` (default 60). Not part of the test suite: it
//! starts about two processes per trial.

use std::io::{BufRead, BufReader, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hub_client::{Hosts, HubClient};
use hub_model::LocalDateTime;
use hub_model::timeregistration::{Day, SaveDay};
use skolhub_lib::queue::{Write, WriteQueue};
use tracing_subscriber::layer::SubscriberExt;

/// `SaveTimeRegistrations` requests the emulator received.
static SENDS: AtomicUsize = AtomicUsize::new(0);

/// Counts the emulator's request spans for the fritids save endpoint.
struct CountSaves;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountSaves {
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        _id: &tracing::span::Id,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        struct Path(bool);
        impl tracing::field::Visit for Path {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "path" && format!("{value:?}").to_lowercase().contains("savetimeregistrations") {
                    self.0 = true;
                }
            }
        }
        if attrs.metadata().name() == "request" {
            let mut p = Path(false);
            attrs.record(&mut p);
            if p.0 {
                SENDS.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

/// Where a trial kills the writer: after the `n`th time it reports `point`, or a few milliseconds into the
/// `n`th send.
const TARGETS: &[&str] = &[
    "enqueued-A#1",
    "enqueued-B#1",
    "before-reread#1",
    "before-send#1",
    "during-send#1",
    "after-send#1",
    "after-done#1",
    "before-reread#2",
    "before-send#2",
    "during-send#2",
    "after-send#2",
    "after-done#2",
    "none",
];

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
    let trials: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(60);
    rt.block_on(parent(trials));
}

fn times(day: &Day, from: &str, to: &str) -> SaveDay {
    let at = |t: &str| LocalDateTime::parse(&format!("{}T{t}:00", day.date.date())).expect("time");
    SaveDay::times(day, at(from), at(to))
}

/// The trial's two writes: A then B, both for `day`, different in every trial.
fn writes(child_id: &str, day: &Day, trial: usize) -> (Write, Write) {
    let m = (trial * 5) % 60;
    let a = times(day, &format!("07:{m:02}"), "16:00");
    let b = times(day, &format!("08:{m:02}"), "15:30");
    let w = |d| Write::FritidsSave {
        child_id: child_id.to_owned(),
        days: vec![d],
    };
    (w(a), w(b))
}

async fn login(hosts: &Hosts) -> HubClient {
    let client = HubClient::builder().hosts(hosts.clone()).build().expect("client");
    client
        .login_password(
            hub_emulator::demo::GUARDIAN_USERNAME,
            hub_emulator::demo::GUARDIAN_PASSWORD,
        )
        .await
        .expect("login");
    client
}

async fn day_of(client: &HubClient, child_id: &str, date: chrono::NaiveDate) -> Day {
    let week = client.fritids_week(child_id, date).await.expect("week");
    week.days.into_iter().find(|d| d.date.date() == date).expect("day")
}

/// `--child <write|recover> <hub> <mentor> <oauth> <api> <queue> <key> <child> <date> <trial>`
async fn child(a: &[String]) {
    let hosts = Hosts::parse(&a[1], &a[2], &a[3], &a[4]).expect("hosts");
    let queue = WriteQueue::open(&PathBuf::from(&a[5]), &a[6]).expect("queue");
    let (child_id, date, trial) = (&a[7], a[8].parse().expect("date"), a[9].parse().expect("trial"));
    let client = login(&hosts).await;
    let counts = std::sync::Mutex::new(std::collections::HashMap::<String, usize>::new());
    let point = |name: &str| {
        let n = {
            let mut c = counts.lock().expect("counts");
            let n = c.entry(name.to_owned()).or_default();
            *n += 1;
            *n
        };
        println!("AT {name}#{n}");
        let _ = std::io::stdout().flush();
        // Room for the parent's kill to land exactly here.
        std::thread::sleep(Duration::from_millis(15));
    };
    if a[0] == "write" {
        let day = day_of(&client, child_id, date).await;
        let (first, second) = writes(child_id, &day, trial);
        queue.enqueue(&first).expect("enqueue");
        println!("ACK A");
        point("enqueued-A");
        queue.enqueue(&second).expect("enqueue");
        println!("ACK B");
        point("enqueued-B");
        queue.replay(&client, &point).await.expect("replay");
        println!("DONE");
    } else {
        queue.replay(&client, &|_| {}).await.expect("replay");
        println!("PENDING {}", queue.pending().expect("pending").len());
    }
    let _ = std::io::stdout().flush();
}

async fn parent(trials: usize) {
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountSaves));
    let emu = hub_emulator::EmulatorHandle::start(hub_emulator::Config::default())
        .await
        .expect("emulator");
    let u = emu.urls.clone();
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("hosts");
    let client = login(&hosts).await;
    let account = client.account().await.expect("account");
    let child_id = account
        .children
        .iter()
        .find(|c| c.apps.iter().any(|a| a.as_str() == hub_client::apps::TIME_REGISTRATION))
        .expect("a child with fritids")
        .id
        .clone();
    let next_week = chrono::Local::now().date_naive() + chrono::TimeDelta::weeks(1);
    let week = client.fritids_week(&child_id, next_week).await.expect("week");
    let day = week
        .days
        .iter()
        .find(|d| d.can_edit && !d.is_locked && !d.is_school_closed)
        .expect("an editable day")
        .clone();
    let date = day.date.date();
    let dir = std::env::temp_dir().join(format!("skolhub-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let exe = std::env::current_exe().expect("exe");
    let key: String = rand::random::<[u8; 32]>().iter().map(|b| format!("{b:02x}")).collect();
    let (mut kills, mut lost, mut duplicated, mut total_sends) = (0, 0, 0, 0);

    for trial in 0..trials {
        let target = TARGETS[trial % TARGETS.len()];
        let queue = dir.join(format!("trial-{trial}.sqlite"));
        let run = |mode: &str| {
            Command::new(&exe)
                .arg("--child")
                .arg(mode)
                .args([&u.hub, &u.mentor, &u.oauth, &u.api])
                .arg(&queue)
                .arg(&key)
                .arg(&child_id)
                .arg(date.to_string())
                .arg(trial.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn")
        };
        let before = SENDS.load(Ordering::SeqCst);
        let mut writer = run("write");
        let (mut acked_a, mut acked_b, mut killed) = (false, false, false);
        let lines = BufReader::new(writer.stdout.take().expect("piped"));
        for line in lines.lines() {
            let Ok(line) = line else { break };
            match line.as_str() {
                "ACK A" => acked_a = true,
                "ACK B" => acked_b = true,
                _ => {}
            }
            let during = target.replace("during-send", "before-send");
            let hit =
                line == format!("AT {target}") || (target.starts_with("during") && line == format!("AT {during}"));
            if hit {
                if target.starts_with("during") {
                    // Somewhere inside the HTTP exchange of the send.
                    std::thread::sleep(Duration::from_millis(15 + rand::random::<u64>() % 25));
                }
                let _ = writer.kill(); // SIGKILL
                killed = true;
                break;
            }
        }
        let _ = writer.wait();
        kills += usize::from(killed);

        let mut recover = run("recover");
        let out = BufReader::new(recover.stdout.take().expect("piped"));
        let pending: usize = out
            .lines()
            .map_while(Result::ok)
            .find_map(|l| l.strip_prefix("PENDING ").and_then(|n| n.parse().ok()))
            .unwrap_or(usize::MAX);
        let _ = recover.wait();

        let sends = SENDS.load(Ordering::SeqCst) - before;
        total_sends += sends;
        let acked = usize::from(acked_a) + usize::from(acked_b);
        let shown = day_of(&client, &child_id, date).await;
        let (a, b) = writes(&child_id, &day, trial);
        let expected = if acked_b {
            Some(b)
        } else if acked_a {
            Some(a)
        } else {
            None
        };
        let kept = match &expected {
            Some(Write::FritidsSave { days, .. }) => days[0].is_reflected_in(&shown),
            None => true,
        };
        let trial_lost = !kept || pending != 0;
        let trial_dup = sends.saturating_sub(acked);
        lost += usize::from(trial_lost);
        duplicated += trial_dup;
        println!(
            "trial {trial:3} kill at {target:16} killed={killed:5} acked={acked} sends={sends} pending={pending} \
             lost={trial_lost} duplicated={trial_dup}"
        );
        let _ = std::fs::remove_file(&queue);
    }
    let _ = std::fs::remove_dir_all(&dir);
    emu.shutdown().await;
    println!(
        "\n{trials} trials, {kills} kill -9, {total_sends} saves reached the school: lost {lost}, duplicated {duplicated}"
    );
    if lost > 0 || duplicated > 0 {
        std::process::exit(1);
    }
}
