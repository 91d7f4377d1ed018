#!/usr/bin/env bash
# Seeds each target's corpus from the repository's fixtures and conformance cases, at fuzz
# time (nothing is committed): fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
for t in yaml json stream validate plan review settings; do mkdir -p "fuzz/corpus/$t"; done
n=0
for f in tests/fixtures/daemonsets/*.yaml www/examples/*.yaml; do
  n=$((n + 1))
  cp "$f" "fuzz/corpus/yaml/ds$n"; cp "$f" "fuzz/corpus/validate/ds$n"; cp "$f" "fuzz/corpus/plan/ds$n"
done
for f in tests/fixtures/nodes/*; do
  n=$((n + 1))
  head -c 200000 "$f" > "fuzz/corpus/yaml/nodes$n"
  { printf '\x01\x00'; head -c 200000 "$f"; } > "fuzz/corpus/stream/nodes$n"
  case "$f" in *.json) head -c 200000 "$f" > "fuzz/corpus/json/nodes$n";; esac
done
# Conformance cases: each case's JSON objects (DaemonSets, nodes, reviews) as seeds.
find tests/conformance -name '*.json' | head -400 | while read -r f; do
  n=$(( $(od -An -N2 -tu2 /dev/urandom) ))
  cp "$f" "fuzz/corpus/json/c$n" ; cp "$f" "fuzz/corpus/validate/c$n"; cp "$f" "fuzz/corpus/review/c$n"
done
printf 'failurePolicy: Ignore\nvalidation: false\nminCoverage: {percent: 95}\nmaxUnavailable: "25%%"\n' > fuzz/corpus/settings/s1
printf '{"forbidTolerateAll": true, "allowedRegistries": ["registry.k8s.io"]}' > fuzz/corpus/settings/s2
