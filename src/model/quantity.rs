//! `resource.Quantity`: `"500m"`, `"1Gi"`, `2`, `"1e3"`.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A quantity as written, with its value in nano-units for comparisons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub text: String,
    /// Value × 10⁹, saturating; exact for every quantity a manifest carries.
    pub nanos: i128,
}

pub const QUANTITY_FORMAT: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

impl Quantity {
    /// Parses as `resource.ParseQuantity` accepts.
    pub fn parse(text: &str) -> Option<Quantity> {
        let s = text.trim();
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let num_end = body.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(body.len());
        let (num, suffix) = body.split_at(num_end);
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return None;
        }
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa.saturating_mul(10).saturating_add((b - b'0') as i128);
        }
        let mut exp10: i32 = -(frac.len() as i32);
        let mut binary: u32 = 0;
        match suffix {
            "" => {}
            "n" => exp10 -= 9,
            "u" => exp10 -= 6,
            "m" => exp10 -= 3,
            "k" => exp10 += 3,
            "M" => exp10 += 6,
            "G" => exp10 += 9,
            "T" => exp10 += 12,
            "P" => exp10 += 15,
            "E" => exp10 += 18,
            "Ki" => binary = 1,
            "Mi" => binary = 2,
            "Gi" => binary = 3,
            "Ti" => binary = 4,
            "Pi" => binary = 5,
            "Ei" => binary = 6,
            _ => {
                let e = suffix.strip_prefix(['e', 'E'])?;
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                exp10 += e.parse::<i32>().ok()?;
            }
        }
        let mut nanos = mantissa.saturating_mul(1024i128.saturating_pow(binary));
        let shift = exp10 + 9;
        if shift >= 0 {
            nanos = nanos.saturating_mul(10i128.saturating_pow(shift.min(60) as u32));
        } else {
            let div = 10i128.saturating_pow((-shift).min(60) as u32);
            // Sub-nano precision rounds up, as Quantity does.
            nanos = nanos / div + i128::from(nanos % div != 0);
        }
        Some(Quantity { text: text.to_string(), nanos: if neg { -nanos } else { nanos } })
    }

    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }
}

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
                Quantity::parse(v).ok_or_else(|| E::custom(QUANTITY_FORMAT))
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
}
