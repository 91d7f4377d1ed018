'use strict';
// The CLI over many DaemonSets: several files or directories, one summary line per
// DaemonSet, the findings across them, the CI gate, and validation reports for CI
// (GitHub Actions annotations, SARIF).

const fs = require('node:fs');
const path = require('node:path');
const { UsageError, readInput } = require('./cli-input.cjs');
const { escapeText, table } = require('./cli-text.cjs');

const MANIFEST = /\.(ya?ml|json)$/i;

/** Files and directories (their .yaml, .yml and .json files, as `kubectl apply -f DIR` reads them) as inputs. */
function readInputs(paths) {
  const files = [];
  for (const p of paths) {
    let stat;
    try {
      stat = p === '-' ? null : fs.statSync(p);
    } catch {
      stat = null; // readInput says what is wrong
    }
    if (stat && stat.isDirectory()) {
      const inside = fs.readdirSync(p).filter((f) => MANIFEST.test(f)).sort();
      if (!inside.length) throw new UsageError(`"${p}" holds no .yaml, .yml or .json file`);
      files.push(...inside.map((f) => path.join(p, f)));
    } else files.push(p);
  }
  return files.map(readInput);
}

const RUNS = { run: 'yes', keepRunning: 'no (running pod stays)', evict: 'no (evicted)', exclude: 'no (excluded)' };

/** Whether every DaemonSet runs on every node that counts (the selected ones, with -l). */
function everyoneEverywhere(result) {
  return result.nodes.every((n) => n.selected === false || n.daemonSets.every((d) => d.outcome === 'run'));
}

/** One line per DaemonSet, then the findings; with `wide`, each DaemonSet's nodes. */
function printPlanAll(result, { wide, headers, onlyMissing, labels }) {
  const counted = (i) => result.nodes[i].selected !== false;
  const rows = headers ? [['DAEMONSET', 'SOURCE', 'RUNS', 'MISSING', 'SUMMARY']] : [];
  result.plans.forEach((p, k) => {
    const d = result.daemonSets[k];
    let runs = 0;
    let total = 0;
    p.nodes.forEach((n, i) => {
      if (!counted(i)) return;
      total++;
      if (n.outcome === 'run') runs++;
    });
    if (onlyMissing && runs === total) return;
    const where = `${labels[d.source] ?? ''}${d.line ? `:${d.line}` : ''}`;
    rows.push([escapeText(`${d.namespace}/${d.name}`), escapeText(where), `${runs}/${total}`, String(total - runs), escapeText(p.summary.message)]);
  });
  const out = [table(rows)];
  if (result.findings.length) {
    out.push('', 'Findings:');
    for (const f of result.findings) out.push(`  ${f.code}: ${escapeText(f.message)}`);
  }
  if (wide) {
    result.plans.forEach((p, k) => {
      const d = result.daemonSets[k];
      const nodeRows = headers ? [['NODE', 'RUNS', 'REASON', 'DETAIL']] : [];
      p.nodes.forEach((n, i) => {
        if (!counted(i) || (onlyMissing && n.outcome === 'run')) return;
        const first = n.reasons[0];
        nodeRows.push([escapeText(n.name), RUNS[n.outcome], first ? escapeText(first.message) : '', escapeText(n.reasons.map((r) => r.detail).join('; '))]);
        for (const s of n.suggestions ?? []) nodeRows.push(['', '', `fix: ${escapeText(s.message)}`, escapeText(s.patch)]);
        if (n.nodeChange) nodeRows.push(['', '', `node fix: ${escapeText(n.nodeChange.message)}`, escapeText(n.nodeChange.command)]);
      });
      out.push('', `${escapeText(`${d.namespace}/${d.name}`)}:`, table(nodeRows));
    });
  }
  process.stdout.write(out.join('\n') + '\n');
}

/** `::error file=…,line=…,col=…::message`, as GitHub Actions reads workflow commands. */
function githubAnnotations(reports) {
  const esc = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const lines = [];
  for (const { label, validation } of reports) {
    const at = (x) => [`file=${prop(label)}`, x.line && `line=${x.line}`, x.column && `col=${x.column}`].filter(Boolean).join(',');
    for (const e of validation.errors) lines.push(`::error ${at(e)},title=${prop(e.reason)}::${esc(e.message)}`);
    for (const w of validation.warnings) lines.push(`::warning ${at(w)}::${esc(w.message)}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** A SARIF 2.1.0 log: one result per error (level error) and warning (level warning). */
function sarif(reports, version) {
  const rules = new Map();
  const results = [];
  const region = (x) => (x.line ? { region: { startLine: x.line, ...(x.column ? { startColumn: x.column } : {}) } } : {});
  for (const { label, validation } of reports) {
    const location = (x) => [{ physicalLocation: { artifactLocation: { uri: label.split(path.sep).join('/') }, ...region(x) } }];
    for (const e of validation.errors) {
      rules.set(e.reason, { id: e.reason, shortDescription: { text: `API server validation: ${e.reason}` } });
      results.push({ ruleId: e.reason, level: 'error', message: { text: e.message }, locations: location(e) });
    }
    for (const w of validation.warnings) {
      rules.set('Warning', { id: 'Warning', shortDescription: { text: 'What kubectl would print as a warning' } });
      results.push({ ruleId: 'Warning', level: 'warning', message: { text: w.message }, locations: location(w) });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'daemonset-planner', version: version.package, informationUri: 'https://www.npmjs.com/package/daemonset-planner', rules: [...rules.values()] } }, results }],
  };
}

module.exports = { readInputs, everyoneEverywhere, printPlanAll, githubAnnotations, sarif };
