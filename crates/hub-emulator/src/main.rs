//! The standalone emulator: `cargo run -p hub-emulator -- [--port-base N]` starts all five hosts on
//! 127.0.0.1, prints their URLs and the demo credentials, and runs until Ctrl-C.

use std::time::Duration;

use clap::Parser;
use hub_emulator::{Config, EmulatorHandle, demo};
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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("hub_emulator=debug,tower_http=debug")),
        )
        .init();
    let cfg = Config {
        session_lifetime: Duration::from_secs(args.session_lifetime),
        pin_interstitial: args.pin_interstitial,
        switch_pupil_returns_500: args.switch_pupil_returns_500,
        access_token_lifetime: Duration::from_secs(args.access_token_lifetime),
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
    println!("Ctrl-C stops the emulator.");
    tokio::signal::ctrl_c().await?;
    emulator.shutdown().await;
    Ok(())
}
