// Every conformance case through the built package, as a JavaScript user calls it, compared as
// tests/conformance.rs compares them: placement, created-pod and rollout expectations exactly;
// validation field, reason, every cause's message in order and the Status message byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planner, conformance, rawConformance, rawJSON } from './load.mjs';

// Cases without `kubernetesVersion` were answered by v1.35, which produced them by running.
const release = (c) => c.kubernetesVersion ?? '1.35';
const differential = conformance('differential');
// The inputs as the files write them: int64 literals must not round through a float.
const raw = new Map(['placement', 'validation', 'differential'].flatMap((s) => rawConformance(s)).map((c) => [c.id, c]));
const input = (c) => c.daemonSetText ?? rawJSON(raw.get(c.id).daemonSet);

for (const c of [...conformance('placement'), ...differential.filter((c) => c.id.startsWith('placement/'))]) {
  test(c.id, () => {
    const pods = c.id.includes('/generated-pod/');
    const plan = planner.plan(input(c), rawJSON(raw.get(c.id).nodes), { pods, kubernetesVersion: release(c) });
    if ('maxSurge' in c.expect) {
      const { desiredNumberScheduled, maxUnavailable, maxSurge, error } = plan.rollout;
      assert.deepEqual({ desiredNumberScheduled, maxUnavailable, maxSurge, ...(error ? { error } : {}) }, c.expect);
      return;
    }
    for (const [node, want] of Object.entries(c.expect)) {
      const got = plan.nodes.find((n) => n.name === node);
      assert.ok(got, `node ${node} in the plan`);
      if ('shouldRun' in want) {
        assert.deepEqual(
          { shouldRun: got.shouldRun, shouldContinueRunning: got.shouldContinueRunning },
          { shouldRun: want.shouldRun, shouldContinueRunning: want.shouldContinueRunning },
        );
      }
      assert.equal(got.reasons.length === 0, got.shouldRun, 'a node without a new pod says why');
      if (pods) {
        assert.ok(got.pod, `a pod for ${node}`);
        assert.deepEqual(got.pod.spec.tolerations, want.tolerations);
        assert.deepEqual(got.pod.spec.affinity, want.affinity);
      }
    }
  });
}

for (const c of [...conformance('validation'), ...differential.filter((c) => c.id.startsWith('validation/'))]) {
  test(c.id, () => {
    // Executed without kubectl in front: an absent fieldValidation is the server's Warn.
    const options = { kubernetesVersion: release(c), fieldValidation: 'Warn' };
    if (c.oldDaemonSet) options.oldDaemonSet = rawJSON(raw.get(c.id).oldDaemonSet);
    const v = planner.validate(input(c), options);
    const got = v.errors.map((e) => `${e.field} ${e.reason}`);
    const want = (c.expect.errors ?? []).map((e) => `${e.field} ${e.reason}`);
    const messages = v.errors.map((e) => (e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message));
    assert.equal(v.valid, c.expect.valid, `${got.join('; ')} ${messages.join('; ')}`);
    if (c.expect.messages) {
      // Every cause, in the server's order, duplicates included.
      assert.deepEqual(got, want);
      assert.deepEqual(messages, c.expect.messages);
    } else {
      for (const w of want) assert.ok(got.includes(w), `missing ${w} in ${got.join('; ')}`);
      for (const g of got) assert.ok(want.includes(g), `unexpected ${g}`);
    }
    if (c.expect.status !== undefined) assert.equal(v.status?.message, c.expect.status);
    if (c.expect.decodeError !== undefined) {
      assert.equal(v.status?.code, 400);
      assert.equal(v.status?.reason, 'BadRequest');
      assert.ok(v.status.message.endsWith(`: ${c.expect.decodeError}`), v.status.message);
    }
    if (!v.valid && v.status?.code === 422) assert.equal(v.status.details.causes.length, v.errors.length);
  });
}
