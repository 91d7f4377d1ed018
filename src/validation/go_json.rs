//! Go's `encoding/json` as `json.Unmarshal` reads a value: `checkValid` first (the scanner of
//! `scanner.go`, with its `SyntaxError` texts), then values read in document order. Used for
//! annotations the API server decodes with `encoding/json` (the tolerations annotation).

/// `maxNestingDepth` of `scanner.go`.
const MAX_NESTING_DEPTH: usize = 10_000;

/// Mirrors `quoteChar`: a byte as the scanner's messages print it.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => format!("'{}'", go_quote_rune(c as char)),
    }
}

/// `strconv.Quote(string(c))` without its quotes, for a rune below U+0100.
fn go_quote_rune(r: char) -> String {
    match r {
        '\x07' => r"\a".into(),
        '\x08' => r"\b".into(),
        '\x0c' => r"\f".into(),
        '\n' => r"\n".into(),
        '\r' => r"\r".into(),
        '\t' => r"\t".into(),
        '\x0b' => r"\v".into(),
        '\\' => r"\\".into(),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => format!(r"\x{:02x}", c as u32),
        // C1 controls, NBSP and the soft hyphen are not `strconv.IsPrint`.
        c if (0x80..0xa0).contains(&(c as u32)) || c as u32 == 0xa0 || c as u32 == 0xad => {
            format!(r"\u{:04x}", c as u32)
        }
        c => c.to_string(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Container {
    ObjectKey,
    ObjectValue,
    Array,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// Inside `true`, `false` or `null`: the rest of the literal still expected.
    Literal(&'static [u8], &'static str),
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Mirrors `checkValid`: the `SyntaxError` message for text Go's scanner refuses.
pub fn check_valid(data: &[u8]) -> Result<(), String> {
    let mut stack: Vec<Container> = Vec::new();
    let mut state = State::BeginValue;
    for &c in data {
        state = step(state, &mut stack, c)?;
    }
    // `scanner.eof`: one more space ends a number or finds a literal cut short.
    if state == State::EndTop {
        return Ok(());
    }
    match step(state, &mut stack, b' ')? {
        State::EndTop => Ok(()),
        _ => Err("unexpected end of JSON input".into()),
    }
}

fn error(c: u8, context: &str) -> Result<State, String> {
    Err(format!("invalid character {} {context}", quote_char(c)))
}

fn push(stack: &mut Vec<Container>, c: u8, kind: Container, next: State) -> Result<State, String> {
    stack.push(kind);
    if stack.len() <= MAX_NESTING_DEPTH {
        Ok(next)
    } else {
        error(c, "exceeded max depth")
    }
}

fn step(state: State, stack: &mut Vec<Container>, c: u8) -> Result<State, String> {
    use State::*;
    match state {
        BeginValueOrEmpty if c == b']' => end_value(stack, c),
        BeginValue | BeginValueOrEmpty => begin_value(stack, c),
        BeginStringOrEmpty if c == b'}' => {
            // An empty object: `}` ends it as `stateEndValue` would.
            if let Some(top) = stack.last_mut() {
                *top = Container::ObjectValue;
            }
            end_value(stack, c)
        }
        BeginString | BeginStringOrEmpty if is_space(c) => Ok(state),
        BeginString | BeginStringOrEmpty if c == b'"' => Ok(InString),
        BeginString | BeginStringOrEmpty => error(c, "looking for beginning of object key string"),
        EndValue => end_value(stack, c),
        EndTop if is_space(c) => Ok(EndTop),
        EndTop => error(c, "after top-level value"),
        InString => match c {
            b'"' => Ok(EndValue),
            b'\\' => Ok(InStringEsc),
            c if c < 0x20 => error(c, "in string literal"),
            _ => Ok(InString),
        },
        InStringEsc => match c {
            b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => Ok(InString),
            b'u' => Ok(InStringEscU(4)),
            _ => error(c, "in string escape code"),
        },
        InStringEscU(n) if c.is_ascii_hexdigit() => Ok(if n == 1 { InString } else { InStringEscU(n - 1) }),
        InStringEscU(_) => error(c, "in \\u hexadecimal character escape"),
        Neg => match c {
            b'0' => Ok(Zero),
            b'1'..=b'9' => Ok(One),
            _ => error(c, "in numeric literal"),
        },
        One if c.is_ascii_digit() => Ok(One),
        One | Zero => match c {
            b'.' => Ok(Dot),
            b'e' | b'E' => Ok(E),
            _ => end_value(stack, c),
        },
        Dot if c.is_ascii_digit() => Ok(Dot0),
        Dot => error(c, "after decimal point in numeric literal"),
        Dot0 if c.is_ascii_digit() => Ok(Dot0),
        Dot0 if c == b'e' || c == b'E' => Ok(E),
        Dot0 => end_value(stack, c),
        E if c == b'+' || c == b'-' => Ok(ESign),
        E | ESign if c.is_ascii_digit() => Ok(E0),
        E | ESign => error(c, "in exponent of numeric literal"),
        E0 if c.is_ascii_digit() => Ok(E0),
        E0 => end_value(stack, c),
        Literal(rest, name) => {
            if c != rest[0] {
                return error(c, &format!("in literal {name} (expecting {})", quote_char(rest[0])));
            }
            Ok(if rest.len() == 1 { EndValue } else { Literal(&rest[1..], name) })
        }
    }
}

fn begin_value(stack: &mut Vec<Container>, c: u8) -> Result<State, String> {
    use State::*;
    match c {
        c if is_space(c) => Ok(BeginValue),
        b'{' => push(stack, c, Container::ObjectKey, BeginStringOrEmpty),
        b'[' => push(stack, c, Container::Array, BeginValueOrEmpty),
        b'"' => Ok(InString),
        b'-' => Ok(Neg),
        b'0' => Ok(Zero),
        b'1'..=b'9' => Ok(One),
        b't' => Ok(Literal(b"rue", "true")),
        b'f' => Ok(Literal(b"alse", "false")),
        b'n' => Ok(Literal(b"ull", "null")),
        _ => error(c, "looking for beginning of value"),
    }
}

/// Mirrors `stateEndValue`: what may follow a value, by the container it is in.
fn end_value(stack: &mut Vec<Container>, c: u8) -> Result<State, String> {
    use State::*;
    let Some(top) = stack.last().copied() else {
        return step(EndTop, stack, c);
    };
    if is_space(c) {
        return Ok(EndValue);
    }
    match (top, c) {
        (Container::ObjectKey, b':') => {
            *stack.last_mut().expect("non-empty") = Container::ObjectValue;
            Ok(BeginValue)
        }
        (Container::ObjectKey, _) => error(c, "after object key"),
        (Container::ObjectValue, b',') => {
            *stack.last_mut().expect("non-empty") = Container::ObjectKey;
            Ok(BeginString)
        }
        (Container::ObjectValue, b'}') | (Container::Array, b']') => {
            stack.pop();
            Ok(if stack.is_empty() { EndTop } else { EndValue })
        }
        (Container::ObjectValue, _) => error(c, "after object key:value pair"),
        (Container::Array, b',') => Ok(BeginValue),
        (Container::Array, _) => error(c, "after array element"),
    }
}

/// A reader over text `check_valid` accepted.
pub struct Reader<'a> {
    data: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data, pos: 0 }
    }

    fn skip_space(&mut self) {
        while self.data.get(self.pos).copied().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// The first byte of the next value (after whitespace), not consumed.
    pub fn peek(&mut self) -> u8 {
        self.skip_space();
        self.data.get(self.pos).copied().unwrap_or(b' ')
    }

    /// Consumes `c` if it is next; true when it was.
    pub fn eat(&mut self, c: u8) -> bool {
        if self.peek() == c {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// The kind `UnmarshalTypeError.Value` names for the next value.
    pub fn kind(&mut self) -> &'static str {
        match self.peek() {
            b'{' => "object",
            b'[' => "array",
            b'"' => "string",
            b't' | b'f' => "bool",
            b'n' => "null",
            _ => "number",
        }
    }

    /// Skips one value (iteratively: nesting may be deep).
    pub fn skip(&mut self) {
        let mut depth = 0usize;
        while self.pos < self.data.len() {
            match self.peek() {
                b'"' => {
                    self.string();
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    self.pos += 1;
                }
                b',' | b':' => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    self.literal();
                }
            }
            if depth == 0 {
                return;
            }
        }
    }

    /// A number or `true`/`false`/`null`, as written.
    pub fn literal(&mut self) -> &'a str {
        self.skip_space();
        let start = self.pos;
        while self.data.get(self.pos).is_some_and(|c| !is_space(*c) && !b",:]}".contains(c)) {
            self.pos += 1;
        }
        std::str::from_utf8(&self.data[start..self.pos]).unwrap_or("")
    }

    /// A string, unquoted as `unquote` does (a lone surrogate becomes U+FFFD).
    pub fn string(&mut self) -> String {
        self.skip_space();
        self.pos += 1;
        let mut out: Vec<u16> = Vec::new();
        let mut text = String::new();
        let flush = |out: &mut Vec<u16>, text: &mut String| {
            text.extend(char::decode_utf16(out.drain(..)).map(|r| r.unwrap_or('\u{fffd}')));
        };
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.data.get(self.pos).copied().unwrap_or(b'"');
                    self.pos += 1;
                    match e {
                        b'u' => {
                            let hex = self.data.get(self.pos..self.pos + 4).unwrap_or(b"fffd");
                            let hex = std::str::from_utf8(hex).unwrap_or("fffd");
                            out.push(u16::from_str_radix(hex, 16).unwrap_or(0xfffd));
                            self.pos = (self.pos + 4).min(self.data.len());
                            continue;
                        }
                        other => {
                            flush(&mut out, &mut text);
                            text.push(match other {
                                b'b' => '\x08',
                                b'f' => '\x0c',
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                o => o as char,
                            });
                        }
                    }
                }
                _ => {
                    flush(&mut out, &mut text);
                    let start = self.pos - 1;
                    let mut end = self.pos;
                    while self.data.get(end).is_some_and(|b| *b != b'"' && *b != b'\\') {
                        end += 1;
                    }
                    text.push_str(&String::from_utf8_lossy(&self.data[start..end]));
                    self.pos = end;
                }
            }
        }
        flush(&mut out, &mut text);
        text
    }
}

/// Mirrors `foldName`: a key matches a field ignoring case, as Go folds it.
pub fn fold_name(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).flat_map(char::to_uppercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_read_as_go_writes_them() {
        let err = |t: &str| check_valid(t.as_bytes()).unwrap_err();
        assert_eq!(err("[{key: a}]"), "invalid character 'k' looking for beginning of object key string");
        assert_eq!(err("[{'key': 'a'}]"), r"invalid character '\'' looking for beginning of object key string");
        assert_eq!(err(r#"[{"key":"a"},]"#), "invalid character ']' looking for beginning of value");
        assert_eq!(err(r#"[{"key" "a"}]"#), "invalid character '\"' after object key");
        assert_eq!(err(r#"[{"key":"a" "b"}]"#), "invalid character '\"' after object key:value pair");
        assert_eq!(err(r#"[{"a":1} {}]"#), "invalid character '{' after array element");
        assert_eq!(err("[] x"), "invalid character 'x' after top-level value");
        assert_eq!(err("[1"), "unexpected end of JSON input");
        assert_eq!(err(r#"[{"key":"#), "unexpected end of JSON input");
        // `scanner.eof` steps one space: a literal cut short reads as that space.
        assert_eq!(err("[tru"), "invalid character ' ' in literal true (expecting 'e')");
        assert_eq!(err("tru"), "invalid character ' ' in literal true (expecting 'e')");
        assert_eq!(err("[nul]"), "invalid character ']' in literal null (expecting 'l')");
        assert_eq!(err("[01]"), "invalid character '1' after array element");
        assert_eq!(err("[1.]"), "invalid character ']' after decimal point in numeric literal");
        assert_eq!(err("[1e]"), "invalid character ']' in exponent of numeric literal");
        assert_eq!(err("[-]"), "invalid character ']' in numeric literal");
        assert_eq!(err("[\"\t\"]"), r"invalid character '\t' in string literal");
        assert_eq!(err(r#"["\x"]"#), "invalid character 'x' in string escape code");
        assert_eq!(err(r#"["\u12g4"]"#), r"invalid character 'g' in \u hexadecimal character escape");
        assert_eq!(err("   "), "unexpected end of JSON input");
        assert_eq!(err(&"[".repeat(10_001)), "invalid character '[' exceeded max depth");
        for ok in ["[]", "{}", " [ {\"a\" : [1, -0.5e+3, true, null, {}]} ] ", "null", "12", "\"\\u00e9\""] {
            assert_eq!(check_valid(ok.as_bytes()), Ok(()), "{ok}");
        }
    }

    #[test]
    fn reader_reads_what_was_written() {
        let mut r = Reader::new(br#" ["a\"\u00e9\ud83d\ude00", 1.5e3, {"x": [[1]]}, null]"#);
        assert!(r.eat(b'['));
        assert_eq!(r.string(), "a\"é😀");
        assert!(r.eat(b','));
        assert_eq!(r.literal(), "1.5e3");
        assert!(r.eat(b','));
        assert_eq!(r.kind(), "object");
        r.skip();
        assert!(r.eat(b','));
        assert_eq!(r.kind(), "null");
        assert_eq!(fold_name("toLERATIONseconds"), fold_name("TolerationSeconds"));
        assert_eq!(fold_name("\u{212a}ey"), fold_name("Key"));
    }
}
