// Prints a JSON value as YAML, in kubectl's style (sigs.k8s.io/yaml: sorted keys are the
// caller's business, sequences not indented under their key). One module for the playground
// (bundled into www/app.js) and the CLI (pkg/bin/yaml.mjs). Characters a terminal could act on are written
// as escapes inside double quotes, never raw.

const PLAIN_UNSAFE = /^[\s\-?:,[\]{}#&*!|>'"%@`]|[:]\s|\s#|[\n\t]|:$|\s$/;
const LOOKS_TYPED = /^(true|false|yes|no|on|off|y|n|null|~)$|^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^0[xo][0-9a-f]+$|^\d{4}-\d\d-\d\d/i;

// Not printable in Go's sense (strconv.IsPrint): controls, format characters, separators.
const NONPRINT = /[\p{C}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;
const NONPRINT_G = new RegExp(NONPRINT.source, 'gu');
const hex4 = (c) => '\\u' + c.toString(16).padStart(4, '0');

// A YAML double-quoted scalar: JSON's escapes, plus \uXXXX for what JSON leaves raw.
function quote(s) {
  return JSON.stringify(s).replace(NONPRINT_G, (ch) =>
    ch.length === 2 ? hex4(ch.charCodeAt(0)) + hex4(ch.charCodeAt(1)) : hex4(ch.charCodeAt(0)),
  );
}

function str(s) {
  return s === '' || PLAIN_UNSAFE.test(s) || LOOKS_TYPED.test(s) || NONPRINT.test(s) ? quote(s) : s;
}

function scalar(v) {
  return typeof v === 'string' ? str(v) : v === null ? 'null' : String(v);
}

function lines(value, indent, out) {
  const pad = ' '.repeat(indent);
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) {
      if (!v.length) out.push(`${pad}${str(k)}: []`);
      else {
        out.push(`${pad}${str(k)}:`);
        for (const item of v) seqItem(item, indent, out);
      }
    } else if (v && typeof v === 'object') {
      if (!Object.keys(v).length) out.push(`${pad}${str(k)}: {}`);
      else {
        out.push(`${pad}${str(k)}:`);
        lines(v, indent + 2, out);
      }
    } else out.push(`${pad}${str(k)}: ${scalar(v)}`);
  }
}

function seqItem(item, indent, out) {
  const pad = ' '.repeat(indent);
  if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length) {
    const inner = [];
    lines(item, indent + 2, inner);
    inner[0] = `${pad}- ${inner[0].slice(indent + 2)}`;
    out.push(...inner);
  } else if (Array.isArray(item)) {
    out.push(`${pad}- ${JSON.stringify(item)}`);
  } else out.push(`${pad}- ${item && typeof item === 'object' ? '{}' : scalar(item)}`);
}

export function toYaml(value) {
  const out = [];
  lines(value, 0, out);
  return out.join('\n') + '\n';
}
