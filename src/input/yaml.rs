//! Builds the positional tree from YAML parser events.
//!
//! Plain scalars are resolved as Kubernetes' YAML reader (go-yaml v2, YAML 1.1) resolves them:
//! `yes`/`no`/`on`/`off` are booleans and `0644` is octal, because that is what `kubectl apply`
//! sends to the API server for the same text.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::filter::Filter;
use super::keys::KeyIndex;
use super::limits::MAX_DOCUMENTS;
use super::tree::{codes, Entry, InputError, Node, Pos, Value, MAX_DEPTH};

/// How many bytes alias expansion may build in all, strings and tree nodes counted (a guard
/// against "billion laughs" that counts what memory holds, not only how many values).
pub const MAX_ALIAS_BYTES: usize = 64 << 20;

/// A YAML mapping key seen twice, reported as a warning (the last value wins, as in JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub pos: Pos,
}

/// Parses every document in `text`. Values the filter does not keep are read but not built.
pub fn parse_yaml_stream(
    text: &str,
    filter: Filter,
    duplicates: &mut Vec<DuplicateKey>,
) -> Result<Vec<Node>, InputError> {
    let mut b = Builder {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        aliases: AliasBudget::default(),
        duplicates,
    };
    let mut docs = Vec::new();
    let mut documents = 0usize;
    loop {
        let (event, _) = b.next()?;
        match event {
            Event::StreamEnd => return Ok(docs),
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > MAX_DOCUMENTS {
                    return Err(InputError::new(
                        codes::TOO_LARGE,
                        format!(
                            "the input holds more than {MAX_DOCUMENTS} documents (the limit on documents in one text)"
                        ),
                    ));
                }
                b.aliases.start_document();
                let (event, span) = b.next()?;
                let node = b.node(event, span, 0, filter)?;
                match b.next()?.0 {
                    Event::DocumentEnd => {}
                    _ => return Err(yaml_error("expected the end of the document", span)),
                }
                // An empty document (`---` with nothing after it) is not a document.
                if !node.is_null() {
                    docs.push(node);
                }
            }
            _ => {}
        }
    }
}

struct Builder<'a, 'b> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    aliases: AliasBudget,
    duplicates: &'b mut Vec<DuplicateKey>,
}

fn pos_of(span: Span) -> Pos {
    Pos::new(span.start.line(), span.start.col() + 1)
}

fn yaml_error(message: &str, span: Span) -> InputError {
    InputError::new(codes::INVALID_YAML, message).at(pos_of(span))
}

impl<'a> Builder<'a, '_> {
    fn next(&mut self) -> Result<(Event<'a>, Span), InputError> {
        match self.parser.next_event() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(e)) => {
                let m = e.marker();
                let message = if e.info().contains("recursion limit") {
                    return Err(InputError::new(
                        codes::TOO_DEEP,
                        format!("nested deeper than the YAML reader allows: {}", e.info()),
                    )
                    .at(Pos::new(m.line(), m.col() + 1)));
                } else {
                    e.info().to_string()
                };
                Err(InputError::new(codes::INVALID_YAML, message).at(Pos::new(m.line(), m.col() + 1)))
            }
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    fn too_deep(span: Span) -> InputError {
        InputError::new(codes::TOO_DEEP, format!("nested deeper than {MAX_DEPTH} levels")).at(pos_of(span))
    }

    fn node(&mut self, event: Event<'a>, span: Span, depth: usize, filter: Filter) -> Result<Node, InputError> {
        if depth > MAX_DEPTH {
            return Err(Self::too_deep(span));
        }
        let pos = pos_of(span);
        self.aliases.decoded += 1;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !tagged_str {
                    resolve_plain(text)
                } else {
                    Value::String(text.into_owned())
                };
                (Node::new(value, pos), anchor)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if let Event::SequenceEnd = event {
                        break;
                    }
                    items.push(self.node(event, span, depth + 1, filter.item())?);
                }
                (Node::new(Value::Seq(items), pos), anchor)
            }
            Event::MappingStart(anchor, _) => (Node::new(Value::Map(self.mapping(depth, filter)?), pos), anchor),
            Event::Alias(id) => {
                let node = self.anchors.get(&id).ok_or_else(|| yaml_error("unknown alias", span))?;
                self.aliases.expand(node).map_err(|e| e.at(pos))?;
                return Ok(node.clone());
            }
            _ => return Err(yaml_error("unexpected YAML event", span)),
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }

    fn mapping(&mut self, depth: usize, mut filter: Filter) -> Result<Vec<Entry>, InputError> {
        let mut entries: Vec<Entry> = Vec::new();
        // A key seen again replaces the earlier entry, which is dropped at the end (linear time).
        let mut dropped: Vec<usize> = Vec::new();
        let mut index = KeyIndex::default();
        let mut merged: Vec<Entry> = Vec::new();
        let mut merged_index = KeyIndex::default();
        loop {
            let (event, span) = self.next()?;
            if let Event::MappingEnd = event {
                break;
            }
            let key_node = self.node(event, span, depth + 1, Filter::All)?;
            let key = match key_node.value {
                Value::String(s) | Value::Number(s) => s,
                Value::Bool(_, text) => text.into_string(),
                Value::Null => String::new(),
                _ => return Err(yaml_error("a mapping key must be a scalar", span)),
            };
            let (event, vspan) = self.next()?;
            let Some(child) = filter.child(&key) else {
                self.skip(event, depth + 1)?;
                continue;
            };
            let value = self.node(event, vspan, depth + 1, child)?;
            filter = filter.after(&key, value.is_null());
            if key == "<<" && matches!(value.value, Value::Map(_) | Value::Seq(_)) {
                collect_merge(value, &mut merged, &mut merged_index);
                continue;
            }
            if let Some(i) = index.find(&entries, &key) {
                self.duplicates.push(DuplicateKey { key: key.clone(), pos: key_node.pos });
                dropped.push(i);
            }
            index.insert(&key, entries.len());
            entries.push(Entry { key, key_pos: key_node.pos, value });
        }
        // Merge keys (`<<: *base`) fill in what the mapping does not set itself.
        for e in merged {
            if index.find(&entries, &e.key).is_none() {
                index.insert(&e.key, entries.len());
                entries.push(e);
            }
        }
        if !dropped.is_empty() {
            let mut keep = vec![true; entries.len()];
            for i in dropped {
                if let Some(k) = keep.get_mut(i) {
                    *k = false;
                }
            }
            let mut flags = keep.into_iter();
            entries.retain(|_| flags.next().unwrap_or(true));
        }
        Ok(entries)
    }

    /// Consumes one value's events without building it.
    fn skip(&mut self, event: Event<'a>, depth: usize) -> Result<(), InputError> {
        let mut open = match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => 1usize,
            _ => return Ok(()),
        };
        while open > 0 {
            match self.next()?.0 {
                Event::SequenceStart(..) | Event::MappingStart(..) => open += 1,
                Event::SequenceEnd | Event::MappingEnd => open -= 1,
                Event::StreamEnd => return Err(InputError::new(codes::INVALID_YAML, "unexpected end of input")),
                _ => {}
            }
            if depth + open > MAX_DEPTH {
                return Err(InputError::new(codes::TOO_DEEP, format!("nested deeper than {MAX_DEPTH} levels")));
            }
        }
        Ok(())
    }
}

fn collect_merge(value: Node, merged: &mut Vec<Entry>, index: &mut KeyIndex) {
    match value.value {
        Value::Map(entries) => {
            for e in entries {
                if index.find(merged, &e.key).is_none() {
                    index.insert(&e.key, merged.len());
                    merged.push(e);
                }
            }
        }
        Value::Seq(items) => items.into_iter().for_each(|item| collect_merge(item, merged, index)),
        _ => {}
    }
}

/// What alias expansion has built: go-yaml v2's ratio of alias-built to all decoded values
/// per document, and a byte budget over the whole stream.
#[derive(Default)]
struct AliasBudget {
    decoded: usize,
    aliased: usize,
    bytes: usize,
}

impl AliasBudget {
    fn start_document(&mut self) {
        self.decoded = 0;
        self.aliased = 0;
    }

    /// Mirrors the excessive-aliasing check of go-yaml v2's decoder.unmarshal with
    /// allowedAliasRatio (go.yaml.in/yaml/v2/decode.go), which kubectl's YAML reader runs.
    fn expand(&mut self, node: &Node) -> Result<(), InputError> {
        let (nodes, bytes) = size_of_tree(node);
        self.decoded += nodes;
        self.aliased += nodes;
        self.bytes += bytes;
        if self.bytes > MAX_ALIAS_BYTES {
            return Err(InputError::new(
                codes::TOO_LARGE,
                format!("aliases expand to more than {} MiB (the limit on alias expansion)", MAX_ALIAS_BYTES >> 20),
            ));
        }
        if self.aliased > 100
            && self.decoded > 1000
            && self.aliased as f64 / self.decoded as f64 > allowed_alias_ratio(self.decoded)
        {
            return Err(InputError::new(codes::TOO_LARGE, "document contains excessive aliasing"));
        }
        Ok(())
    }
}

/// Mirrors allowedAliasRatio (go.yaml.in/yaml/v2/decode.go): 99 % of a small document may come
/// from aliases, 10 % of a very large one.
fn allowed_alias_ratio(decoded: usize) -> f64 {
    const LOW: usize = 400_000;
    const HIGH: usize = 4_000_000;
    if decoded <= LOW {
        0.99
    } else if decoded >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decoded - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

/// Values and bytes in a tree (the tree is at most MAX_DEPTH deep).
fn size_of_tree(node: &Node) -> (usize, usize) {
    let here = std::mem::size_of::<Node>();
    match &node.value {
        Value::Seq(items) => items.iter().map(size_of_tree).fold((1, here), |a, b| (a.0 + b.0, a.1 + b.1)),
        Value::Map(entries) => entries.iter().fold((1, here), |a, e| {
            let (n, b) = size_of_tree(&e.value);
            (a.0 + n, a.1 + b + e.key.len() + std::mem::size_of::<Entry>())
        }),
        Value::String(s) | Value::Number(s) => (1, here + s.len()),
        _ => (1, here),
    }
}

/// Resolves a plain scalar as go-yaml v2 does (YAML 1.1 booleans, octal, hex, floats).
pub fn resolve_plain(scalar: Cow<'_, str>) -> Value {
    let text = scalar.as_ref();
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return Value::Bool(true, text.into())
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return Value::Bool(false, text.into())
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => return Value::Number(text.to_string()),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        // The parser's own string, not a copy: most scalars end here.
        return Value::String(scalar.into_owned());
    }
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let radix_int = |digits: &str, radix: u32| {
        i64::from_str_radix(digits, radix)
            .ok()
            .map(|v| Value::Number(if neg { (-v).to_string() } else { v.to_string() }))
    };
    let int = if let Some(hex) = clean.strip_prefix("0x") {
        radix_int(hex, 16)
    } else if let Some(oct) = clean.strip_prefix("0o") {
        radix_int(oct, 8)
    } else if let Some(bin) = clean.strip_prefix("0b") {
        radix_int(bin, 2)
    } else if clean.len() > 1 && clean.starts_with('0') && clean.bytes().all(|b| b.is_ascii_digit()) {
        radix_int(&clean, 8)
    } else if !clean.is_empty() && clean.bytes().all(|b| b.is_ascii_digit()) {
        Some(Value::Number(if neg { format!("-{clean}") } else { clean.clone() }))
    } else {
        None
    };
    if let Some(v) = int {
        return v;
    }
    if is_float(&clean) {
        return Value::Number(if neg { format!("-{clean}") } else { clean });
    }
    Value::String(text.to_string())
}

fn is_float(s: &str) -> bool {
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(int) && frac.is_none_or(digits) && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exp_ok && (frac.is_some() || exp.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Node> {
        parse_yaml_stream(text, Filter::All, &mut Vec::new()).unwrap()
    }

    #[test]
    fn scalars_resolve_like_kubectl() {
        assert_eq!(resolve_plain(Cow::Borrowed("0644")), Value::Number("420".into()));
        assert_eq!(resolve_plain(Cow::Borrowed("yes")), Value::Bool(true, "yes".into()));
        assert_eq!(resolve_plain(Cow::Borrowed("1.5")), Value::Number("1.5".into()));
        assert_eq!(resolve_plain(Cow::Borrowed("1.2.3")), Value::String("1.2.3".into()));
        assert_eq!(resolve_plain(Cow::Borrowed("100m")), Value::String("100m".into()));
        assert_eq!(resolve_plain(Cow::Borrowed("-5")), Value::Number("-5".into()));
        assert_eq!(resolve_plain(Cow::Borrowed("~")), Value::Null);
    }

    #[test]
    fn documents_and_positions() {
        let docs = parse("# kubectl edit comment\na: 1\n---\nb:\n  - x: \"2\"\n---\n");
        assert_eq!(docs.len(), 2);
        let b = docs[1].get("b").unwrap();
        assert_eq!(b.pos, Pos { line: 5, column: 3 });
    }

    #[test]
    fn anchors_merge_and_duplicates() {
        let mut dups = Vec::new();
        let docs = parse_yaml_stream(
            "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n  y: 4\n",
            crate::input::Filter::All,
            &mut dups,
        )
        .unwrap();
        let m = docs[0].get("m").unwrap();
        assert_eq!(m.get("x").unwrap().value, Value::Number("1".into()));
        assert_eq!(m.get("y").unwrap().value, Value::Number("4".into()));
        assert_eq!(dups, vec![DuplicateKey { key: "y".into(), pos: Pos { line: 5, column: 3 } }]);
    }

    #[test]
    fn hostile_input_is_an_error() {
        let deep = "[".repeat(10_000);
        assert!(parse_yaml_stream(&deep, Filter::All, &mut Vec::new()).is_err());
        let block: String = (0..10_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert_eq!(parse_yaml_stream(&block, Filter::All, &mut Vec::new()).unwrap_err().code, codes::TOO_DEEP);
        let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            laughs += &format!(
                "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                p = (b'a' + i - 1) as char
            );
        }
        assert_eq!(parse_yaml_stream(&laughs, Filter::All, &mut Vec::new()).unwrap_err().code, codes::TOO_LARGE);
    }

    #[test]
    fn bad_yaml_has_a_line() {
        let err = parse_yaml_stream("a: 1\nb: [1, 2\nc: 3\n", crate::input::Filter::All, &mut Vec::new()).unwrap_err();
        assert_eq!(err.code, codes::INVALID_YAML);
        assert!(err.line.is_some());
    }
}
