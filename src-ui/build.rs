//! Compiles the translations (`locales/sv.json`, `locales/en.json`, flat key → text maps) into sorted static
//! tables, so the UI neither carries a JSON parser nor parses the files at start-up.
//!
//! A key missing from `en.json` falls back to the Swedish text; the unit tests in `i18n.rs` fail the build's
//! tests when the files do not have the same keys.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let read = |name: &str| -> BTreeMap<String, String> {
        let path = dir.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a flat JSON map of strings: {e}", path.display()))
    };
    let sv = read("sv.json");
    let en = read("en.json");
    let mut out = String::new();
    let n = sv.len();
    let _ = writeln!(
        out,
        "/// Every key, sorted (binary search).\npub(crate) static KEYS: [&str; {n}] = ["
    );
    for key in sv.keys() {
        let _ = writeln!(out, "    {key:?},");
    }
    let _ = writeln!(
        out,
        "];\n/// The Swedish texts, in the order of [`KEYS`].\npub(crate) static SV_TEXTS: [&str; {n}] = ["
    );
    for text in sv.values() {
        let _ = writeln!(out, "    {text:?},");
    }
    let _ = writeln!(
        out,
        "];\n/// The English texts, in the order of [`KEYS`].\npub(crate) static EN_TEXTS: [&str; {n}] = ["
    );
    for (key, text) in &sv {
        let _ = writeln!(out, "    {:?},", en.get(key).unwrap_or(text));
    }
    let _ = writeln!(out, "];");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}
