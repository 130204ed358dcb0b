//! Crash trial of the write queue: a child process queues two writes and replays them; the parent `kill -9`s
//! it at an injected point (or in the middle of a send), lets a fresh process recover the queue, and checks
//! against the emulator that no acknowledged write was lost and none reached the school twice.
//!
//! The trials take turns over four pairs of writes: two fritids saves for one day; the same task message
//! twice (two messages are wanted, never one or three); a portfolio comment and the contact visibility; moving
//! a booked talk and then cancelling it. The emulator's write requests are counted (its request spans), and
//! the school's state is read back after each trial.
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
use hub_model::classlist::ContactVisibility;
use hub_model::timeregistration::{Day, SaveDay};
use skolhub_lib::queue::{Write, WriteQueue};
use tracing_subscriber::layer::SubscriberExt;

/// Write requests the emulator received.
static SENDS: AtomicUsize = AtomicUsize::new(0);

/// The paths (lower case) of the writes the trials make.
const WRITE_PATHS: &[&str] = &[
    "savetimeregistrations",
    "task/task/sendmessage",
    "saveportfoliocomment",
    "savePrivacy",
    "meeting/meeting/rebook",
    "meeting/meeting/cancel",
];

/// Counts the emulator's request spans for the write endpoints.
struct CountWrites;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountWrites {
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        _id: &tracing::span::Id,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        struct Path(bool);
        impl tracing::field::Visit for Path {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                let path = format!("{value:?}").to_lowercase();
                if field.name() == "path" && WRITE_PATHS.iter().any(|p| path.contains(&p.to_lowercase())) {
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
/// `n`th send. (`after-baseline` exists for messages and comments only; elsewhere the trial runs through.)
const TARGETS: &[&str] = &[
    "enqueued-A#1",
    "enqueued-B#1",
    "before-reread#1",
    "after-baseline#1",
    "before-send#1",
    "during-send#1",
    "after-send#1",
    "after-done#1",
    "before-reread#2",
    "after-baseline#2",
    "before-send#2",
    "during-send#2",
    "after-send#2",
    "after-done#2",
    "none",
];

/// The pairs of writes the trials take turns over.
const KINDS: usize = 4;

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

/// `--child <write|recover> <hub> <mentor> <oauth> <api> <queue> <key> <write A as JSON> <write B as JSON>`
async fn child(a: &[String]) {
    let hosts = Hosts::parse(&a[1], &a[2], &a[3], &a[4]).expect("hosts");
    let queue = WriteQueue::open(&PathBuf::from(&a[5]), &a[6]).expect("queue");
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
        let first: Write = serde_json::from_str(&a[7]).expect("write A");
        let second: Write = serde_json::from_str(&a[8]).expect("write B");
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

/// What the trials write to, found once in the demo school.
struct School {
    /// A child with fritids and an editable day next week.
    fritids: (String, Day),
    /// A child with tasks and one of its tasks.
    task: (String, i64),
    /// A child with a portfolio and one of its items.
    portfolio: (String, i64),
    /// A child with development talks and two free slots.
    meeting: (String, String, String),
}

async fn find_school(client: &HubClient) -> School {
    let account = client.account().await.expect("account");
    let with = |app: &str| -> Vec<String> {
        account
            .children
            .iter()
            .filter(|c| c.apps.iter().any(|a| a.as_str() == app))
            .map(|c| c.id.clone())
            .collect()
    };
    let fritids_child = with(hub_client::apps::TIME_REGISTRATION).remove(0);
    let next_week = hub_model::time::stockholm_wall_clock(chrono::Utc::now()).date() + chrono::TimeDelta::weeks(1);
    let week = client.fritids_week(&fritids_child, next_week).await.expect("week");
    let day = week
        .days
        .iter()
        .find(|d| d.can_edit && !d.is_locked && !d.is_school_closed)
        .expect("an editable day")
        .clone();
    let task_child = with("task").remove(0);
    let task = client.tasks(&task_child).await.expect("tasks").items[0].id;
    let mut portfolio = None;
    for c in with("documentation") {
        if let Ok(p) = client.portfolio(&c).await
            && let Some(item) = p.paged_list.items.first()
        {
            portfolio = Some((c, item.id));
            break;
        }
    }
    let mut meeting = None;
    for c in with("meeting") {
        let slots = client.meeting_availabilities(&c).await.expect("slots");
        if slots.availabilities.iter().any(|a| a.is_booked()) {
            continue;
        }
        let free: Vec<String> = slots
            .availabilities
            .iter()
            .map(|a| a.availability_id.as_str().to_owned())
            .collect();
        if free.len() >= 2 {
            meeting = Some((c, free[0].clone(), free[1].clone()));
            break;
        }
    }
    School {
        fritids: (fritids_child, day),
        task: (task_child, task),
        portfolio: portfolio.expect("a portfolio item"),
        meeting: meeting.expect("a child with two free slots and no booking"),
    }
}

/// The state a trial's check compares with, read before the writer starts.
enum Before {
    None,
    Visibility(ContactVisibility),
    /// The talk booked on the first slot for this trial.
    Meeting(i64),
}

/// The trial's two writes, different in every trial, and what the check needs from before.
async fn prepare(client: &HubClient, school: &School, trial: usize) -> (Write, Write, Before) {
    match trial % KINDS {
        0 => {
            let (child_id, day) = &school.fritids;
            let m = (trial * 5) % 60;
            let w = |d| Write::FritidsSave {
                child_id: child_id.clone(),
                days: vec![d],
            };
            let a = w(times(day, &format!("07:{m:02}"), "16:00"));
            let b = w(times(day, &format!("08:{m:02}"), "15:30"));
            (a, b, Before::None)
        }
        1 => {
            let (child_id, task_id) = &school.task;
            let w = Write::TaskMessage {
                child_id: child_id.clone(),
                task_id: *task_id,
                text: format!("Försök {trial}: behöver vi ta med något?"),
            };
            (w.clone(), w, Before::None)
        }
        2 => {
            let (child_id, item_id) = &school.portfolio;
            let a = Write::PortfolioComment {
                child_id: child_id.clone(),
                item_id: *item_id,
                text: format!("Försök {trial}: så fint gjort!"),
            };
            let now = ContactVisibility::from(&client.contact_visibility().await.expect("visibility"));
            let mut wanted = now;
            wanted.show_email = !now.show_email;
            wanted.show_phone = trial.is_multiple_of(3);
            (
                a,
                Write::ContactVisibility { visibility: wanted },
                Before::Visibility(now),
            )
        }
        _ => {
            let (child_id, first, second) = &school.meeting;
            // Start from one fresh booking on the first slot.
            for b in client.meeting_bookings(child_id).await.expect("bookings") {
                client.cancel_meeting(child_id, b.meeting_id).await.expect("cancel");
            }
            let booked = client.book_meeting(child_id, first).await.expect("book");
            let a = Write::MeetingRebook {
                child_id: child_id.clone(),
                meeting_id: booked.meeting_id,
                availability_id: second.clone(),
            };
            let b = Write::MeetingCancel {
                child_id: child_id.clone(),
                meeting_id: booked.meeting_id,
            };
            (a, b, Before::Meeting(booked.meeting_id))
        }
    }
}

/// Whether the school shows exactly the acknowledged writes (`acked` of A then B), each once.
async fn kept(client: &HubClient, school: &School, (a, b): (&Write, &Write), before: &Before, acked: usize) -> bool {
    match (a, b, before) {
        (Write::FritidsSave { child_id, days: da }, Write::FritidsSave { days: db, .. }, _) => {
            let shown = day_of(client, child_id, da[0].date.date()).await;
            match acked {
                2 => db[0].is_reflected_in(&shown),
                1 => da[0].is_reflected_in(&shown),
                _ => true,
            }
        }
        (
            Write::TaskMessage {
                child_id,
                task_id,
                text,
            },
            _,
            _,
        ) => {
            let detail = client.task(child_id, *task_id).await.expect("task");
            let n = detail.messages.iter().filter(|m| m.text.trim() == text).count();
            if n != acked {
                println!("  the dialogue shows the message {n} times, {acked} acknowledged");
            }
            n == acked
        }
        (
            Write::PortfolioComment {
                child_id,
                item_id,
                text,
            },
            Write::ContactVisibility { visibility },
            Before::Visibility(old),
        ) => {
            let detail = client.portfolio_item(child_id, *item_id).await.expect("item");
            let n = detail.comment.iter().filter(|c| c.text.trim() == text).count();
            let now = ContactVisibility::from(&client.contact_visibility().await.expect("visibility"));
            let want = if acked == 2 { visibility } else { old };
            n == acked.min(1) && now == *want
        }
        (
            Write::MeetingRebook {
                child_id,
                availability_id: second,
                ..
            },
            Write::MeetingCancel { .. },
            Before::Meeting(meeting_id),
        ) => {
            let bookings = client.meeting_bookings(child_id).await.expect("bookings");
            let ours: Vec<_> = bookings.iter().filter(|b| b.meeting_id == *meeting_id).collect();
            match acked {
                2 => ours.is_empty(),
                1 => ours.len() == 1 && ours[0].availability_id.as_str() == second,
                _ => ours.len() == 1 && ours[0].availability_id.as_str() == school.meeting.1,
            }
        }
        _ => unreachable!("the trials' pairs"),
    }
}

async fn parent(trials: usize) {
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountWrites));
    let emu = hub_emulator::EmulatorHandle::start(hub_emulator::Config::default())
        .await
        .expect("emulator");
    let u = emu.urls.clone();
    let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).expect("hosts");
    let client = login(&hosts).await;
    let school = find_school(&client).await;
    let dir = std::env::temp_dir().join(format!("skolhub-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let exe = std::env::current_exe().expect("exe");
    let key: String = rand::random::<[u8; 32]>().iter().map(|b| format!("{b:02x}")).collect();
    let (mut kills, mut lost, mut duplicated, mut total_sends) = (0, 0, 0, 0);
    let mut per_kind = [0usize; KINDS];

    for trial in 0..trials {
        let target = TARGETS[trial % TARGETS.len()];
        let queue = dir.join(format!("trial-{trial}.sqlite"));
        let (a, b, before) = prepare(&client, &school, trial).await;
        let (ja, jb) = (
            serde_json::to_string(&a).expect("json"),
            serde_json::to_string(&b).expect("json"),
        );
        let run = |mode: &str| {
            Command::new(&exe)
                .arg("--child")
                .arg(mode)
                .args([&u.hub, &u.mentor, &u.oauth, &u.api])
                .arg(&queue)
                .arg(&key)
                .args([&ja, &jb])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn")
        };
        let sent_before = SENDS.load(Ordering::SeqCst);
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

        let sends = SENDS.load(Ordering::SeqCst) - sent_before;
        total_sends += sends;
        let acked = usize::from(acked_a) + usize::from(acked_b);
        let shown = kept(&client, &school, (&a, &b), &before, acked).await;
        let trial_lost = !shown || pending != 0;
        let trial_dup = sends.saturating_sub(acked);
        lost += usize::from(trial_lost);
        duplicated += trial_dup;
        per_kind[trial % KINDS] += 1;
        let kind = match &a {
            Write::FritidsSave { .. } => "fritids",
            Write::TaskMessage { .. } => "task message x2",
            Write::PortfolioComment { .. } => "comment+visibility",
            _ => "rebook+cancel",
        };
        println!(
            "trial {trial:3} {kind:18} kill at {target:16} killed={killed:5} acked={acked} sends={sends} \
             pending={pending} lost={trial_lost} duplicated={trial_dup}"
        );
        let _ = std::fs::remove_file(&queue);
    }
    let _ = std::fs::remove_dir_all(&dir);
    emu.shutdown().await;
    println!(
        "\n{trials} trials ({} fritids, {} task messages, {} comment+visibility, {} rebook+cancel), {kills} kill -9, \
         {total_sends} writes reached the school: lost {lost}, duplicated {duplicated}",
        per_kind[0], per_kind[1], per_kind[2], per_kind[3]
    );
    if lost > 0 || duplicated > 0 {
        std::process::exit(1);
    }
}
