//! The standalone emulator: `cargo run -p hub-emulator -- [--port-base N]` starts all five hosts on
//! 127.0.0.1, prints their URLs and the demo credentials, and runs until Ctrl-C.

use std::time::Duration;

use clap::Parser;
use hub_emulator::{Config, EmulatorHandle, Faults, MalformedMode, demo};
use tracing_subscriber::EnvFilter;

/// Flags of the standalone emulator.
#[derive(Debug, Parser)]
#[command(name = "hub-emulator", about = "A local InfoMentor Hub emulator with a demo school")]
struct Args {
    /// Listen on fixed ports: hub at N, mentor N+1, OAuth N+2, API N+3, admin N+4 (default: ephemeral).
    #[arg(long, value_name = "N")]
    port_base: Option<u16>,
    /// Session lifetime in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 3 * 60 * 60)]
    session_lifetime: u64,
    /// Send password logins through the PIN-enrolment interstitial.
    #[arg(long)]
    pin_interstitial: bool,
    /// Answer SwitchPupil with HTTP 500 (the switch still takes effect).
    #[arg(long)]
    switch_pupil_returns_500: bool,
    /// Mobile access-token lifetime in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10 * 60)]
    access_token_lifetime: u64,
    /// Fault: milliseconds added to every hub request.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,
    /// Fault: up to this many random extra milliseconds per hub request.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    jitter_ms: u64,
    /// Fault: fraction (0-1) of hub data requests answered 500 with the HTML error page.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0)]
    error_rate: f64,
    /// Fault: the next N hub requests carrying a session cookie find the session dead.
    #[arg(long, value_name = "N", default_value_t = 0)]
    expire_sessions: u64,
    /// Fault: fraction (0-1) of JSON responses whose body is malformed.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0)]
    malformed_rate: f64,
    /// Fault: a hub path whose JSON responses are always malformed (repeatable).
    #[arg(long = "malformed-path", value_name = "PATH")]
    malformed_paths: Vec<String>,
    /// Fault: how bodies are malformed, `truncate` (first half) or `invalid` (not JSON).
    #[arg(long, value_name = "MODE", default_value = "truncate")]
    malformed_mode: MalformedMode,
    /// Fault: fraction (0-1) of hub data requests answered 429.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0)]
    rate_limit_rate: f64,
    /// Fault: the next N hub data requests are answered 429.
    #[arg(long, value_name = "N", default_value_t = 0)]
    rate_limit_next: u64,
    /// Fault: the Retry-After of a 429, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    retry_after: u64,
    /// Fault: seed of the random fault choices.
    #[arg(long, value_name = "N", default_value_t = 0)]
    fault_seed: u64,
}

impl Args {
    /// The fault flags as a fault configuration (not yet validated).
    fn faults(&self) -> Faults {
        Faults {
            latency_ms: self.latency_ms,
            jitter_ms: self.jitter_ms,
            error_rate: self.error_rate,
            expire_sessions: self.expire_sessions,
            malformed_rate: self.malformed_rate,
            malformed_paths: self.malformed_paths.clone(),
            malformed_mode: self.malformed_mode,
            rate_limit_rate: self.rate_limit_rate,
            rate_limit_next: self.rate_limit_next,
            retry_after_secs: self.retry_after,
            seed: self.fault_seed,
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("hub_emulator=debug,tower_http=debug")),
        )
        .init();
    let faults = args.faults();
    faults.validate().map_err(anyhow::Error::msg)?;
    let cfg = Config {
        session_lifetime: Duration::from_secs(args.session_lifetime),
        pin_interstitial: args.pin_interstitial,
        switch_pupil_returns_500: args.switch_pupil_returns_500,
        access_token_lifetime: Duration::from_secs(args.access_token_lifetime),
        faults,
    };
    let emulator = EmulatorHandle::start_with_port_base(cfg, args.port_base).await?;
    let urls = &emulator.urls;
    println!("hub:    {}", urls.hub);
    println!("mentor: {}", urls.mentor);
    println!("oauth:  {}", urls.oauth);
    println!("api:    {}", urls.api);
    println!("admin:  {}", urls.admin);
    println!(
        "demo guardian: {} / {}  (children: {})",
        demo::GUARDIAN_USERNAME,
        demo::GUARDIAN_PASSWORD,
        demo::CHILDREN.join(", ")
    );
    println!("demo student:  {} / {}", demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD);
    if !emulator.state().faults.get().is_off() {
        println!("faults:        {:?}", emulator.state().faults.get());
    }
    println!("Ctrl-C stops the emulator.");
    tokio::signal::ctrl_c().await?;
    emulator.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_flags_build_the_fault_configuration() {
        let args = Args::try_parse_from(["hub-emulator"]).unwrap();
        assert_eq!(args.faults(), Faults::default());
        let args = Args::try_parse_from([
            "hub-emulator",
            "--latency-ms",
            "20",
            "--jitter-ms",
            "5",
            "--error-rate",
            "0.25",
            "--expire-sessions",
            "2",
            "--malformed-rate",
            "0.1",
            "--malformed-path",
            "/a",
            "--malformed-path",
            "/b",
            "--malformed-mode",
            "invalid",
            "--rate-limit-rate",
            "0.05",
            "--rate-limit-next",
            "3",
            "--retry-after",
            "9",
            "--fault-seed",
            "7",
        ])
        .unwrap();
        let faults = args.faults();
        assert!(faults.validate().is_ok());
        assert_eq!(faults.latency_ms, 20);
        assert_eq!(faults.malformed_paths, ["/a", "/b"]);
        assert_eq!(faults.malformed_mode, MalformedMode::Invalid);
        assert_eq!(
            (faults.rate_limit_next, faults.retry_after_secs, faults.seed),
            (3, 9, 7)
        );
        assert!(Args::try_parse_from(["hub-emulator", "--malformed-mode", "bogus"]).is_err());
        let too_high = Args::try_parse_from(["hub-emulator", "--error-rate", "1.5"]).unwrap();
        assert!(too_high.faults().validate().is_err());
    }
}
