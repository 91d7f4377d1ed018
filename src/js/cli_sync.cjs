'use strict';
// The DaemonSet over time, for the CLI: status, sync, rollout, diff (see cli.cjs's usage).
//
//   status  <daemonset> <cluster>...  [--now T] [-o table|json]
//   sync    <daemonset> <cluster>...  [--steps N] [--created ready|running|pending|failed] [--advance S] [--now T] [-o table|json]
//   rollout <daemonset> <cluster>...  [--startup S] [--now T] [-o table|json]
//   diff    <stored-daemonset> <cluster>... [--after FILE] [--after-nodes FILE] [--orphan] [--settled] [--startup S] [--now T] [-o table|json]
//
// A cluster is any number of files holding Nodes, Pods and ControllerRevisions
// (kubectl get nodes,pods,controllerrevisions -o yaml).

const { escapeText, safeJson } = require('./cli-text.cjs');

const USAGE = `  daemonset-planner status  <daemonset> <cluster>... [--now T] [-o table|json]
  daemonset-planner sync    <daemonset> <cluster>... [--steps N] [--created ready|running|pending|failed] [--advance S] [--now T]
  daemonset-planner rollout <daemonset> <cluster>... [--startup S] [--now T]
  daemonset-planner diff    <stored-daemonset> <cluster>... [--after DAEMONSET] [--after-nodes NODES] [--orphan] [--settled] [--startup S]
  (each also takes --kubernetes-version 1.35|1.36|1.37: the controller's release, for controller-revision-hash)`;

const FLAGS = ['--now', '--kubernetes-version', '--steps', '--created', '--advance', '--startup', '--after', '--after-nodes', '-o', '--output', '--name'];

function parse(argv, usage) {
  const args = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--orphan') args.flags.orphan = true;
    else if (a === '--settled') args.flags.settled = true;
    else if (FLAGS.includes(a)) {
      if (i + 1 >= argv.length) throw usage(`${a} needs a value`);
      args.flags[a === '--output' ? '-o' : a] = argv[++i];
    } else if (a.startsWith('-') && a !== '-') throw usage(`unknown flag ${a}`);
    else args.positional.push(a);
  }
  return args;
}

function number(flags, key, usage) {
  if (flags[key] === undefined) return undefined;
  const n = Number(flags[key]);
  if (!Number.isFinite(n) || n < 0) throw usage(`${key} takes a number ≥ 0`);
  return n;
}

const OUTCOME = { run: 'yes', keepRunning: 'no new pod (a running one stays)', evict: 'no (evicted)', exclude: 'no (not targeted)' };

function getTable(table, get) {
  return table([
    ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    [get.name, get.desired, get.current, get.ready, get.upToDate, get.available, get.nodeSelector, get.age].map(String),
  ]);
}

function nodeTable(table, nodes) {
  const rows = [['NODE', 'RUNS', 'POD', 'PHASE', 'READY', 'AVAILABLE', 'UP-TO-DATE']];
  const yes = (b) => (b ? 'yes' : 'no');
  for (const n of nodes) {
    if (n.pods.length === 0) rows.push([n.node, OUTCOME[n.outcome], '-', '', '', '', '']);
    n.pods.forEach((p, i) =>
      rows.push([i ? '' : n.node, i ? '' : OUTCOME[n.outcome], p.name, p.phase || '-', yes(p.ready), yes(p.available), yes(p.updated)]),
    );
  }
  return table(rows);
}

function syncLines(s, i) {
  const out = [`sync ${i + 1} at ${s.now}${s.error ? ` — failed: ${s.error}` : ''}`];
  for (const a of s.adopted) out.push(`  adopt   ${a}`);
  for (const r of s.released) out.push(`  release ${r}`);
  for (const d of s.deleted) out.push(`  delete  ${d}   ${s.deleteReasons[d] ?? ''}`);
  for (const c of s.created) out.push(`  create  pod on ${c.node}   ${c.reason}${c.by === 'rollingUpdate' ? ' (rolling update)' : ''}`);
  for (const r of s.revisionsCreated) out.push(`  revision ${r.name} (revision ${r.revision}) created`);
  if (out.length === 1) out.push('  nothing to do');
  return out.join('\n');
}

function waveLines(plan) {
  const out = [`Strategy ${plan.strategy}: maxUnavailable ${plan.maxUnavailable}, maxSurge ${plan.maxSurge}`];
  for (const w of plan.waves) out.push(`wave ${w.number} (sync ${w.sync + 1}, ${w.at}): ${w.nodes.join(', ')}${w.mode === 'surge' ? '   new pod first, old one deleted once it is available' : '   old pod deleted, new one created next sync'}`);
  if (plan.strategy === 'OnDelete') out.push(`OnDelete: nothing is replaced; ${plan.outdated.length} pod(s) on an old template: ${plan.outdated.join(', ') || '-'}`);
  else out.push(`${plan.waves.length} wave(s), ${plan.syncs.length} sync(s), ${plan.complete ? `done in ~${plan.seconds}s` : 'does not complete (stalled or cut off)'}`);
  for (const w of plan.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}

function run(command, argv, { planner, readInput, usage, table }) {
  const args = parse(argv, usage);
  const f = args.flags;
  const output = f['-o'] || 'table';
  if (!['table', 'json'].includes(output)) throw usage(`unknown output format ${output} (table, json)`);
  if (args.positional.length < 2) throw usage(`${command} takes a DaemonSet file and at least one cluster file`);
  const [dsFile, ...clusterFiles] = args.positional;
  const ds = readInput(dsFile);
  const cluster = clusterFiles.map(readInput);
  const options = { name: f['--name'], now: f['--now'], startupSeconds: number(f, '--startup', usage) };
  // The controller's release decides only controller-revision-hash (unset: 1.35's).
  if (f['--kubernetes-version']) options.kubernetesVersion = f['--kubernetes-version'];
  // Names and values from the input are escaped as Go quotes them (a pod name cannot move the cursor).
  const safe = (text) => text.split('\n').map(escapeText).join('\n');
  const print = (value, text) => process.stdout.write((output === 'json' ? safeJson(value, 2) : safe(text())) + '\n');
  switch (command) {
    case 'status': {
      const r = planner.sync(ds, cluster, { ...options, steps: 0 });
      print(r.current, () => `${getTable(table, r.current.get)}\n\n${nodeTable(table, r.current.nodes)}`);
      return 0;
    }
    case 'sync': {
      const between = { createdPods: f['--created'], advanceSeconds: number(f, '--advance', usage) };
      const r = planner.sync(ds, cluster, { ...options, steps: number(f, '--steps', usage), between });
      print(r, () => `${r.syncs.map(syncLines).join('\n')}\n\nAfter:\n${getTable(table, r.get)}`);
      return 0;
    }
    case 'rollout': {
      const plan = planner.rollout(ds, cluster, options);
      print(plan, () => waveLines(plan));
      return 0;
    }
    case 'diff': {
      const after = {};
      if (f['--after']) after.daemonSet = readInput(f['--after']);
      if (f['--after-nodes']) after.cluster = [readInput(f['--after-nodes'])];
      if (!after.daemonSet && !after.cluster) throw usage('diff needs --after DAEMONSET and/or --after-nodes NODES');
      const d = planner.diff({ daemonSet: ds, cluster }, after, { ...options, orphan: !!f.orphan, settled: !!f.settled });
      print(d, () => {
        const rows = [['NODE', 'BEFORE', 'AFTER', 'CHANGE']];
        for (const n of d.nodes) rows.push([n.node, OUTCOME[n.before] ?? '(absent)', OUTCOME[n.after] ?? '(absent)', n.change]);
        const lines = [table(rows), '', `gain ${d.gain.length}, lose ${d.lose.length}, keep ${d.keep.length}; template ${d.templateChanged ? 'changed' : 'unchanged'}`];
        if (d.adopted.length) lines.push(`adopted: ${d.adopted.join(', ')}`);
        lines.push(waveLines(d.rollout));
        return lines.join('\n');
      });
      return 0;
    }
  }
  throw usage(`unknown command ${command}`);
}

module.exports = { run, USAGE, COMMANDS: ['status', 'sync', 'rollout', 'diff'] };
