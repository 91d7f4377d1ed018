//! A node's labels in one string: two allocations a node instead of two a label, which keeps
//! the allocator quick when 100,000 nodes are held at once.

use std::sync::OnceLock;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::scheduling::Labels;

#[derive(Clone, Debug, Default)]
pub struct LabelSet {
    text: String,
    /// For each label, where its key and its value end in `text` (each starts where the last
    /// one ended).
    ends: Vec<(u32, u32)>,
    /// The labels' positions sorted by key (equal keys in written order), built on the first
    /// lookup of a large set: n lookups in n labels stay O(n log n), not O(n²).
    by_key: OnceLock<Box<[u32]>>,
}

/// Below this many labels a scan is as quick as the index and costs no memory.
const INDEX_FROM: usize = 16;

impl PartialEq for LabelSet {
    fn eq(&self, other: &LabelSet) -> bool {
        self.text == other.text && self.ends == other.ends
    }
}

impl Eq for LabelSet {}

impl LabelSet {
    pub fn with_capacity(labels: usize) -> LabelSet {
        LabelSet { text: String::with_capacity(labels * 40), ends: Vec::with_capacity(labels), by_key: OnceLock::new() }
    }

    pub fn push(&mut self, key: &str, value: &str) {
        self.by_key.take();
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

    fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1].1 as usize };
        &self.text[start..self.ends[i].0 as usize]
    }

    fn value(&self, i: usize) -> &str {
        let (key_end, end) = self.ends[i];
        &self.text[key_end as usize..end as usize]
    }

    /// The value of `key` (the last one, when written twice).
    pub fn get(&self, key: &str) -> Option<&str> {
        if self.ends.len() < INDEX_FROM {
            return self.iter().filter(|(k, _)| *k == key).last().map(|(_, v)| v);
        }
        let by_key = self.by_key.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.ends.len() as u32).collect();
            // A stable sort: of equal keys the last written stays last.
            order.sort_by(|&a, &b| self.key(a as usize).cmp(self.key(b as usize)));
            order.into_boxed_slice()
        });
        let after = by_key.partition_point(|&i| self.key(i as usize) <= key);
        let last = *by_key[..after].last()? as usize;
        (self.key(last) == key).then(|| self.value(last))
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

    #[test]
    fn indexed_lookup_matches_a_scan() {
        let mut set = LabelSet::default();
        for i in 0..100 {
            set.push(&format!("k{}", i % 40), &format!("v{i}"));
        }
        set.push("", "empty");
        assert_eq!(set.get("k0"), Some("v80"));
        assert_eq!(set.get("k39"), Some("v79"));
        assert_eq!(set.get("k"), None);
        assert_eq!(set.get("k40"), None);
        assert_eq!(set.get(""), Some("empty"));
        // A label written after a lookup is found: the index is rebuilt.
        set.push("k0", "later");
        assert_eq!(set.get("k0"), Some("later"));
        for (k, _) in set.iter().collect::<Vec<_>>() {
            let scanned = set.iter().filter(|(key, _)| *key == k).last().map(|(_, v)| v);
            assert_eq!(set.get(k), scanned, "{k}");
        }
    }
}
