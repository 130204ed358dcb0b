//! The refresh benchmark of issue 4: the demo guardian's three children, every enabled box, 40 ms of added
//! latency per hub request (the emulator's fault injection, `POST /admin/faults`). Measures, in one run
//! and on one session, the optimized `refresh_with` against a naive sequential client that has no child
//! queue: for each child it switches, then reads each box one after another, re-reading the start page
//! before every read to make sure the selection still holds.
//!
//! ```text
//! cargo bench -p hub-client --bench refresh
//! ```
//!
//! Environment: `REFRESH_BENCH_LATENCY_MS` (default 40), `REFRESH_BENCH_ROUNDS` (default 5).

use std::time::{Duration, Instant};

use hub_client::{Hosts, HubClient, RefreshPlan, apps};
use hub_emulator::{Config, EmulatorHandle, demo};
use hub_model::{Account, Child};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn has(child: &Child, app: &str) -> bool {
    child.apps.iter().any(|a| a.as_str() == app)
}

/// A careful client without the queue: switch, then before every read check that the hub still has the
/// child selected, and read one box at a time. Returns how many boxes it read.
async fn naive(client: &HubClient, account: &Account, plan: &RefreshPlan) -> Res<usize> {
    let mut boxes = 0;
    client.notifications().await?;
    let (from, to) = plan.calendar_range();
    for child in &account.children {
        let id = child.id.as_str();
        client.select_child(id).await?;
        let verify = || async {
            let home = client.home().await?;
            let selected = home.account.pupils.iter().find(|p| p.selected).map(|p| p.id.as_str());
            if selected != Some(id) {
                return Err::<(), Box<dyn std::error::Error>>("selection lost".into());
            }
            Ok(())
        };
        if has(child, apps::COMMUNICATION) {
            verify().await?;
            client.news(id).await?;
            verify().await?;
            client.documents(id).await?;
            verify().await?;
            client.links(id).await?;
            boxes += 3;
        }
        if has(child, apps::CALENDAR) {
            verify().await?;
            client.calendar(id, from, to).await?;
            boxes += 1;
        }
        if has(child, apps::TIME_REGISTRATION) {
            verify().await?;
            client.fritids_week(id, plan.today).await?;
            boxes += 1;
        }
        if has(child, apps::MEETING) {
            verify().await?;
            client.meeting_availabilities(id).await?;
            boxes += 1;
        }
        if has(child, apps::TASKS) {
            verify().await?;
            client.tasks(id).await?;
            boxes += 1;
        }
        if has(child, apps::PLANS) {
            verify().await?;
            client.plans(id).await?;
            boxes += 1;
        }
        if has(child, apps::WEEKLY_PLAN) {
            verify().await?;
            client.weekly_plan_for(id, plan.today).await?;
            boxes += 1;
        }
        if has(child, apps::BLOG) {
            verify().await?;
            client.blog(id, 1).await?;
            boxes += 1;
        }
        if has(child, apps::CLASS_LIST) {
            verify().await?;
            client.class_list(id).await?;
            boxes += 1;
        }
        if has(child, apps::ASSESSMENTS) {
            verify().await?;
            match client.assessments(id).await {
                Ok(_) | Err(hub_client::Error::StepUpRequired) => {}
                Err(e) => return Err(e.into()),
            }
            boxes += 1;
        }
        if has(child, apps::ETEST) {
            verify().await?;
            client.etests(id).await?;
            boxes += 1;
        }
        if has(child, apps::DOCUMENTATION) {
            verify().await?;
            client.portfolio(id).await?;
            boxes += 1;
        }
        if has(child, apps::TIMETABLE) {
            let (monday, sunday) = plan.week_range();
            verify().await?;
            client.timetable(id, monday, sunday).await?;
            boxes += 1;
        }
        if has(child, apps::ATTENDANCE) {
            verify().await?;
            client.attendance(id).await?;
            boxes += 1;
        }
        verify().await?;
        client.messages(id, 1).await?;
        boxes += 1;
    }
    Ok(boxes)
}

async fn optimized(client: &HubClient, account: &Account, plan: &RefreshPlan) -> Res<usize> {
    let snapshot = client.refresh_with(account, plan).await?;
    snapshot.notifications?;
    let mut boxes = 0;
    for child in &snapshot.children {
        if let Err(e) = &child.selection {
            return Err(format!("{} not selected: {e}", child.child.name.first).into());
        }
        // A plain login has Bedömningar waiting for the BankID step-up: that box was read all the same.
        let errors: Vec<_> = child
            .box_errors()
            .into_iter()
            .filter(|(_, e)| !matches!(e, hub_client::Error::StepUpRequired))
            .collect();
        if let Some((name, e)) = errors.first() {
            return Err(format!("{name} of {} failed: {e}", child.child.name.first).into());
        }
        boxes += child.boxes_read();
    }
    Ok(boxes)
}

async fn set_latency(emu: &EmulatorHandle, ms: u64) -> Res<()> {
    let resp = reqwest::Client::new()
        .post(format!("{}/admin/faults", emu.urls.admin))
        .json(&serde_json::json!({ "latencyMs": ms }))
        .send()
        .await?;
    if !resp.status().is_success() {
        return Err(format!("POST /admin/faults: {}", resp.status()).into());
    }
    Ok(())
}

struct Sample {
    wall: Duration,
    requests: u64,
    boxes: usize,
}

fn median(samples: &[Sample]) -> Duration {
    let mut w: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    w.sort();
    w[w.len() / 2]
}

#[tokio::main]
async fn main() -> Res<()> {
    let latency = env_u64("REFRESH_BENCH_LATENCY_MS", 40);
    let rounds = env_u64("REFRESH_BENCH_ROUNDS", 5).max(1);
    let emu = EmulatorHandle::start(Config::default()).await?;
    let u = &emu.urls;
    let client = HubClient::builder()
        .hosts(Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api)?)
        .build()?;
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await?;
    let account = client.account().await?;
    let today = emu
        .state()
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let plan = RefreshPlan::on(today);
    set_latency(&emu, latency).await?;

    // Both start every round from the same state: the first child selected (as after a login).
    let first = account.children.first().ok_or("no children")?.id.clone();
    let mut opt = Vec::new();
    let mut naive_samples = Vec::new();
    for _ in 0..rounds {
        for which in ["optimized", "naive"] {
            client.select_child(&first).await?;
            let before = client.request_count();
            let started = Instant::now();
            let boxes = match which {
                "optimized" => optimized(&client, &account, &plan).await?,
                _ => naive(&client, &account, &plan).await?,
            };
            let sample = Sample {
                wall: started.elapsed(),
                requests: client.request_count() - before,
                boxes,
            };
            if which == "optimized" {
                &mut opt
            } else {
                &mut naive_samples
            }
            .push(sample);
        }
    }

    let (o, n) = (median(&opt), median(&naive_samples));
    let ratio = o.as_secs_f64() / n.as_secs_f64();
    println!(
        "refresh benchmark: {} children, {} boxes + notifications, {latency} ms added latency per hub request, median of {rounds} rounds",
        account.children.len(),
        opt[0].boxes
    );
    println!(
        "{:<28} {:>10} {:>10} {:>9}",
        "variant", "wall (ms)", "min (ms)", "requests"
    );
    for (name, samples, med) in [
        ("optimized (refresh_with)", &opt, o),
        ("naive sequential", &naive_samples, n),
    ] {
        let min = samples.iter().map(|s| s.wall).min().unwrap_or_default();
        println!(
            "{name:<28} {:>10.1} {:>10.1} {:>9}",
            med.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3,
            samples[0].requests
        );
    }
    println!("ratio optimized/naive (wall): {ratio:.3} (target <= 0.25)");
    println!(
        "ratio optimized/naive (requests): {:.3}",
        opt[0].requests as f64 / naive_samples[0].requests as f64
    );
    if ratio > 0.25 {
        eprintln!("refresh benchmark: ratio {ratio:.3} above the 0.25 target");
    }
    Ok(())
}
