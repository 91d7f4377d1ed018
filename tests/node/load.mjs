// Loads the built package (run `make build` first) and the test data.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The trailing slash matters: without it, Node resolves the top-level pkg.json file first.
export const planner = require(path.join(root, 'pkg/'));

export function conformance(suite) {
  const dir = path.join(root, 'tests/conformance', suite);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
}

// JavaScript numbers are float64: an int64 such as 9223372036854775807 would round. Number
// literals are kept as written by quoting them before JSON.parse; `rawJSON` writes them back.
const NUM = '\u0001num:';
function quoteNumbers(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i, i + 400));
      out += JSON.stringify(NUM + m[0]);
      i += m[0].length - 1;
    } else out += ch;
  }
  return out;
}

/** The cases of a suite with number literals kept exact, for `rawJSON`. */
export function rawConformance(suite) {
  const dir = path.join(root, 'tests/conformance', suite);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(quoteNumbers(readFileSync(path.join(dir, f), 'utf8'))));
}

/** JSON text of a value from `rawConformance`, every number as the file wrote it. */
export function rawJSON(value) {
  return JSON.stringify(value).replace(/"\\u0001num:([^"]*)"/g, '$1');
}

export function fixture(kind, name) {
  return readFileSync(path.join(root, 'tests/fixtures', kind, name));
}

export function fixtures(kind) {
  return readdirSync(path.join(root, 'tests/fixtures', kind)).filter((f) => !f.endsWith('.md')).sort();
}

/** An admission.k8s.io/v1 AdmissionReview for a DaemonSet, as the API server sends it. */
export const admissionReview = (operation, object, oldObject = null) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: { uid: 'b6a0c1d2-1111-4c3b-9a77-0123456789ab', kind: { group: 'apps', version: 'v1', kind: 'DaemonSet' }, resource: { group: 'apps', version: 'v1', resource: 'daemonsets' }, operation, namespace: 'ops', name: object?.metadata?.name, object, oldObject },
});
