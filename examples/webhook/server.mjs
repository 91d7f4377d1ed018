// An admission webhook for DaemonSets on daemonset-planner's review(): HTTPS, /validate for the
// API server, /healthz and /readyz for the kubelet, one log line per decision, the certificate
// reloaded when its files change, and the node snapshot held in a Cluster (loaded once,
// refreshed on an interval from a file or from the API server's node list).
//
//   TLS_CERT=tls.crt TLS_KEY=tls.key SETTINGS=settings.yaml PORT=8443 node server.mjs
//   optional: NODES=nodes.json | NODES_FROM=api (in-cluster: the service account's token and CA)
//             REFRESH_SECONDS=300
import { createServer, request } from 'node:https';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const planner = require(process.env.PLANNER ?? 'daemonset-planner');

const MAX_BODY = 3 << 20; // the API server sends at most 3 MiB
const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Where the node snapshot comes from: a file, the API server, or nowhere. */
export function nodeSource(env = process.env) {
  if (env.NODES) return { describe: env.NODES, load: async () => readFileSync(env.NODES) };
  if (env.NODES_FROM === 'api' || env.API_SERVER) {
    const url = new URL('/api/v1/nodes', env.API_SERVER ?? `https://${env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT}`);
    const ca = readFileSync(env.API_CA ?? `${SA}/ca.crt`);
    const tokenFile = env.API_TOKEN_FILE ?? `${SA}/token`;
    return { describe: url.href, load: () => getNodes(url, ca, readFileSync(tokenFile, 'utf8').trim()) };
  }
  return null;
}

/** The API server's node list (`GET /api/v1/nodes`), as bytes. */
function getNodes(url, ca, token) {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url.href}: HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`${url.href}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

const log = (fields) => process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...fields }) + '\n');

/** The fields a decision is logged with: who asked about what, and the answer. */
function decisionLog(body, answer) {
  let request = {};
  try {
    request = JSON.parse(body).request ?? {};
  } catch {
    /* unreadable: logged with the answer's uid only */
  }
  const r = answer.response ?? {};
  const object = request.object?.metadata ?? {};
  return {
    msg: 'decision',
    uid: r.uid,
    kind: request.kind?.kind,
    operation: request.operation,
    namespace: request.namespace ?? object.namespace,
    name: request.name ?? object.name,
    allowed: r.allowed,
    reasons: (r.status?.details?.causes ?? []).map((c) => c.message).concat(r.allowed || r.status?.details?.causes?.length ? [] : [r.status?.message].filter(Boolean)),
  };
}

/** The answer to a body too large to read: denied, with the uid if it can be found. */
function tooLarge(head) {
  const uid = /"uid"\s*:\s*"([^"\\]{1,128})"/.exec(head)?.[1] ?? '';
  const message = `the AdmissionReview is larger than ${MAX_BODY >> 20} MiB, the most the API server sends`;
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, allowed: false, status: { code: 413, reason: 'RequestEntityTooLarge', message } } };
}

/**
 * Starts the webhook; resolves to the server once it listens. `certFile`/`keyFile` are watched
 * and reloaded on change (or pass `cert`/`key` bytes). `nodes` is a nodeSource().
 */
export async function start({ cert, key, certFile, keyFile, settings = '', nodes = null, refreshSeconds = 300, port = 8443, host = '0.0.0.0', log: say = log }) {
  const check = planner.validateSettings(settings);
  if (!check.valid) throw Object.assign(new Error(`settings${check.line ? `:${check.line}:${check.column ?? 1}` : ''}: ${check.message}`), { code: 'INVALID_SETTINGS' });
  // The certificate files' stat, taken before they are read: a change made while or after they
  // are read differs from it, so a renewal right after the start is not missed.
  const files = [certFile, keyFile].filter(Boolean);
  const stamp = () =>
    files
      .map((f) => {
        try {
          const st = statSync(f);
          return `${st.ino}:${st.size}:${st.mtimeMs}`;
        } catch {
          return 'missing';
        }
      })
      .join('|');
  let loadedStamp = stamp();
  const tls = () => ({ cert: cert ?? readFileSync(certFile), key: key ?? readFileSync(keyFile) });
  const state = { cluster: null, loadedAt: null, nodes: 0 };

  async function refresh() {
    if (!nodes) return;
    try {
      const next = new planner.Cluster(await nodes.load());
      const old = state.cluster;
      Object.assign(state, { cluster: next, loadedAt: new Date(), nodes: next.size });
      old?.free();
      say({ msg: 'nodes loaded', source: nodes.describe, nodes: next.size });
    } catch (e) {
      // The last good snapshot stays; a snapshot that cannot be read is reported, not used.
      say({ msg: 'nodes not loaded', source: nodes.describe, error: String(e.message ?? e), code: e.code });
    }
  }

  function answer(body) {
    const options = { settings };
    try {
      return state.cluster ? state.cluster.review(body, options) : planner.review(body, options);
    } catch (e) {
      // review() does not throw; should the module fail inside, deny (failurePolicy Fail) and
      // keep serving: the package restarts its instance for the next request.
      const message = `the policy failed: ${e && e.code ? e.code : 'INTERNAL'}`;
      return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: '', allowed: false, status: { code: 500, message } } };
    }
  }

  const server = createServer(tls(), (req, res) => {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (req.method === 'GET' && path === '/readyz') {
      const ready = !nodes || state.cluster !== null;
      return res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ok\n' : 'waiting for the node snapshot\n');
    }
    if (req.method !== 'POST' || path !== '/validate') return res.writeHead(404).end();
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      // review() answers every body, however malformed; an oversized one gets an answer too.
      const reply = size > MAX_BODY ? tooLarge(body.subarray(0, 4096).toString('utf8')) : answer(body);
      say(decisionLog(size > MAX_BODY ? '{}' : body, reply));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });

  // Certificates are renewed in place (cert-manager, a mounted Secret): checked every second,
  // reloaded when the files differ from the ones read last.
  const reload = () => {
    const now = stamp();
    if (now === loadedStamp) return;
    loadedStamp = now;
    try {
      server.setSecureContext(tls());
      say({ msg: 'certificate reloaded' });
    } catch (e) {
      // A key and its certificate are written one after the other: the second write changes
      // the stamp again, and the next check reloads the pair.
      say({ msg: 'certificate not reloaded', error: String(e.message ?? e) });
    }
  };
  const watcher = files.length ? setInterval(reload, 1000) : null;
  watcher?.unref();

  await refresh();
  const timer = nodes ? setInterval(refresh, refreshSeconds * 1000) : null;
  timer?.unref();
  server.on('close', () => {
    clearInterval(timer);
    clearInterval(watcher);
    state.cluster?.free();
  });
  server.refresh = refresh;
  server.snapshot = state;
  await new Promise((resolve) => server.listen(port, host, resolve));
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const settingsFile = process.env.SETTINGS;
  try {
    const server = await start({
      certFile: process.env.TLS_CERT ?? 'tls.crt',
      keyFile: process.env.TLS_KEY ?? 'tls.key',
      settings: settingsFile ? readFileSync(settingsFile, 'utf8') : '',
      nodes: nodeSource(),
      refreshSeconds: Number(process.env.REFRESH_SECONDS ?? 300),
      port: Number(process.env.PORT ?? 8443),
    });
    log({ msg: 'listening', url: `https://0.0.0.0:${server.address().port}/validate` });
  } catch (e) {
    // A settings error points at the key: settings.yaml:7:1: unknown key ...
    console.error(e.code === 'INVALID_SETTINGS' ? `error: ${e.message.replace(/^settings/, settingsFile ?? 'settings')}` : `error: ${e.message}`);
    process.exit(e.code === 'INVALID_SETTINGS' ? 3 : 1);
  }
}
