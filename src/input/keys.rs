//! Duplicate-key detection for mappings in linear time: a linear scan while a mapping is
//! small (the common case, no allocation), a hash index once it is large.

use std::collections::HashMap;

use super::tree::Entry;

/// Below this many entries a scan is cheaper than hashing.
const SCAN_LIMIT: usize = 16;

/// An index of the keys of a mapping being built, entry by entry.
#[derive(Default)]
pub struct KeyIndex {
    map: Option<HashMap<String, usize>>,
}

impl KeyIndex {
    /// Where `key` last stands in `entries`, if it does.
    pub fn find(&mut self, entries: &[Entry], key: &str) -> Option<usize> {
        if entries.len() < SCAN_LIMIT {
            return entries.iter().rposition(|e| e.key == key);
        }
        let map = self.map.get_or_insert_with(|| entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i)).collect());
        map.get(key).copied()
    }

    /// Records that `entries[at]` now holds `key` (call after pushing or replacing).
    pub fn insert(&mut self, key: &str, at: usize) {
        if let Some(map) = &mut self.map {
            map.insert(key.to_string(), at);
        }
    }
}
