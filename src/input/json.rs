//! A JSON reader that builds the positional tree and skips, without building, the values of keys
//! the caller does not need (a node's `images`, `managedFields`: most of its bytes).

use super::tree::{codes, Entry, InputError, Node, Pos, Value, MAX_DEPTH};
use super::yaml::DuplicateKey;

/// Parses one or more JSON values separated by white space (a JSON stream).
pub fn parse_json_stream(text: &str, skip_keys: &[&str]) -> Result<Vec<Node>, InputError> {
    parse_json_stream_with_duplicates(text, skip_keys, &mut Vec::new())
}

/// As `parse_json_stream`, collecting keys written twice in one object (the last one wins).
pub fn parse_json_stream_with_duplicates(
    text: &str,
    skip_keys: &[&str],
    duplicates: &mut Vec<DuplicateKey>,
) -> Result<Vec<Node>, InputError> {
    let mut r = Reader { bytes: text.as_bytes(), text, at: 0, line: 1, line_start: 0, skip_keys, duplicates };
    let mut docs = Vec::new();
    loop {
        r.skip_ws();
        if r.at >= r.bytes.len() {
            return Ok(docs);
        }
        docs.push(r.value(0)?);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    line: usize,
    line_start: usize,
    skip_keys: &'a [&'a str],
    duplicates: &'a mut Vec<DuplicateKey>,
}

impl<'a> Reader<'a> {
    fn pos(&self) -> Pos {
        Pos::new(self.line, self.at - self.line_start + 1)
    }

    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(codes::INVALID_JSON, message).at(self.pos())
    }

    fn unexpected(&self, wanted: &str) -> InputError {
        match self.text[self.at..].chars().next() {
            None => self.error(format!("unexpected end of input, expected {wanted}")),
            Some(c) => self.error(format!("unexpected character {c:?}, expected {wanted}")),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, InputError> {
        if depth > MAX_DEPTH {
            return Err(
                InputError::new(codes::TOO_DEEP, format!("nested deeper than {MAX_DEPTH} levels")).at(self.pos())
            );
        }
        self.skip_ws();
        let pos = self.pos();
        let value = match self.bytes.get(self.at) {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
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

    fn object(&mut self, depth: usize) -> Result<Value, InputError> {
        self.at += 1;
        let mut entries = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Map(entries));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key_pos = self.pos();
            let key = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.unexpected("':'"));
            }
            self.at += 1;
            if self.skip_keys.contains(&key.as_str()) {
                self.skip_ws();
                self.skip_value(depth + 1)?;
            } else {
                let value = self.value(depth + 1)?;
                if entries.iter().any(|e: &Entry| e.key == key) {
                    self.duplicates.push(DuplicateKey { key: key.clone(), pos: key_pos });
                }
                entries.push(Entry { key, key_pos, value });
            }
            self.skip_ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Map(entries));
                }
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, InputError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Seq(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Seq(items));
                }
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
    }

    /// Skips one value, checking its syntax but building nothing.
    fn skip_value(&mut self, depth: usize) -> Result<(), InputError> {
        if depth > MAX_DEPTH {
            return Err(
                InputError::new(codes::TOO_DEEP, format!("nested deeper than {MAX_DEPTH} levels")).at(self.pos())
            );
        }
        match self.bytes.get(self.at) {
            Some(b'{') | Some(b'[') => {
                let close = if self.bytes[self.at] == b'{' { b'}' } else { b']' };
                self.at += 1;
                self.skip_ws();
                if self.bytes.get(self.at) == Some(&close) {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.skip_ws();
                    if close == b'}' {
                        if self.bytes.get(self.at) != Some(&b'"') {
                            return Err(self.unexpected("a string key"));
                        }
                        self.skip_string()?;
                        self.skip_ws();
                        if self.bytes.get(self.at) != Some(&b':') {
                            return Err(self.unexpected("':'"));
                        }
                        self.at += 1;
                        self.skip_ws();
                    }
                    self.skip_value(depth + 1)?;
                    self.skip_ws();
                    match self.bytes.get(self.at) {
                        Some(b',') => self.at += 1,
                        Some(&c) if c == close => {
                            self.at += 1;
                            return Ok(());
                        }
                        _ => return Err(self.unexpected(if close == b'}' { "',' or '}'" } else { "',' or ']'" })),
                    }
                }
            }
            Some(b'"') => self.skip_string(),
            _ => self.value(depth).map(|_| ()),
        }
    }

    fn skip_string(&mut self) -> Result<(), InputError> {
        self.at += 1;
        loop {
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => self.at += 2,
                Some(b'\n') | None => return Err(self.error("unterminated string")),
                Some(_) => self.at += 1,
            }
        }
    }

    fn string(&mut self) -> Result<String, InputError> {
        self.at += 1;
        let start = self.at;
        // Fast path: no escapes.
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'"' => {
                    let s = self.text[start..self.at].to_string();
                    self.at += 1;
                    return Ok(s);
                }
                b'\\' => break,
                b'\n' => return Err(self.error("unterminated string")),
                _ => self.at += 1,
            }
        }
        let mut out = self.text[start..self.at].to_string();
        loop {
            match self.bytes.get(self.at) {
                None | Some(b'\n') => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.bytes.get(self.at) {
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
                    let ch = self.text[self.at..].chars().next().unwrap_or('\u{fffd}');
                    out.push(ch);
                    self.at += ch.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, InputError> {
        let digits = self.text.get(self.at..self.at + 4).ok_or_else(|| self.error("invalid \\u escape"))?;
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
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let digits = |r: &mut Self| {
            let s = r.at;
            while matches!(r.bytes.get(r.at), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at - s
        };
        if digits(self) == 0 {
            return Err(self.unexpected("a digit"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.unexpected("a digit"));
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.unexpected("a digit"));
            }
        }
        Ok(self.text[start..self.at].to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_values() {
        let docs = parse_json_stream("{\n  \"a\": [1, \"x\\n\\u00e9\"],\n  \"b\": null}", &[]).unwrap();
        let a = docs[0].get("a").unwrap();
        assert_eq!(a.pos, Pos { line: 2, column: 8 });
        match &a.value {
            Value::Seq(items) => assert_eq!(items[1].as_str(), Some("x\né")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn skipped_keys_are_not_built() {
        let docs = parse_json_stream(r#"{"images": [{"names": ["a"]}], "keep": 1}"#, &["images"]).unwrap();
        assert!(docs[0].get("images").is_none());
        assert!(docs[0].get("keep").is_some());
    }

    #[test]
    fn errors_carry_position() {
        let err = parse_json_stream("{\n  \"a\": tru }", &[]).unwrap_err();
        assert_eq!((err.code, err.line, err.column), (codes::INVALID_JSON, Some(2), Some(8)));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert_eq!(parse_json_stream(&text, &[]).unwrap_err().code, codes::TOO_DEEP);
        let skipped = format!("{{\"images\": {}}}", "[".repeat(10_000));
        assert_eq!(parse_json_stream(&skipped, &["images"]).unwrap_err().code, codes::TOO_DEEP);
    }

    #[test]
    fn a_stream_of_values() {
        assert_eq!(parse_json_stream("{} {}\n[]", &[]).unwrap().len(), 3);
    }
}
