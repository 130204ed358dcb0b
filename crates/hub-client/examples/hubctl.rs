//! `hubctl`: log in to a hub (the in-process emulator or a real school) and print what the start screen
//! would show — children with their modules, notifications, news, the next two weeks of calendar, this
//! week's fritids, tasks, plans, veckoplan, blog, class list, eTests and portfolio — all read with one
//! `refresh_all`. The way a contributor checks the client against a
//! real account.
//!
//! ```text
//! cargo run -p hub-client --example hubctl -- --demo
//! HUBCTL_PASSWORD=… cargo run -p hub-client --example hubctl -- --user karin.bjorklund
//! cargo run -p hub-client --example hubctl -- --hub http://127.0.0.1:8080 --mentor … --oauth … --api … --user NAME
//! ```
//!
//! The password comes from `HUBCTL_PASSWORD` or is read from stdin (without echo on a terminal). It is
//! never printed, and neither are cookies or tokens: only hub-model data and the client's error texts,
//! which carry no secrets.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use chrono::{Datelike, Days, NaiveDate};
use hub_client::{BoxResult, ChildSnapshot, FamilySnapshot, Hosts, HubClient, RefreshPlan};
use hub_model::notifications::NotificationState;

const USAGE: &str = "\
usage: hubctl --demo [--date YYYY-MM-DD]
       hubctl --user NAME [--hub URL] [--mentor URL] [--oauth URL] [--api URL] [--date YYYY-MM-DD]

  --demo          start the in-process emulator and log in as its demo guardian
  --user NAME     the Mentor user name; the password comes from HUBCTL_PASSWORD or stdin
  --hub/--mentor/--oauth/--api URL
                  the host table (default: InfoMentor's real hosts)
  --date DATE     the day to show (default: today in Stockholm; in --demo the emulator's today)
";

#[derive(Debug, Default)]
struct Args {
    demo: bool,
    user: Option<String>,
    hub: Option<String>,
    mentor: Option<String>,
    oauth: Option<String>,
    api: Option<String>,
    date: Option<NaiveDate>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args::default();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--demo" => args.demo = true,
            "--user" => args.user = Some(value("--user")?),
            "--hub" => args.hub = Some(value("--hub")?),
            "--mentor" => args.mentor = Some(value("--mentor")?),
            "--oauth" => args.oauth = Some(value("--oauth")?),
            "--api" => args.api = Some(value("--api")?),
            "--date" => {
                let raw = value("--date")?;
                let date = NaiveDate::parse_from_str(&raw, "%Y-%m-%d").map_err(|_| format!("bad date {raw}"))?;
                args.date = Some(date);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.demo && (args.user.is_some() || args.hub.is_some()) {
        return Err("--demo takes no --user or hosts".into());
    }
    if !args.demo && args.user.is_none() {
        return Err("give --demo or --user NAME".into());
    }
    Ok(args)
}

/// The password from `HUBCTL_PASSWORD`, else one line of stdin (echo off while a terminal types it).
fn read_password() -> std::io::Result<String> {
    if let Ok(p) = std::env::var("HUBCTL_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    if tty {
        eprint!("password: ");
        std::io::stderr().flush()?;
    }
    let echo_off = tty && stty("-echo");
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if echo_off {
        stty("echo");
        eprintln!();
    }
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Runs `stty` on the terminal; false when it is not available (the password then echoes).
fn stty(arg: &str) -> bool {
    std::process::Command::new("stty")
        .arg(arg)
        .stdin(std::process::Stdio::inherit())
        .status()
        .is_ok_and(|s| s.success())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("hubctl: {msg}");
            }
            eprint!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hubctl: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    // Kept alive until the end: dropping the handle stops the emulator.
    let mut _emulator = None;
    let (hosts, user, password, today) = if args.demo {
        let emu = hub_emulator::EmulatorHandle::start(hub_emulator::Config::default()).await?;
        let u = &emu.urls;
        let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api)?;
        let today = emu
            .state()
            .clock
            .now()
            .with_timezone(&chrono_tz::Europe::Stockholm)
            .date_naive();
        eprintln!("demo: emulator started, hub at {}", u.hub);
        _emulator = Some(emu);
        let user = hub_emulator::demo::GUARDIAN_USERNAME.to_owned();
        let password = zeroize::Zeroizing::new(hub_emulator::demo::GUARDIAN_PASSWORD.to_owned());
        (hosts, user, password, today)
    } else {
        let real = Hosts::infomentor();
        let pick = |given: &Option<String>, default: &url::Url| given.clone().unwrap_or_else(|| default.to_string());
        let hosts = Hosts::parse(
            &pick(&args.hub, &real.hub),
            &pick(&args.mentor, &real.mentor),
            &pick(&args.oauth, &real.oauth),
            &pick(&args.api, &real.api),
        )?;
        let user = args.user.clone().unwrap_or_default();
        (
            hosts,
            user,
            zeroize::Zeroizing::new(read_password()?),
            RefreshPlan::today().today,
        )
    };
    let plan = RefreshPlan::on(args.date.unwrap_or(today));

    let client = HubClient::builder().hosts(hosts).build()?;
    client.login_password(&user, &password).await?;
    drop(password);
    let account = client.account().await?;
    let started = std::time::Instant::now();
    let snapshot = client.refresh_with(&account, &plan).await?;
    let took = started.elapsed();
    print_snapshot(&account, &snapshot);
    println!(
        "\n(refresh: {} ms, {} requests in this session, {} session renewals)",
        took.as_millis(),
        client.request_count(),
        client.session_renewals()
    );
    if let Err(e) = client.logout().await {
        eprintln!("hubctl: logout: {e}");
    }
    Ok(())
}

fn print_snapshot(account: &hub_model::Account, snap: &FamilySnapshot) {
    let who = account.display_name.as_deref().unwrap_or("(no name)");
    println!("{who}: {} children, day {}", account.children.len(), snap.plan.today);

    println!("\n== children");
    for c in &snap.children {
        let apps: Vec<&str> = c.child.apps.iter().map(|a| a.as_str()).collect();
        let status = match &c.selection {
            Ok(()) => String::new(),
            Err(e) => format!("  [not selected: {e}]"),
        };
        println!("  {:<24} {}{status}", c.child.name.full(), apps.join(", "));
    }

    println!("\n== notifications");
    match &snap.notifications {
        Ok(list) => {
            let mut items: Vec<_> = list.notifications.iter().collect();
            // Unread first, then newest first.
            items.sort_by_key(|n| {
                (
                    !matches!(n.state, NotificationState::New | NotificationState::Seen),
                    std::cmp::Reverse(n.date_sent.map(|d| d.0)),
                )
            });
            if items.is_empty() {
                println!("  (none)");
            }
            for n in items {
                let child = n
                    .pupil_id()
                    .and_then(|id| account.children.iter().find(|c| c.id == id))
                    .map_or("", |c| c.name.first.as_str());
                let when = n
                    .date_sent
                    .map(|d| d.0.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
                println!("  {:<7} {when:<16} {child:<8} {}", format!("{:?}", n.state), n.title);
            }
        }
        Err(e) => println!("  error: {e}"),
    }

    let (from, _) = snap.plan.calendar_range();
    let two_weeks = from.checked_add_days(Days::new(13)).unwrap_or(from);
    for c in &snap.children {
        println!("\n== {}", c.child.name.full());
        if let Err(e) = &c.selection {
            println!("  not selected: {e}");
            continue;
        }
        print_box("news", &c.news, |items| {
            for n in items {
                let when = n
                    .published_date
                    .map(|d| d.0.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                println!("    {when:<10} {}", n.title);
            }
        });
        print_box(&format!("calendar {from} – {two_weeks}"), &c.calendar, |entries| {
            let mut shown = 0;
            for e in entries {
                let start = e
                    .start_date_full
                    .map(|d| d.0)
                    .or_else(|| e.start_date.and_then(|d| d.0.and_hms_opt(0, 0, 0)));
                let Some(start) = start else { continue };
                if start.date() < from || start.date() > two_weeks {
                    continue;
                }
                let time = if e.is_all_day_event {
                    "heldag".to_owned()
                } else {
                    start.format("%H:%M").to_string()
                };
                println!("    {} {time:<6} {}", start.format("%a %Y-%m-%d"), e.title);
                shown += 1;
            }
            if shown == 0 {
                println!("    (nothing)");
            }
        });
        print_box(
            &format!("fritids week {}", snap.plan.today.iso_week().week()),
            &c.fritids,
            |week| {
                for d in &week.days {
                    let times = match (d.start_date_time, d.end_date_time) {
                        (Some(s), Some(e)) => format!("{}–{}", s.0.format("%H:%M"), e.0.format("%H:%M")),
                        _ if d.on_leave => "ledig".to_owned(),
                        _ => "–".to_owned(),
                    };
                    let mut flags = Vec::new();
                    if d.is_school_closed {
                        flags.push(d.school_closed_reason.clone().unwrap_or_else(|| "stängt".into()));
                    }
                    if d.is_locked {
                        flags.push("låst".into());
                    }
                    println!(
                        "    {} {times:<12} {}",
                        d.date.0.format("%a %Y-%m-%d"),
                        flags.join(", ")
                    );
                }
            },
        );
        if let Some(Ok(slots)) = &c.meetings {
            println!("  meetings: {} slots", slots.total_count);
        }
        print_box("tasks", &c.tasks, |list| {
            println!(
                "    {} overdue, {} due, {} done",
                list.total_overdue, list.total_due, list.total_done
            );
            for t in list.items.iter().filter(|t| !t.is_done()) {
                let due = t.due().map(|d| d.0.format("%Y-%m-%d").to_string()).unwrap_or_default();
                println!("    {due:<10} {} ({})", t.title, t.subject.as_deref().unwrap_or(""));
            }
        });
        print_box("plans", &c.plans, |list| {
            for u in &list.uols {
                let state = u.state.as_deref().unwrap_or("");
                println!("    {:<9} {} ({})", state, u.title, list.subject_names(u).join(", "));
            }
        });
        print_box("weekly plan", &c.weekly_plan, |w| {
            if w.is_empty() {
                println!("    (nothing for week {})", w.week);
            }
            for h in &w.homework {
                println!("    läxa: {} {}", h.subject.as_deref().unwrap_or(""), h.title);
            }
        });
        print_box("blog", &c.blog, |page| {
            for e in page.entries.iter().take(3) {
                println!("    {} ({} comments)", e.title, e.comment_count);
            }
        });
        print_box("class list", &c.class_list, |list| {
            for g in &list.group_config {
                println!("    {}: {}", g.title, g.items.len());
            }
        });
        if c.needs_stepup() {
            println!("  assessments: need a BankID step-up");
        }
        print_box("etests", &c.etests, |tests| {
            for t in tests {
                println!("    {:?} {}", t.status, t.title);
            }
        });
        if let Some(Ok(p)) = &c.portfolio {
            println!("  portfolio: {} items, {} unread", p.total_item_count, p.unread_count);
        }
        for (name, e) in failed_others(c) {
            println!("  {name}: error: {e}");
        }
    }
}

/// Boxes not printed above that failed.
fn failed_others(c: &ChildSnapshot) -> Vec<(&'static str, &hub_client::Error)> {
    c.box_errors()
        .into_iter()
        .filter(|(name, e)| {
            matches!(*name, "documents" | "links" | "meetings" | "portfolio")
                || (*name == "assessments" && !matches!(e, hub_client::Error::StepUpRequired))
        })
        .collect()
}

fn print_box<T>(title: &str, slot: &BoxResult<T>, show: impl FnOnce(&T)) {
    match slot {
        None => {}
        Some(Ok(value)) => {
            println!("  {title}:");
            show(value);
        }
        Some(Err(e)) => println!("  {title}: error: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_parse() {
        assert!(args(&["--demo"]).unwrap().demo);
        let a = args(&["--user", "karin", "--hub", "http://127.0.0.1:1"]).unwrap();
        assert_eq!(a.user.as_deref(), Some("karin"));
        assert!(args(&[]).is_err());
        assert!(args(&["--user"]).is_err());
        assert!(args(&["--demo", "--user", "x"]).is_err());
        assert!(args(&["--date", "2025-13-01", "--demo"]).is_err());
    }
}
