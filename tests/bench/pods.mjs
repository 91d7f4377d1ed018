// Seeded pods for a generated cluster, printed as `kubectl get pods -A -o json` prints a List:
// on every Linux node the pods of five DaemonSets (kube-proxy, aws-node, ebs-csi-node,
// node-exporter, fluent-bit), and workload pods of Deployments (ReplicaSet-owned) to make
// `--pods` in all, most Running, a few Pending/Succeeded/terminating. Same seed, same bytes.
//
//   node tests/bench/pods.mjs --nodes 5000 --pods 150000 --seed 1 > pods.json

import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { generateNodes, jsonItem, rng } from './cluster.mjs';

const DAEMONS = [
  { name: 'kube-proxy', ns: 'kube-system', image: 'registry.k8s.io/kube-proxy:v1.35.2', cpu: '100m', memory: '128Mi', hostNetwork: true, priorityClassName: 'system-node-critical' },
  { name: 'aws-node', ns: 'kube-system', image: 'public.ecr.aws/eks/amazon-k8s-cni:v1.19.2', cpu: '25m', memory: '64Mi', hostNetwork: true, port: 61678, priorityClassName: 'system-node-critical' },
  { name: 'ebs-csi-node', ns: 'kube-system', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.40.0', cpu: '10m', memory: '40Mi', port: 9808, priorityClassName: 'system-node-critical' },
  { name: 'node-exporter', ns: 'monitoring', image: 'quay.io/prometheus/node-exporter:v1.9.0', cpu: '50m', memory: '64Mi', hostNetwork: true, port: 9100 },
  { name: 'fluent-bit', ns: 'logging', image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.4', cpu: '100m', memory: '128Mi', limits: { memory: '256Mi' } },
];
const APPS = ['checkout', 'search-api', 'payments', 'catalog', 'recommender', 'auth', 'gateway', 'orders', 'inventory', 'notifier'];
const NAMESPACES = ['payments', 'search', 'platform', 'data'];

const uid = (r) => `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
const time = (r) => new Date(Date.UTC(2026, 9, 1 + r.int(0, 40), r.int(0, 23), r.int(0, 59), r.int(0, 59))).toISOString().replace('.000Z', 'Z');

function container(r, name, image, requests, limits, ports) {
  const c = {
    image,
    imagePullPolicy: 'IfNotPresent',
    name,
    resources: limits ? { limits, requests } : { requests },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: `kube-api-access-${r.hex(5)}`, readOnly: true }],
    env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }, { name: 'LOG_LEVEL', value: 'info' }],
  };
  if (ports.length) c.ports = ports;
  return c;
}

function status(r, phase, node, name, started) {
  const t = time(r);
  return {
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ lastProbeTime: null, lastTransitionTime: t, status: phase === 'Running' || type === 'PodScheduled' ? 'True' : 'False', type })),
    containerStatuses: [{ containerID: `containerd://${r.hex(64)}`, image: name, imageID: `sha256:${r.hex(64)}`, lastState: {}, name, ready: phase === 'Running', restartCount: r.int(0, 3), started: phase === 'Running', state: phase === 'Running' ? { running: { startedAt: t } } : { waiting: { reason: 'ContainerCreating' } } }],
    hostIP: node.ip,
    hostIPs: [{ ip: node.ip }],
    phase,
    podIP: `100.64.${r.int(0, 255)}.${r.int(1, 254)}`,
    podIPs: [{ ip: `100.64.${r.int(0, 255)}.${r.int(1, 254)}` }],
    qosClass: 'Burstable',
    startTime: started,
  };
}

function pod(r, { name, ns, labels, owner, node, priorityClassName, priority, hostNetwork, containers, phase, deleting }) {
  const p = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      annotations: { 'kubectl.kubernetes.io/restartedAt': time(r) },
      creationTimestamp: time(r),
      generateName: name.slice(0, name.lastIndexOf('-') + 1),
      labels,
      name,
      namespace: ns,
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: owner.kind, name: owner.name, uid: owner.uid }],
      resourceVersion: String(r.int(1_000_000, 99_999_999)),
      uid: uid(r),
    },
    spec: {
      containers,
      dnsPolicy: hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: node.name,
      preemptionPolicy: 'PreemptLowerPriority',
      priority,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccountName: owner.name,
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 }, { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 }],
      volumes: [{ name: 'kube-api-access', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } }] } }],
    },
    status: status(r, phase, node, containers[0].name, time(r)),
  };
  if (priorityClassName) p.spec.priorityClassName = priorityClassName;
  if (hostNetwork) p.spec.hostNetwork = true;
  if (deleting) p.metadata.deletionTimestamp = time(r);
  return p;
}

/** Yields pods: the DaemonSets' on every Linux node, then workload pods spread over workers. */
export function* generatePods({ nodes: total, pods: wanted, seed = 1 }) {
  const r = rng(seed + 1000);
  const nodes = [];
  for (const { node, pool } of generateNodes({ nodes: total, seed })) {
    const ip = node.status.addresses[0].address;
    nodes.push({ name: node.metadata.name, pool, ip, linux: pool !== 'windows' });
  }
  const dsOwners = DAEMONS.map((d) => ({ kind: 'DaemonSet', name: d.name, uid: uid(r) }));
  let count = 0;
  for (const node of nodes) {
    if (!node.linux) continue;
    for (const [i, d] of DAEMONS.entries()) {
      if (count >= wanted) return;
      const ports = d.port ? [{ containerPort: d.port, hostPort: d.hostNetwork ? d.port : 0, name: 'metrics', protocol: 'TCP' }].map((p) => (p.hostPort ? p : { containerPort: p.containerPort, name: p.name, protocol: p.protocol })) : [];
      const c = container(r, d.name, d.image, { cpu: d.cpu, memory: d.memory }, d.limits, ports);
      const priority = d.priorityClassName ? 2000001000 : 0;
      yield pod(r, { name: `${d.name}-${r.hex(5)}`, ns: d.ns, labels: { 'app.kubernetes.io/name': d.name, 'controller-revision-hash': r.hex(10), 'pod-template-generation': '3' }, owner: dsOwners[i], node, priorityClassName: d.priorityClassName, priority, hostNetwork: d.hostNetwork, containers: [c], phase: 'Running' });
      count++;
    }
  }
  const workers = nodes.filter((n) => n.pool !== 'control-plane');
  const replicaSets = APPS.flatMap((app) => NAMESPACES.map((ns) => ({ app, ns, hash: r.hex(10), uid: uid(r) })));
  while (count < wanted) {
    const rs = replicaSets[count % replicaSets.length];
    const node = workers[r.int(0, workers.length - 1)];
    const cpu = r.pick(['50m', '100m', '250m', '500m', '1']);
    const memory = r.pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi']);
    const containers = [container(r, rs.app, `ghcr.io/example/${rs.app}:1.${r.int(0, 40)}.${r.int(0, 9)}`, { cpu, memory }, { memory }, [{ containerPort: 8080, name: 'http', protocol: 'TCP' }])];
    if (r.next() < 0.3) containers.push(container(r, 'istio-proxy', 'docker.io/istio/proxyv2:1.24.2', { cpu: '10m', memory: '40Mi' }, null, [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]));
    const roll = r.next();
    const phase = roll < 0.01 ? 'Pending' : roll < 0.03 ? 'Succeeded' : 'Running';
    yield pod(r, { name: `${rs.app}-${rs.hash}-${r.hex(5)}`, ns: rs.ns, labels: { app: rs.app, 'pod-template-hash': rs.hash }, owner: { kind: 'ReplicaSet', name: `${rs.app}-${rs.hash}`, uid: rs.uid }, node, priority: 0, containers, phase, deleting: roll > 0.995 });
    count++;
  }
}

const JSON_HEAD = '{\n    "apiVersion": "v1",\n    "items": [\n';
const JSON_TAIL = '\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';

/** Streams the pods list to `out`; resolves when written. */
export async function writePods(out, { nodes, pods, seed = 1 }) {
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((res) => out.once('drain', res)));
  await write(JSON_HEAD);
  let first = true;
  for (const p of generatePods({ nodes, pods, seed })) {
    await write((first ? '' : ',\n') + jsonItem(p));
    first = false;
  }
  await write(JSON_TAIL);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)));
  const out = args.out ? createWriteStream(args.out) : process.stdout;
  await writePods(out, { nodes: Number(args.nodes ?? 100), pods: Number(args.pods ?? 3000), seed: Number(args.seed ?? 1) });
  if (args.out) out.end();
}
