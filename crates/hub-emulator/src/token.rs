//! Random values for cookies, relay tokens and WebForms hidden fields, each in the shape the real server
//! uses, so clients meet realistic lengths and characters (for instance `+`, `/` and `=` in `__VIEWSTATE`,
//! which a client must form-encode).

use rand::Rng as _;

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_HEX: &[u8] = b"0123456789ABCDEF";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn from_alphabet(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

/// An `ASP.NET_SessionId` value: 24 lowercase letters and digits.
pub(crate) fn asp_session_id() -> String {
    from_alphabet(LOWER_ALNUM, 24)
}

/// A forms-authentication ticket (`.ASPXAUTH`): long uppercase hex.
pub(crate) fn aspxauth() -> String {
    from_alphabet(UPPER_HEX, 160)
}

/// An opaque cookie value such as `IMHome` or `NotandaUppl`.
pub(crate) fn opaque(len: usize) -> String {
    from_alphabet(ALNUM, len)
}

/// A `__VIEWSTATE`/`__EVENTVALIDATION`-like value: base64 with the serializer's `/wE` prefix.
pub(crate) fn webforms_blob(prefix: &str, len: usize) -> String {
    let mut blob = String::with_capacity(prefix.len() + len + 2);
    blob.push_str(prefix);
    blob.push_str(&from_alphabet(BASE64, len));
    blob.push_str("==");
    blob
}

/// A lowercase GUID (`8-4-4-4-12` hex), the shape of the hub's subscription ids.
pub(crate) fn guid() -> String {
    let hex = from_alphabet(b"0123456789abcdef", 32);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let id = asp_session_id();
        assert_eq!(id.len(), 24);
        assert!(id.bytes().all(|b| LOWER_ALNUM.contains(&b)));
        assert_ne!(asp_session_id(), id);
        assert!(aspxauth().bytes().all(|b| UPPER_HEX.contains(&b)));
        let vs = webforms_blob("/wEPDwUK", 40);
        assert!(vs.starts_with("/wEPDwUK") && vs.ends_with("==") && vs.len() == 50);
    }
}
