//! `cargo xtask bundle-size`: builds the release UI with trunk and prints the raw and gzip size of its wasm
//! and JavaScript against the budget (issue 6: at most 350 KB gzip).
//!
//! The build goes to `target/ui-release/` so the debug UI in `src-ui/dist` (which the app embeds) is left
//! alone. Size settings apply to this build only, through environment variables: cargo's
//! `CARGO_PROFILE_RELEASE_*` (`opt-level = "z"`, fat LTO, one codegen unit, symbols stripped, which drops the
//! wasm name section) and Leptos's `--cfg erase_components` (type-erased views: far fewer monomorphized
//! copies of the renderer). No other build of the workspace changes.
//!
//! No `wasm-opt` runs: trunk would run it through `data-wasm-opt` in `index.html`, but Debian's binaryen 108
//! breaks current rustc output (a blank page, toolchain notes), and optimizing the file after trunk would
//! break the integrity hash trunk writes into `index.html`. The number printed is what would ship.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The budget for wasm + JavaScript, gzip-compressed.
pub const BUDGET_GZIP: u64 = 350 * 1024;

/// One measured file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

pub fn run(root: &Path) -> Result<bool, String> {
    let dist = root.join("target/ui-release");
    let status = Command::new("trunk")
        .args(["build", "--release", "--offline", "--dist"])
        .arg(&dist)
        .current_dir(root.join("src-ui"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z")
        .env("CARGO_PROFILE_RELEASE_LTO", "fat")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .env("RUSTFLAGS", "--cfg erase_components")
        .status()
        .map_err(|e| format!("could not run trunk (run ./dev bootstrap first): {e}"))?;
    if !status.success() {
        return Err(format!("trunk build --release failed: {status}"));
    }
    let files = bundle_files(&dist)?;
    let measured = files.iter().map(|f| measure(f)).collect::<Result<Vec<_>, _>>()?;
    print!("{}", report(&measured));
    Ok(total_gzip(&measured) <= BUDGET_GZIP)
}

/// The `.wasm` and `.js` files trunk wrote.
fn bundle_files(dist: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wasm" || e == "js"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no .wasm or .js in {}", dist.display()));
    }
    Ok(files)
}

fn measure(path: &Path) -> Result<Measured, String> {
    let raw = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip failed on {}", path.display()));
    }
    Ok(Measured {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        raw,
        gzip: out.stdout.len() as u64,
    })
}

fn total_gzip(files: &[Measured]) -> u64 {
    files.iter().map(|f| f.gzip).sum()
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// The table printed at the end: one line per file, the total, and the verdict against the budget.
pub fn report(files: &[Measured]) -> String {
    let mut out = String::new();
    for f in files {
        out.push_str(&format!(
            "{:<48} {:>10} raw {:>10} gzip\n",
            f.name,
            kb(f.raw),
            kb(f.gzip)
        ));
    }
    let raw: u64 = files.iter().map(|f| f.raw).sum();
    let gzip = total_gzip(files);
    out.push_str(&format!(
        "{:<48} {:>10} raw {:>10} gzip\n",
        "total (wasm + js)",
        kb(raw),
        kb(gzip)
    ));
    let verdict = if gzip <= BUDGET_GZIP { "within" } else { "OVER" };
    out.push_str(&format!("{verdict} the budget of {} gzip\n", kb(BUDGET_GZIP)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_sums_and_judges_against_the_budget() {
        let files = [
            Measured {
                name: "app_bg.wasm".into(),
                raw: 600 * 1024,
                gzip: 200 * 1024,
            },
            Measured {
                name: "app.js".into(),
                raw: 40 * 1024,
                gzip: 10 * 1024,
            },
        ];
        let text = report(&files);
        assert!(text.contains("total (wasm + js)"), "{text}");
        assert!(text.contains("640.0 KB raw"), "{text}");
        assert!(text.contains("210.0 KB gzip"), "{text}");
        assert!(text.ends_with("within the budget of 350.0 KB gzip\n"), "{text}");
        let big = [Measured {
            name: "x.wasm".into(),
            raw: 1,
            gzip: BUDGET_GZIP + 1,
        }];
        assert!(report(&big).contains("OVER the budget"));
    }
}
