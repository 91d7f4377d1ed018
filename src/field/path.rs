//! `field.Path`: `spec.template.spec.tolerations[0].key`.

use std::fmt;

/// A rendered field path. Children are appended as Go renders them: names joined by `.`,
/// indexes and map keys as `[x]` without quotes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Path(String);

impl Path {
    /// Mirrors `field.NewPath`.
    pub fn new(name: &str) -> Path {
        Path(name.to_string())
    }
    /// Mirrors `Path.Child` (several names at once, as `Child("template", "spec")`).
    pub fn child(&self, name: &str) -> Path {
        let mut s = self.0.clone();
        for part in name.split('.') {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(part);
        }
        Path(s)
    }
    /// Mirrors `Path.Index`.
    pub fn index(&self, i: usize) -> Path {
        Path(format!("{}[{i}]", self.0))
    }
    /// Mirrors `Path.Key`.
    pub fn key(&self, k: &str) -> Path {
        Path(format!("{}[{k}]", self.0))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_go() {
        let p = Path::new("spec").child("template.spec").child("tolerations").index(0).child("key");
        assert_eq!(p.to_string(), "spec.template.spec.tolerations[0].key");
        assert_eq!(Path::new("metadata").child("annotations").key("a/b").to_string(), "metadata.annotations[a/b]");
    }
}
