// Every sync conformance case (the real v1.35 controller's syncs) through the built package,
// called as the cases prescribe. Created pods' names are random: a created pod is `new@<node>`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planner, conformance } from './load.mjs';

const podKey = (p) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;

function namer(c, syncs) {
  const input = new Set((c.pods ?? []).map(podKey));
  const created = new Map();
  for (const s of syncs) {
    for (const p of s.created ?? []) if (p.name) created.set(p.name, p.node);
    for (const [k, node] of Object.entries(s.podsAfter ?? {})) {
      const name = k.split('/').pop();
      if (!created.has(name)) created.set(name, node);
    }
  }
  const of = (k) => (input.has(k) ? k : `new@${created.get(k.split('/').pop()) ?? '?'}`);
  return { of, list: (v) => (v ?? []).map(of).sort() };
}

const createdNodes = (s) => (s.created ?? []).map((p) => (typeof p === 'string' ? p : p.node)).sort();

for (const c of conformance('sync')) {
  test(c.id, () => {
    const cluster = [...c.nodes, ...c.pods, ...(c.controllerRevisions || [])];
    const result = planner.sync(c.daemonSet, cluster, { steps: c.steps, now: '2026-01-01T01:00:00Z', between: c.between });
    const want = c.expect.syncs;
    assert.equal(result.syncs.length, want.length);
    assert.equal(result.templateGeneration, c.expect.templateGeneration);
    const wn = namer(c, want);
    const gn = namer(c, result.syncs);
    want.forEach((w, i) => {
      const g = result.syncs[i];
      const at = `sync ${i}`;
      if ('created' in w) assert.deepEqual(createdNodes(g), createdNodes(w), `${at} created`);
      for (const f of ['deleted', 'adopted', 'released']) {
        if (f in w) assert.deepEqual(gn.list(g[f]), wn.list(w[f]), `${at} ${f}`);
      }
      if ('createdCount' in w) assert.equal(g.created.length, w.createdCount, `${at} createdCount`);
      if ('deletedCount' in w) assert.equal(g.deleted.length, w.deletedCount, `${at} deletedCount`);
      for (const f of ['statusWritten', 'status', 'revisionHash', 'now', 'error']) {
        if (f in w) assert.deepEqual(g[f], w[f], `${at} ${f}`);
      }
      if (w.deleteReasons) {
        const norm = (n, m) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [n.of(k), v]));
        assert.deepEqual(norm(gn, g.deleteReasons), norm(wn, w.deleteReasons), `${at} deleteReasons`);
      }
    });
    if (c.expect.anyOf) {
      const bare = (n, v) => n.list(v).map((d) => (d.startsWith('new@') ? 'new' : d)).sort();
      const ours = result.syncs.map((g) => JSON.stringify([createdNodes(g), bare(gn, g.deleted)]));
      const ok = c.expect.anyOf.some(
        (run) => run.length === ours.length && run.every((w, i) => JSON.stringify([createdNodes(w), bare(wn, w.deleted)]) === ours[i]),
      );
      assert.ok(ok, `choices ${ours.join(' ')} are none of anyOf`);
    }
  });
}

test('the kubectl get ds row and per-node pods after the syncs', () => {
  const c = conformance('sync').find((x) => x.id === 'sync/status/all-ready');
  const r = planner.sync(c.daemonSet, [...c.nodes, ...c.pods], { now: '2026-01-01T01:00:00Z' });
  const s = r.syncs[0].status;
  assert.deepEqual(
    [r.get.desired, r.get.current, r.get.ready, r.get.upToDate, r.get.available],
    [s.desiredNumberScheduled, s.currentNumberScheduled, s.numberReady, s.updatedNumberScheduled, s.numberAvailable],
  );
  assert.equal(r.nodes.length, c.nodes.length);
  assert.ok(r.nodes.every((n) => n.pods.length === 1 && n.pods[0].ready));
});

test('rollout and diff are exported', () => {
  const c = conformance('sync').find((x) => x.id === 'sync/rolling-update/waves-mu-100pct-3n');
  const plan = planner.rollout(c.daemonSet, [...c.nodes, ...c.pods], { now: '2026-01-01T01:00:00Z', startupSeconds: 5 });
  assert.equal(plan.complete, true);
  assert.equal(plan.waves.length, 1);
  assert.deepEqual(plan.waves[0].nodes, c.nodes.map((n) => n.metadata.name).sort());
  const d = planner.diff({ daemonSet: c.daemonSet, cluster: [...c.nodes, ...c.pods] }, { cluster: c.nodes.slice(1) }, { now: '2026-01-01T01:00:00Z' });
  assert.deepEqual(d.lose, [c.nodes[0].metadata.name]);
});
