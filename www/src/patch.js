// Applies a suggestion's JSON merge patch (RFC 7386) to one DaemonSet in the editor's text.
// Block YAML is edited in place, key by key, so the rest of the text (comments, order, the
// other documents) stays as written; only the values the patch replaces are rewritten.
import { load } from 'js-yaml';
import { toYaml } from '../../src/js/yaml.mjs';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7386 over plain data: objects merge, `null` removes, anything else replaces. */
export function mergePatch(target, patch) {
  if (!isObject(patch)) return patch;
  const out = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * The text with `patch` applied to the DaemonSet `entry` ({ namespace, name, line } as
 * listDaemonSets gives it): `{ text }`, or `{ error }` saying why it could not be.
 */
export function applyToText(text, entry, patch) {
  try {
    const json = /^\s*[[{]/.test(text) ? parseJson(text) : undefined;
    if (json !== undefined) return applyToJson(json, entry, patch);
    const lines = text.split('\n');
    const first = lines[entry.line - 1];
    if (first === undefined) return { error: `line ${entry.line} is past the end of the text` };
    const col = info(first).indent + /^(-\s+)*/.exec(first.trimStart())[0].length;
    if (/^[[{]/.test(first.slice(col))) return { error: 'the DaemonSet is written in flow style ({ … }): apply the patch by hand' };
    patchMapping(lines, entry.line - 1, col, patch);
    return { text: lines.join('\n') };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // YAML in flow style, or broken JSON: read as YAML
  }
}

function applyToJson(root, entry, patch) {
  const items = Array.isArray(root) ? root : Array.isArray(root?.items) ? root.items : [root];
  const at = items.findIndex((o) => o?.kind === 'DaemonSet' && o.metadata?.name === entry.name && (o.metadata?.namespace ?? 'default') === entry.namespace);
  if (at < 0) return { error: `no DaemonSet ${entry.namespace}/${entry.name} in the JSON` };
  const patched = mergePatch(items[at], patch);
  if (Array.isArray(root)) root[at] = patched;
  else if (Array.isArray(root?.items)) root.items[at] = patched;
  else return { text: JSON.stringify(patched, null, 2) + '\n' };
  return { text: JSON.stringify(root, null, 2) + '\n' };
}

function info(line) {
  const t = line.replace(/\r$/, '');
  const indent = /^ */.exec(t)[0].length;
  const body = t.slice(indent);
  return { indent, body, blank: body === '' || body.startsWith('#') };
}

const DOC_MARKER = /^(---|\.\.\.)(\s|$)/;
const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"?:,[\]{}][^:#]*?))\s*:(?:\s|$)/;

/** Where the mapping whose keys start at column `col` (from line `from`) ends. */
function mappingEnd(lines, from, col) {
  for (let j = from + 1; j < lines.length; j++) {
    const l = info(lines[j]);
    if (l.blank) continue;
    if (DOC_MARKER.test(lines[j]) || l.indent < col) return j;
  }
  return lines.length;
}

/** The line of key `name` in the mapping, or -1; the first line may carry a `- ` before `col`. */
function findKey(lines, from, to, col, name) {
  for (let j = from; j < to; j++) {
    let body;
    if (j === from) body = lines[j].slice(col).replace(/\r$/, '');
    else {
      const l = info(lines[j]);
      if (l.blank || l.indent !== col || /^-(\s|$)/.test(l.body)) continue;
      body = l.body;
    }
    const m = KEY.exec(body);
    if (!m) continue;
    const key = m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3].trimEnd();
    if (key === name) return { line: j, rest: body.slice(m[0].length).replace(/(^|\s)#.*$/, '').trim() };
  }
  return null;
}

/** One past the last line of the value of the key on line `at` (key column `col`), before `to`. */
function valueEnd(lines, at, to, col) {
  let end = at + 1;
  for (let j = at + 1; j < to; j++) {
    const l = info(lines[j]);
    if (l.blank) continue;
    if (l.indent > col || (l.indent === col && /^-(\s|$)/.test(l.body))) end = j + 1;
    else break;
  }
  return end;
}

/** `key: value` as kubectl prints YAML, at column `col`; the first line keeps `prefix`. */
function emit(key, value, col, prefix) {
  const out = toYaml({ [key]: value }).replace(/\n$/, '').split('\n').map((l) => ' '.repeat(col) + l);
  if (prefix !== undefined) out[0] = prefix + out[0].slice(col);
  return out;
}

function patchMapping(lines, from, col, patch) {
  for (const [key, value] of Object.entries(patch)) {
    const to = mappingEnd(lines, from, col);
    const found = findKey(lines, from, to, col, key);
    const prefix = found?.line === from ? lines[from].slice(0, col) : undefined;
    if (!found) {
      if (value === null) continue;
      // A new key goes after the mapping's last line (not after trailing comments or blanks).
      let at = to;
      while (at > from + 1 && info(lines[at - 1]).blank) at -= 1;
      lines.splice(at, 0, ...emit(key, mergePatch(undefined, value), col));
      continue;
    }
    const end = valueEnd(lines, found.line, to, col);
    if (value === null) {
      if (prefix !== undefined) throw new Error(`cannot remove ${key}, the first key of its mapping`);
      lines.splice(found.line, end - found.line);
      continue;
    }
    const child = lines.slice(found.line + 1, end).map(info).find((l) => !l.blank);
    if (isObject(value) && found.rest === '' && child && child.indent > col && !/^-(\s|$)/.test(child.body)) {
      patchMapping(lines, found.line + 1, child.indent, value);
      continue;
    }
    // Anything else (a flow mapping, a list, a scalar) is read and written again, merged.
    const block = lines.slice(found.line, end).map((l, k) => (k === 0 ? l.slice(col) : l.slice(Math.min(col, info(l).indent)))).join('\n');
    const existing = load(block)?.[key];
    lines.splice(found.line, end - found.line, ...emit(key, mergePatch(existing, value), col, prefix));
  }
}
