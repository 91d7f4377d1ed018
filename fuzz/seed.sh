#!/usr/bin/env bash
# Seeds each target's corpus from the repository's fixtures and conformance cases, at fuzz
# time (nothing is committed): fuzz/corpus/<target>/. Seeds are small (one object each, at
# most SEED_MAX bytes): libFuzzer's speed falls with the size of what it mutates, and a
# 200 KB node file makes every execution of every mutation of it slow.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED_MAX=${SEED_MAX:-8192}
for t in yaml json stream validate plan review settings; do mkdir -p "fuzz/corpus/$t"; done
small() { [ "$(wc -c < "$1")" -le "$SEED_MAX" ]; }
n=0
for f in tests/fixtures/daemonsets/*.yaml www/examples/*.yaml; do
  small "$f" || continue
  n=$((n + 1))
  cp "$f" "fuzz/corpus/yaml/ds$n"; cp "$f" "fuzz/corpus/validate/ds$n"; cp "$f" "fuzz/corpus/plan/ds$n"
  cp "$f" "fuzz/corpus/review/ds$n"
done
for f in tests/fixtures/nodes/*.yaml tests/fixtures/nodes/*.json; do
  small "$f" || continue
  n=$((n + 1))
  cp "$f" "fuzz/corpus/yaml/nodes$n"
  { printf '\x00\x40'; cat "$f"; } > "fuzz/corpus/stream/nodes$n"
  case "$f" in *.json) cp "$f" "fuzz/corpus/json/nodes$n" ;; esac
done
# Conformance cases: each case's DaemonSet (compact JSON) for validate/review/json; for an
# update case the DaemonSet, a NUL and the old one; for plan the DaemonSet, a NUL and the
# case's nodes as a NodeList (stream gets that list alone).
node - "$SEED_MAX" tests/conformance/*/*.json <<'JS'
const fs = require('node:fs');
const [max, ...files] = process.argv.slice(2);
const put = (t, name, text) => text.length <= Number(max) && fs.writeFileSync(`fuzz/corpus/${t}/${name}`, text);
let i = 0;
for (const f of files) {
  const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  for (const c of Array.isArray(doc) ? doc : [doc]) {
    if (!c || typeof c.daemonSet !== 'object') continue;
    i += 1;
    const ds = JSON.stringify(c.daemonSet);
    for (const t of ['json', 'validate', 'review']) put(t, `c${i}`, ds);
    if (c.oldDaemonSet) put('validate', `o${i}`, `${ds}\0${JSON.stringify(c.oldDaemonSet)}`);
    if (Array.isArray(c.nodes)) {
      const nodes = JSON.stringify({ apiVersion: 'v1', kind: 'NodeList', items: c.nodes });
      put('plan', `c${i}`, `${ds}\0${nodes}`);
      put('stream', `c${i}`, `\x00\x10${nodes}`);
    }
    if (i === 1) {
      const request = { uid: 'u', kind: { group: 'apps', version: 'v1', kind: 'DaemonSet' }, operation: 'UPDATE', object: c.daemonSet, oldObject: c.daemonSet };
      put('review', 'admission', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request }));
    }
  }
}
JS
printf 'failurePolicy: Ignore\nvalidation: false\nminCoverage: {percent: 95}\nmaxUnavailable: "25%%"\n' > fuzz/corpus/settings/s1
printf '{"forbidTolerateAll": true, "allowedRegistries": ["registry.k8s.io"]}' > fuzz/corpus/settings/s2
for t in yaml json stream validate plan review settings; do
  echo "fuzz/corpus/$t: $(ls "fuzz/corpus/$t" | wc -l) seeds, $(cat "fuzz/corpus/$t"/* | wc -c) bytes"
done
