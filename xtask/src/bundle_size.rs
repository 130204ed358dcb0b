//! The release UI, built one way for shipping and for measuring: `cargo xtask ui-release` (tauri.conf.json's
//! `beforeBuildCommand`, and what `./dev demo` and `./dev test` run) writes it to `src-ui/dist`, and
//! `cargo xtask bundle-size` writes the same build to `target/ui-release/` and prints its size against the
//! budget (issue 6: at most 350 KB gzip for what the window loads to show the start page: wasm, JavaScript and
//! CSS). The box views, loaded when a box is first opened, are listed beside it, and so is the total.
//!
//! What makes it small, all in [`build_release_ui`] so the two commands cannot drift apart:
//! - cargo's `release` profile (workspace Cargo.toml: `opt-level = "z"`, fat LTO, one codegen unit, `panic =
//!   "abort"`);
//! - Leptos's `--cfg erase_components` (type-erased views: far fewer monomorphized copies of the renderer),
//!   given through `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS` so it reaches the wasm crates only, never
//!   the host's build scripts or proc macros, and never the debug UI build (`trunk build`, `trunk serve`);
//! - code splitting: `--cfg skolhub_split` makes the box views one split point (`pages::boxes::box_body`), and
//!   wasm-split (the library cargo-leptos uses, with rustc's `--emit-relocs`) moves them and everything only
//!   they use into `split_box_views.wasm`, which `__wasm_split.js` fetches the first time a box is opened;
//! - wasm-opt `-Oz` on every module, from npm's binaryen, which `./dev bootstrap` installs in `.tools/binaryen`
//!   (Debian's binaryen 108 breaks current rustc output: a blank page). `-Oz` alone makes the wasm 10 % smaller
//!   but not its gzip; `--reorder-functions-by-name` is what gzip gains from (the copies of a generic function
//!   end up side by side). It needs the function names that rustc leaves in the wasm, so the release profile
//!   must not strip symbols. Trunk itself runs neither wasm-opt nor SRI hashes (index.html): the files it
//!   bound are replaced by the split ones.
//!
//! The measurement checks that wasm-opt really ran (its output has no `name` section, which rustc and
//! wasm-bindgen keep), so a build without it cannot pass as the shipped one.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The budget for what the window loads to show the start page (wasm + JavaScript + CSS), gzip-compressed.
pub const BUDGET_GZIP: u64 = 350 * 1024;

/// Where `./dev bootstrap` installs binaryen's `wasm-opt` (relative to the workspace root).
const WASM_OPT_DIR: &str = ".tools/binaryen/node_modules/.bin";

/// wasm-opt's options for every module of the release UI. `--reorder-functions-by-name` puts the copies of
/// one generic function next to each other, which gzip compresses far better (-28 KB gzip); `--low-memory-unused`
/// is true of Rust's wasm (its stack fills the first 1 MiB from the top down); `--reorder-locals` is a small gzip
/// gain too.
const WASM_OPT_ARGS: [&str; 4] = [
    "-Oz",
    "--low-memory-unused",
    "--reorder-functions-by-name",
    "--reorder-locals",
];

/// rustc's flags for the release UI: Leptos's type-erased views, the split point (`cfg(skolhub_split)`), and
/// the relocations wasm-split needs to move functions between modules.
const RELEASE_RUSTFLAGS: &str = "--cfg erase_components --cfg skolhub_split -C link-args=--emit-relocs";

/// Builds the release UI into `dist`: trunk (offline, release) for the page, the CSS and the raw wasm; then
/// the box views are split off into a module the window loads when a box is first opened, and each module
/// is bound (wasm-bindgen) and shrunk (wasm-opt -Oz).
pub fn build_release_ui(root: &Path, dist: &Path) -> Result<(), String> {
    let wasm_opt = root.join(WASM_OPT_DIR).join("wasm-opt");
    if !wasm_opt.exists() {
        return Err(format!("{} is missing: run ./dev bootstrap first", wasm_opt.display()));
    }
    run_tool(
        Command::new("trunk")
            .args(["build", "--release", "--offline", "--dist"])
            .arg(dist)
            .current_dir(root.join("src-ui"))
            // RUSTFLAGS would override the target's flags and silently drop erase_components.
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", RELEASE_RUSTFLAGS),
    )?;
    split(root, dist, &wasm_opt)
}

/// Replaces the wasm and JavaScript trunk wrote into `dist` (bound from the unsplit wasm) with the split
/// ones, under the same names, so trunk's `index.html` loads them unchanged.
fn split(root: &Path, dist: &Path, wasm_opt: &Path) -> Result<(), String> {
    let js = one_file(dist, "js")?;
    let stem = js
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("{}: not a file name", js.display()))?
        .to_owned();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let raw = target.join("wasm32-unknown-unknown/release/skolhub-ui.wasm");
    let input = std::fs::read(&raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let work = target.join("ui-split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("bound")).map_err(|e| format!("{}: {e}", work.display()))?;

    let main = work.join(format!("{stem}.wasm"));
    let main_module = format!("./{stem}.js");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &work;
        options.main_out_path = &main;
        options.main_module = &main_module;
        options
    })
    .map_err(|e| format!("wasm-split: {e}"))?;
    if split.split_modules.is_empty() {
        return Err("wasm-split found no split point: was the UI built with cfg(skolhub_split)?".into());
    }

    check_wasm_bindgen(root)?;
    run_tool(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--keep-lld-exports",
                "--out-name",
                &stem,
                "--out-dir",
            ])
            .arg(work.join("bound"))
            .arg(&main),
    )?;
    for stale in files_with(dist, "wasm")?.iter().chain([&js]) {
        std::fs::remove_file(stale).map_err(|e| format!("{}: {e}", stale.display()))?;
    }
    copy(
        &work.join("bound").join(format!("{stem}.js")),
        &dist.join(format!("{stem}.js")),
    )?;
    copy(&work.join("__wasm_split.js"), &dist.join("__wasm_split.js"))?;
    let modules = std::iter::once(work.join("bound").join(format!("{stem}_bg.wasm"))).chain(split.split_modules);
    for module in modules {
        let name = module.file_name().ok_or("a split module without a name")?;
        run_tool(
            Command::new(wasm_opt)
                .args(WASM_OPT_ARGS)
                .arg(&module)
                .arg("-o")
                .arg(dist.join(name)),
        )?;
    }
    Ok(())
}

/// The wasm-bindgen CLI must be the version of the `wasm-bindgen` crate in Cargo.lock (trunk checks that for
/// its own run; this is ours).
fn check_wasm_bindgen(root: &Path) -> Result<(), String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let locked = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_owned())
        .ok_or("Cargo.lock has no wasm-bindgen")?;
    let out = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .map_err(|e| format!("could not run wasm-bindgen (run ./dev bootstrap first): {e}"))?;
    let installed = String::from_utf8_lossy(&out.stdout);
    if installed.trim() == format!("wasm-bindgen {locked}") {
        Ok(())
    } else {
        Err(format!(
            "wasm-bindgen {locked} is needed (Cargo.lock), found {:?}: run ./dev bootstrap",
            installed.trim()
        ))
    }
}

fn run_tool(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|e| {
        format!(
            "could not run {:?} (run ./dev bootstrap first): {e}",
            command.get_program()
        )
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed: {status}", command.get_program()))
    }
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))
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

/// The files of the release UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The main module, which the page loads at start.
    pub wasm: Measured,
    /// The JavaScript loaded at start: wasm-bindgen's glue and the split modules' loader it imports.
    pub js: Vec<Measured>,
    pub css: Vec<Measured>,
    /// The split-off modules, loaded when first needed (the box views).
    pub lazy: Vec<Measured>,
    /// Whether some wasm still has a `name` section, i.e. wasm-opt did not run on it.
    pub wasm_has_names: bool,
}

impl Bundle {
    fn measure(dist: &Path) -> Result<Bundle, String> {
        let js = files_with(dist, "js")?;
        let glue = js
            .iter()
            .filter_map(|f| f.file_stem()?.to_str())
            .find(|stem| !stem.starts_with("__"))
            .ok_or_else(|| format!("no wasm-bindgen glue in {}", dist.display()))?;
        let main = dist.join(format!("{glue}_bg.wasm"));
        let mut wasm_has_names = false;
        let mut lazy = Vec::new();
        for file in files_with(dist, "wasm")? {
            let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            wasm_has_names |= custom_sections(&bytes)?.iter().any(|s| s == "name");
            if file != main {
                lazy.push(measure(&file)?);
            }
        }
        Ok(Bundle {
            wasm: measure(&main)?,
            js: js.iter().map(|f| measure(f)).collect::<Result<_, _>>()?,
            css: files_with(dist, "css")?
                .iter()
                .map(|f| measure(f))
                .collect::<Result<_, _>>()?,
            lazy,
            wasm_has_names,
        })
    }

    /// What the window loads before it shows the start page: the budget's measure.
    pub fn start_gzip(&self) -> u64 {
        self.wasm.gzip + self.js.iter().chain(&self.css).map(|f| f.gzip).sum::<u64>()
    }

    /// Everything, the modules loaded later included.
    pub fn total_gzip(&self) -> u64 {
        self.start_gzip() + self.lazy.iter().map(|f| f.gzip).sum::<u64>()
    }

    pub fn within_budget(&self) -> bool {
        !self.wasm_has_names && self.start_gzip() <= BUDGET_GZIP
    }

    /// The table printed at the end, with the verdict as its last line.
    pub fn report(&self) -> String {
        let mut rows = vec![
            ("main wasm raw".to_owned(), self.wasm.raw),
            ("main wasm gzip".to_owned(), self.wasm.gzip),
        ];
        rows.extend(self.js.iter().map(|f| (format!("js gzip ({})", f.name), f.gzip)));
        rows.extend(self.css.iter().map(|f| (format!("css gzip ({})", f.name), f.gzip)));
        rows.push(("start gzip (what the start page loads)".to_owned(), self.start_gzip()));
        rows.push(("budget".to_owned(), BUDGET_GZIP));
        rows.extend(self.lazy.iter().map(|f| (format!("later gzip ({})", f.name), f.gzip)));
        rows.push(("total gzip (start and later)".to_owned(), self.total_gzip()));
        let mut out = format!("release UI bundle ({})\n", self.wasm.name);
        for (label, bytes) in rows {
            out.push_str(&format!("  {label:<52} {:>10}\n", kb(bytes)));
        }
        if self.wasm_has_names {
            out.push_str("FAIL: a wasm has a name section, so wasm-opt did not run (run ./dev bootstrap)\n");
        } else if self.start_gzip() <= BUDGET_GZIP {
            out.push_str(&format!(
                "OK: the start is within the budget ({} to spare)\n",
                kb(BUDGET_GZIP - self.start_gzip())
            ));
        } else {
            out.push_str(&format!(
                "FAIL: the start is over the budget by {}\n",
                kb(self.start_gzip() - BUDGET_GZIP)
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
            js: vec![
                file("__wasm_split.js", 2 * 1024, 1024),
                file("app.js", 40 * 1024, 9 * 1024),
            ],
            css: vec![file("main.css", 30 * 1024, 8 * 1024)],
            lazy: vec![file("split_box_views.wasm", 600 * 1024, 200 * 1024)],
            wasm_has_names,
        }
    }

    fn row<'a>(text: &'a str, label: &str) -> &'a str {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} row in\n{text}"))
    }

    #[test]
    fn the_start_is_judged_against_the_budget_and_the_later_modules_are_listed() {
        let ok = bundle(300 * 1024, false);
        let text = ok.report();
        assert!(row(&text, "main wasm raw").ends_with(" 900.0 KB"), "{text}");
        assert!(row(&text, "css gzip (main.css)").ends_with(" 8.0 KB"), "{text}");
        assert!(row(&text, "js gzip (__wasm_split.js)").ends_with(" 1.0 KB"), "{text}");
        assert!(row(&text, "start gzip").ends_with(" 318.0 KB"), "{text}");
        assert!(
            row(&text, "later gzip (split_box_views.wasm)").ends_with(" 200.0 KB"),
            "{text}"
        );
        assert!(row(&text, "total gzip").ends_with(" 518.0 KB"), "{text}");
        assert!(
            text.ends_with("OK: the start is within the budget (32.0 KB to spare)\n"),
            "{text}"
        );
        assert!(ok.within_budget());

        let exactly = bundle(BUDGET_GZIP - 18 * 1024, false);
        assert!(exactly.within_budget(), "the budget itself is allowed");
        let over = bundle(BUDGET_GZIP - 18 * 1024 + 1, false);
        assert!(!over.within_budget());
        assert!(
            over.report()
                .ends_with("FAIL: the start is over the budget by 0.0 KB\n"),
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
