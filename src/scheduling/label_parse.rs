//! Label selector strings as `kubectl get -l` reads them: apimachinery `pkg/labels/selector.go`
//! `Parse` (`a=b,c!=d,e,!f,g in (h,i),j notin (k),l>5`).

use super::labels::{Operator, Requirement, Selector};

/// Mirrors `labels.Parse`: requirements separated by commas, ANDed. The empty string selects
/// everything.
pub fn parse_selector(text: &str) -> Result<Selector, String> {
    let tokens = lex(text)?;
    let mut reqs = Vec::new();
    let mut rest = tokens.as_slice();
    while !rest.is_empty() {
        let (req, after) = requirement(rest)?;
        reqs.push(req);
        rest = match after {
            [] => after,
            [Token::Comma, more @ ..] if !more.is_empty() => more,
            [t, ..] => return Err(format!("found '{}', expected: ','", t.text())),
        };
    }
    Ok(Selector(Some(reqs)))
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Comma,
    Not,
    Equals,
    DoubleEquals,
    NotEquals,
    Greater,
    Less,
    Open,
    Close,
}

impl Token {
    fn text(&self) -> &str {
        match self {
            Token::Ident(s) => s,
            Token::Comma => ",",
            Token::Not => "!",
            Token::Equals => "=",
            Token::DoubleEquals => "==",
            Token::NotEquals => "!=",
            Token::Greater => ">",
            Token::Less => "<",
            Token::Open => "(",
            Token::Close => ")",
        }
    }
}

/// Mirrors the `Lexer`: identifiers run until whitespace or a special character.
fn lex(text: &str) -> Result<Vec<Token>, String> {
    let special = |c: char| matches!(c, '=' | '!' | '(' | ')' | ',' | '<' | '>');
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let two = |next: char, chars: &mut std::iter::Peekable<std::str::CharIndices>| {
            chars.next_if(|&(_, n)| n == next).is_some()
        };
        let token = match c {
            c if c.is_whitespace() => continue,
            ',' => Token::Comma,
            '(' => Token::Open,
            ')' => Token::Close,
            '<' => Token::Less,
            '>' => Token::Greater,
            '=' if two('=', &mut chars) => Token::DoubleEquals,
            '=' => Token::Equals,
            '!' if two('=', &mut chars) => Token::NotEquals,
            '!' => Token::Not,
            _ => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = chars.peek() {
                    if n.is_whitespace() || special(n) {
                        break;
                    }
                    end = j + n.len_utf8();
                    chars.next();
                }
                Token::Ident(text[i..end].to_string())
            }
        };
        tokens.push(token);
    }
    Ok(tokens)
}

fn requirement(tokens: &[Token]) -> Result<(Requirement, &[Token]), String> {
    let (negated, rest) = match tokens {
        [Token::Not, rest @ ..] => (true, rest),
        _ => (false, tokens),
    };
    let (key, rest) = match rest {
        [Token::Ident(k), rest @ ..] => (k.as_str(), rest),
        [t, ..] => return Err(format!("found '{}', expected: identifier", t.text())),
        [] => return Err("found '', expected: identifier".into()),
    };
    if negated {
        return Ok((Requirement::new(key, Operator::DoesNotExist, &[])?, rest));
    }
    // `set` marks the set-based operators, whose values come in parentheses.
    let (operator, set, rest) = match rest {
        [] | [Token::Comma, ..] => return Ok((Requirement::new(key, Operator::Exists, &[])?, rest)),
        [Token::Equals | Token::DoubleEquals, rest @ ..] => (Operator::Equals, false, rest),
        [Token::NotEquals, rest @ ..] => (Operator::NotIn, false, rest),
        [Token::Greater, rest @ ..] => (Operator::Gt, false, rest),
        [Token::Less, rest @ ..] => (Operator::Lt, false, rest),
        [Token::Ident(w), rest @ ..] if w == "in" => (Operator::In, true, rest),
        [Token::Ident(w), rest @ ..] if w == "notin" => (Operator::NotIn, true, rest),
        [t, ..] => return Err(format!("found '{}', expected: in, notin, =, ==, !=, gt, lt", t.text())),
    };
    let (values, rest) = match (set, rest) {
        (true, [Token::Open, rest @ ..]) => set_values(rest)?,
        (true, rest) => return Err(format!("found '{}', expected: '('", rest.first().map_or("", Token::text))),
        (_, [Token::Ident(v), rest @ ..]) => (vec![v.clone()], rest),
        // `a=` selects an empty value.
        (_, rest) => (vec![String::new()], rest),
    };
    Ok((Requirement::new(key, operator, &values)?, rest))
}

/// `(a, b)` after `in` / `notin`: the values, then what follows the closing parenthesis.
fn set_values(tokens: &[Token]) -> Result<(Vec<String>, &[Token]), String> {
    let mut values = Vec::new();
    let mut rest = tokens;
    loop {
        match rest {
            [Token::Close, after @ ..] => return Ok((values, after)),
            [Token::Ident(v), after @ ..] => {
                values.push(v.clone());
                rest = after;
            }
            [Token::Comma, after @ ..] => {
                if matches!(after.first(), Some(Token::Comma | Token::Close)) || values.is_empty() {
                    values.push(String::new());
                }
                rest = after;
            }
            [t, ..] => return Err(format!("found '{}', expected: ',', ')' or identifier", t.text())),
            [] => return Err("found '', expected: ')'".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placement::LabelSet;

    fn sel(text: &str) -> Selector {
        parse_selector(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_forms_kubectl_accepts() {
        let linux = LabelSet::from_pairs([("kubernetes.io/os", "linux"), ("pool", "gpu"), ("cores", "8")]);
        for (text, want) in [
            ("", true),
            ("kubernetes.io/os=linux", true),
            ("kubernetes.io/os==linux", true),
            ("kubernetes.io/os!=linux", false),
            ("kubernetes.io/os=linux,pool=cpu", false),
            ("pool", true),
            ("!pool", false),
            ("!spot", true),
            ("pool in (gpu, cpu)", true),
            ("pool notin (gpu)", false),
            ("cores>4", true),
            ("cores<4", false),
            (" pool in (a,gpu) , kubernetes.io/os = linux ", true),
        ] {
            assert_eq!(sel(text).matches(&linux), want, "{text}");
        }
    }

    #[test]
    fn mistakes_are_errors_not_panics() {
        for text in ["a=b,", ",", "a in", "a in (b", "a b", "!", "a=b=c", "(", "in in in", "a in b"] {
            assert!(parse_selector(text).is_err(), "{text}");
        }
    }
}
