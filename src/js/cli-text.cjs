'use strict';
// Text the CLI prints from the input: control and format characters are escaped as Go's %q
// writes them inside quotes (\n, \t, \x1b, \u202e, …), so a node name cannot move the cursor,
// colour the terminal or forge a table row.

// Not printable in Go's sense (strconv.IsPrint): controls, format characters, separators.
const NONPRINT = /[\p{C}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;
const NAMED = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function goEscape(ch) {
  const c = ch.codePointAt(0);
  if (NAMED[c]) return NAMED[c];
  if (c < 0x20 || c === 0x7f) return '\\x' + c.toString(16).padStart(2, '0');
  if (c < 0x10000) return '\\u' + c.toString(16).padStart(4, '0');
  return '\\U' + c.toString(16).padStart(8, '0');
}

/** The text with every non-printable character escaped (printable text is unchanged). */
function escapeText(s) {
  return String(s).replace(NONPRINT, goEscape);
}

/** Go's %q: the text in double quotes, with `"` and `\` escaped too. */
function goQuote(s) {
  return '"' + String(s).replace(/["\\]/g, '\\$&').replace(NONPRINT, goEscape) + '"';
}

// JSON.stringify escapes C0 controls; the rest (DEL, C1, bidi overrides…) become \uXXXX too.
const JSON_RAW = /[\u007f-\u009f\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;
const hex4 = (c) => '\\u' + c.toString(16).padStart(4, '0');

/** JSON text in which every non-printable character is an escape. */
function safeJson(value, indent) {
  return JSON.stringify(value, null, indent).replace(JSON_RAW, (ch) =>
    ch.length === 2 ? hex4(ch.charCodeAt(0)) + hex4(ch.charCodeAt(1)) : hex4(ch.charCodeAt(0)),
  );
}

/** Columns padded to their widest cell, three spaces apart, as kubectl's tables. */
function table(rows) {
  if (!rows.length) return '';
  const widths = [];
  for (const r of rows) r.forEach((cell, c) => (widths[c] = Math.max(widths[c] || 0, cell.length)));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('   ').trimEnd())
    .join('\n');
}

module.exports = { escapeText, goQuote, safeJson, table };
