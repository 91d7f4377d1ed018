//! Go's `strconv.ParseInt(s, 10, 64)` and `strconv.Atoi`, with their error text, for the places
//! where the API server or the controller prints it.

use crate::field::go_quote;

/// Mirrors `strconv.ParseInt(s, 10, 64)` (`func_name` "ParseInt") or `strconv.Atoi` ("Atoi"):
/// an optional sign and decimal digits; the error is `*NumError`'s text.
pub fn parse_int(s: &str, func_name: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.{func_name}: parsing {}: invalid syntax", go_quote(s)));
    }
    s.parse::<i64>().map_err(|_| format!("strconv.{func_name}: parsing {}: value out of range", go_quote(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_fails_as_go_does() {
        assert_eq!(parse_int("+7", "ParseInt"), Ok(7));
        assert_eq!(parse_int("-7", "Atoi"), Ok(-7));
        assert_eq!(parse_int("abc", "ParseInt"), Err(r#"strconv.ParseInt: parsing "abc": invalid syntax"#.into()));
        assert_eq!(parse_int("", "Atoi"), Err(r#"strconv.Atoi: parsing "": invalid syntax"#.into()));
        assert_eq!(
            parse_int("9223372036854775808", "ParseInt"),
            Err(r#"strconv.ParseInt: parsing "9223372036854775808": value out of range"#.into())
        );
    }
}
