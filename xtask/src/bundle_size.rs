//! The release UI, built one way for shipping and for measuring: `cargo xtask ui-release` (tauri.conf.json's
//! `beforeBuildCommand`) writes it to `src-ui/dist`, and `cargo xtask bundle-size` writes the same build to
//! `target/ui-release/` and prints its size against the budget (issue 6: at most 350 KB gzip for everything
//! the window loads: wasm, JavaScript and CSS).
//!
//! What makes it small, all in [`build_release_ui`] so the two commands cannot drift apart:
//! - cargo's `release` profile (workspace Cargo.toml: `opt-level = "z"`, fat LTO, one codegen unit, `panic =
//!   "abort"`);
//! - Leptos's `--cfg erase_components` (type-erased views: far fewer monomorphized copies of the renderer),
//!   given through `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS` so it reaches the wasm crates only, never
//!   the host's build scripts or proc macros, and never the debug UI build (`./dev build-ui`, e2e);
//! - wasm-opt `-Oz` (index.html `data-wasm-opt="z"`, release builds only) from npm's binaryen, which
//!   `./dev bootstrap` installs in `.tools/binaryen` (Debian's binaryen 108 breaks current rustc output: a blank
//!   page). Trunk.toml pins its version, so trunk fails instead of using another one. `-Oz` alone makes the
//!   wasm 10 % smaller but not its gzip; `--reorder-functions-by-name` (index.html `data-wasm-opt-params`) is
//!   what gzip gains from (the copies of a generic function end up side by side). It needs the function names
//!   that rustc leaves in the wasm, so the release profile must not strip symbols.
//!
//! The measurement checks that wasm-opt really ran (its output has no `name` section, which rustc and
//! wasm-bindgen keep), so a build without it cannot pass as the shipped one.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The budget for wasm + JavaScript + CSS, gzip-compressed.
pub const BUDGET_GZIP: u64 = 350 * 1024;

/// Where `./dev bootstrap` installs binaryen's `wasm-opt` (relative to the workspace root).
const WASM_OPT_DIR: &str = ".tools/binaryen/node_modules/.bin";

/// Builds the release UI into `dist` (trunk, offline, release, wasm-opt -Oz).
pub fn build_release_ui(root: &Path, dist: &Path) -> Result<(), String> {
    let tools = root.join(WASM_OPT_DIR);
    if !tools.join("wasm-opt").exists() {
        return Err(format!(
            "{} is missing: run ./dev bootstrap first",
            tools.join("wasm-opt").display()
        ));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(tools).chain(std::env::split_paths(&path)))
        .map_err(|e| format!("PATH: {e}"))?;
    let status = Command::new("trunk")
        .args(["build", "--release", "--offline", "--dist"])
        .arg(dist)
        .current_dir(root.join("src-ui"))
        .env("PATH", path)
        // RUSTFLAGS would override the target's flags and silently drop erase_components.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "--cfg erase_components",
        )
        .status()
        .map_err(|e| format!("could not run trunk (run ./dev bootstrap first): {e}"))?;
    if !status.success() {
        return Err(format!("trunk build --release failed: {status}"));
    }
    Ok(())
}

/// `cargo xtask bundle-size`: builds, measures, prints the table; `Ok(false)` when over the budget.
pub fn run(root: &Path) -> Result<bool, String> {
    let dist = root.join("target/ui-release");
    build_release_ui(root, &dist)?;
    let bundle = Bundle::measure(&dist)?;
    print!("{}", bundle.report());
    Ok(bundle.within_budget())
}

/// One measured file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

/// The files the window loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub wasm: Measured,
    pub js: Measured,
    pub css: Vec<Measured>,
    /// Whether the wasm still has a `name` section, i.e. wasm-opt did not run.
    pub wasm_has_names: bool,
}

impl Bundle {
    fn measure(dist: &Path) -> Result<Bundle, String> {
        let wasm = one_file(dist, "wasm")?;
        let js = one_file(dist, "js")?;
        let bytes = std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
        let wasm_has_names = custom_sections(&bytes)?.iter().any(|s| s == "name");
        Ok(Bundle {
            wasm: measure(&wasm)?,
            js: measure(&js)?,
            css: files_with(dist, "css")?
                .iter()
                .map(|f| measure(f))
                .collect::<Result<_, _>>()?,
            wasm_has_names,
        })
    }

    pub fn total_gzip(&self) -> u64 {
        self.wasm.gzip + self.js.gzip + self.css.iter().map(|c| c.gzip).sum::<u64>()
    }

    pub fn within_budget(&self) -> bool {
        !self.wasm_has_names && self.total_gzip() <= BUDGET_GZIP
    }

    /// The table printed at the end, with the verdict as its last line.
    pub fn report(&self) -> String {
        let mut rows = vec![
            ("wasm raw".to_owned(), self.wasm.raw),
            ("wasm gzip".to_owned(), self.wasm.gzip),
            ("js gzip".to_owned(), self.js.gzip),
        ];
        rows.extend(self.css.iter().map(|c| (format!("css gzip ({})", c.name), c.gzip)));
        rows.push(("total gzip (wasm + js + css)".to_owned(), self.total_gzip()));
        rows.push(("budget".to_owned(), BUDGET_GZIP));
        let mut out = format!("release UI bundle ({})\n", self.wasm.name);
        for (label, bytes) in rows {
            out.push_str(&format!("  {label:<44} {:>10}\n", kb(bytes)));
        }
        if self.wasm_has_names {
            out.push_str("FAIL: the wasm has a name section, so wasm-opt did not run (run ./dev bootstrap)\n");
        } else if self.total_gzip() <= BUDGET_GZIP {
            out.push_str(&format!(
                "OK: within the budget ({} to spare)\n",
                kb(BUDGET_GZIP - self.total_gzip())
            ));
        } else {
            out.push_str(&format!(
                "FAIL: over the budget by {}\n",
                kb(self.total_gzip() - BUDGET_GZIP)
            ));
        }
        out
    }
}

fn files_with(dist: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    Ok(files)
}

fn one_file(dist: &Path, ext: &str) -> Result<PathBuf, String> {
    let mut files = files_with(dist, ext)?;
    match files.len() {
        1 => Ok(files.remove(0)),
        n => Err(format!("expected one .{ext} in {}, found {n}", dist.display())),
    }
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

/// The names of a wasm module's custom sections.
pub fn custom_sections(wasm: &[u8]) -> Result<Vec<String>, String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut names = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (len, start) = leb128(wasm, at + 1)?;
        let end = start
            .checked_add(len)
            .filter(|&e| e <= wasm.len())
            .ok_or("truncated section")?;
        if id == 0 {
            let (name_len, name_start) = leb128(wasm, start)?;
            let name = wasm
                .get(name_start..name_start + name_len)
                .ok_or("truncated section name")?;
            names.push(String::from_utf8_lossy(name).into_owned());
        }
        at = end;
    }
    Ok(names)
}

/// An unsigned LEB128 number at `at`: its value and the index after it.
fn leb128(bytes: &[u8], mut at: usize) -> Result<(usize, usize), String> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).ok_or("truncated number")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    Err("number too long".into())
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, raw: u64, gzip: u64) -> Measured {
        Measured {
            name: name.into(),
            raw,
            gzip,
        }
    }

    fn bundle(wasm_gzip: u64, wasm_has_names: bool) -> Bundle {
        Bundle {
            wasm: file("app_bg.wasm", 900 * 1024, wasm_gzip),
            js: file("app.js", 40 * 1024, 10 * 1024),
            css: vec![file("main.css", 30 * 1024, 8 * 1024)],
            wasm_has_names,
        }
    }

    #[test]
    fn report_sums_wasm_js_and_css_and_judges_against_the_budget() {
        let ok = bundle(300 * 1024, false);
        let text = ok.report();
        assert!(text.contains("wasm raw") && text.contains("900.0 KB"), "{text}");
        assert!(text.contains("css gzip (main.css)"), "{text}");
        let total = text.lines().find(|l| l.trim_start().starts_with("total gzip")).unwrap();
        assert!(total.ends_with(" 318.0 KB"), "{text}");
        assert!(text.ends_with("OK: within the budget (32.0 KB to spare)\n"), "{text}");
        assert!(ok.within_budget());

        let exactly = bundle(BUDGET_GZIP - 18 * 1024, false);
        assert!(exactly.within_budget(), "the budget itself is allowed");
        let over = bundle(BUDGET_GZIP - 18 * 1024 + 1, false);
        assert!(!over.within_budget());
        assert!(
            over.report().ends_with("FAIL: over the budget by 0.0 KB\n"),
            "{}",
            over.report()
        );
    }

    #[test]
    fn a_wasm_that_skipped_wasm_opt_fails_however_small() {
        let unoptimized = bundle(100 * 1024, true);
        assert!(!unoptimized.within_budget());
        assert!(
            unoptimized.report().contains("wasm-opt did not run"),
            "{}",
            unoptimized.report()
        );
    }

    #[test]
    fn custom_sections_are_listed_by_name() {
        // Header, a type section (id 1, 1 byte), a custom "name" section and a custom "producers" one.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 1, 0]);
        wasm.extend([0, 6, 4, b'n', b'a', b'm', b'e', 0xff]);
        wasm.extend([0, 10, 9]);
        wasm.extend(b"producers");
        assert_eq!(custom_sections(&wasm).unwrap(), ["name", "producers"]);
        assert_eq!(custom_sections(&wasm[..8]).unwrap(), Vec::<String>::new());
        assert!(
            custom_sections(&wasm[..wasm.len() - 1]).is_err(),
            "a cut-off section is an error"
        );
        assert!(custom_sections(b"not wasm").is_err());
    }
}
