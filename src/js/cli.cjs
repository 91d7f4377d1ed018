#!/usr/bin/env node
'use strict';
// daemonset-planner: where will this DaemonSet run, and why not on that node?
//
//   daemonset-planner plan <daemonset> <cluster>... [-o table|wide|json] [--name NAME] [--pods]
//   daemonset-planner validate <daemonset> [--old <stored>] [-o text|json] [--name NAME]
//   daemonset-planner review [--settings FILE] [--nodes FILE] < admission-review.json
//   daemonset-planner version
//
// A file argument of `-` reads standard input. Exit codes: 0 done (validate: valid; review:
// answered, allowed or not); 1 validate found the DaemonSet invalid; 2 usage error; 3 unusable
// input or settings (the error's code is printed).

const fs = require('node:fs');
const path = require('node:path');
const planner = require('../node/daemonset_planner.js');

const USAGE = `Usage:
  daemonset-planner plan <daemonset> <cluster>... [-o table|wide|json] [--name NAME] [--pods]
  daemonset-planner validate <daemonset> [--old STORED] [-o text|json] [--name NAME]
  daemonset-planner review [--settings FILE] [--nodes FILE] [REVIEW | -]   (AdmissionReview JSON in, answer out)
  daemonset-planner version

Files may be YAML or JSON (kubectl get nodes -o yaml|json; a cluster may add pods, priorityclasses, pdb: kubectl get nodes,pods,priorityclasses,pdb -A -o json); '-' reads standard input.
Exit codes: 0 done, 1 invalid DaemonSet (validate), 2 usage error, 3 unusable input or settings.`;

function parseArgs(argv) {
  const args = { positional: [], output: undefined, name: undefined, pods: false, old: undefined, settings: undefined, nodes: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '-o' || a === '--output') args.output = value();
    else if (a.startsWith('--output=')) args.output = a.slice(9);
    else if (a === '--name') args.name = value();
    else if (a === '--old') args.old = value();
    else if (a === '--settings') args.settings = value();
    else if (a === '--nodes') args.nodes = value();
    else if (a === '--pods') args.pods = true;
    else if (a === '-h' || a === '--help') args.help = true;
    else if (a.startsWith('-') && a !== '-') throw usage(`unknown flag ${a}`);
    else args.positional.push(a);
  }
  return args;
}

function usage(message) {
  const e = new Error(message);
  e.usage = true;
  return e;
}

let stdinUsed = false;
function readInput(file) {
  if (file === '-') {
    if (stdinUsed) throw usage('only one argument may read standard input');
    stdinUsed = true;
    return fs.readFileSync(0);
  }
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw usage(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('   ').trimEnd()).join('\n');
}

function runsWord(n) {
  if (n.shouldRun) return 'yes';
  return n.shouldContinueRunning ? 'no (running pod stays)' : 'no';
}

function printPlan(plan, wide) {
  const head = wide ? ['NODE', 'RUNS', 'REASON', 'DETAIL'] : ['NODE', 'RUNS', 'REASON'];
  const rows = [head];
  for (const n of plan.nodes) {
    const first = n.reasons[0];
    const more = n.reasons.length > 1 ? ` (+${n.reasons.length - 1} more)` : '';
    const row = [n.name, runsWord(n), first ? first.message + more : ''];
    if (wide) row.push(n.reasons.map((r) => r.detail).join('; '));
    rows.push(row);
  }
  addSchedulerColumns(plan, rows, wide);
  const out = [];
  if (plan.nodes.length) out.push(table(rows), '');
  out.push(plan.summary.message);
  if (plan.summary.scheduling) out.push(`Scheduler: ${plan.summary.scheduling.message}`, ...failedScheduling(plan));
  const r = plan.rollout;
  out.push(`Rollout: ${r.strategy}` + (r.strategy === 'RollingUpdate' ? `, maxUnavailable ${r.maxUnavailable}, maxSurge ${r.maxSurge}` : '') + (r.error ? ` (${r.error})` : ''));
  process.stdout.write(out.join('\n') + '\n');
  if (!plan.validation.valid) {
    process.stderr.write(`Warning: the API server would reject this DaemonSet (${plan.validation.errors.length} error(s)); run 'daemonset-planner validate' for details\n`);
  }
}

// The default scheduler's verdict per node, when the cluster states allocatable.
function schedulerVerdict(s) {
  if (!s) return '';
  if (s.scheduled) return 'Running';
  const victims = s.preemption ? s.preemption.victims.length : 0;
  if (victims) return `preempts ${victims} pod${victims === 1 ? '' : 's'} (${s.preemption.victims.join(', ')})`;
  return `Pending: ${(s.reasons.length ? s.reasons : [s.message]).join(', ')}`;
}

// The FailedScheduling event text of nodes the pod cannot start on yet, one line per text.
function failedScheduling(plan) {
  const byMessage = new Map();
  for (const n of plan.nodes) {
    if (!n.scheduling || n.scheduling.scheduled) continue;
    const names = byMessage.get(n.scheduling.message) ?? [];
    names.push(n.name);
    byMessage.set(n.scheduling.message, names);
  }
  return [...byMessage].map(([message, names]) => `  ${names[0]}${names.length > 1 ? ` (+${names.length - 1} more)` : ''}: ${message}`);
}

function addSchedulerColumns(plan, rows, wide) {
  if (!plan.nodes.some((n) => n.scheduling)) return;
  rows[0].splice(2, 0, 'SCHEDULER');
  if (wide) rows[0].push('REQUESTED/ALLOCATABLE');
  plan.nodes.forEach((n, i) => {
    const row = rows[i + 1];
    row.splice(2, 0, schedulerVerdict(n.scheduling));
    if (wide) row.push(n.scheduling ? n.scheduling.resources.map((r) => `${r.name} ${r.requested}/${r.allocatable}`).join(', ') : '');
  });
}

function whereLabel(e) {
  return e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : '';
}

function printValidation(v, ds) {
  for (const w of v.warnings) process.stderr.write(`Warning: ${w.message}${w.line ? ` (line ${w.line})` : ''}\n`);
  if (v.valid) {
    process.stdout.write(`DaemonSet ${JSON.stringify(ds)} is valid\n`);
    return;
  }
  if (!v.status) {
    // Unusable input: not a DaemonSet the server could decode.
    for (const e of v.errors) process.stdout.write(`error: ${e.message}${whereLabel(e)}\n`);
    return;
  }
  const causes = v.errors.map((e) => `${e.message}${whereLabel(e)}`);
  if (causes.length === 1) process.stdout.write(`The DaemonSet ${JSON.stringify(ds)} is invalid: ${causes[0]}\n`);
  else process.stdout.write(`The DaemonSet ${JSON.stringify(ds)} is invalid: \n${causes.map((c) => `* ${c}`).join('\n')}\n`);
}

function main(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  const args = parseArgs(rest);
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  switch (command) {
    case 'version': {
      const v = planner.version();
      process.stdout.write(`daemonset-planner ${v.package} (Kubernetes ${v.kubernetes})\n`);
      return 0;
    }
    case 'plan': {
      if (args.positional.length < 2) throw usage('plan takes a DaemonSet file and one or more cluster files (nodes, pods, priorityclasses, pdbs)');
      const output = args.output || 'table';
      if (!['table', 'wide', 'json'].includes(output)) throw usage(`unknown output format ${output} (table, wide, json)`);
      const [dsFile, ...clusterFiles] = args.positional;
      const cluster = clusterFiles.length === 1 ? readInput(clusterFiles[0]) : clusterFiles.map(readInput);
      const plan = planner.plan(readInput(dsFile), cluster, { name: args.name, pods: args.pods });
      if (output === 'json') process.stdout.write(JSON.stringify(plan, null, 2) + '\n');
      else printPlan(plan, output === 'wide');
      return 0;
    }
    case 'validate': {
      if (args.positional.length !== 1) throw usage('validate takes one DaemonSet file');
      const output = args.output || 'text';
      if (!['text', 'json'].includes(output)) throw usage(`unknown output format ${output} (text, json)`);
      const options = { name: args.name };
      if (args.old) options.oldDaemonSet = readInput(args.old);
      const v = planner.validate(readInput(args.positional[0]), options);
      if (output === 'json') process.stdout.write(JSON.stringify(v, null, 2) + '\n');
      else printValidation(v, v.daemonSet ? v.daemonSet.name : path.basename(args.positional[0]));
      return v.valid ? 0 : 1;
    }
    case 'review': {
      if (args.positional.length > 1) throw usage('review takes at most one AdmissionReview file (default: standard input)');
      const options = {};
      if (args.settings) options.settings = readInput(args.settings);
      if (args.nodes) options.nodes = readInput(args.nodes);
      const answer = planner.review(readInput(args.positional[0] ?? '-'), options);
      process.stdout.write(JSON.stringify(answer) + '\n');
      return 0;
    }
    default:
      throw usage(`unknown command ${command}`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e.usage) {
    process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (e.code) {
    process.stderr.write(`error: ${e.message} [${e.code}]\n`);
    process.exitCode = 3;
  } else {
    throw e;
  }
}
