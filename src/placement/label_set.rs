//! A node's labels in one string: two allocations a node instead of two a label, which keeps
//! the allocator quick when 100,000 nodes are held at once.

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::scheduling::Labels;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSet {
    text: String,
    /// For each label, where its key and its value end in `text` (each starts where the last
    /// one ended).
    ends: Vec<(u32, u32)>,
}

impl LabelSet {
    pub fn with_capacity(labels: usize) -> LabelSet {
        LabelSet { text: String::with_capacity(labels * 40), ends: Vec::with_capacity(labels) }
    }

    pub fn push(&mut self, key: &str, value: &str) {
        self.text.push_str(key);
        let key_end = self.text.len() as u32;
        self.text.push_str(value);
        self.ends.push((key_end, self.text.len() as u32));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The labels in the order they were written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut start = 0usize;
        self.ends.iter().map(move |&(k, v)| {
            let pair = (&self.text[start..k as usize], &self.text[k as usize..v as usize]);
            start = v as usize;
            pair
        })
    }

    /// The value of `key` (the last one, when written twice).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().filter(|(k, _)| *k == key).last().map(|(_, v)| v)
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> LabelSet {
        let mut set = LabelSet::default();
        for (k, v) in pairs {
            set.push(k, v);
        }
        set
    }
}

impl Labels for LabelSet {
    fn label_value(&self, key: &str) -> Option<&str> {
        self.get(key)
    }
}

impl Serialize for LabelSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for pair in self.iter() {
            seq.serialize_element(&pair)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_pairs_in_order() {
        let set = LabelSet::from_pairs([("a", "1"), ("b", ""), ("", "x"), ("a", "2")]);
        assert_eq!(set.iter().collect::<Vec<_>>(), [("a", "1"), ("b", ""), ("", "x"), ("a", "2")]);
        assert_eq!(set.get("a"), Some("2"));
        assert_eq!(set.get("b"), Some(""));
        assert_eq!(set.get("c"), None);
    }
}
