//! Untrusted HTML from the school (news bodies, calendar texts) turned into plain text paragraphs.
//!
//! Skolhub never hands school HTML to `inner_html`: a teacher's rich text could carry scripts or tracking
//! images. Block elements and `<br>` become paragraph breaks, every other tag is dropped, and the common
//! entities are decoded; Leptos then renders the text as text nodes.

/// Tags that end a paragraph or a line.
const BREAKS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
];

/// The paragraphs of `html`, trimmed, without empty ones.
pub fn paragraphs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        current.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            // A lone "<" is text.
            current.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        // The content of these is never text for the reader.
        if matches!(name.as_str(), "script" | "style") && !tag.starts_with('/') {
            let end = format!("</{name}");
            let lower = after.to_ascii_lowercase();
            rest = match lower.find(&end) {
                Some(pos) => after[pos..].find('>').map_or("", |gt| &after[pos + gt + 1..]),
                None => "",
            };
            continue;
        }
        if BREAKS.contains(&name.as_str()) {
            flush(&mut current, &mut out);
        }
        rest = &after[close + 1..];
    }
    current.push_str(rest);
    flush(&mut current, &mut out);
    out
}

/// All of `html` as one line of text (for summaries).
pub fn plain(html: &str) -> String {
    paragraphs(html).join(" ")
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let text = collapse(&decode(current));
    if !text.is_empty() {
        out.push(text);
    }
    current.clear();
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the named entities schools' editors produce and numeric ones.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &after[..end];
            let ch = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "aring" => Some('å'),
                "auml" => Some('ä'),
                "ouml" => Some('ö'),
                "Aring" => Some('Å'),
                "Auml" => Some('Ä'),
                "Ouml" => Some('Ö'),
                "eacute" => Some('é'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((ch, end))
        });
        match decoded {
            Some((ch, end)) => {
                out.push(ch);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_tags_go() {
        let html = "<p>Hej alla vårdnadshavare!</p><p>På fredag har vi skogsdag. Skicka med \
                    <strong>vattenflaska</strong>.</p><p>Hälsningar<br/>Anna Lindqvist, rektor</p>";
        assert_eq!(
            paragraphs(html),
            [
                "Hej alla vårdnadshavare!",
                "På fredag har vi skogsdag. Skicka med vattenflaska.",
                "Hälsningar",
                "Anna Lindqvist, rektor"
            ]
        );
    }

    #[test]
    fn scripts_and_attributes_never_survive() {
        let html =
            r#"<p onclick="x()">A<script>alert("1")</script>B</p><img src=x onerror=alert(1)><style>p{}</style>"#;
        assert_eq!(paragraphs(html), ["AB"]);
        assert_eq!(plain("<SCRIPT>bad()</SCRIPT>ok"), "ok");
    }

    #[test]
    fn entities_and_stray_brackets() {
        assert_eq!(
            plain("Fika &amp; lek&nbsp;&#8211; 3 &lt; 5 &#x263A;"),
            "Fika & lek – 3 < 5 ☺"
        );
        assert_eq!(plain("a < b & c"), "a < b & c");
        assert_eq!(plain("&unknown; &"), "&unknown; &");
        assert!(paragraphs("  <p> </p> ").is_empty());
    }
}
