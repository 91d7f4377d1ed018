//! Byte scanning for the JSON reader: find the next byte of a small set many bytes at a time.
//! Sixteen at a time with wasm SIMD (the wasm build enables `simd128`), eight at a time with
//! SWAR elsewhere; both give exact answers.

/// The bytes that end a run of plain string content.
pub const STRING_SPECIAL: Set = Set::StringSpecial;
/// Anything but JSON white space.
pub const NOT_SPACE: Set = Set::NotSpace;

#[derive(Clone, Copy)]
pub enum Set {
    /// `"`, `\`, newline
    StringSpecial,
    /// anything but space, tab, carriage return, newline
    NotSpace,
}

/// Where the next byte of `set` is at or after `from` (or `bytes.len()`), and the newlines
/// passed on the way: their count and the position just after the last one.
pub fn find(bytes: &[u8], from: usize, set: Set) -> (usize, usize, Option<usize>) {
    let mut at = from;
    let mut newlines = 0;
    let mut last_newline = None;
    while at + LANES <= bytes.len() {
        let (hits, nl) = masks(&bytes[at..at + LANES], set);
        let stop = if hits != 0 { hits.trailing_zeros() as usize / STRIDE } else { LANES };
        let nl = if stop * STRIDE >= 64 { nl } else { nl & ((1u64 << (stop * STRIDE)) - 1) };
        if nl != 0 {
            newlines += nl.count_ones() as usize;
            last_newline = Some(at + (63 - nl.leading_zeros() as usize) / STRIDE + 1);
        }
        if hits != 0 {
            return (at + stop, newlines, last_newline);
        }
        at += LANES;
    }
    while at < bytes.len() {
        let b = bytes[at];
        if in_set(b, set) {
            break;
        }
        if b == b'\n' {
            newlines += 1;
            last_newline = Some(at + 1);
        }
        at += 1;
    }
    (at, newlines, last_newline)
}

fn in_set(b: u8, set: Set) -> bool {
    match set {
        Set::StringSpecial => matches!(b, b'"' | b'\\' | b'\n'),
        Set::NotSpace => !matches!(b, b' ' | b'\t' | b'\r' | b'\n'),
    }
}

// Bytes per step, and bits per byte in the masks (SIMD bitmasks have one bit a byte; SWAR
// masks keep each byte's high bit).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
const LANES: usize = 16;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
const STRIDE: usize = 1;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
const LANES: usize = 8;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
const STRIDE: usize = 8;

/// Sixteen bytes as one vector: a single unaligned load.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn load16(chunk: &[u8]) -> core::arch::wasm32::v128 {
    assert!(chunk.len() >= 16);
    // SAFETY: 16 bytes are readable at the pointer; v128_load has no alignment requirement.
    unsafe { core::arch::wasm32::v128_load(chunk.as_ptr().cast()) }
}

/// Masks over `chunk`: the bytes of the set, and the newlines.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn masks(chunk: &[u8], set: Set) -> (u64, u64) {
    use core::arch::wasm32::*;
    let x = load16(chunk);
    let eq = |v: v128, b: u8| u8x16_eq(v, u8x16_splat(b));
    let hits = match set {
        Set::StringSpecial => v128_or(v128_or(eq(x, b'"'), eq(x, b'\\')), eq(x, b'\n')),
        Set::NotSpace => v128_not(v128_or(v128_or(eq(x, b' '), eq(x, b'\n')), v128_or(eq(x, b'\r'), eq(x, b'\t')))),
    };
    (u8x16_bitmask(hits) as u64, u8x16_bitmask(eq(x, b'\n')) as u64)
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
fn masks(chunk: &[u8], set: Set) -> (u64, u64) {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    let x = u64::from_le_bytes(w);
    let hits = match set {
        Set::StringSpecial => eq_mask(x, b'"') | eq_mask(x, b'\\') | eq_mask(x, b'\n'),
        Set::NotSpace => {
            !(eq_mask(x, b' ') | eq_mask(x, b'\n') | eq_mask(x, b'\r') | eq_mask(x, b'\t')) & (ONES * 0x80)
        }
    };
    (hits, eq_mask(x, b'\n'))
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit set in every byte of `x` equal to `b` (exact, no false positives).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
fn eq_mask(x: u64, b: u8) -> u64 {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let y = x ^ (ONES * b as u64);
    !(((y & LO7).wrapping_add(LO7)) | y | LO7)
}

/// Where a skip stands: the position, and the newlines passed so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub at: usize,
    pub newlines: usize,
    pub last_newline: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipError {
    /// The input ends inside the value, or a string holds a raw newline.
    Unclosed,
    /// A closing bracket of the other kind.
    Mismatch,
    TooDeep,
}

/// Skips the object or array whose opening bracket is at `cur.at`.
pub fn skip_container(bytes: &[u8], cur: &mut Cursor, max_depth: usize) -> Result<(), SkipError> {
    let mut state = SkipState::default();
    if skip_within(bytes, cur, &mut state, max_depth)? {
        Ok(())
    } else {
        Err(SkipError::Unclosed)
    }
}

/// Where a skip stands inside a value, to go on with the next chunk.
#[derive(Clone, Debug, Default)]
pub struct SkipState {
    closers: Vec<u8>,
    in_string: bool,
    escaped: bool,
}

/// Skips forward through a value, 64 bytes a step: quote masks give the bytes inside strings
/// (a prefix XOR, as simdjson does), so brackets are counted without visiting each string.
/// Blocks holding a backslash are walked byte by byte. Returns true when the value closed
/// (`cur.at` just past it), false when `bytes` ran out first (`state` goes on from there).
pub fn skip_within(bytes: &[u8], cur: &mut Cursor, state: &mut SkipState, max_depth: usize) -> Result<bool, SkipError> {
    let SkipState { closers, in_string, escaped } = state;
    while cur.at < bytes.len() {
        if !*escaped && cur.at + 64 <= bytes.len() {
            let m = block_masks(&bytes[cur.at..cur.at + 64]);
            let inside = prefix_xor(m.quote) ^ if *in_string { u64::MAX } else { 0 };
            if m.backslash == 0 && m.newline & inside == 0 {
                let mut events = m.bracket & !inside;
                while events != 0 {
                    let i = events.trailing_zeros() as usize;
                    events &= events - 1;
                    if matches!(bytes[cur.at + i], b'{' | b'[') {
                        if closers.len() >= max_depth {
                            count_newlines(cur, m.newline, i);
                            return Err(SkipError::TooDeep);
                        }
                        closers.push(closing(bytes[cur.at + i]));
                    } else if closers.pop() != Some(bytes[cur.at + i]) {
                        count_newlines(cur, m.newline, i);
                        return Err(SkipError::Mismatch);
                    } else if closers.is_empty() {
                        count_newlines(cur, m.newline, i + 1);
                        return Ok(true);
                    }
                }
                *in_string = inside >> 63 == 1;
                count_newlines(cur, m.newline, 64);
                continue;
            }
        }
        // Byte by byte, up to the next block boundary.
        let end = (cur.at + 64).min(bytes.len());
        while cur.at < end {
            let b = bytes[cur.at];
            cur.at += 1;
            if b == b'\n' {
                if *in_string {
                    cur.at -= 1;
                    return Err(SkipError::Unclosed);
                }
                cur.newlines += 1;
                cur.last_newline = Some(cur.at);
            }
            if *in_string {
                if *escaped {
                    *escaped = false;
                } else if b == b'\\' {
                    *escaped = true;
                } else if b == b'"' {
                    *in_string = false;
                }
                continue;
            }
            match b {
                b'"' => *in_string = true,
                b'{' | b'[' => {
                    if closers.len() >= max_depth {
                        cur.at -= 1;
                        return Err(SkipError::TooDeep);
                    }
                    closers.push(closing(b));
                }
                b'}' | b']' => {
                    if closers.pop() != Some(b) {
                        cur.at -= 1;
                        return Err(SkipError::Mismatch);
                    }
                    if closers.is_empty() {
                        return Ok(true);
                    }
                }
                _ => {}
            }
        }
    }
    Ok(false)
}

fn closing(open: u8) -> u8 {
    if open == b'{' {
        b'}'
    } else {
        b']'
    }
}

/// Moves the cursor `n` bytes into the current block, counting the newlines before it.
fn count_newlines(cur: &mut Cursor, newline_mask: u64, n: usize) {
    let nl = if n >= 64 { newline_mask } else { newline_mask & ((1u64 << n) - 1) };
    if nl != 0 {
        cur.newlines += nl.count_ones() as usize;
        cur.last_newline = Some(cur.at + (63 - nl.leading_zeros() as usize) + 1);
    }
    cur.at += n;
}

/// Bit i set when byte i is inside a string: each quote flips the state.
fn prefix_xor(mut m: u64) -> u64 {
    m ^= m << 1;
    m ^= m << 2;
    m ^= m << 4;
    m ^= m << 8;
    m ^= m << 16;
    m ^= m << 32;
    m
}

/// One bit per byte of a 64-byte block.
struct BlockMasks {
    quote: u64,
    backslash: u64,
    /// `{`, `[`, `}` or `]`
    bracket: u64,
    newline: u64,
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn block_masks(block: &[u8]) -> BlockMasks {
    use core::arch::wasm32::*;
    let mut m = BlockMasks { quote: 0, backslash: 0, bracket: 0, newline: 0 };
    for (k, c) in block.chunks_exact(16).enumerate() {
        let x = load16(c);
        let folded = v128_or(x, u8x16_splat(0x20)); // '[' → '{', ']' → '}'
        let bits = |v: v128| (u8x16_bitmask(v) as u64) << (16 * k);
        m.quote |= bits(u8x16_eq(x, u8x16_splat(b'"')));
        m.backslash |= bits(u8x16_eq(x, u8x16_splat(b'\\')));
        m.bracket |= bits(v128_or(u8x16_eq(folded, u8x16_splat(b'{')), u8x16_eq(folded, u8x16_splat(b'}'))));
        m.newline |= bits(u8x16_eq(x, u8x16_splat(b'\n')));
    }
    m
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn block_masks(block: &[u8]) -> BlockMasks {
    let mut m = BlockMasks { quote: 0, backslash: 0, bracket: 0, newline: 0 };
    for (i, &b) in block.iter().enumerate() {
        let bit = 1u64 << i;
        match b {
            b'"' => m.quote |= bit,
            b'\\' => m.backslash |= bit,
            b'{' | b'[' | b'}' | b']' => m.bracket |= bit,
            b'\n' => m.newline |= bit,
            _ => {}
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_and_counts_newlines() {
        let text = b"  \n  abc\n def]g \"h\\";
        assert_eq!(find(text, 0, STRING_SPECIAL), (2, 0, None));
        assert_eq!(find(text, 3, STRING_SPECIAL), (8, 0, None));
        assert_eq!(find(text, 9, STRING_SPECIAL), (16, 0, None));
        assert_eq!(find(b"no match here at all, none", 0, STRING_SPECIAL).0, 26);
        assert_eq!(find(b"  \n        \n    \t x", 0, NOT_SPACE), (18, 2, Some(12)));
        for (i, b) in b"\"\\\n".iter().enumerate() {
            let mut t = vec![b'a'; 40];
            t[17 + i] = *b;
            assert_eq!(find(&t, 0, STRING_SPECIAL).0, 17 + i);
        }
    }

    fn skip(text: &str) -> (Result<(), SkipError>, Cursor) {
        let mut cur = Cursor::default();
        (skip_container(text.as_bytes(), &mut cur, 200), cur)
    }

    #[test]
    fn skips_containers_across_blocks_strings_and_escapes() {
        let long = format!("{{\"a\": [\"{}\", \"]}}[{{\"],\n \"b\\\\\": \"x\\\"]\"}}, {{}}]}} tail", "x".repeat(70));
        let (r, cur) = skip(&long);
        assert_eq!(r, Ok(()));
        assert_eq!(&long[cur.at..], ", {}]} tail", "the object closes after the \"b\\\\\" entry");
        assert_eq!((cur.newlines, cur.last_newline), (1, long.find('\n').map(|i| i + 1)));
        for n in 0..130 {
            // A string that crosses a block boundary wherever it falls.
            let text = format!("[{}\"]{{\"]", " ".repeat(n));
            assert_eq!(skip(&format!("{text}\"]x")).0, Ok(()), "{n}");
        }
        assert_eq!(skip("[1, 2").0, Err(SkipError::Unclosed));
        assert_eq!(skip("[1, 2}").0, Err(SkipError::Mismatch));
        assert_eq!(skip(&"[".repeat(300)).0, Err(SkipError::TooDeep));
        assert_eq!(skip("[\"a\nb\"]").0, Err(SkipError::Unclosed));
    }
}
