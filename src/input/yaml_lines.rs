//! A line view of block YAML that blanks the lines of values a `Filter` skips, so the YAML
//! parser reads only what is kept: for `kubectl get nodes -o yaml`, a fraction of the text.
//!
//! Blanked lines stay as empty lines, so line numbers do not change. Whatever this view cannot
//! follow with certainty (tabs, anchors, tags, flow collections or block scalars it would have
//! to look inside) makes it give up, and the caller parses the whole text.

use super::filter::Filter;

#[derive(Clone, Copy)]
struct Frame {
    indent: usize,
    filter: Filter,
    /// A block sequence (its `- ` items stand at `indent`), rather than a mapping.
    seq: bool,
}

enum Mode {
    Normal,
    /// Blank lines deeper than this indent (and `- ` items at it): a skipped value.
    Skip(usize),
    /// Keep lines deeper than this indent unread: a kept scalar's continuation lines.
    Raw(usize),
}

/// The text with the lines of skipped values blanked, or `None` to parse the whole text.
pub fn blank_skipped_lines(text: &str, root: Filter) -> Option<String> {
    let mut out = String::with_capacity(text.len() / 3);
    let mut frames: Vec<Frame> = Vec::new();
    // A kept key whose value starts on the next line, and what its mapping's filter becomes
    // once that value turns out to be a block (not null).
    let mut pending: Option<(Frame, Option<Filter>)> = None;
    let mut mode = Mode::Normal;
    for line in text.split_inclusive('\n') {
        // Bytes, not chars: a million lines go through here.
        let body = &line[..line.bytes().rposition(|b| !matches!(b, b'\n' | b'\r')).map_or(0, |i| i + 1)];
        let indent = body.bytes().take_while(|&b| b == b' ').count();
        let content = &body[indent..];
        if content.starts_with('\t') {
            return None;
        }
        let blank_or_comment = content.is_empty() || content.starts_with('#');
        match mode {
            Mode::Skip(k) if blank_or_comment || indent > k || (indent == k && is_dash(content)) => {
                out.push('\n');
                continue;
            }
            Mode::Raw(k) if blank_or_comment || indent > k => {
                out.push_str(line);
                continue;
            }
            _ => mode = Mode::Normal,
        }
        if blank_or_comment {
            out.push_str(line);
            continue;
        }
        if indent == 0 && (content.starts_with("---") || content.starts_with("...") || content.starts_with('%')) {
            frames.clear();
            pending = None;
            out.push_str(line);
            continue;
        }
        if let Some((p, then)) = pending.take() {
            if indent > p.indent || (indent == p.indent && is_dash(content)) {
                if let (Some(parent), Some(then)) = (frames.last_mut(), then) {
                    parent.filter = then;
                }
                frames.push(Frame { indent, filter: p.filter, seq: is_dash(content) });
            }
        }
        let dash = is_dash(content);
        while frames.last().is_some_and(|f| f.indent > indent || (f.indent == indent && f.seq && !dash)) {
            frames.pop();
        }
        match frames.last() {
            Some(f) if f.indent == indent && f.seq == dash => {}
            None => frames.push(Frame { indent, filter: root, seq: dash }),
            Some(_) => return None,
        }
        let container = frames.last()?.filter;
        let (key_indent, key_line, filter) = if dash {
            let rest = content[1..].trim_start_matches(' ');
            let item_indent = indent + (content.len() - rest.len());
            if rest.is_empty() {
                pending = Some((Frame { indent, filter: container.item(), seq: false }, None));
                out.push_str(line);
                continue;
            }
            if is_dash(rest) {
                return None;
            }
            if key_of(rest).is_none() {
                // A scalar item.
                check_scalar(rest)?;
                mode = Mode::Raw(indent);
                out.push_str(line);
                continue;
            }
            frames.push(Frame { indent: item_indent, filter: container.item(), seq: false });
            (item_indent, rest, container.item())
        } else {
            (indent, content, container)
        };
        let (key, value) = key_of(key_line)?;
        match filter.child(key) {
            None => {
                mode = Mode::Skip(key_indent);
                if dash {
                    // The item stays; only its first key goes.
                    out.push_str(&body[..indent]);
                    out.push_str("-\n");
                } else {
                    out.push('\n');
                }
            }
            Some(child) => {
                out.push_str(line);
                if value.is_empty() {
                    let then = Some(filter.after(key, false)).filter(|f| *f != filter);
                    pending = Some((Frame { indent: key_indent, filter: child, seq: false }, then));
                } else {
                    check_scalar(value)?;
                    mode = Mode::Raw(key_indent);
                }
            }
        }
    }
    Some(out)
}

fn is_dash(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// `key: value` with a plain or quoted key; `None` when the line is not a simple key.
fn key_of(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = match line.as_bytes().first()? {
        b'"' | b'\'' => {
            let q = line.as_bytes()[0] as char;
            let end = line[1..].find(q)? + 1;
            let key = &line[1..end];
            if key.contains('\\') || key.contains(q) {
                return None;
            }
            (key, &line[end + 1..])
        }
        b'?' | b'&' | b'*' | b'!' | b'[' | b'{' | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
        _ => {
            let colon = find_pair(line, b':', b' ').or_else(|| line.strip_suffix(':').map(|k| k.len()))?;
            (&line[..colon], &line[colon..])
        }
    };
    let value = rest.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) || find_pair(key, b' ', b'#').is_some() {
        return None;
    }
    Some((key, value.trim()))
}

/// Where `first` followed by `second` starts in `line`: `str::find` of the two bytes without a
/// substring searcher to build per line (that searcher was a fifth of the view's time).
fn find_pair(line: &str, first: u8, second: u8) -> Option<usize> {
    line.as_bytes().windows(2).position(|w| w == [first, second])
}

/// A kept inline value must be something the YAML parser reads on this line and its deeper
/// continuation lines: refuse anchors, aliases and tags, whose meaning lies elsewhere.
fn check_scalar(value: &str) -> Option<()> {
    match value.as_bytes().first() {
        Some(b'&' | b'*' | b'!') => None,
        _ => Some(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "\
apiVersion: v1
items:
- apiVersion: v1
  kind: Node
  metadata:
    annotations:
      a: b
    labels:
      images: kept
      folded: 'long text folded
        over two lines'
    name: n1
  status:
    conditions:
    - message: 'a message
        folded'
      status: \"True\"
      type: Ready
    images:
    - names:
      - x
      sizeBytes: 1
    nodeInfo:
      os: linux
kind: List
";

    #[test]
    fn blanks_skipped_values_and_keeps_line_numbers() {
        let out = blank_skipped_lines(LIST, Filter::NodeRoot).unwrap();
        assert_eq!(out.lines().count(), LIST.lines().count());
        assert!(out.contains("images: kept"));
        assert!(out.contains("over two lines"));
        assert!(!out.contains("a: b"));
        assert!(!out.contains("a message"));
        assert!(!out.contains("sizeBytes"));
        assert!(!out.contains("os: linux"));
    }

    #[test]
    fn gives_up_on_what_it_cannot_follow() {
        assert!(blank_skipped_lines("metadata: &m\n  name: x\n", Filter::NodeRoot).is_none());
        assert!(blank_skipped_lines("metadata:\n  name: &n x\n", Filter::NodeRoot).is_none());
        assert!(blank_skipped_lines("metadata:\n\tname: x\n", Filter::NodeRoot).is_none());
        assert!(blank_skipped_lines("items:\n- - a\n", Filter::NodeRoot).is_none());
        // Deep inside a skipped value too, however far the spaces go before the tab.
        for spaces in 1..8 {
            let text = format!("metadata:\n  annotations:\n    a: b\n{}\tc: d\n  name: x\n", " ".repeat(spaces));
            assert!(blank_skipped_lines(&text, Filter::NodeRoot).is_none(), "{text:?}");
        }
    }

    #[test]
    fn keys_are_found_as_str_find_finds_them() {
        for line in ["a: b", "a:b: c", "a:", "'q': x", "a #b: c", "a: b # c", "::", ": x", "a"] {
            assert_eq!(find_pair(line, b':', b' '), line.find(": "), "{line:?}");
            assert_eq!(find_pair(line, b' ', b'#'), line.find(" #"), "{line:?}");
        }
    }

    #[test]
    fn capacity_goes_once_allocatable_has_been_read() {
        let sized = "status:\n  allocatable:\n    cpu: \"2\"\n  capacity:\n    cpu: \"4\"\n";
        let out = blank_skipped_lines(sized, Filter::NodeRoot).unwrap();
        assert_eq!(out.lines().count(), sized.lines().count());
        assert!(out.contains("cpu: \"2\"") && !out.contains("cpu: \"4\""), "{out}");
        // A null allocatable, or one after capacity: capacity is kept.
        for text in [
            "status:\n  allocatable: null\n  capacity:\n    cpu: \"4\"\n",
            "status:\n  allocatable:\n  capacity:\n    cpu: \"4\"\n",
            "status:\n  capacity:\n    cpu: \"4\"\n  allocatable:\n    cpu: \"2\"\n",
            "items:\n- status:\n    allocatable:\n      cpu: \"2\"\n- status:\n    capacity:\n      cpu: \"4\"\n",
        ] {
            assert!(blank_skipped_lines(text, Filter::NodeRoot).unwrap().contains("cpu: \"4\""), "{text}");
        }
    }
}
