//! Developer tasks that are easier in Rust than in shell: `cargo xtask tidy` checks the repository's
//! conventions (the same checks run as a test under plain `cargo test`); `cargo xtask ui-release` builds the
//! shipped UI into `src-ui/dist` (tauri's `beforeBuildCommand`); `cargo xtask bundle-size` builds the same
//! release UI and measures it against the size budget.

mod bundle_size;
mod tidy;

use std::path::PathBuf;
use std::process::ExitCode;

/// The workspace root (the parent of this crate).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("tidy") => {
            let problems = tidy::check(&project_root());
            for p in &problems {
                eprintln!("{p}");
            }
            if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("ui-release") => match bundle_size::build_release_ui(&project_root(), &project_root().join("src-ui/dist"))
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ui-release: {e}");
                ExitCode::FAILURE
            }
        },
        Some("bundle-size") => match bundle_size::run(&project_root()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("bundle-size: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: cargo xtask tidy | cargo xtask ui-release | cargo xtask bundle-size");
            ExitCode::from(2)
        }
    }
}
