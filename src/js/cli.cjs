#!/usr/bin/env node
'use strict';
// daemonset-planner: where will this DaemonSet run, and why not on that node?
//
// Structure: FLAGS (every flag once, kubectl's forms), COMMANDS (each with its flags, help
// and one run function), parseFlags, main. A new command is one more entry in COMMANDS.
//
// Exit codes: 0 done (validate: valid; review: answered, allowed or not); 1 validate found the
// DaemonSet invalid; 2 usage error (including a missing file or a directory); 3 unusable input
// or settings (the error's code is printed).

const planner = require('../node/daemonset_planner.js');
const { UsageError, InputError, readInput, checkNodeList, fromPlannerError } = require('./cli-input.cjs');
const { escapeText, goQuote, safeJson, table } = require('./cli-text.cjs');
const fleet = require('./cli-fleet.cjs');

const overTime = require('./sync.cjs');

const BIN = 'daemonset-planner';

// name → { short, value (placeholder; absent for a boolean), help }
const FLAGS = {
  filename: { short: 'f', value: 'FILE', repeat: true, help: 'the DaemonSet (YAML or JSON, a file or a directory; - reads standard input); may be repeated' },
  nodes: { value: 'FILE', repeat: true, help: 'the cluster: what `kubectl get nodes,pods,priorityclasses,pdb -A -o yaml` prints (nodes alone will do); may be repeated' },
  output: { short: 'o', value: 'FORMAT', help: 'output format' },
  name: { value: 'NAME', help: 'which DaemonSet, when the file holds several' },
  pods: { help: "include the Pod the controller creates on each node (-o json|yaml)" },
  'no-headers': { help: "don't print the table's header line" },
  old: { value: 'FILE', help: 'validate as an update of this stored DaemonSet' },
  settings: { value: 'FILE', help: 'the policy settings (YAML or JSON)' },
  'kubernetes-version': { value: 'VERSION', help: 'answer as this Kubernetes release does (e.g. 1.35; default: the newest)' },
  validate: { value: 'MODE', help: 'unknown and duplicate fields, as kubectl --validate: strict (the default: the request fails), warn or ignore' },
  'feature-gates': { value: 'GATES', help: 'feature gates, as components take them: TaintTolerationComparisonOperators=true' },
  selector: { short: 'l', value: 'SELECTOR', help: 'only these nodes count (a label selector, as kubectl -l takes: kubernetes.io/os=linux)' },
  'fail-on-missing': { help: 'exit 1 unless every DaemonSet runs on every node that counts (for CI)' },
  'only-missing': { help: 'show only the DaemonSets and nodes where a daemon does not run' },
  suggest: { help: 'for each node a daemon misses, the change that would place it (checked by planning again)' },
  'suggest-node': { help: 'for each node a daemon misses, the node labels and taints to change instead (checked by deciding again)' },
  help: { short: 'h', help: 'help for this command' },
};

const COMMANDS = {
  plan: {
    summary: 'Show on which nodes the DaemonSet runs, and why not on the others.',
    usage: ['plan DAEMONSET CLUSTER... [flags]', 'plan -f DAEMONSET [-f DAEMONSET...] --nodes CLUSTER [--nodes CLUSTER...] [flags]', 'plan DIRECTORY CLUSTER... [flags]'],
    flags: ['filename', 'nodes', 'output', 'name', 'pods', 'no-headers', 'selector', 'only-missing', 'suggest', 'suggest-node', 'fail-on-missing', 'kubernetes-version', 'validate', 'feature-gates', 'help'],
    outputs: ['table', 'wide', 'json', 'yaml'],
    example: [
      'kubectl get nodes -o yaml > nodes.yaml',
      `${BIN} plan fluentd.yaml nodes.yaml`,
      `${BIN} plan -f fluentd.yaml --nodes nodes.yaml -o wide --suggest`,
      `${BIN} plan manifests/ --nodes nodes.yaml -l kubernetes.io/os=linux --fail-on-missing`,
    ],
    run: runPlan,
  },
  validate: {
    summary: 'Say what the API server would answer for the DaemonSet, with line numbers.',
    usage: ['validate DAEMONSET... [flags]', 'validate -f DAEMONSET [flags]', 'validate DIRECTORY... [flags]'],
    flags: ['filename', 'output', 'name', 'old', 'kubernetes-version', 'validate', 'feature-gates', 'help'],
    outputs: ['text', 'json', 'yaml', 'github', 'sarif'],
    example: [
      `${BIN} validate fluentd.yaml`,
      `kubectl get ds fluentd -o yaml > stored.yaml && ${BIN} validate fluentd.yaml --old stored.yaml`,
      `${BIN} validate manifests/ -o github   # annotations in a GitHub Actions step`,
    ],
    run: runValidate,
  },
  review: {
    summary: 'Answer an AdmissionReview (JSON) as the validating webhook does.',
    usage: ['review [REVIEW | -] [flags]'],
    flags: ['filename', 'settings', 'nodes', 'help'],
    flagHelp: { filename: 'the AdmissionReview (JSON; default: standard input)', nodes: 'the node snapshot for minCoverage' },
    example: [`${BIN} review --settings settings.yaml --nodes nodes.yaml < review.json`],
    run: runReview,
  },
  version: {
    summary: 'Print the package version and the Kubernetes release it follows.',
    usage: ['version [flags]'],
    flags: ['output', 'kubernetes-version', 'help'],
    outputs: ['text', 'json', 'yaml'],
    example: [`${BIN} version`, `${BIN} --version`],
    run: runVersion,
  },
};

function hint(command) {
  return command ? `See '${BIN} ${command} --help' for usage.` : `Run '${BIN} --help' for usage.`;
}

/** kubectl's forms: -o json, -ojson, -o=json, --output json, --output=json, --pods, --pods=false. */
function parseFlags(command, argv) {
  const allowed = new Set(COMMANDS[command].flags);
  const byShort = Object.fromEntries(Object.entries(FLAGS).filter(([, f]) => f.short).map(([n, f]) => [f.short, n]));
  const flags = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-' || !a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    let name;
    let inline;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
    } else {
      name = byShort[a[1]];
      const rest = a.slice(2);
      inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
    }
    if (!name || !FLAGS[name] || !allowed.has(name)) throw new UsageError(`unknown flag: ${a.split('=')[0]}`);
    const spec = FLAGS[name];
    if (!spec.value) {
      if (inline !== undefined && !['true', 'false'].includes(inline)) throw new UsageError(`${a}: a boolean flag takes true or false`);
      flags[name] = inline !== 'false';
      continue;
    }
    if (inline === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: ${a}`);
      inline = argv[++i];
    }
    if (spec.repeat) (flags[name] ??= []).push(inline);
    else flags[name] = inline;
  }
  return { flags, positional };
}

function helpText(command) {
  if (!command) {
    const names = Object.keys(COMMANDS);
    const width = Math.max(...names.map((n) => n.length));
    return [
      'Where will this DaemonSet run, and why not on that node? Kubernetes DaemonSet placement,',
      'validation and admission, exactly as Kubernetes decides them.',
      '',
      'Commands:',
      ...names.map((n) => `  ${n.padEnd(width)}   ${COMMANDS[n].summary}`),
      '',
      'Over time (the DaemonSet controller with the pods already there):',
      overTime.USAGE,
      '',
      'Usage:',
      `  ${BIN} COMMAND [flags]`,
      '',
      `Files may be YAML or JSON (UTF-8, or UTF-16 with a BOM); - reads standard input.`,
      'Exit codes: 0 done, 1 invalid DaemonSet (validate) or a daemon missing (plan --fail-on-missing),',
      '2 usage error, 3 unusable input or settings.',
      `Use '${BIN} COMMAND --help' for a command's flags; '${BIN} --version' for the version.`,
    ].join('\n');
  }
  const c = COMMANDS[command];
  const rows = c.flags.map((n) => {
    const f = FLAGS[n];
    const form = (f.short ? `-${f.short}, ` : '    ') + `--${n}` + (f.value ? `=${f.value}` : '');
    const text = (c.flagHelp && c.flagHelp[n]) || f.help;
    const help = n === 'output' ? `${text}: ${c.outputs.join('|')} (default ${c.outputs[0]})` : text;
    return [form, help];
  });
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    c.summary,
    '',
    'Examples:',
    ...c.example.map((e) => `  ${e}`),
    '',
    'Options:',
    ...rows.map(([form, help]) => `  ${form.padEnd(width)}   ${help}`),
    '',
    'Usage:',
    ...c.usage.map((u) => `  ${BIN} ${u}`),
  ].join('\n');
}

function outputFormat(command, flags) {
  const outputs = COMMANDS[command].outputs;
  const o = flags.output ?? outputs[0];
  if (!outputs.includes(o)) {
    throw new UsageError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${outputs.join(',')}`);
  }
  return o;
}

// kubectl's --validate values (true means strict, false ignore) as fieldValidation.
const FIELD_VALIDATION = { strict: 'Strict', true: 'Strict', warn: 'Warn', ignore: 'Ignore', false: 'Ignore' };

/** The options every planning call shares. */
function plannerOptions(flags) {
  const options = {};
  if (flags.name !== undefined) options.name = flags.name;
  if (flags.pods) options.pods = true;
  if (flags['kubernetes-version'] !== undefined) options.kubernetesVersion = flags['kubernetes-version'];
  if (flags.validate !== undefined) {
    options.fieldValidation = FIELD_VALIDATION[flags.validate];
    if (!options.fieldValidation) throw new UsageError(`--validate must be strict, warn or ignore, not ${JSON.stringify(flags.validate)}`);
  }
  if (flags['feature-gates'] !== undefined) {
    options.featureGates = {};
    for (const pair of flags['feature-gates'].split(',').filter(Boolean)) {
      const m = /^([A-Za-z0-9]+)=(true|false)$/.exec(pair.trim());
      if (!m) throw new UsageError(`--feature-gates: ${JSON.stringify(pair)} is not Name=true|false`);
      options.featureGates[m[1]] = m[2] === 'true';
    }
  }
  return options;
}

let yamlModule;
async function printStructured(value, format) {
  if (format === 'yaml') {
    yamlModule ??= await import('./yaml.mjs');
    write(yamlModule.toYaml(value));
  } else write(safeJson(value, 2) + '\n');
}

/** The DaemonSet file and the rest of the positional arguments. */
function daemonSetArg(flags, positional, what) {
  if (flags.filename !== undefined) return [flags.filename[0], [...flags.filename.slice(1), ...positional]];
  if (!positional.length) throw new UsageError(`${what}: give a DaemonSet file (or -f FILE)`);
  return [positional[0], positional.slice(1)];
}

/**
 * The DaemonSet inputs and the cluster files: `-f` names DaemonSets and `--nodes` cluster files
 * (each may be repeated); positionally the first argument is the DaemonSet (a file or a
 * directory) unless `-f` is given, and every other one is a cluster file.
 */
function planArgs(flags, positional) {
  const daemonSets = [...(flags.filename ?? [])];
  const rest = [...positional];
  if (!daemonSets.length && rest.length) daemonSets.push(rest.shift());
  const clusterFiles = [...(flags.nodes ?? []), ...rest];
  if (!daemonSets.length) throw new UsageError('plan needs a DaemonSet and a node list');
  if (!clusterFiles.length) throw new UsageError('plan needs a node list file after the DaemonSet (or --nodes FILE)');
  return [daemonSets, clusterFiles];
}

/** How many DaemonSets an input holds (a parse error names its file). */
function countDaemonSets(input) {
  try {
    return planner.listDaemonSets(input.bytes).length;
  } catch (e) {
    throw fromPlannerError(e, input.label);
  }
}

async function runPlan({ flags, positional }) {
  const format = outputFormat('plan', flags);
  const [dsPaths, clusterFiles] = planArgs(flags, positional);
  const options = plannerOptions(flags);
  if (flags.suggest) options.suggestions = true;
  if (flags['suggest-node']) options.nodeChanges = true;
  const files = clusterFiles.map(readInput);
  const sources = fleet.readInputs(dsPaths);
  const many = flags.name === undefined && (sources.length > 1 || flags.selector !== undefined || flags['fail-on-missing'] || countDaemonSets(sources[0]) > 1);
  const ds = sources[0];
  files.forEach(checkNodeList);
  const clusterLabel = files.map((f) => f.label).join(', ');
  let cluster;
  try {
    cluster = new planner.Cluster(files.length === 1 ? files[0].bytes : files.map((f) => f.bytes));
  } catch (e) {
    throw fromPlannerError(e, clusterLabel);
  }
  try {
    if (cluster.size === 0) {
      const where = files.length === 1 ? 'this file' : 'these files';
      throw new InputError(clusterLabel, `no Node in ${where}: give what \`kubectl get nodes -o yaml\` prints`, 'EMPTY_INPUT');
    }
    if (many) return await runPlanAll(cluster, sources, options, flags, format);
    let plan;
    try {
      plan = cluster.plan(ds.bytes, options);
    } catch (e) {
      throw fromPlannerError(e, ds.label);
    }
    if (format === 'json' || format === 'yaml') await printStructured(plan, format);
    else printPlanTable(plan, format === 'wide', !flags['no-headers'], flags['only-missing']);
    if (!plan.validation.valid) {
      warn(`the API server would reject this DaemonSet (${plan.validation.errors.length} error(s)); run '${BIN} validate ${ds.label}' for details`);
    }
    return 0;
  } finally {
    cluster.free();
  }
}

async function runPlanAll(cluster, sources, options, flags, format) {
  sources.forEach(countDaemonSets);
  if (flags.selector !== undefined) options.coverage = flags.selector;
  let result;
  try {
    result = cluster.planAll(sources.map((s) => s.bytes), options);
  } catch (e) {
    throw fromPlannerError(e, e && e.code === 'INVALID_OPTIONS' ? '-l' : sources[0].label);
  }
  if (format === 'json' || format === 'yaml') await printStructured(result, format);
  else fleet.printPlanAll(result, { wide: format === 'wide', headers: !flags['no-headers'], onlyMissing: flags['only-missing'], labels: sources.map((s) => s.label) });
  return flags['fail-on-missing'] && !fleet.everyoneEverywhere(result) ? 1 : 0;
}

// The playground's words for each outcome.
const RUNS = { run: 'yes', keepRunning: 'no (running pod stays)', evict: 'no (evicted)', exclude: 'no (excluded)' };

// The default scheduler's verdict per node, when the cluster states allocatable.
function schedulerVerdict(s) {
  if (!s) return '';
  if (s.scheduled) return 'Running';
  const victims = s.preemption ? s.preemption.victims.length : 0;
  if (victims) return `preempts ${victims} pod${victims === 1 ? '' : 's'} (${s.preemption.victims.map(escapeText).join(', ')})`;
  return `Pending: ${(s.reasons.length ? s.reasons : [s.message]).map(escapeText).join(', ')}`;
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
  return [...byMessage].map(([message, names]) => `  ${escapeText(names[0])}${names.length > 1 ? ` (+${names.length - 1} more)` : ''}: ${escapeText(message)}`);
}

// A SCHEDULER column after RUNS (and requested/allocatable with -o wide); suggestion rows below
// their node. Rows were built in `printPlanTable`, one per shown node.
function addSchedulerColumns(plan, rows, wide, headers, onlyMissing) {
  const shown = plan.nodes.filter((n) => !(onlyMissing && n.outcome === 'run'));
  const scheduler = shown.some((n) => n.scheduling);
  const out = headers ? [rows[0]] : [];
  if (scheduler && headers) {
    rows[0].splice(2, 0, 'SCHEDULER');
    if (wide) rows[0].push('REQUESTED/ALLOCATABLE');
  }
  shown.forEach((n, i) => {
    const row = rows[i + (headers ? 1 : 0)];
    if (scheduler) {
      row.splice(2, 0, schedulerVerdict(n.scheduling));
      if (wide) row.push(n.scheduling ? n.scheduling.resources.map((r) => `${escapeText(r.name)} ${r.requested}/${r.allocatable}`).join(', ') : '');
    }
    out.push(row);
    const pad = scheduler ? ['', '', ''] : ['', ''];
    for (const s of n.suggestions ?? []) out.push([...pad, `fix: ${escapeText(s.message)}`, ...(wide ? [escapeText(s.patch)] : [])]);
    if (n.nodeChange) out.push([...pad, `node fix: ${escapeText(n.nodeChange.message)}`, ...(wide ? [escapeText(n.nodeChange.command)] : [])]);
  });
  rows.splice(0, rows.length, ...out);
}

function printPlanTable(plan, wide, headers, onlyMissing) {
  const rows = headers ? [wide ? ['NODE', 'RUNS', 'REASON', 'DETAIL'] : ['NODE', 'RUNS', 'REASON']] : [];
  for (const n of plan.nodes) {
    if (onlyMissing && n.outcome === 'run') continue;
    const first = n.reasons[0];
    const more = n.reasons.length > 1 ? ` (+${n.reasons.length - 1} more)` : '';
    const row = [escapeText(n.name), RUNS[n.outcome] ?? (n.shouldRun ? 'yes' : 'no'), first ? escapeText(first.message) + more : ''];
    if (wide) row.push(escapeText(n.reasons.map((r) => r.detail).join('; ')));
    rows.push(row);
  }
  addSchedulerColumns(plan, rows, wide, headers, onlyMissing);
  const out = [];
  if (plan.nodes.length) out.push(table(rows), '');
  out.push(escapeText(plan.summary.message));
  if (plan.summary.scheduling) out.push(`Scheduler: ${escapeText(plan.summary.scheduling.message)}`, ...failedScheduling(plan));
  const r = plan.rollout;
  out.push(
    `Rollout: ${escapeText(r.strategy)}` +
      (r.strategy === 'RollingUpdate' ? `, maxUnavailable ${r.maxUnavailable}, maxSurge ${r.maxSurge}` : '') +
      (r.error ? ` (${escapeText(r.error)})` : ''),
  );
  write(out.join('\n') + '\n');
}

/** Every DaemonSet of every input validated, for CI: text, GitHub annotations or SARIF. */
async function runValidateAll(sources, options, format) {
  const reports = [];
  for (const source of sources) {
    for (const d of planner.listDaemonSets(source.bytes)) {
      const validation = planner.validate(source.bytes, { ...options, name: `${d.namespace}/${d.name}` });
      reports.push({ label: source.label, name: `${d.namespace}/${d.name}`, validation });
    }
  }
  if (format === 'github') write(fleet.githubAnnotations(reports));
  else if (format === 'sarif') write(safeJson(fleet.sarif(reports, planner.version()), 2) + '\n');
  else if (format !== 'text') await printStructured(reports, format);
  else {
    for (const { label, name, validation } of reports) {
      const first = validation.errors[0];
      const where = (e) => `${label}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}`;
      if (validation.valid) write(`${escapeText(label)}: DaemonSet ${goQuote(name)} is valid\n`);
      else if (first) for (const e of validation.errors) write(`${escapeText(where(e))}: ${escapeText(name)}: ${escapeText(e.message)}\n`);
    }
  }
  if (reports.some((r) => !r.validation.valid && !r.validation.status)) return 3;
  return reports.every((r) => r.validation.valid) ? 0 : 1;
}

async function runValidate({ flags, positional }) {
  const format = outputFormat('validate', flags);
  const [dsFile, rest] = daemonSetArg(flags, positional, 'validate needs a DaemonSet file');
  const options = plannerOptions(flags);
  let ds;
  if (flags.old === undefined && flags.name === undefined) {
    const sources = fleet.readInputs([dsFile, ...rest]);
    // Unreadable input gets the single-file answer below (exit 3 with file:line).
    const count = (s) => {
      try {
        return planner.listDaemonSets(s.bytes).length;
      } catch {
        return 1;
      }
    };
    if (sources.length > 1 || count(sources[0]) > 1 || format === 'github' || format === 'sarif') {
      sources.forEach(countDaemonSets);
      return runValidateAll(sources, options, format);
    }
    ds = sources[0];
  } else {
    if (format === 'github' || format === 'sarif') throw new UsageError(`-o ${format} validates every DaemonSet: leave out --old and --name`);
    if (rest.length) throw new UsageError(`validate with --old or --name takes one DaemonSet file; unexpected ${JSON.stringify(rest[0])}`);
    ds = readInput(dsFile);
  }
  const old = flags.old !== undefined ? readInput(flags.old) : undefined;
  if (old) options.oldDaemonSet = old.bytes;
  const v = planner.validate(ds.bytes, options);
  if (format !== 'text') {
    await printStructured(v, format);
    return v.valid ? 0 : v.status ? 1 : 3;
  }
  for (const w of v.warnings) warn(`${escapeText(w.message)}${w.line ? ` (line ${w.line})` : ''}`);
  if (v.valid) {
    write(`DaemonSet ${goQuote(v.daemonSet ? v.daemonSet.name : dsFile)} is valid\n`);
    return 0;
  }
  if (!v.status) {
    // Not a DaemonSet the server could decode: unusable input.
    const e = v.errors[0] || { message: 'unusable input', reason: 'INVALID_INPUT' };
    const label = old && /^oldDaemonSet/.test(e.message) ? old.label : ds.label;
    throw new InputError(label, String(e.message).replace(/ \(line \d+(, column \d+)?\)$/, ''), e.reason, e.line, e.column);
  }
  const where = (e) => (e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : '');
  if (v.status.code !== 422) {
    // Refused before validation (400: strict field validation or a body that does not decode;
    // 409: a stale resourceVersion), as kubectl prints it; then where each field stands.
    write(`Error from server (${escapeText(v.status.reason)}): ${escapeText(v.status.message)}\n`);
    for (const e of v.errors) write(`* ${escapeText(e.message)}${where(e)}\n`);
    return 1;
  }
  const causes = v.errors.map((e) => `${escapeText(e.message)}${where(e)}`);
  const name = goQuote(v.daemonSet ? v.daemonSet.name : dsFile);
  if (causes.length === 1) write(`The DaemonSet ${name} is invalid: ${causes[0]}\n`);
  else write(`The DaemonSet ${name} is invalid: \n${causes.map((c) => `* ${c}`).join('\n')}\n`);
  return 1;
}

async function runReview({ flags, positional }) {
  if ((flags.filename ?? []).length > 1 || (flags.nodes ?? []).length > 1) throw new UsageError('review takes one AdmissionReview and one node snapshot');
  const file = flags.filename?.[0] ?? positional[0] ?? '-';
  if (positional.length > (flags.filename !== undefined ? 0 : 1)) {
    throw new UsageError('review takes at most one AdmissionReview file (default: standard input)');
  }
  const options = {};
  const settings = flags.settings !== undefined ? readInput(flags.settings) : undefined;
  if (settings) options.settings = settings.bytes;
  const nodes = flags.nodes !== undefined ? readInput(flags.nodes[0]) : undefined;
  if (nodes) options.nodes = nodes.bytes;
  const body = readInput(file);
  let answer;
  try {
    answer = planner.review(body.bytes, options);
  } catch (e) {
    const label = e && e.code === 'INVALID_SETTINGS' && settings ? settings.label : nodes ? nodes.label : body.label;
    throw fromPlannerError(e, label);
  }
  write(safeJson(answer) + '\n');
  return 0;
}

async function runVersion({ flags, positional }) {
  const format = outputFormat('version', flags);
  if (positional.length) throw new UsageError(`version takes no arguments; unexpected ${JSON.stringify(positional[0])}`);
  const v = planner.version(plannerOptions(flags));
  if (format === 'text') write(`${BIN} ${v.package} (Kubernetes ${v.kubernetes})\n`);
  else await printStructured(v, format);
  return 0;
}

function write(text) {
  process.stdout.write(text);
}

function warn(text) {
  process.stderr.write(`Warning: ${text}\n`);
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === '--version') return runVersion({ flags: {}, positional: rest });
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' && COMMANDS[rest[0]] ? rest[0] : undefined;
    write(helpText(topic) + '\n');
    return command === undefined ? 2 : 0;
  }
  if (overTime.COMMANDS.includes(command)) {
    if (rest.includes('-h') || rest.includes('--help')) {
      write(`Usage:\n${overTime.USAGE}\n`);
      return 0;
    }
    const usage = (message) => Object.assign(new UsageError(message), { command: null });
    return overTime.run(command, rest, { planner, readInput: (f) => readInput(f).bytes, usage, table });
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    throw Object.assign(new UsageError(`unknown command ${goQuote(command)} for ${goQuote(BIN)}`), { command: null });
  }
  try {
    const args = parseFlags(command, rest);
    if (args.flags.help) {
      write(helpText(command) + '\n');
      return 0;
    }
    return await COMMANDS[command].run(args);
  } catch (e) {
    if (e instanceof UsageError && e.command === undefined) e.command = command;
    throw e;
  }
}

// `… | head`: the reader went away; stop quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${escapeText(e.message)}\n${hint(e.command)}\n`);
      process.exitCode = 2;
    } else if (e instanceof InputError || (e && typeof e.code === 'string' && !e.syscall)) {
      const where = [e.label, e.line, e.line && e.column].filter(Boolean).join(':');
      process.stderr.write(`error: ${where ? where + ': ' : ''}${escapeText(e.message)} [${escapeText(e.code)}]\n`);
      process.exitCode = 3;
    } else {
      throw e;
    }
  },
);
