//! Load benchmark (not a test): 50 concurrent hub sessions doing mixed reads against an in-process emulator.
//!
//! `cargo bench -p hub-emulator --bench load` (duration: `LOAD_SECS`, default 10; sessions: `LOAD_SESSIONS`,
//! default 50). Half the sessions belong to guardians of Elsa (fritids), half to guardians of Nils
//! (development talks), each created through `POST /admin/guardians` — one account per session, because a
//! second login ends the first. Each session logs in through the whole password chain, then loops over the
//! start page, notifications, news, calendar and its fritids week or meeting slots until time is up.
//! Prints requests, req/s and latency percentiles; any non-2xx answer or transport failure is an error.

use std::time::{Duration, Instant};

use hub_emulator::{Config, EmulatorHandle, Urls};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use tokio::task::JoinSet;

const ELSA: &str = "5102376841";
const NILS: &str = "5102376858";

#[derive(Clone, Copy)]
enum Read {
    StartPage,
    Notifications,
    News,
    Calendar,
    FritidsWeek,
    MeetingSlots,
}

impl Read {
    fn label(self) -> &'static str {
        match self {
            Read::StartPage => "start page",
            Read::Notifications => "notifications",
            Read::News => "news",
            Read::Calendar => "calendar",
            Read::FritidsWeek => "fritids week",
            Read::MeetingSlots => "meeting slots",
        }
    }
}

const ELSA_MIX: [Read; 5] = [
    Read::StartPage,
    Read::Notifications,
    Read::News,
    Read::Calendar,
    Read::FritidsWeek,
];
const NILS_MIX: [Read; 5] = [
    Read::StartPage,
    Read::Notifications,
    Read::News,
    Read::Calendar,
    Read::MeetingSlots,
];

fn main() -> anyhow::Result<()> {
    let secs: u64 = env_or("LOAD_SECS", 10);
    let sessions: usize = env_or("LOAD_SESSIONS", 50);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(Duration::from_secs(secs), sessions.max(2)))
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn run(duration: Duration, sessions: usize) -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let emu = EmulatorHandle::start(Config::default()).await?;
    let urls = emu.urls.clone();

    // One guardian account per session.
    let mut accounts = Vec::new();
    for (pupil, count) in [(ELSA, sessions / 2), (NILS, sessions - sessions / 2)] {
        let added: Value = reqwest::Client::new()
            .post(format!("{}/admin/guardians", urls.admin))
            .json(&json!({ "pupilId": pupil, "count": count }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let password = added["password"].as_str().unwrap_or("demo").to_owned();
        for name in added["usernames"].as_array().into_iter().flatten() {
            let mix = if pupil == ELSA { ELSA_MIX } else { NILS_MIX };
            accounts.push((name.as_str().unwrap_or_default().to_owned(), password.clone(), mix));
        }
    }

    let login_started = Instant::now();
    let mut logins = JoinSet::new();
    for (username, password, mix) in accounts {
        let urls = urls.clone();
        logins.spawn(async move {
            // A login that the mentor site answers with its form again is retried with a fresh browser
            // (and reported), so one flaky hop does not sink the run.
            let mut attempt = 1;
            let client = loop {
                let client = browser()?;
                match login(&client, &urls, &username, &password).await {
                    Ok(()) => break client,
                    Err(err) if attempt < 3 => {
                        eprintln!("login attempt {attempt} failed: {err:#}");
                        attempt += 1;
                    }
                    Err(err) => return Err(err),
                }
            };
            // Warm-up: every read of the mix must succeed once before the clock starts.
            for read in mix {
                let status = request(&client, &urls, read).await?;
                anyhow::ensure!(status.is_success(), "{} answered {status} for {username}", read.label());
            }
            Ok::<_, anyhow::Error>((client, mix))
        });
    }
    let clients = logins
        .join_all()
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;
    println!(
        "{} sessions logged in and warmed up in {:.2} s",
        clients.len(),
        login_started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + duration;
    let mut workers = JoinSet::new();
    for (i, (client, mix)) in clients.into_iter().enumerate() {
        let urls = urls.clone();
        workers.spawn(async move {
            let mut latencies_us: Vec<(&'static str, u32, bool)> = Vec::with_capacity(8192);
            let mut n = i;
            while tokio::time::Instant::now() < deadline {
                let read = mix[n % mix.len()];
                n += 1;
                let t = Instant::now();
                let ok = matches!(request(&client, &urls, read).await, Ok(s) if s.is_success());
                latencies_us.push((
                    read.label(),
                    u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX),
                    ok,
                ));
            }
            latencies_us
        });
    }
    let mut all = Vec::new();
    for latencies in workers.join_all().await {
        all.extend(latencies);
    }
    let elapsed = started.elapsed().as_secs_f64();
    emu.shutdown().await;

    println!();
    println!("| read | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |");
    println!("|:-----|---------:|------:|-------:|-------:|-------:|-------:|-------:|");
    let mut labels: Vec<&str> = all.iter().map(|(label, _, _)| *label).collect();
    labels.sort_unstable();
    labels.dedup();
    for label in labels {
        let mut one: Vec<u32> = all
            .iter()
            .filter(|(l, _, _)| *l == label)
            .map(|(_, us, _)| *us)
            .collect();
        let failed = all.iter().filter(|(l, _, ok)| *l == label && !ok).count();
        row(label, &mut one, elapsed, failed);
    }
    let mut every: Vec<u32> = all.iter().map(|(_, us, _)| *us).collect();
    let errors = all.iter().filter(|(_, _, ok)| !ok).count();
    row("**all**", &mut every, elapsed, errors);
    println!(
        "\n({sessions} sessions, {elapsed:.1} s, {} worker threads)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    Ok(())
}

fn browser() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?)
}

/// One read of the mix; the answer's status once the body is read.
async fn request(client: &reqwest::Client, urls: &Urls, read: Read) -> anyhow::Result<reqwest::StatusCode> {
    let hub = &urls.hub;
    let req = match read {
        Read::StartPage => client.get(format!("{hub}/")),
        Read::Notifications => client
            .post(format!("{hub}/NotificationApp/NotificationApp/GetNotifications"))
            .json(&json!({})),
        Read::News => client
            .post(format!("{hub}/Communication/News/GetNewsList"))
            .json(&json!({"pageSize": -1, "sortBy": "lastPublishDate___SORT_DESC"})),
        Read::Calendar => {
            let today = chrono::Utc::now().date_naive();
            client
                .post(format!("{hub}/calendarv2/calendarv2/getentries"))
                .json(&json!({
                    "startDate": (today - chrono::TimeDelta::days(7)).format("%Y/%m/%d").to_string(),
                    "endDate": (today + chrono::TimeDelta::days(28)).format("%Y/%m/%d").to_string(),
                }))
        }
        Read::FritidsWeek => client
            .post(format!("{hub}/TimeRegistration/TimeRegistration/GetTimeRegistrations/"))
            .json(&json!({})),
        Read::MeetingSlots => client
            .post(format!("{hub}/Home/meeting/GetPupilAvailabilities"))
            .json(&json!({})),
    };
    let resp = req.header("X-Requested-With", "XMLHttpRequest").send().await?;
    let status = resp.status();
    let body = resp.bytes().await?;
    // An empty 200 or an HTML page where JSON belongs is the hub's dead-session answer, not a success.
    if !matches!(read, Read::StartPage) && (body.is_empty() || body.starts_with(b"<")) {
        return Ok(reqwest::StatusCode::UNAUTHORIZED);
    }
    Ok(status)
}

/// The password chain of protocol §3.1: relay → WebForms login → credentials → relay → LoginCallback.
async fn login(client: &reqwest::Client, urls: &Urls, username: &str, password: &str) -> anyhow::Result<()> {
    let relay_url = format!("{}/Authentication/Authentication/Login?ReturnUrl=%2F", urls.hub);
    let (action, token) = relay_form(&client.get(&relay_url).send().await?.text().await?)?;
    let form = client
        .post(&action)
        .form(&[("oauth_token", token.as_str())])
        .send()
        .await?
        .text()
        .await?;
    let mut fields = hidden_fields(&form);
    fields.retain(|(name, _)| !name.starts_with("login_ascx$") && name != "__EVENTTARGET" && name != "__EVENTARGUMENT");
    for (name, value) in [
        ("__EVENTTARGET", ""),
        ("__EVENTARGUMENT", ""),
        ("login_ascx$txtNotandanafn", username),
        ("login_ascx$txtLykilord", password),
        ("login_ascx$btnLogin", "Logga in"),
    ] {
        fields.push((name.to_owned(), value.to_owned()));
    }
    let posted = client.post(&urls.mentor).form(&fields).send().await?;
    if posted.status().as_u16() != 302 {
        let status = posted.status();
        let body = posted.text().await.unwrap_or_default();
        let start = body.find("error-message").unwrap_or(0);
        let excerpt: String = body[start..].chars().take(120).collect();
        anyhow::bail!("credentials refused for {username}: {status} {excerpt}");
    }
    let back = location(&posted)?;
    let (action, token) = relay_form(&client.get(&back).send().await?.text().await?)?;
    let hop = client
        .post(&action)
        .form(&[("oauth_token", token.as_str())])
        .send()
        .await?;
    let callback = location(&hop)?;
    let landed = client.get(&callback).send().await?;
    anyhow::ensure!(landed.status().as_u16() == 302, "LoginCallback did not redirect");
    let home = client.get(format!("{}/", urls.hub)).send().await?;
    anyhow::ensure!(home.status().is_success(), "start page answered {}", home.status());
    Ok(())
}

fn location(resp: &reqwest::Response) -> anyhow::Result<String> {
    let loc = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| anyhow::anyhow!("expected a redirect from {}", resp.url()))?;
    Ok(resp.url().join(loc)?.to_string())
}

fn relay_form(html: &str) -> anyhow::Result<(String, String)> {
    let form = tags(html, "form")
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no relay form"))?;
    let action = attr(form, "action").ok_or_else(|| anyhow::anyhow!("relay form without action"))?;
    let token = hidden_fields(html)
        .into_iter()
        .find(|(name, _)| name == "oauth_token")
        .map(|(_, v)| v)
        .ok_or_else(|| anyhow::anyhow!("relay form without oauth_token"))?;
    Ok((action, token))
}

fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let tail = &rest[start..];
        let Some(end) = tail.find('>') else { break };
        out.push(&tail[..=end]);
        rest = &tail[end..];
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(
        tag[start..end]
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

fn hidden_fields(html: &str) -> Vec<(String, String)> {
    tags(html, "input")
        .into_iter()
        .filter(|tag| attr(tag, "type").as_deref() == Some("hidden"))
        .filter_map(|tag| Some((attr(tag, "name")?, attr(tag, "value").unwrap_or_default())))
        .collect()
}

/// One table row: count, rate and latency percentiles (nearest rank) in milliseconds.
fn row(label: &str, latencies_us: &mut [u32], elapsed: f64, errors: usize) {
    latencies_us.sort_unstable();
    let ms = |us: u32| f64::from(us) / 1000.0;
    let pct = |p: f64| -> f64 {
        if latencies_us.is_empty() {
            return 0.0;
        }
        let idx = ((latencies_us.len() as f64 * p).ceil() as usize).clamp(1, latencies_us.len()) - 1;
        ms(latencies_us[idx])
    };
    let max = latencies_us.last().map_or(0.0, |&us| ms(us));
    println!(
        "| {label} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {max:.2} | {errors} |",
        latencies_us.len(),
        latencies_us.len() as f64 / elapsed,
        pct(0.50),
        pct(0.90),
        pct(0.99),
    );
}
