// The webhook example over loopback HTTPS, with a certificate made for the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { request, createServer } from 'node:https';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, admissionReview, planner } from './load.mjs';

process.env.PLANNER = path.join(root, 'pkg/');
const { start, nodeSource } = await import(path.join(root, 'examples/webhook/server.mjs'));

let server, ca, port, dir;
const logged = [];

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dsp-webhook-'));
  certificate('tls');
  ca = readFileSync(path.join(dir, 'tls.crt'));
  server = await start({ cert: ca, key: readFileSync(path.join(dir, 'tls.key')), settings: readFileSync(path.join(root, 'examples/webhook/settings.yaml'), 'utf8'), port: 0, host: '127.0.0.1', log: (e) => logged.push(e) });
  port = server.address().port;
});

after(() => server?.close());

/** A self-signed certificate for localhost: DIR/NAME.crt and DIR/NAME.key. */
function certificate(name, cn = 'localhost') {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${cn}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', path.join(dir, `${name}.key`), '-out', path.join(dir, `${name}.crt`)], { stdio: 'ignore' });
}

function post(body, pathname = '/validate', { to = port, trust = ca, method = 'POST' } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to, path: pathname, method, ca: trust, headers: { 'content-type': 'application/json' } }, (res) => {
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

test('/healthz and /readyz answer the kubelet', async () => {
  assert.deepEqual(await post('', '/healthz', { method: 'GET' }), { status: 200, body: 'ok\n' });
  assert.deepEqual(await post('', '/readyz', { method: 'GET' }), { status: 200, body: 'ok\n' });
});

test('one log line per decision: uid, kind, namespace/name, allowed, reasons', async () => {
  logged.length = 0;
  const bad = structuredClone(good);
  bad.spec.template.spec.tolerations = [{ operator: 'Exists' }];
  await post(JSON.stringify(admissionReview('CREATE', bad)));
  const decisions = logged.filter((e) => e.msg === 'decision');
  assert.equal(decisions.length, 1);
  const d = decisions[0];
  assert.deepEqual([d.uid, d.kind, d.operation, d.namespace, d.name, d.allowed], ['b6a0c1d2-1111-4c3b-9a77-0123456789ab', 'DaemonSet', 'CREATE', 'ops', 'node-exporter', false]);
  assert.match(d.reasons[0], /^forbidTolerateAll: /);
});

test('an oversized body gets an answer (denied, 413), not a reset', async () => {
  const review = admissionReview('CREATE', structuredClone(good));
  review.request.object.metadata.annotations = { big: 'x'.repeat(3 << 20) };
  const res = await post(JSON.stringify(review));
  assert.equal(res.status, 200);
  const answer = JSON.parse(res.body).response;
  assert.equal(answer.uid, 'b6a0c1d2-1111-4c3b-9a77-0123456789ab');
  assert.equal(answer.allowed, false);
  assert.equal(answer.status.code, 413);
});

test('the certificate is reloaded when its files change', async () => {
  certificate('first', 'first');
  certificate('second', 'second');
  copyFileSync(path.join(dir, 'first.crt'), path.join(dir, 'live.crt'));
  copyFileSync(path.join(dir, 'first.key'), path.join(dir, 'live.key'));
  const events = [];
  const s = await start({ certFile: path.join(dir, 'live.crt'), keyFile: path.join(dir, 'live.key'), port: 0, host: '127.0.0.1', log: (e) => events.push(e) });
  const peer = () => new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: s.address().port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().subject.CN);
      socket.end();
    });
    socket.on('error', reject);
  });
  try {
    assert.equal(await peer(), 'first');
    copyFileSync(path.join(dir, 'second.key'), path.join(dir, 'live.key'));
    copyFileSync(path.join(dir, 'second.crt'), path.join(dir, 'live.crt'));
    const deadline = Date.now() + 10_000;
    while ((await peer()) !== 'second' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.equal(await peer(), 'second');
    assert.ok(events.some((e) => e.msg === 'certificate reloaded'));
  } finally {
    s.close();
  }
});

test('the node snapshot is a Cluster loaded once and refreshed from a fake API server', async () => {
  // A fake API server on loopback: GET /api/v1/nodes with a bearer token, as in a cluster.
  const lists = [readFileSync(path.join(root, 'www/examples/sample-cluster.yaml')), readFileSync(path.join(root, 'www/examples/linux-cluster.yaml'))];
  let served = 0;
  const seen = [];
  const api = createServer({ cert: ca, key: readFileSync(path.join(dir, 'tls.key')) }, (req, res) => {
    seen.push([req.url, req.headers.authorization]);
    if (req.url !== '/api/v1/nodes') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(lists[Math.min(served++, 1)]);
  });
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  writeFileSync(path.join(dir, 'token'), 'secret-token\n');
  const source = nodeSource({ API_SERVER: `https://127.0.0.1:${api.address().port}`, API_CA: path.join(dir, 'tls.crt'), API_TOKEN_FILE: path.join(dir, 'token') });
  const events = [];
  const settings = 'minCoverage: {percent: 100}\n';
  const s = await start({ cert: ca, key: readFileSync(path.join(dir, 'tls.key')), settings, nodes: source, refreshSeconds: 0.3, port: 0, host: '127.0.0.1', log: (e) => events.push(e) });
  try {
    assert.deepEqual(seen[0], ['/api/v1/nodes', 'Bearer secret-token']);
    assert.equal(s.snapshot.nodes, 9);
    // On the sample cluster the DaemonSet misses tainted nodes: minCoverage denies.
    let answer = JSON.parse((await post(JSON.stringify(admissionReview('CREATE', good)), '/validate', { to: s.address().port })).body).response;
    assert.equal(answer.allowed, false);
    assert.match(answer.status.details?.causes.map((c) => c.message).join(), /^minCoverage: runs on \d+ of 9 nodes/, JSON.stringify(answer));
    // After a refresh, the all-Linux, untainted cluster: every node runs it.
    const deadline = Date.now() + 10_000;
    while (s.snapshot.nodes !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(s.snapshot.nodes, 3);
    answer = JSON.parse((await post(JSON.stringify(admissionReview('CREATE', good)), '/validate', { to: s.address().port })).body).response;
    assert.equal(answer.allowed, true, JSON.stringify(answer));
    assert.ok(events.filter((e) => e.msg === 'nodes loaded').length >= 2);
  } finally {
    s.close();
    api.close();
  }
});

test('/readyz waits for the first node snapshot; a failed refresh keeps the last good one', async () => {
  let fail = true;
  const source = { describe: 'test', load: async () => { if (fail) throw new Error('not yet'); return readFileSync(path.join(root, 'www/examples/linux-cluster.yaml')); } };
  const events = [];
  const s = await start({ cert: ca, key: readFileSync(path.join(dir, 'tls.key')), nodes: source, refreshSeconds: 3600, port: 0, host: '127.0.0.1', log: (e) => events.push(e) });
  try {
    assert.equal((await post('', '/readyz', { to: s.address().port, method: 'GET' })).status, 503);
    fail = false;
    await s.refresh();
    assert.equal((await post('', '/readyz', { to: s.address().port, method: 'GET' })).status, 200);
    fail = true;
    await s.refresh();
    assert.equal(s.snapshot.nodes, 3);
    assert.deepEqual(events.filter((e) => e.msg === 'nodes not loaded').map((e) => e.error), ['not yet', 'not yet']);
  } finally {
    s.close();
  }
});

test('settings errors point at the key, and the server refuses to start', () => {
  const bad = path.join(dir, 'bad-settings.yaml');
  writeFileSync(bad, 'validation: true\nforbidTolerateAll: maybe\n');
  const r = spawnSync(process.execPath, [path.join(root, 'examples/webhook/server.mjs')], { env: { ...process.env, PLANNER: path.join(root, 'pkg/'), SETTINGS: bad, TLS_CERT: path.join(dir, 'tls.crt'), TLS_KEY: path.join(dir, 'tls.key'), PORT: '0' }, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, new RegExp(`^error: ${bad.replace(/[.\\/]/g, '\\$&')}:2:\\d+: .*forbidTolerateAll`));
});

test('the manifests: the Deployment probes /healthz and /readyz; both registrations spare their own namespace and kube-system', async () => {
  const { default: yaml } = await import(path.join(root, 'tests/node_modules/js-yaml/index.js'));
  const docs = (f) => yaml.loadAll(readFileSync(path.join(root, 'examples/webhook', f), 'utf8'));
  const deploy = docs('deploy.yaml');
  assert.deepEqual(deploy.map((d) => d.kind), ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Service']);
  const container = deploy.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0];
  assert.equal(container.readinessProbe.httpGet.path, '/readyz');
  assert.equal(container.livenessProbe.httpGet.path, '/healthz');
  assert.equal(planner.validateSettings(deploy.find((d) => d.kind === 'ConfigMap').data['settings.yaml']).valid, true);
  for (const f of ['webhook.yaml', 'cert-manager.yaml']) {
    const vwc = docs(f).find((d) => d.kind === 'ValidatingWebhookConfiguration');
    const [expr] = vwc.webhooks[0].namespaceSelector.matchExpressions;
    assert.deepEqual([expr.key, expr.operator, expr.values], ['kubernetes.io/metadata.name', 'NotIn', ['daemonset-planner', 'kube-system']], f);
  }
  assert.equal(docs('cert-manager.yaml').find((d) => d.kind === 'ValidatingWebhookConfiguration').metadata.annotations['cert-manager.io/inject-ca-from'], 'daemonset-planner/webhook');
});
