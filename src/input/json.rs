//! A JSON reader that builds the positional tree, and skips what its `Filter` does not keep
//! without building it: for a node list, most of the bytes. Skipping scans eight bytes at a
//! time for the few bytes that matter (quotes, brackets, newlines).

use std::borrow::Cow;

use super::filter::Filter;
use super::scan::{self, NOT_SPACE, STRING_SPECIAL};
use super::tree::{codes, Entry, InputError, Node, Pos, Value, MAX_DEPTH};
use super::yaml::DuplicateKey;

/// Parses one or more JSON values separated by white space (a JSON stream).
pub fn parse_json_stream(text: &str, filter: Filter) -> Result<Vec<Node>, InputError> {
    parse_json_stream_with_duplicates(text.as_bytes(), filter, &mut Vec::new())
}

/// As `parse_json_stream`, on bytes, collecting keys written twice in one object (the last one
/// wins). Only the strings it keeps are checked to be UTF-8; skipped bytes are not.
pub fn parse_json_stream_with_duplicates(
    bytes: &[u8],
    filter: Filter,
    duplicates: &mut Vec<DuplicateKey>,
) -> Result<Vec<Node>, InputError> {
    let mut r = Reader { bytes, at: 0, line: 1, line_start: 0, duplicates };
    let mut docs = Vec::new();
    loop {
        r.skip_ws();
        if r.at >= r.bytes.len() {
            return Ok(docs);
        }
        if docs.len() >= super::limits::MAX_DOCUMENTS {
            let at = r.pos();
            return Err(InputError::new(
                codes::TOO_LARGE,
                format!(
                    "the input holds more than {} documents (the limit on documents in one text)",
                    super::limits::MAX_DOCUMENTS
                ),
            )
            .at(at));
        }
        docs.push(r.value(0, filter)?);
    }
}

/// Reads the one value at the start of `bytes`: the value and how many bytes it took, or
/// `None` when `bytes` ends before the value does (the caller has more to come).
pub fn parse_value_prefix(bytes: &[u8], filter: Filter) -> Result<Option<(Node, usize)>, InputError> {
    let mut duplicates = Vec::new();
    let mut r = Reader { bytes, at: 0, line: 1, line_start: 0, duplicates: &mut duplicates };
    match r.value(0, filter) {
        Ok(node) => Ok(Some((node, r.at))),
        Err(_) if r.at >= bytes.len() => Ok(None),
        Err(e) => Err(e),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
    duplicates: &'a mut Vec<DuplicateKey>,
}

fn too_deep(pos: Pos) -> InputError {
    InputError::new(codes::TOO_DEEP, format!("nested deeper than {MAX_DEPTH} levels")).at(pos)
}

impl<'a> Reader<'a> {
    fn pos(&self) -> Pos {
        Pos::new(self.line, self.at - self.line_start + 1)
    }

    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(codes::INVALID_JSON, message).at(self.pos())
    }

    /// The bytes `from..to` as text.
    fn text(&self, from: usize, to: usize) -> Result<&'a str, InputError> {
        std::str::from_utf8(&self.bytes[from..to]).map_err(|e| {
            InputError::new(codes::INVALID_JSON, "the input is not UTF-8 text")
                .at(Pos::new(self.line, from + e.valid_up_to() - self.line_start + 1))
        })
    }

    fn unexpected(&self, wanted: &str) -> InputError {
        let rest = &self.bytes[self.at..self.bytes.len().min(self.at + 4)];
        let shown = String::from_utf8_lossy(rest).chars().next();
        match shown {
            None => self.error(format!("unexpected end of input, expected {wanted}")),
            Some(c) => self.error(format!("unexpected character {c:?}, expected {wanted}")),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        // Most of the time there is none, or one space.
        match self.peek() {
            Some(b'"' | b',' | b':' | b'{' | b'}' | b'[' | b']') => return,
            Some(b' ') if !matches!(self.bytes.get(self.at + 1), Some(b' ' | b'\n' | b'\r' | b'\t')) => {
                self.at += 1;
                return;
            }
            _ => {}
        }
        let (at, newlines, last_newline) = scan::find(self.bytes, self.at, NOT_SPACE);
        self.line += newlines;
        if let Some(start) = last_newline {
            self.line_start = start;
        }
        self.at = at;
    }

    fn value(&mut self, depth: usize, filter: Filter) -> Result<Node, InputError> {
        if depth > MAX_DEPTH {
            return Err(too_deep(self.pos()));
        }
        self.skip_ws();
        let pos = self.pos();
        let value = match self.peek() {
            Some(b'{') => self.object(depth, filter)?,
            Some(b'[') => self.array(depth, filter)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true, "true".into()))?,
            Some(b'f') => self.word("false", Value::Bool(false, "false".into()))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node::new(value, pos))
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, InputError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn object(&mut self, depth: usize, mut filter: Filter) -> Result<Value, InputError> {
        self.at += 1;
        let mut entries: Vec<Entry> = Vec::with_capacity(8);
        let mut index = super::keys::KeyIndex::default();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Map(entries));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key_pos = self.pos();
            // Borrowed until kept: most keys of a node are skipped.
            let key = self.string_ref()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("':'"));
            }
            self.at += 1;
            match filter.child(&key) {
                Some(child) => {
                    let value = self.value(depth + 1, child)?;
                    filter = filter.after(&key, value.is_null());
                    let key = key.into_owned();
                    if index.find(&entries, &key).is_some() {
                        self.duplicates.push(DuplicateKey { key: key.clone(), pos: key_pos });
                    }
                    index.insert(&key, entries.len());
                    entries.push(Entry { key, key_pos, value });
                }
                None => self.skip_value(depth + 1)?,
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Map(entries));
                }
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize, filter: Filter) -> Result<Value, InputError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Seq(items));
        }
        loop {
            items.push(self.value(depth + 1, filter.item())?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Seq(items));
                }
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
    }

    /// Skips one value without building it. Brackets must balance and strings must close;
    /// what lies between is not otherwise checked.
    fn skip_value(&mut self, depth: usize) -> Result<(), InputError> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => self.skip_nested(depth),
            _ => self.value(depth, Filter::All).map(drop),
        }
    }

    fn skip_nested(&mut self, depth: usize) -> Result<(), InputError> {
        let mut cur = scan::Cursor { at: self.at, ..Default::default() };
        let result = scan::skip_container(self.bytes, &mut cur, MAX_DEPTH.saturating_sub(depth));
        self.at = cur.at;
        self.line += cur.newlines;
        if let Some(start) = cur.last_newline {
            self.line_start = start;
        }
        match result {
            Ok(()) => Ok(()),
            Err(scan::SkipError::TooDeep) => Err(too_deep(self.pos())),
            Err(scan::SkipError::Mismatch) => Err(self.unexpected("a matching bracket")),
            Err(scan::SkipError::Unclosed) if self.at < self.bytes.len() => Err(self.error("unterminated string")),
            Err(scan::SkipError::Unclosed) => Err(self.error("unexpected end of input inside a value")),
        }
    }

    /// Moves to the next quote, backslash or newline inside a string.
    fn next_string_special(&mut self) {
        self.at = scan::find(self.bytes, self.at, STRING_SPECIAL).0;
    }

    fn skip_string(&mut self) -> Result<(), InputError> {
        self.at += 1;
        loop {
            self.next_string_special();
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => self.at += 2,
                _ => return Err(self.error("unterminated string")),
            }
        }
    }

    fn string(&mut self) -> Result<String, InputError> {
        self.string_ref().map(Cow::into_owned)
    }

    /// A string, borrowed from the input when it holds no escape.
    fn string_ref(&mut self) -> Result<Cow<'a, str>, InputError> {
        self.at += 1;
        let start = self.at;
        self.next_string_special();
        if self.peek() == Some(b'"') {
            let s = self.text(start, self.at)?;
            self.at += 1;
            return Ok(Cow::Borrowed(s));
        }
        let mut out = self.text(start, self.at)?.to_string();
        loop {
            match self.peek() {
                None | Some(b'\n') => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape in string")),
                    };
                    out.push(c);
                    self.at += 1;
                }
                Some(_) => {
                    let from = self.at;
                    self.next_string_special();
                    out.push_str(self.text(from, self.at)?);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, InputError> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, InputError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.bytes[self.at..].starts_with(b"\\u") {
            self.at += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
            }
            return Ok('\u{fffd}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{fffd}'))
    }

    fn number(&mut self) -> Result<String, InputError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let digits = |r: &mut Self| {
            let s = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at - s
        };
        if digits(self) == 0 {
            return Err(self.unexpected("a digit"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.unexpected("a digit"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.unexpected("a digit"));
            }
        }
        Ok(self.text(start, self.at)?.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Node>, InputError> {
        parse_json_stream(text, Filter::All)
    }

    #[test]
    fn positions_and_values() {
        let docs = parse("{\n  \"a\": [1, \"x\\n\\u00e9 long enough to cross words\"],\n  \"b\": null}").unwrap();
        let a = docs[0].get("a").unwrap();
        assert_eq!(a.pos, Pos { line: 2, column: 8 });
        match &a.value {
            Value::Seq(items) => assert_eq!(items[1].as_str(), Some("x\né long enough to cross words")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn skipped_values_are_not_built_and_lines_stay_right() {
        let text = "{\"status\": {\"images\": [{\"names\": [\"a]\\\"{\",\n \"b\"]},\n {}],\n \"conditions\": []},\n \"metadata\": {\"name\": \"n\", \"uid\": \"x\"}}";
        let docs = parse_json_stream(text, Filter::NodeRoot).unwrap();
        let status = docs[0].get("status").unwrap();
        assert!(status.get("images").is_none());
        assert!(status.get("conditions").is_some());
        let meta = docs[0].get("metadata").unwrap();
        assert!(meta.get("uid").is_none());
        assert_eq!(meta.get("name").unwrap().pos, Pos { line: 5, column: 23 });
    }

    #[test]
    fn errors_carry_position() {
        let err = parse("{\n  \"a\": tru }").unwrap_err();
        assert_eq!((err.code, err.line, err.column), (codes::INVALID_JSON, Some(2), Some(8)));
        let err = parse_json_stream("{\"spec\": {\"x\": [1, 2}}", Filter::NodeRoot).unwrap_err();
        assert_eq!(err.code, codes::INVALID_JSON);
        let err = parse_json_stream("{\"spec\": {\"x\": \"open", Filter::NodeRoot).unwrap_err();
        assert_eq!(err.code, codes::INVALID_JSON);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert_eq!(parse(&text).unwrap_err().code, codes::TOO_DEEP);
        let skipped = format!("{{\"spec\": {}}}", "[".repeat(10_000));
        assert_eq!(parse_json_stream(&skipped, Filter::NodeRoot).unwrap_err().code, codes::TOO_DEEP);
    }

    #[test]
    fn a_stream_of_values() {
        assert_eq!(parse("{} {}\n[]").unwrap().len(), 3);
    }
}
