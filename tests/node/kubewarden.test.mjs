// The Kubewarden policy build, loaded by a real waPC host (@wapc/host) and sent real
// ValidationRequests, as Kubewarden's policy server sends them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { webcrypto } from 'node:crypto';
import path from 'node:path';
import { root, admissionReview } from './load.mjs';

const require = createRequire(import.meta.url);
const { WapcHost } = require(path.join(root, 'tests/node_modules/@wapc/host'));

/** @wapc/host gives a guest three WASI functions; a Rust wasip1 guest also asks for these. */
class Host extends WapcHost {
  getImports() {
    const imports = super.getImports();
    const memory = () => this.getCallerMemory();
    const wasi = {
      ...imports.wasi_snapshot_preview1,
      random_get: (ptr, len) => (webcrypto.getRandomValues(new Uint8Array(memory().buffer, ptr, len)), 0),
      environ_sizes_get: (count, size) => {
        const view = new DataView(memory().buffer);
        view.setUint32(count, 0, true);
        view.setUint32(size, 0, true);
        return 0;
      },
      environ_get: () => 0,
      proc_exit: (code) => {
        throw new Error(`guest exited with ${code}`);
      },
    };
    return { ...imports, wasi_snapshot_preview1: wasi };
  }
}

let host;
const decoder = new TextDecoder();
const call = async (op, payload) => JSON.parse(decoder.decode(await host.invoke(op, new TextEncoder().encode(JSON.stringify(payload)))));

before(async () => {
  const wasm = readFileSync(path.join(root, 'pkg/kubewarden/policy.wasm'));
  host = await new Host().instantiate(wasm);
});

const ds = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'ops' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'registry.k8s.io/agent:1' }] } } },
};

test('protocol_version', async () => {
  assert.equal(await call('protocol_version', {}), 'v1');
});

test('validate_settings accepts good settings and explains bad ones', async () => {
  assert.equal((await call('validate_settings', { forbidTolerateAll: true, maxUnavailable: '25%' })).valid, true);
  const bad = await call('validate_settings', { minCoverage: { percent: 140 } });
  assert.equal(bad.valid, false);
  assert.match(bad.message, /between 0 and 100/);
  // Unknown fields and wrong types are answers naming the field, not failed calls.
  const unknown = await call('validate_settings', { notARule: 1 });
  assert.equal(unknown.valid, false);
  assert.match(unknown.message, /unknown field `notARule`/);
  const wrongType = await call('validate_settings', { maxPendingPercent: '10%' });
  assert.equal(wrongType.valid, false);
  assert.match(wrongType.message, /^settings\.maxPendingPercent: expected/);
});

test('validate: accepts a valid DaemonSet', async () => {
  const answer = await call('validate', { request: admissionReview('CREATE', ds).request, settings: {} });
  assert.equal(answer.accepted, true);
});

test('validate: rejects what the API server would, and what the settings forbid', async () => {
  const invalid = structuredClone(ds);
  invalid.spec.template.spec.restartPolicy = 'OnFailure';
  let answer = await call('validate', { request: admissionReview('CREATE', invalid).request, settings: {} });
  assert.equal(answer.accepted, false);
  assert.equal(answer.code, 422);
  assert.equal(answer.message, 'DaemonSet.apps "agent" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
  answer = await call('validate', { request: admissionReview('CREATE', ds).request, settings: { allowedRegistries: ['ghcr.io/acme'] } });
  assert.equal(answer.accepted, false);
  assert.equal(answer.code, 403);
  assert.match(answer.message, /allowedRegistries: image registry.k8s.io\/agent:1 is not from an allowed registry/);
});

test('validate: an update against its old object, and malformed requests', async () => {
  const changed = structuredClone(ds);
  changed.spec.selector.matchLabels.tier = 'x';
  changed.spec.template.metadata.labels.tier = 'x';
  const answer = await call('validate', { request: admissionReview('UPDATE', changed, ds).request, settings: {} });
  assert.equal(answer.accepted, false);
  assert.match(answer.message, /spec.selector: Invalid value: .*: field is immutable/);
  const malformed = await call('validate', { request: { uid: '' }, settings: {} });
  assert.equal(malformed.accepted, false);
  assert.equal(malformed.code, 400);
  const open = await call('validate', { request: { uid: '' }, settings: { failurePolicy: 'Ignore' } });
  assert.equal(open.accepted, true);
});
