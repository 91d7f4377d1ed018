//! `resource.Quantity`: `"500m"`, `"1Gi"`, `2`, `"1e3"`.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A quantity as the API server holds it after decoding: `text` is its `String()` (the
/// canonical form, `1500m` for `1.5`), `nanos` its value × 10⁹ for comparisons.
#[derive(Clone, Debug)]
pub struct Quantity {
    pub text: String,
    /// Value × 10⁹, saturating; exact for every quantity a manifest carries.
    pub nanos: i128,
    /// Go's `Quantity.Format`, which decides how a sum prints.
    format: Format,
}

pub const QUANTITY_FORMAT: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `ErrSuffix`.
pub const QUANTITY_SUFFIX: &str = "unable to parse quantity's suffix";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Format {
    DecimalExponent,
    DecimalSI,
    BinarySI,
}

impl Quantity {
    /// Parses as `resource.ParseQuantity` accepts.
    pub fn parse(text: &str) -> Option<Quantity> {
        parse_quantity(text.trim()).ok()
    }

    /// Mirrors `Quantity.UnmarshalJSON`'s parse: the trimmed text through `ParseQuantity`, with
    /// its error text.
    pub fn parse_json(text: &str) -> Result<Quantity, &'static str> {
        parse_quantity(text.trim())
    }

    /// `Quantity::parse(text)`'s `nanos` alone, without its text: a fast path for the forms a
    /// node's status and a pod's requests almost always take (`110`, `3800m`, `16Gi`), the
    /// rest through `parse`. `None` for what `parse` refuses.
    pub fn parse_nanos(text: &str) -> Option<i128> {
        plain_nanos(text).or_else(|| Quantity::parse(text).map(|q| q.nanos))
    }

    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }

    /// Mirrors `q.Add(y)` then `String()`: the sum keeps `q`'s format (`y`'s when `q` is zero)
    /// and, its cached text dropped, prints canonically.
    pub fn add(&self, y: &Quantity) -> Quantity {
        let format = if self.nanos == 0 { y.format } else { self.format };
        let nanos = self.nanos.saturating_add(y.nanos);
        let amount = Dec::new(&nanos.unsigned_abs().to_string(), -9);
        Quantity { text: canonical_text(&amount, nanos >= 0, format), nanos, format }
    }
}

/// The nanos of digits with at most one suffix (no sign, fraction, exponent or space), as
/// `parse_quantity` computes them; `None` for anything else, or where it would clamp.
fn plain_nanos(s: &str) -> Option<i128> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 18 {
        return None;
    }
    let n = i128::from(s[..digits].parse::<i64>().ok()?);
    const NANO: i128 = 1_000_000_000;
    let (unit, binary) = match &s[digits..] {
        "" => (NANO, false),
        "m" => (1_000_000, false),
        "k" => (NANO * 1_000, false),
        "M" => (NANO * 1_000_000, false),
        "G" => (NANO * 1_000_000_000, false),
        "T" => (NANO * 1_000_000_000_000, false),
        "Ki" => (NANO << 10, true),
        "Mi" => (NANO << 20, true),
        "Gi" => (NANO << 30, true),
        "Ti" => (NANO << 40, true),
        _ => return None,
    };
    let nanos = n.checked_mul(unit)?;
    // A binary amount above i64::MAX is clamped by `parse_quantity`: leave that to it.
    (!binary || nanos / NANO <= i128::from(i64::MAX)).then_some(nanos)
}

/// Mirrors `parseQuantityString`: sign, numerator (leading zeros dropped), denominator, suffix.
pub(crate) fn parse_quantity_string(s: &str) -> Result<(bool, &str, &str, &str), &'static str> {
    let b = s.as_bytes();
    let mut pos = 0;
    let positive = b.first() != Some(&b'-');
    if matches!(b.first(), Some(b'-' | b'+')) {
        pos = 1;
    }
    while pos < b.len() && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= b.len() {
        return Ok((positive, "0", "", ""));
    }
    let start = pos;
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = if pos == start { "0" } else { &s[start..pos] };
    let mut denom = "";
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        let d = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[d..pos];
    }
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < b.len() {
        return Err(QUANTITY_FORMAT);
    }
    Ok((positive, num, denom, &s[suffix_start..]))
}

/// Mirrors `suffixHandler.interpret`: (base, exponent, format).
pub(crate) fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
    let dec = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];
    if let Some(i) = dec.iter().position(|d| *d == suffix) {
        return Some((10, i as i32 * 3 - 9, Format::DecimalSI));
    }
    let bin = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    if let Some(i) = bin.iter().position(|d| *d == suffix) {
        return Some((2, (i as i32 + 1) * 10, Format::BinarySI));
    }
    let rest = suffix.strip_prefix(['e', 'E']).filter(|r| !r.is_empty())?;
    // `int32(parsed)`: a wider exponent wraps as Go's conversion does.
    crate::model::strconv::parse_int(rest, "ParseInt").ok().map(|e| (10, e as i32, Format::DecimalExponent))
}

/// Mirrors `ParseQuantity` and then `String()` (`CanonicalizeBytes`), on exact decimals.
fn parse_quantity(s: &str) -> Result<Quantity, &'static str> {
    if s.is_empty() {
        return Err(QUANTITY_FORMAT);
    }
    if s == "0" {
        return Ok(Quantity { text: "0".into(), nanos: 0, format: Format::DecimalSI });
    }
    let (positive, num, denom, suffix) = parse_quantity_string(s)?;
    let (base, exponent, format) = interpret(suffix).ok_or(QUANTITY_SUFFIX)?;
    let shifted = format!("{num}{denom}");
    let mut amount = Dec::new(&shifted, if base == 10 { exponent as i64 } else { 0 } - denom.len() as i64);
    if base == 2 {
        amount.mul_small(1u64 << exponent.clamp(0, 63));
    }
    let cached = is_canonical_as_written(format, base, exponent, num, denom, &shifted);
    amount.round_up_to_nano();
    if format == Format::BinarySI && amount.cmp_int(i64::MAX as u128) == std::cmp::Ordering::Greater {
        amount = Dec::new(&i64::MAX.to_string(), 0);
    }
    let nanos = amount.nanos().saturating_mul(if positive { 1 } else { -1 });
    let text = if cached { s.to_string() } else { canonical_text(&amount, positive, format) };
    // `ParseQuantity`: a binary quantity between 0 and 1 is kept as decimal.
    let below_one = !amount.is_zero() && amount.cmp_int(1) == std::cmp::Ordering::Less;
    let format = if format == Format::BinarySI && below_one { Format::DecimalSI } else { format };
    Ok(Quantity { text, nanos, format })
}

/// Mirrors `CanonicalizeBytes` on an exact magnitude and its sign.
fn canonical_text(amount: &Dec, positive: bool, mut format: Format) -> String {
    if amount.is_zero() {
        "0".to_string()
    } else {
        if format == Format::BinarySI && (amount.cmp_int(1024) == std::cmp::Ordering::Less || !amount.is_integer()) {
            format = Format::DecimalSI;
        }
        let sign = if positive { "" } else { "-" };
        let (number, suffix) = match format {
            Format::BinarySI => {
                let (digits, e) = amount.base1024();
                let bin = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
                (digits, bin.get(e as usize).copied().unwrap_or("").to_string())
            }
            _ => {
                let (digits, e) = amount.canonical_base10();
                let suffix = match format {
                    Format::DecimalExponent if e == 0 => String::new(),
                    Format::DecimalExponent => format!("e{e}"),
                    // An exponent without an SI suffix gets none, as `constructBytes` has it.
                    _ => ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"]
                        .get(((e + 9) / 3) as usize)
                        .filter(|_| (-9..=18).contains(&e))
                        .copied()
                        .unwrap_or("")
                        .to_string(),
                };
                (digits, suffix)
            }
        };
        format!("{sign}{number}{suffix}")
    }
}

/// `ParseQuantity`'s int64 fast path keeps the text as written when it is already canonical.
fn is_canonical_as_written(format: Format, base: u32, exponent: i32, num: &str, denom: &str, shifted: &str) -> bool {
    let digits = (num.len() + denom.len()) as i32;
    let precision = match format {
        Format::BinarySI if exponent >= 0 && denom.is_empty() => 15 - num.len() as i32 - (exponent * 3 / 10) - 1,
        Format::BinarySI => -1,
        _ => 18 - digits,
    };
    let scale = if base == 10 { exponent } else { 0 } - denom.len() as i32;
    if precision < 0 || scale < -9 {
        return false;
    }
    let Ok(value) = shifted.parse::<i64>() else { return false };
    match format {
        Format::BinarySI => {
            value.checked_mul(1i64 << exponent.clamp(0, 62)).is_some() && exponent % 10 == 0 && value & 7 != 0
        }
        _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
    }
}

/// An exact non-negative decimal: `digits` × 10^`exp`, most significant digit first.
struct Dec {
    digits: Vec<u8>,
    exp: i64,
}

impl Dec {
    fn new(digits: &str, exp: i64) -> Dec {
        let digits: Vec<u8> = digits.bytes().map(|b| b - b'0').skip_while(|d| *d == 0).collect();
        Dec { digits, exp }
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    fn mul_small(&mut self, m: u64) {
        let mut carry: u128 = 0;
        for d in self.digits.iter_mut().rev() {
            let v = *d as u128 * m as u128 + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            self.digits.insert(0, (carry % 10) as u8);
            carry /= 10;
        }
    }

    /// `amount.Round(amount, Nano, inf.RoundUp)` on a non-zero value: away from zero.
    fn round_up_to_nano(&mut self) {
        if self.exp >= -9 || self.is_zero() {
            return;
        }
        let drop = (-9 - self.exp) as usize;
        let keep = self.digits.len().saturating_sub(drop);
        let lost = self.digits[keep..].iter().any(|d| *d != 0);
        self.digits.truncate(keep);
        self.exp = -9;
        if lost {
            self.add_one();
        }
    }

    fn add_one(&mut self) {
        for d in self.digits.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                return;
            }
        }
        self.digits.insert(0, 1);
    }

    fn is_integer(&self) -> bool {
        self.exp >= 0 || self.digits.iter().rev().take((-self.exp) as usize).all(|d| *d == 0)
    }

    /// The integer part's digits (the value must be an integer).
    fn integer_digits(&self) -> Vec<u8> {
        let mut d = self.digits.clone();
        if self.exp >= 0 {
            d.extend(std::iter::repeat_n(0, self.exp.min(100_000) as usize));
        } else {
            d.truncate(d.len().saturating_sub((-self.exp) as usize));
        }
        d
    }

    fn cmp_int(&self, n: u128) -> std::cmp::Ordering {
        let whole = Dec::new(&n.to_string(), 0);
        let (a, b) = (self.magnitude(), whole.magnitude());
        a.cmp(&b).then_with(|| {
            // Same magnitude: compare digit by digit, missing digits being zeros.
            let width = self.digits.len().max(whole.digits.len());
            let pad = |d: &[u8]| d.iter().copied().chain(std::iter::repeat(0)).take(width).collect::<Vec<_>>();
            pad(&self.digits).cmp(&pad(&whole.digits))
        })
    }

    /// The power of ten of the leading digit (zero sorts lowest).
    fn magnitude(&self) -> i64 {
        if self.is_zero() {
            i64::MIN
        } else {
            self.exp + self.digits.len() as i64
        }
    }

    /// Value × 10⁹, saturating.
    fn nanos(&self) -> i128 {
        let mut n: i128 = 0;
        for d in &self.digits {
            n = n.saturating_mul(10).saturating_add(*d as i128);
        }
        let shift = self.exp + 9;
        if shift >= 0 {
            n.saturating_mul(10i128.saturating_pow(shift.min(60) as u32))
        } else {
            n / 10i128.saturating_pow((-shift).min(60) as u32)
        }
    }

    /// Mirrors `AsCanonicalBytes`: trailing zeros into the exponent, then the exponent down to a
    /// multiple of 3.
    fn canonical_base10(&self) -> (String, i64) {
        let mut digits = self.digits.clone();
        let mut exp = self.exp;
        while digits.last() == Some(&0) {
            digits.pop();
            exp += 1;
        }
        while exp.rem_euclid(3) != 0 {
            digits.push(0);
            exp -= 1;
        }
        (digits.iter().map(|d| (b'0' + d) as char).collect(), exp)
    }

    /// Mirrors `AsCanonicalBase1024Bytes` on an integer: factors of 1024 into the exponent.
    fn base1024(&self) -> (String, i64) {
        let mut digits = self.integer_digits();
        let mut exp = 0;
        loop {
            let mut quotient = Vec::with_capacity(digits.len());
            let mut rem: u32 = 0;
            for d in &digits {
                let v = rem * 10 + *d as u32;
                quotient.push((v / 1024) as u8);
                rem = v % 1024;
            }
            if rem != 0 || digits.is_empty() {
                break;
            }
            digits = quotient.into_iter().skip_while(|d| *d == 0).collect();
            exp += 1;
        }
        (digits.iter().map(|d| (b'0' + d) as char).collect(), exp)
    }
}

/// Equal as written and in value; the format only decides how sums print.
impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.nanos.cmp(&other.nanos))
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a quantity such as \"500m\" or \"1Gi\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                Quantity::parse_json(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let q = |s| Quantity::parse(s).unwrap().nanos;
        assert_eq!(q("1"), 1_000_000_000);
        assert_eq!(q("500m"), 500_000_000);
        assert_eq!(q("1Ki"), 1_024_000_000_000);
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("0.5"), q("500m"));
        assert!(q("-1") < 0);
        assert!(Quantity::parse("1.2.3").is_none());
        assert!(Quantity::parse("abc").is_none());
        assert!(Quantity::parse("1Qi").is_none());
    }

    /// Mirrors `Quantity.String()` after `ParseQuantity` (apimachinery `quantity_test.go`).
    #[test]
    fn prints_canonically() {
        let s = |t| Quantity::parse(t).unwrap().text;
        for (given, want) in [
            ("1.5", "1500m"),
            ("2", "2"),
            ("+2", "+2"),
            ("0.5", "500m"),
            ("1000", "1k"),
            ("1000m", "1"),
            ("1Ki", "1Ki"),
            ("1024Ki", "1Mi"),
            ("0.5Gi", "512Mi"),
            ("1.5Ki", "1536"),
            ("100m", "100m"),
            ("1e3", "1e3"),
            ("1E3", "1E3"),
            ("10e2", "1e3"),
            ("0.0000000001", "1n"),
            ("-1.5", "-1500m"),
            ("00", "0"),
            (".", "0"),
            ("1000E", "1"),
        ] {
            assert_eq!(s(given), want, "{given}");
        }
        assert_eq!(Quantity::parse_json("1kk"), Err(QUANTITY_SUFFIX));
        for text in [
            "0",
            "110",
            "007",
            "3800m",
            "31920m",
            "1k",
            "5M",
            "2G",
            "3T",
            "16Gi",
            "167372160Ki",
            "1Mi",
            "8Ti",
            "999999999999999999",
            "999999999999999999Ti",
            "9223372036854775807Ki",
            "1.5",
            "1e3",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1Ki ",
            "1P",
            "1Ei",
            "1E",
            "0.5Gi",
            "1n",
            "1u",
            "m",
            "Ki",
            "",
            "12x",
        ] {
            assert_eq!(Quantity::parse_nanos(text), Quantity::parse(text).map(|q| q.nanos), "{text:?}");
        }
        assert_eq!(Quantity::parse_json("abc"), Err(QUANTITY_FORMAT));
        assert_eq!(Quantity::parse_json(""), Err(QUANTITY_FORMAT));
    }

    /// `Add` keeps the first summand's format, or the second's after a zero (apimachinery
    /// `quantity.go`), and prints the sum canonically.
    #[test]
    fn sums_print_in_the_first_format() {
        let q = |t| Quantity::parse(t).unwrap();
        for (a, b, want) in [
            ("500m", "1", "1500m"),
            ("1Gi", "512Mi", "1536Mi"),
            ("0.5Ki", "0.5Ki", "1Ki"),
            ("1", "1Gi", "1073741825"),
            ("0", "1Gi", "1Gi"),
            ("+2", "0", "2"),
            ("1e3", "1e3", "2e3"),
            ("100Mi", "1", "104857601"),
            ("0.5Gi", "0.5", "536870912500m"),
        ] {
            assert_eq!(q(a).add(&q(b)).text, want, "{a} + {b}");
        }
    }
}
