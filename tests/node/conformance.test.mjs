// Every conformance case through the built package, as a JavaScript user calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planner, conformance, deviations } from './load.mjs';

for (const c of conformance('placement')) {
  test(c.id, () => {
    const pods = c.id.includes('/generated-pod/');
    const plan = planner.plan(c.daemonSet, c.nodes, { pods });
    if (c.id.includes('/rollout/')) {
      assert.deepEqual(
        { desiredNumberScheduled: plan.summary.desiredNumberScheduled, maxUnavailable: plan.rollout.maxUnavailable, maxSurge: plan.rollout.maxSurge },
        c.expect,
      );
      return;
    }
    for (const [node, want] of Object.entries(c.expect)) {
      const got = plan.nodes.find((n) => n.name === node);
      assert.ok(got, `node ${node} in the plan`);
      if (pods) {
        const expected = { ...want, ...(deviations[c.id]?.expect?.[node] ?? {}) };
        assert.deepEqual(got.pod.spec.tolerations, expected.tolerations);
        assert.deepEqual(got.pod.spec.affinity, expected.affinity);
      } else {
        assert.deepEqual({ shouldRun: got.shouldRun, shouldContinueRunning: got.shouldContinueRunning }, want);
        assert.equal(got.reasons.length === 0, got.shouldRun, 'a node without a new pod says why');
      }
    }
  });
}

for (const c of conformance('validation')) {
  test(c.id, () => {
    const options = c.oldDaemonSet ? { oldDaemonSet: JSON.stringify(c.oldDaemonSet) } : {};
    const v = planner.validate(JSON.stringify(c.daemonSet), options);
    const got = v.errors.map((e) => `${e.field} ${e.reason}`);
    const want = (c.expect.errors ?? []).map((e) => `${e.field} ${e.reason}`);
    assert.equal(v.valid, c.expect.valid, got.join('; '));
    for (const w of want) assert.ok(got.includes(w), `missing ${w} in ${got.join('; ')}`);
    for (const g of got) assert.ok(want.includes(g), `unexpected ${g}`);
    if (!v.valid) {
      assert.equal(v.status.code, 422);
      assert.equal(v.status.details.causes.length, v.errors.length);
    }
  });
}
