//! Shapes several areas share: list envelopes that come as `{items}` or a bare array, ids that come as
//! numbers or strings, and attachment links.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A list the hub sends either as `{items:[…], totalItemCount?}` or as a bare `[…]`.
///
/// Deserialization streams the elements through serde, so a drifted element is reported at its path
/// (`items[3].title`, or `[3].title` for a bare array).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Items<T> {
    pub items: Vec<T>,
    /// The hub's count of all matching items, when it sends one.
    pub total_item_count: Option<i64>,
}

impl<T> Items<T> {
    pub fn new(items: Vec<T>, total_item_count: Option<i64>) -> Self {
        Self {
            items,
            total_item_count,
        }
    }
}

impl<T> Default for Items<T> {
    fn default() -> Self {
        Self::new(Vec::new(), None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Items<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array or an object with `items`")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Items::new(items, None))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items = None;
                let mut total = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "items" => items = Some(map.next_value::<Option<Vec<T>>>()?.unwrap_or_default()),
                        "totalItemCount" => total = map.next_value::<Option<i64>>()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let items = items.ok_or_else(|| de::Error::missing_field("items"))?;
                Ok(Items::new(items, total))
            }
        }

        d.deserialize_any(V(PhantomData))
    }
}

/// An id the hub sends as a number in some places and as a string in others; kept as its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct HubId(pub String);

impl HubId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HubId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for HubId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = HubId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or integer id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<HubId, E> {
                Ok(HubId(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<HubId, E> {
                Ok(HubId(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<HubId, E> {
                Ok(HubId(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A file link on an item: `url` is a hub-relative `/Resources/Resource/Download/<id>?…` path (§4.16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Attachment {
    pub title: String,
    pub url: String,
    /// Present on calendar attachments (`getattachments`).
    #[serde(default)]
    pub file_type: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_accepts_both_envelopes() {
        let a: Items<u8> = serde_json::from_str("[1,2]").unwrap();
        let b: Items<u8> = serde_json::from_str(r#"{"totalItemCount":2,"x":{},"items":[1,2]}"#).unwrap();
        assert_eq!(a.items, b.items);
        assert_eq!(b.total_item_count, Some(2));
        let c: Items<u8> = serde_json::from_str(r#"{"items":null}"#).unwrap();
        assert!(c.items.is_empty());
        assert!(serde_json::from_str::<Items<u8>>(r#"{"total":1}"#).is_err());
        assert!(serde_json::from_str::<Items<u8>>("7").is_err());
    }

    #[test]
    fn ids_accept_numbers_and_strings() {
        let ids: Vec<HubId> = serde_json::from_str(r#"[12, "ab-3"]"#).unwrap();
        assert_eq!(ids[0].as_str(), "12");
        assert_eq!(ids[1].to_string(), "ab-3");
        assert!(serde_json::from_str::<HubId>("1.5").is_err());
    }
}
