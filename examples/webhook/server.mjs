// An admission webhook for DaemonSets: HTTPS, one endpoint, answers with daemonset-planner's
// review(). Denies what the API server would reject and what the policy settings forbid.
//
//   TLS_CERT=tls.crt TLS_KEY=tls.key SETTINGS=settings.yaml [NODES=nodes.json] PORT=8443 node server.mjs
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { review } = require(process.env.PLANNER ?? 'daemonset-planner');

const MAX_BODY = 3 << 20; // the API server sends at most 3 MiB

/** Starts the webhook; resolves to the server once it listens. */
export function start({ cert, key, settings, nodes, port = 8443, host = '0.0.0.0' }) {
  const server = createServer({ cert, key }, (req, res) => {
    if (req.method !== 'POST' || req.url.split('?')[0] !== '/validate') {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      // review() answers every body, however malformed; only broken settings throw, and
      // those are checked at start-up.
      let answer;
      try {
        answer = review(Buffer.concat(chunks), { settings, nodes });
      } catch (e) {
        // review() does not throw; should the module fail inside, deny (failurePolicy Fail)
        // and keep serving: the package restarts its instance for the next request.
        answer = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: '', allowed: false, status: { code: 500, message: `the policy failed: ${e.code ?? 'INTERNAL'}` } } };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const settings = process.env.SETTINGS ? readFileSync(process.env.SETTINGS, 'utf8') : '';
  const { validateSettings } = require(process.env.PLANNER ?? 'daemonset-planner');
  const check = validateSettings(settings);
  if (!check.valid) {
    console.error(`settings: ${check.message}`);
    process.exit(3);
  }
  const server = await start({
    cert: readFileSync(process.env.TLS_CERT ?? 'tls.crt'),
    key: readFileSync(process.env.TLS_KEY ?? 'tls.key'),
    settings,
    nodes: process.env.NODES ? readFileSync(process.env.NODES) : undefined,
    port: Number(process.env.PORT ?? 8443),
  });
  console.log(`daemonset admission webhook on https://0.0.0.0:${server.address().port}/validate`);
}
