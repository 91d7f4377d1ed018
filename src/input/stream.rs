//! Reads a node list fed in chunks, for inputs larger than one string or one wasm memory can
//! hold (100,000 nodes of `kubectl get nodes -o json` is about 2 GB). Each list item is cut
//! out as soon as it is complete and handed on; only the current item is kept as text.
//!
//! JSON: the items are the objects of a top-level array, or of an array inside a top-level
//! object (`{"kind": "List", "items": [...]}`); a top-level object without one is a node.
//! YAML: the items are the `- ` entries of a top-level `items:` key (kubectl's layout);
//! a document without one is a node.

use super::json::parse_value_prefix;
use super::scan::{skip_within, Cursor, SkipError, SkipState};
use super::tree::{codes, InputError, Node, MAX_DEPTH};
use super::Filter;

/// A complete list item: its text, or (JSON read in place) its tree already.
pub enum Item<'a> {
    Text(&'a [u8]),
    Tree(Node),
}

/// Receives each complete item and the line it starts on.
pub type Sink<'a> = dyn FnMut(Item<'_>, usize) -> Result<(), InputError> + 'a;

pub struct NodeStream {
    format: Option<Format>,
    line: usize,
    json: JsonState,
    yaml: YamlState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

impl Default for NodeStream {
    fn default() -> Self {
        NodeStream { format: None, line: 1, json: JsonState::default(), yaml: YamlState::default() }
    }
}

impl NodeStream {
    pub fn new() -> NodeStream {
        NodeStream::default()
    }

    /// Feeds the next chunk; complete items go to `sink`.
    pub fn push(&mut self, chunk: &[u8], sink: &mut Sink<'_>) -> Result<(), InputError> {
        let chunk = if self.format.is_none() && self.line == 1 {
            chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk)
        } else {
            chunk
        };
        if self.format.is_none() {
            match chunk.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{' | b'[') => self.format = Some(Format::Json),
                Some(_) => self.format = Some(Format::Yaml),
                None => {
                    self.line += chunk.iter().filter(|&&b| b == b'\n').count();
                    return Ok(());
                }
            }
        }
        match self.format {
            Some(Format::Json) => self.json.push(chunk, &mut self.line, sink),
            _ => self.yaml.push(chunk, &mut self.line, sink),
        }
    }

    /// Ends the input: a last item (or a single node) still held goes to `sink`.
    pub fn finish(&mut self, sink: &mut Sink<'_>) -> Result<(), InputError> {
        match self.format {
            Some(Format::Json) => self.json.finish(self.line, sink),
            Some(Format::Yaml) => self.yaml.finish(sink),
            None => Ok(()),
        }
    }
}

#[derive(Default)]
struct JsonState {
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Depth at which items start (1 in a top-level array, 2 in a top-level object's array);
    /// 0 while reading a top-level object that has shown no array yet.
    item_depth: usize,
    /// The current item's bytes (or the whole top-level object, while it may be a node).
    buf: Vec<u8>,
    buf_line: usize,
    in_item: bool,
    items_seen: bool,
    /// Inside an item: where the skipper stands.
    item: SkipState,
    /// Bytes since the last newline when this chunk began, for columns in errors.
    column_carry: usize,
}

impl JsonState {
    fn push(&mut self, chunk: &[u8], line: &mut usize, sink: &mut Sink<'_>) -> Result<(), InputError> {
        let holding_root = |st: &JsonState| st.depth > 0 && !st.items_seen && st.item_depth == 0;
        let mut root_start = if holding_root(self) { Some(0) } else { None };
        let mut i = 0;
        while i < chunk.len() {
            if self.in_item {
                // Inside an item: the fast skipper finds its end, across chunks.
                let mut cur = Cursor { at: i, ..Default::default() };
                let done = skip_within(chunk, &mut cur, &mut self.item, MAX_DEPTH)
                    .map_err(|e| item_error(e, *line + cur.newlines))?;
                *line += cur.newlines;
                if done && self.buf.is_empty() {
                    // The whole item lies in this chunk: read it in place.
                    sink(Item::Text(&chunk[i..cur.at]), self.buf_line)?;
                } else {
                    self.buf.extend_from_slice(&chunk[i..cur.at]);
                    if done {
                        sink(Item::Text(&self.buf), self.buf_line)?;
                        self.buf.clear();
                    }
                }
                i = cur.at;
                if done {
                    self.in_item = false;
                    self.depth -= 1;
                }
                continue;
            }
            let b = chunk[i];
            i += 1;
            if b == b'\n' {
                *line += 1;
            }
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            // Between top-level values only whitespace may stand, as for the whole-text reader.
            // Said as the whole-text reader says it, at the same line and column.
            if self.depth == 0 && !matches!(b, b'{' | b'[') && !b.is_ascii_whitespace() {
                let at = i - 1;
                let column = match chunk[..at].iter().rposition(|&c| c == b'\n') {
                    Some(nl) => at - nl,
                    None => self.column_carry + at + 1,
                };
                let c = String::from_utf8_lossy(&chunk[at..chunk.len().min(at + 4)]).chars().next().unwrap_or('?');
                let message = format!("unexpected character {c:?}, expected a value");
                return Err(InputError::new(codes::INVALID_JSON, message).at(super::Pos::new(*line, column)));
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    if self.depth == 0 {
                        self.item_depth = if b == b'[' { 1 } else { 0 };
                        self.buf.clear();
                        self.buf_line = *line;
                        self.items_seen = false;
                        root_start = Some(i - 1);
                    } else if self.depth == 1 && b == b'[' && self.item_depth == 0 {
                        // An array in a top-level object: a List's items.
                        self.item_depth = 2;
                        self.items_seen = true;
                        self.buf.clear();
                        root_start = None;
                    } else if self.depth == self.item_depth && self.item_depth > 0 && b == b'{' {
                        // Most items lie wholly in the chunk: read them there, in one pass.
                        if let Some((node, len)) = parse_value_prefix(&chunk[i - 1..], Filter::NodeRoot).unwrap_or(None)
                        {
                            self.items_seen = true;
                            let start_line = *line;
                            *line += chunk[i - 1..i - 1 + len].iter().filter(|&&c| c == b'\n').count();
                            sink(Item::Tree(node), start_line)?;
                            i = i - 1 + len;
                            continue;
                        }
                        self.in_item = true;
                        self.items_seen = true;
                        self.item = SkipState::default();
                        self.buf.clear();
                        self.buf_line = *line;
                        self.depth += 1;
                        // The skipper starts at the item's opening bracket.
                        i -= 1;
                        continue;
                    }
                    self.depth += 1;
                    if self.depth > MAX_DEPTH + 2 {
                        return Err(InputError::new(codes::TOO_DEEP, "the node list nests too deep"));
                    }
                }
                b'}' | b']' => {
                    if self.depth == 0 {
                        return Err(InputError::new(
                            codes::INVALID_JSON,
                            "unexpected closing bracket in the node list",
                        ));
                    }
                    self.depth -= 1;
                    if self.depth == 0 && !self.items_seen && self.item_depth == 0 {
                        // A top-level object that held no array: one node, held whole.
                        self.buf.extend_from_slice(&chunk[root_start.take().unwrap_or(0)..i]);
                        sink(Item::Text(&self.buf), self.buf_line)?;
                        self.buf.clear();
                    }
                }
                _ => {}
            }
        }
        if holding_root(self) {
            self.buf.extend_from_slice(&chunk[root_start.unwrap_or(0)..]);
        }
        self.column_carry = match chunk.iter().rposition(|&c| c == b'\n') {
            Some(nl) => chunk.len() - nl - 1,
            None => self.column_carry + chunk.len(),
        };
        Ok(())
    }

    fn finish(&mut self, line: usize, _sink: &mut Sink<'_>) -> Result<(), InputError> {
        if self.depth != 0 || self.in_string || self.in_item {
            return Err(
                InputError::new(codes::INVALID_JSON, "the node list ends inside a value").at(super::Pos::new(line, 1))
            );
        }
        Ok(())
    }
}

fn item_error(e: SkipError, line: usize) -> InputError {
    let message = match e {
        SkipError::TooDeep => {
            return InputError::new(codes::TOO_DEEP, "a node nests too deep").at(super::Pos::new(line, 1))
        }
        SkipError::Mismatch => "a node's brackets do not match",
        SkipError::Unclosed => "a string in a node does not close on its line",
    };
    InputError::new(codes::INVALID_JSON, message).at(super::Pos::new(line, 1))
}

#[derive(Default)]
struct YamlState {
    /// The unfinished last line of the previous chunk.
    partial: Vec<u8>,
    /// Lines of the current item, or of the current document while it may be a single node.
    buf: Vec<u8>,
    buf_line: usize,
    /// In an `items:` list: the indent of its `- ` entries, once seen.
    items_indent: Option<usize>,
    in_items: bool,
    in_item: bool,
    doc_has_items: bool,
    line_no: usize,
}

impl YamlState {
    fn push(&mut self, chunk: &[u8], line: &mut usize, sink: &mut Sink<'_>) -> Result<(), InputError> {
        let mut rest = chunk;
        while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
            let (head, tail) = rest.split_at(nl + 1);
            rest = tail;
            if self.partial.is_empty() {
                self.line(head, sink)?;
            } else {
                let mut whole = std::mem::take(&mut self.partial);
                whole.extend_from_slice(head);
                self.line(&whole, sink)?;
            }
            *line += 1;
        }
        self.partial.extend_from_slice(rest);
        Ok(())
    }

    fn line(&mut self, line: &[u8], sink: &mut Sink<'_>) -> Result<(), InputError> {
        self.line_no += 1;
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        let indent = body.iter().take_while(|&&b| b == b' ').count();
        let content = &body[indent..];
        let blank = content.is_empty() || content[0] == b'#';
        if indent == 0 && (content.starts_with(b"---") || content.starts_with(b"...")) {
            self.end_document(sink)?;
            return Ok(());
        }
        if self.in_items && !blank {
            let dash = content == b"-" || content.starts_with(b"- ");
            let items_indent = *self.items_indent.get_or_insert(indent);
            if dash && indent == items_indent {
                self.flush_item(sink)?;
                self.in_item = true;
                self.buf_line = self.line_no;
                // The entry's text, as a document of its own: the `- ` becomes indentation.
                self.buf.extend_from_slice(&body[..indent]);
                self.buf.extend_from_slice(b"  ");
                self.buf.extend_from_slice(content[1..].strip_prefix(b" ").unwrap_or(&content[1..]));
                self.buf.push(b'\n');
                return Ok(());
            }
            if indent <= items_indent && !(indent == items_indent && dash) {
                self.flush_item(sink)?;
                self.in_items = false;
            }
        }
        if self.in_items {
            if self.in_item {
                self.buf.extend_from_slice(body);
                self.buf.push(b'\n');
            }
            return Ok(());
        }
        if indent == 0
            && (content == b"items:"
                || content.starts_with(b"items: ") && !content[7..].iter().any(|b| !b.is_ascii_whitespace()))
        {
            self.in_items = true;
            self.doc_has_items = true;
            self.items_indent = None;
            self.buf.clear();
            return Ok(());
        }
        if !self.doc_has_items {
            if self.buf.is_empty() {
                self.buf_line = self.line_no;
            }
            self.buf.extend_from_slice(body);
            self.buf.push(b'\n');
        }
        Ok(())
    }

    fn flush_item(&mut self, sink: &mut Sink<'_>) -> Result<(), InputError> {
        if self.in_item {
            sink(Item::Text(&self.buf), self.buf_line)?;
            self.buf.clear();
            self.in_item = false;
        }
        Ok(())
    }

    fn end_document(&mut self, sink: &mut Sink<'_>) -> Result<(), InputError> {
        self.flush_item(sink)?;
        if !self.doc_has_items && self.buf.iter().any(|b| !b.is_ascii_whitespace()) {
            sink(Item::Text(&self.buf), self.buf_line)?;
        }
        self.buf.clear();
        self.in_items = false;
        self.doc_has_items = false;
        Ok(())
    }

    fn finish(&mut self, sink: &mut Sink<'_>) -> Result<(), InputError> {
        if !self.partial.is_empty() {
            let mut last = std::mem::take(&mut self.partial);
            last.push(b'\n');
            self.line(&last, sink)?;
        }
        self.end_document(sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str, chunk: usize) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut s = NodeStream::new();
        let mut sink = |item: Item<'_>, line: usize| {
            // Either way, what matters is which node, and on which line it starts.
            let node = match item {
                Item::Text(b) => super::super::parse_bytes(b, Filter::NodeRoot).unwrap().docs.remove(0),
                Item::Tree(node) => node,
            };
            let name = node.get("metadata").and_then(|m| m.str_at("name")).unwrap_or("?").to_string();
            out.push((name, line));
            Ok(())
        };
        for c in text.as_bytes().chunks(chunk) {
            s.push(c, &mut sink).unwrap();
        }
        s.finish(&mut sink).unwrap();
        out
    }

    #[test]
    fn json_items_whatever_the_chunk_size() {
        let text = "{\"apiVersion\": \"v1\", \"items\": [\n{\"metadata\": {\"name\": \"a]\\\"{\"}},\n {\"metadata\": {\"name\": \"b\"}}], \"kind\": \"List\"}";
        for chunk in [1, 3, 7, 64, 1000] {
            let got = items(text, chunk);
            assert_eq!(got.len(), 2, "{chunk}");
            assert_eq!(got[0], ("a]\"{".to_string(), 2));
            assert_eq!(got[1].1, 3);
        }
        assert_eq!(items("[{\"a\": 1}, {\"b\": [2]}]", 5).len(), 2);
        assert_eq!(items("{\"kind\": \"Node\", \"metadata\": {\"name\": \"x\"}}", 4).len(), 1);
        let two = items("{\"metadata\": {\"name\": \"x\"}} {\"metadata\": {\"name\": \"y\"}}", 1000);
        assert_eq!(two.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["x", "y"]);
    }

    #[test]
    fn yaml_items_and_single_documents() {
        let text = "apiVersion: v1\nitems:\n- apiVersion: v1\n  metadata:\n    name: a\n- metadata:\n    name: b\n  spec:\n    taints:\n    - key: k\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
        for chunk in [1, 5, 16, 1000] {
            let got = items(text, chunk);
            assert_eq!(got.len(), 2, "{chunk}");
            assert_eq!(got[0], ("a".to_string(), 3));
            assert_eq!(got[1].1, 6);
        }
        let docs = items("kind: Node\nmetadata: {name: a}\n---\nkind: Node\nmetadata: {name: b}\n", 4);
        assert_eq!(docs.len(), 2);
    }
}
