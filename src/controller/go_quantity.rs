//! What spew prints for a `resource.Quantity` as the controller holds it.
//!
//! The controller's informer decodes the DaemonSet from the API server's protobuf, where a
//! Quantity travels as its `String()` (quantity_proto.go `MarshalToSizedBuffer`) and is read
//! back with `ParseQuantity`. So the struct spew walks is `ParseQuantity(canonical)`: the int64
//! fast path (`i`, with `s` cached only when the text is canonical as written) or an `inf.Dec`
//! (`d`), ported here from apimachinery v0.35 quantity.go and gopkg.in/inf.v0 (64-bit words).

use crate::model::quantity::{interpret, parse_quantity_string, Format, Quantity};

use super::hash::Unsupported;

/// Kept small so no quantity costs more than a few hundred word operations.
const MAX_WORDS: usize = 64;

/// The body spew prints for the Quantity a JSON value decodes to (its type already printed).
pub fn spew_quantity(v: Option<&serde_json::Value>) -> Result<String, Unsupported> {
    // A Quantity that is not a pointer is always marshalled: an absent one travels as "0".
    let written = match v {
        None => "0".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => return Err(Unsupported(format!("{other} cannot be decoded as Go type resource.Quantity"))),
    };
    let stored = Quantity::parse_json(&written).map_err(|e| Unsupported(format!("the quantity {written:?}: {e}")))?;
    // What the API server serves is `String()` of what it parsed from what it stored.
    let served = Quantity::parse_json(&stored.text).map_err(|e| Unsupported(e.to_string()))?;
    let q = parse_quantity(&served.text)?;
    let d = match &q.d {
        None => "<nil>".to_string(),
        Some(dec) => {
            let words: Vec<String> = dec.abs.iter().map(u64::to_string).collect();
            format!(
                "{{unscaled:(big.Int){{neg:(bool){} abs:(big.nat)[{}]}} scale:(inf.Scale){}}}",
                dec.neg,
                words.join(" "),
                dec.scale
            )
        }
    };
    Ok(format!(
        "{{i:(resource.int64Amount){{value:(int64){} scale:(resource.Scale){}}} d:(resource.infDecAmount){{Dec:(*inf.Dec){d}}} s:(string){} Format:(resource.Format){}}}",
        q.value,
        q.scale,
        q.s,
        format_name(q.format)
    ))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::DecimalExponent => "DecimalExponent",
        Format::BinarySI => "BinarySI",
        Format::DecimalSI => "DecimalSI",
    }
}

/// `resource.Quantity`'s fields.
struct GoQuantity {
    value: i64,
    scale: i32,
    d: Option<GoDec>,
    s: String,
    format: Format,
}

/// An `inf.Dec`: `big.Int{neg, abs}` (little-endian 64-bit words, normalized) and its scale.
struct GoDec {
    neg: bool,
    abs: Vec<u64>,
    scale: i64,
}

fn too_big(s: &str) -> Unsupported {
    Unsupported(format!("the quantity {s:?} is too large to reproduce as Kubernetes holds it"))
}

/// Mirrors `ParseQuantity` (apimachinery v0.35 quantity.go).
fn parse_quantity(s: &str) -> Result<GoQuantity, Unsupported> {
    let bad = |e: &str| Unsupported(format!("the quantity {s:?}: {e}"));
    if s == "0" {
        return Ok(GoQuantity { value: 0, scale: 0, d: None, s: s.into(), format: Format::DecimalSI });
    }
    let (positive, num, denom, suffix) = parse_quantity_string(s).map_err(bad)?;
    let value_text = &s[..s.len() - suffix.len()];
    let (base, exponent, mut format) = interpret(suffix).ok_or_else(|| bad("unable to parse quantity's suffix"))?;
    let (mut scale, precision, mantissa) = match format {
        Format::BinarySI if exponent >= 0 && denom.is_empty() => {
            let precision = 15 - num.len() as i32 - (exponent as f32 * 3.0 / 10.0) as i32 - 1;
            (0, precision, 1i64.checked_shl(exponent as u32).unwrap_or(0))
        }
        Format::BinarySI => (0, -1, 1),
        _ => (exponent, 18 - (num.len() + denom.len()) as i32, 1),
    };
    if precision >= 0 {
        scale -= denom.len() as i32;
        if scale >= -9 {
            let shifted = format!("{num}{denom}");
            let value: i64 = shifted.parse().map_err(|_| bad("quantities must be numeric"))?;
            if let Some(result) = value.checked_mul(mantissa) {
                let result = if positive { result } else { -result };
                let canonical = match format {
                    Format::BinarySI => exponent % 10 == 0 && value & 0x07 != 0,
                    _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
                };
                let s = if canonical { s.to_string() } else { String::new() };
                return Ok(GoQuantity { value: result, scale, d: None, s, format });
            }
        }
    }
    // The inf.Dec path: `SetString(value)`, the suffix folded in, rounded up to nano.
    let (mut abs, mut dec_scale, negative) = set_string(value_text).ok_or_else(|| bad("quantities must be numeric"))?;
    if base == 10 {
        dec_scale -= i64::from(exponent);
    } else {
        for _ in 0..exponent {
            mul_small(&mut abs, 2);
        }
    }
    if abs.len() > MAX_WORDS {
        return Err(too_big(s));
    }
    if !abs.is_empty() {
        // `amount.Round(amount, 9, inf.RoundUp)`: the quotient by 1 at scale 9, away from zero.
        let shift = 9 - dec_scale;
        if shift.unsigned_abs() as usize > MAX_WORDS * 19 {
            return Err(too_big(s));
        }
        if shift > 0 {
            for _ in 0..shift {
                mul_small(&mut abs, 10);
            }
        } else {
            let mut lost = false;
            for _ in 0..-shift {
                lost |= div_small(&mut abs, 10) != 0;
            }
            if lost {
                add_small(&mut abs, 1);
            }
        }
        dec_scale = 9;
        if abs.len() > MAX_WORDS {
            return Err(too_big(s));
        }
    }
    if format == Format::BinarySI {
        let mut max = vec![i64::MAX as u64];
        let mut one = vec![1u64];
        for _ in 0..dec_scale.clamp(0, MAX_WORDS as i64 * 19) {
            mul_small(&mut max, 10);
            mul_small(&mut one, 10);
        }
        if cmp(&abs, &max) == std::cmp::Ordering::Greater {
            abs = vec![i64::MAX as u64];
            dec_scale = 0;
        } else if !abs.is_empty() && cmp(&abs, &one) == std::cmp::Ordering::Less {
            format = Format::DecimalSI;
        }
    }
    if abs.is_empty() {
        // Whether big.Int's zero holds a nil or an empty slice depends on how it was reached.
        return Err(Unsupported(format!("the quantity {s:?} (a zero held as inf.Dec)")));
    }
    Ok(GoQuantity {
        value: 0,
        scale: 0,
        d: Some(GoDec { neg: negative, abs, scale: dec_scale }),
        s: String::new(),
        format,
    })
}

/// `inf.Dec.SetString`: the digits as the unscaled value, the digits after the point as scale.
fn set_string(text: &str) -> Option<(Vec<u64>, i64, bool)> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut abs = Vec::new();
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() || abs.len() > MAX_WORDS {
            return None;
        }
        mul_small(&mut abs, 10);
        add_small(&mut abs, u64::from(b - b'0'));
    }
    let negative = negative && !abs.is_empty();
    Some((abs, frac.len() as i64, negative))
}

fn mul_small(a: &mut Vec<u64>, m: u64) {
    let mut carry = 0u128;
    for w in a.iter_mut() {
        let v = u128::from(*w) * u128::from(m) + carry;
        *w = v as u64;
        carry = v >> 64;
    }
    if carry > 0 {
        a.push(carry as u64);
    }
}

fn add_small(a: &mut Vec<u64>, n: u64) {
    let mut carry = n;
    for w in a.iter_mut() {
        let (v, overflow) = w.overflowing_add(carry);
        *w = v;
        carry = u64::from(overflow);
        if carry == 0 {
            return;
        }
    }
    if carry > 0 {
        a.push(carry);
    }
}

/// Divides in place and returns the remainder; keeps the words normalized.
fn div_small(a: &mut Vec<u64>, d: u64) -> u64 {
    let mut rem = 0u128;
    for w in a.iter_mut().rev() {
        let v = (rem << 64) | u128::from(*w);
        *w = (v / u128::from(d)) as u64;
        rem = v % u128::from(d);
    }
    while a.last() == Some(&0) {
        a.pop();
    }
    rem as u64
}

fn cmp(a: &[u64], b: &[u64]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// value, scale, d (neg, words, scale), s, Format.
    type Fields = (i64, i32, Option<(bool, Vec<u64>, i64)>, String, Format);

    fn fields(q: &str) -> Fields {
        let g = parse_quantity(q).unwrap();
        (g.value, g.scale, g.d.map(|d| (d.neg, d.abs, d.scale)), g.s, g.format)
    }

    /// The struct `ParseQuantity` returns, for each of its paths.
    #[test]
    fn parse_quantity_fills_the_fields_as_go_does() {
        assert_eq!(fields("40m"), (40, -3, None, "40m".into(), Format::DecimalSI));
        assert_eq!(fields("15Mi"), (15 << 20, 0, None, "15Mi".into(), Format::BinarySI));
        // 64 & 7 == 0: the text is not cached.
        assert_eq!(fields("64Mi"), (64 << 20, 0, None, String::new(), Format::BinarySI));
        assert_eq!(fields("1k"), (1, 3, None, "1k".into(), Format::DecimalSI));
        assert_eq!(fields("1500m"), (1500, -3, None, "1500m".into(), Format::DecimalSI));
        assert_eq!(fields("0"), (0, 0, None, "0".into(), Format::DecimalSI));
        assert_eq!(fields("1e3"), (1, 3, None, "1e3".into(), Format::DecimalExponent));
        assert_eq!(fields("-2"), (-2, 0, None, "-2".into(), Format::DecimalSI));
        // 1Pi: precision 15-1-15-1 < 0, so the inf.Dec path at scale 9: 2^50 × 10^9.
        let want = (1u128 << 50) * 1_000_000_000;
        assert_eq!(
            fields("1Pi"),
            (0, 0, Some((false, vec![want as u64, (want >> 64) as u64], 9)), String::new(), Format::BinarySI)
        );
        // 19 digits: past maxInt64Factors.
        assert_eq!(
            fields("1234567890123456789"),
            (
                0,
                0,
                Some((false, to_words(1_234_567_890_123_456_789u128 * 1_000_000_000), 9)),
                String::new(),
                Format::DecimalSI
            )
        );
        // Capped at 2^63-1 (scale 0) once past it.
        assert_eq!(fields("8Ei").2, Some((false, vec![i64::MAX as u64], 0)));
    }

    fn to_words(v: u128) -> Vec<u64> {
        let mut w = vec![v as u64];
        if v >> 64 != 0 {
            w.push((v >> 64) as u64);
        }
        w
    }

    #[test]
    fn prints_the_canonical_form_the_informer_decodes() {
        // 0.1 is stored as 100m, which is canonical as written: `s` is cached.
        assert_eq!(
            spew_quantity(Some(&json!(0.1))).unwrap(),
            "{i:(resource.int64Amount){value:(int64)100 scale:(resource.Scale)-3} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)100m Format:(resource.Format)DecimalSI}"
        );
        assert_eq!(
            spew_quantity(None).unwrap(),
            "{i:(resource.int64Amount){value:(int64)0 scale:(resource.Scale)0} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)0 Format:(resource.Format)DecimalSI}"
        );
        assert!(spew_quantity(Some(&json!("1Qi"))).is_err());
    }
}
