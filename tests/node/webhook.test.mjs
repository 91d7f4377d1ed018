// The webhook example over loopback HTTPS, with a certificate made for the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, admissionReview } from './load.mjs';

process.env.PLANNER = path.join(root, 'pkg/');
const { start } = await import(path.join(root, 'examples/webhook/server.mjs'));

let server, ca, port;

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dsp-webhook-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'tls.crt')], { stdio: 'ignore' });
  ca = readFileSync(path.join(dir, 'tls.crt'));
  server = await start({ cert: ca, key: readFileSync(path.join(dir, 'tls.key')), settings: readFileSync(path.join(root, 'examples/webhook/settings.yaml'), 'utf8'), port: 0, host: '127.0.0.1' });
  port = server.address().port;
});

after(() => server?.close());

function post(body, pathname = '/validate') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const good = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-exporter', namespace: 'monitoring' },
  spec: {
    selector: { matchLabels: { app: 'node-exporter' } },
    template: {
      metadata: { labels: { app: 'node-exporter' } },
      spec: {
        tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'exporter', image: 'registry.k8s.io/node-exporter:1.8', resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '64Mi' } } }],
      },
    },
  },
};

test('admits a DaemonSet that meets the policy, over HTTPS', async () => {
  const res = await post(JSON.stringify(admissionReview('CREATE', good)));
  assert.equal(res.status, 200);
  const answer = JSON.parse(res.body);
  assert.equal(answer.response.allowed, true, res.body);
  assert.equal(answer.response.uid, 'b6a0c1d2-1111-4c3b-9a77-0123456789ab');
});

test('denies one that does not, with every reason', async () => {
  const bad = structuredClone(good);
  bad.spec.template.spec.tolerations = [{ operator: 'Exists' }];
  bad.spec.template.spec.containers[0].image = 'docker.io/someone/exporter';
  const answer = JSON.parse((await post(JSON.stringify(admissionReview('CREATE', bad)))).body);
  assert.equal(answer.response.allowed, false);
  assert.deepEqual(answer.response.status.details.causes.map((c) => c.message.split(':')[0]), ['forbidTolerateAll', 'allowedRegistries']);
});

test('a malformed body is denied, not dropped', async () => {
  const answer = JSON.parse((await post('not json at all')).body);
  assert.equal(answer.response.allowed, false);
  assert.equal(answer.response.status.code, 400);
  assert.equal((await post('{}', '/other')).status, 404);
});
