//! Repository conventions as checks: file docs, whitespace, the command list kept in sync across the shell's
//! handler, its build script, its capabilities and the UI bridge, and a real CSP.

use std::fs;
use std::path::{Path, PathBuf};

/// Every problem found, one line each; empty when the tree is tidy.
pub fn check(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for file in rust_files(root) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        let rel = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        if !text.trim_start().starts_with("//!") {
            problems.push(format!("{rel}: does not start with a `//!` doc comment"));
        }
        for (i, line) in text.lines().enumerate() {
            if line.ends_with(' ') || line.ends_with('\t') {
                problems.push(format!("{rel}:{}: trailing whitespace", i + 1));
            }
        }
    }
    problems.extend(check_commands(root));
    problems.extend(check_csp(root));
    problems
}

fn rust_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = [
        "crates",
        "src-tauri/src",
        "src-tauri/build.rs",
        "src-ui/src",
        "tests",
        "xtask/src",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if p.ends_with("target") || p.ends_with("dist") {
                continue;
            }
            if let Ok(rd) = fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Quoted identifiers between `start` and the next `end` in `text`.
fn names_between(text: &str, start: &str, end: &str) -> Vec<String> {
    let Some(from) = text.find(start) else {
        return Vec::new();
    };
    let rest = &text[from + start.len()..];
    let body = &rest[..rest.find(end).unwrap_or(rest.len())];
    body.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap_or(s).to_owned())
        .collect()
}

fn check_commands(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let lib = fs::read_to_string(root.join("src-tauri/src/lib.rs")).unwrap_or_default();
    let build = fs::read_to_string(root.join("src-tauri/build.rs")).unwrap_or_default();
    let caps = fs::read_to_string(root.join("src-tauri/capabilities/default.json")).unwrap_or_default();
    let bridge = fs::read_to_string(root.join("src-ui/src/bridge.rs")).unwrap_or_default();
    let mut handled = names_between(&lib, "generate_handler![", "]");
    let mut listed: Vec<String> = names_between(&build, "COMMANDS: &[&str] = &[", "]");
    handled.sort();
    listed.sort();
    if handled.is_empty() {
        problems.push("src-tauri/src/lib.rs: no generate_handler! list found".to_owned());
    }
    if handled != listed {
        problems.push(format!(
            "build.rs COMMANDS {listed:?} differ from generate_handler! {handled:?}"
        ));
    }
    for cmd in &handled {
        let permission = format!("\"allow-{}\"", cmd.replace('_', "-"));
        if !caps.contains(&permission) {
            problems.push(format!("capabilities/default.json lacks {permission}"));
        }
        if !bridge.contains(&format!("\"{cmd}\"")) {
            problems.push(format!("src-ui/src/bridge.rs has no function invoking \"{cmd}\""));
        }
    }
    problems
}

fn check_csp(root: &Path) -> Vec<String> {
    let conf = fs::read_to_string(root.join("tauri.conf.json")).unwrap_or_default();
    let ok = conf.contains("\"csp\": \"default-src 'self'") && !conf.contains("\"csp\": null");
    if ok {
        Vec::new()
    } else {
        vec!["tauri.conf.json: the CSP must be set and start with default-src 'self'".to_owned()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_tidy() {
        let problems = check(&crate::project_root());
        assert!(problems.is_empty(), "tidy problems:\n{}", problems.join("\n"));
    }

    #[test]
    fn detects_a_missing_doc_comment_and_trailing_space() {
        let dir = std::env::temp_dir().join(format!("tidy-{}", std::process::id()));
        fs::create_dir_all(dir.join("crates")).unwrap();
        fs::write(dir.join("crates/a.rs"), "fn main() {} \n").unwrap();
        let problems = check(&dir);
        let _ = fs::remove_dir_all(&dir);
        assert!(problems.iter().any(|p| p.contains("`//!`")), "{problems:?}");
        assert!(
            problems.iter().any(|p| p.contains("trailing whitespace")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.contains("generate_handler")), "{problems:?}");
    }
}
