// A seeded generator of realistic clusters (docs: cluster-shape.md of the team's shared notes),
// printed exactly as `kubectl get nodes -o json|yaml` prints a List, streamed node by node.
// Same seed, same bytes.
//
//   node tests/bench/cluster.mjs --nodes 5000 --format json --seed 1 [--flavor eks|gke|aks] > nodes.json
//
// `generateNodes(options)` yields { node, pool, state } objects; `writeCluster(out, options)`
// prints them.

import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** mulberry32: small, fast, seeded. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    hex: (n) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
}

/** Pool mix per cluster size (cluster-shape §3): control-plane 3-5, then workers by share. */
export function poolCounts(total) {
  const cp = total >= 5000 ? 5 : 3;
  const workers = total - cp;
  const big = total >= 15000;
  const windows = Math.round(workers * 0.03);
  const gpu = Math.round(workers * (big ? 0.08 : 0.05));
  const spot = Math.round(workers * 0.15);
  const arm64 = Math.round(workers * 0.12);
  return { 'control-plane': cp, general: workers - windows - gpu - spot - arm64, arm64, spot, gpu, windows };
}

const STATES = [
  ['cordoned', 0.01],
  ['not-ready', 0.005],
  ['unreachable', 0.003],
  ['disk-pressure', 0.002],
];
const EDGE_CASES = ['stale-unreachable', 'not-ready-no-taint', 'key-only-taint', 'prefer-no-schedule'];

const ZONES = { eks: ['us-east-1a', 'us-east-1b', 'us-east-1c'], gke: ['us-central1-a', 'us-central1-b', 'us-central1-f'], aks: ['eastus-1', 'eastus-2', 'eastus-3'] };
const REGION = { eks: 'us-east-1', gke: 'us-central1', aks: 'eastus' };
const REGISTRIES = ['registry.k8s.io', 'docker.io/library', 'quay.io/prometheus', 'public.ecr.aws/eks', 'gcr.io/google-containers', 'ghcr.io/fluxcd', 'nvcr.io/nvidia'];
const REPOS = ['pause', 'kube-proxy', 'coredns', 'node-exporter', 'fluent-bit', 'calico-node', 'aws-node', 'ebs-csi-node', 'nginx', 'redis', 'postgres', 'envoy', 'istio-proxy', 'otel-collector', 'grafana-agent', 'cilium', 'k8s-device-plugin', 'dcgm-exporter'];

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

function timestamp(r, dayOffset = 0) {
  const d = new Date(Date.UTC(2026, 8, 1 + r.int(0, 80) + dayOffset, r.int(0, 23), r.int(0, 59), r.int(0, 59)));
  return d.toISOString().replace('.000Z', 'Z');
}

function images(r, count) {
  const list = [];
  for (let i = 0; i < count; i++) {
    const repo = `${r.pick(REGISTRIES)}/${r.pick(REPOS)}`;
    const names = [`${repo}@sha256:${r.hex(64)}`];
    if (r.next() < 0.85) names.push(`${repo}:v${r.int(0, 3)}.${r.int(0, 30)}.${r.int(0, 9)}`);
    list.push({ names, sizeBytes: r.int(300_000, 2_500_000_000) });
  }
  return list.sort((a, b) => b.sizeBytes - a.sizeBytes);
}

function conditions(r, state, pool) {
  const t = timestamp(r);
  const cond = (type, status, reason, message) => ({ lastHeartbeatTime: t, lastTransitionTime: t, message, reason, status, type });
  const unknown = state === 'unreachable';
  const list = [];
  if (pool !== 'windows' && pool !== 'control-plane') {
    for (const [type, reason] of [['KernelDeadlock', 'KernelHasNoDeadlock'], ['ReadonlyFilesystem', 'FilesystemIsNotReadOnly'], ['FrequentKubeletRestart', 'NoFrequentKubeletRestart'], ['FrequentContainerdRestart', 'NoFrequentContainerdRestart'], ['CorruptDockerOverlay2', 'NoCorruptDockerOverlay2']]) {
      list.push(cond(type, 'False', reason, `node is functioning properly`));
    }
  }
  const pressure = (type, has) => (unknown ? cond(type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.') : cond(type, has ? 'True' : 'False', has ? `KubeletHas${type}` : `KubeletHasNo${type}`, has ? `kubelet has ${type.toLowerCase()}` : `kubelet has no ${type.toLowerCase()}`));
  list.push(pressure('MemoryPressure', false), pressure('DiskPressure', state === 'disk-pressure'), pressure('PIDPressure', false));
  if (unknown) list.push(cond('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'));
  else if (state === 'not-ready' || state === 'not-ready-no-taint') list.push(cond('Ready', 'False', 'KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'));
  else list.push(cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'));
  return list;
}

function taintsFor(r, pool, state, index) {
  const taints = [];
  const added = () => timestamp(r);
  if (pool === 'control-plane') taints.push({ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' });
  if (pool === 'spot' && index % 2 === 0) taints.push({ effect: 'NoSchedule', key: 'spot', value: 'true' });
  if (pool === 'gpu' && index % 5 !== 0) taints.push({ effect: 'NoSchedule', key: 'nvidia.com/gpu', value: 'present' });
  if (pool === 'windows') taints.push({ effect: 'NoSchedule', key: 'os', value: 'windows' });
  switch (state) {
    case 'cordoned':
      taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', timeAdded: added() });
      break;
    case 'not-ready':
      taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/not-ready', timeAdded: added() }, { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', timeAdded: added() });
      break;
    case 'unreachable':
      taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unreachable', timeAdded: added() }, { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', timeAdded: added() });
      break;
    case 'disk-pressure':
      taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', timeAdded: added() });
      break;
    case 'stale-unreachable':
      taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unreachable', timeAdded: added() });
      break;
    case 'key-only-taint':
      taints.push({ effect: 'NoSchedule', key: 't2' });
      break;
    case 'prefer-no-schedule':
      taints.push({ effect: 'PreferNoSchedule', key: 'maintenance', value: 'soon' });
      break;
  }
  return taints;
}

function makeNode(r, flavor, pool, index, state, clusterIndex) {
  const arch = pool === 'arm64' ? 'arm64' : 'amd64';
  const os = pool === 'windows' ? 'windows' : 'linux';
  const zone = ZONES[flavor][clusterIndex % 3];
  const ip = `10.${(clusterIndex >> 16) & 255}.${(clusterIndex >> 8) & 255}.${clusterIndex & 255}`;
  const name = pool === 'control-plane' ? `prod-control-plane-${index}` : flavor === 'eks' ? `ip-${ip.replace(/\./g, '-')}.${REGION[flavor]}.compute.internal` : `prod-${pool}-${r.hex(4)}-${r.hex(4)}-${clusterIndex}`;
  const instance = { 'control-plane': 'm6i.2xlarge', general: r.pick(['m6i.xlarge', 'm6i.2xlarge', 'c6i.2xlarge']), arm64: r.pick(['m7g.xlarge', 'c7g.2xlarge']), spot: r.pick(['m5.xlarge', 'm5a.xlarge']), gpu: r.pick(['p4d.24xlarge', 'g5.12xlarge']), windows: 'm6i.xlarge' }[pool];
  const labels = {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/instance-type': instance,
    'beta.kubernetes.io/os': os,
    'failure-domain.beta.kubernetes.io/region': REGION[flavor],
    'failure-domain.beta.kubernetes.io/zone': zone,
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': os,
    'node.kubernetes.io/instance-type': instance,
    'topology.kubernetes.io/region': REGION[flavor],
    'topology.kubernetes.io/zone': zone,
  };
  if (pool === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  } else {
    const poolKey = { eks: 'eks.amazonaws.com/nodegroup', gke: 'cloud.google.com/gke-nodepool', aks: 'kubernetes.azure.com/agentpool' }[flavor];
    labels[poolKey] = `${pool}-pool`;
    labels['team'] = r.pick(['payments', 'search', 'platform', 'data']);
    labels['environment'] = 'production';
    if (flavor === 'eks') labels['eks.amazonaws.com/capacityType'] = pool === 'spot' ? 'SPOT' : 'ON_DEMAND';
    if (flavor === 'gke' && os === 'linux') {
      labels['node.kubernetes.io/masq-agent-ds-ready'] = 'true';
      labels['projectcalico.org/ds-ready'] = 'true';
    }
    if (pool === 'spot') {
      labels['karpenter.sh/capacity-type'] = 'spot';
      if (flavor === 'gke') labels['cloud.google.com/gke-spot'] = 'true';
    }
    if (pool === 'windows') labels['node.kubernetes.io/windows-build'] = r.pick(['10.0.17763', '10.0.20348']);
    if (pool === 'gpu') {
      Object.assign(labels, {
        'nvidia.com/gpu.present': 'true',
        'nvidia.com/gpu.product': r.pick(['NVIDIA-A100-SXM4-40GB', 'NVIDIA-A10G']),
        'nvidia.com/gpu.count': String(r.pick([1, 4, 8])),
        'nvidia.com/gpu.memory': '40960',
        'nvidia.com/cuda.driver.major': '550',
        'nvidia.com/cuda.runtime.major': '12',
        'nvidia.com/gfd.timestamp': String(1_760_000_000 + r.int(0, 9_999_999)),
        'feature.node.kubernetes.io/pci-10de.present': 'true',
        'feature.node.kubernetes.io/cpu-model.vendor_id': 'Intel',
      });
      if (flavor === 'gke') labels['cloud.google.com/gke-accelerator'] = 'nvidia-tesla-a100';
      for (let i = 0; i < 36; i++) labels[`feature.node.kubernetes.io/cpu-cpuid.${['AVX', 'AVX2', 'AVX512F', 'FMA3', 'SSE4', 'AESNI'][i % 6]}${i >= 6 ? i : ''}`] = 'true';
    }
  }
  const gpus = pool === 'gpu' ? { 'nvidia.com/gpu': String(r.pick([1, 4, 8])) } : {};
  const capacity = { cpu: String(r.pick([4, 8, 16, 32])), 'ephemeral-storage': `${r.int(50, 500) * 1048576}Ki`, memory: `${r.int(8, 256) * 1048576}Ki`, pods: '110', ...gpus };
  if (os === 'linux') Object.assign(capacity, { 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' });
  const allocatable = { ...capacity, cpu: `${Number(capacity.cpu) * 1000 - 80}m`, memory: `${parseInt(capacity.memory) - 400000}Ki` };
  const imageCount = { 'control-plane': r.int(8, 14), general: r.int(20, 50), arm64: r.int(15, 40), spot: r.int(10, 35), gpu: 50, windows: r.int(6, 16) }[pool];
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': ip,
        'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'ebs.csi.aws.com': `i-0${r.hex(16)}` }),
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: timestamp(r),
      labels,
      name,
      resourceVersion: String(r.int(1_000_000, 99_999_999)),
      uid: `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
    },
    spec: {
      podCIDR: `100.${clusterIndex >> 8 & 255}.${clusterIndex & 255}.0/24`,
      podCIDRs: [`100.${clusterIndex >> 8 & 255}.${clusterIndex & 255}.0/24`],
      providerID: `aws:///${zone}/i-0${r.hex(16)}`,
    },
    status: {
      addresses: [{ address: ip, type: 'InternalIP' }, { address: name, type: 'Hostname' }, { address: `ip-${ip.replace(/\./g, '-')}.ec2.internal`, type: 'InternalDNS' }],
      allocatable,
      capacity,
      conditions: conditions(r, state, pool),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      features: { supplementalGroupsPolicy: true },
      images: images(r, imageCount),
      nodeInfo: {
        architecture: arch,
        bootID: `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
        containerRuntimeVersion: os === 'windows' ? 'containerd://1.7.20' : 'containerd://2.0.5',
        kernelVersion: os === 'windows' ? `10.0.20348.${r.int(2000, 3000)}` : `6.1.${r.int(100, 150)}-amzn2023.x86_64`,
        kubeProxyVersion: '',
        kubeletVersion: 'v1.35.2',
        machineID: os === 'windows' ? '' : r.hex(32),
        operatingSystem: os,
        osImage: os === 'windows' ? 'Windows Server 2022 Datacenter' : 'Amazon Linux 2023.7.20250609',
        swap: { capacity: 0 },
        systemUUID: `ec2${r.hex(5)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
      },
      runtimeHandlers: [{ features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: 'runc' }],
    },
  };
  const taints = taintsFor(r, pool, state, index);
  if (taints.length) node.spec.taints = taints;
  if (state === 'cordoned') node.spec.unschedulable = true;
  if (pool === 'general' && index % 5 === 0) {
    const volumes = Array.from({ length: r.int(1, 6) }, () => `kubernetes.io/csi/ebs.csi.aws.com^vol-0${r.hex(16)}`);
    node.status.volumesInUse = volumes;
    node.status.volumesAttached = volumes.map((name) => ({ devicePath: '', name }));
  }
  return sortKeys(node);
}

/** Yields { node, pool, state } in a fixed order: pools in the mix's order, states by quota. */
export function* generateNodes({ nodes: total, seed = 1, flavor = 'eks' }) {
  const r = rng(seed);
  const counts = poolCounts(total);
  const workers = total - counts['control-plane'];
  // States by quota, assigned round-robin over worker pools: same seed, same nodes.
  const quota = STATES.map(([state, rate]) => [state, Math.max(1, Math.round(rate * workers))]);
  const workerPools = Object.keys(counts).filter((p) => p !== 'control-plane');
  const assigned = new Map();
  let cursor = 0;
  const poolIndex = Object.fromEntries(workerPools.map((p) => [p, 0]));
  const take = (state) => {
    for (let tries = 0; tries < workerPools.length; tries++) {
      const pool = workerPools[cursor++ % workerPools.length];
      if (poolIndex[pool] < counts[pool]) {
        assigned.set(`${pool}/${poolIndex[pool]++}`, state);
        return;
      }
    }
  };
  for (const [state, n] of quota) for (let i = 0; i < n; i++) take(state);
  for (const state of EDGE_CASES) take(state);
  let clusterIndex = 0;
  for (const [pool, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) {
      const state = assigned.get(`${pool}/${i}`) ?? 'ready';
      yield { node: makeNode(r, flavor, pool, i, state, clusterIndex++), pool, state };
    }
  }
}

// ---- kubectl's layouts ----------------------------------------------------------------------

const JSON_HEAD = '{\n    "apiVersion": "v1",\n    "items": [\n';
const JSON_TAIL = '\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';

export function jsonItem(node) {
  return JSON.stringify(node, null, 4).replace(/^/gm, '        ');
}

/** Quotes a string as kubectl's YAML printer does when a plain scalar would read differently. */
function yamlString(s) {
  if (s === '') return '""';
  const plainUnsafe =
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) ||
    /[:]\s|\s#|[\n\t]/.test(s) ||
    /:$/.test(s) ||
    /\s$/.test(s) ||
    /^(true|false|yes|no|on|off|y|n|null|~)$/i.test(s) ||
    /^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) ||
    /^0[xo][0-9a-f]+$/i.test(s) ||
    /^\d{4}-\d\d-\d\d/.test(s);
  return plainUnsafe ? JSON.stringify(s) : s;
}

function yamlLines(value, indent, out) {
  const pad = ' '.repeat(indent);
  for (const [k, v] of Object.entries(value)) {
    const key = yamlString(k);
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out.push(`${pad}${key}: []`);
        continue;
      }
      out.push(`${pad}${key}:`);
      for (const item of v) yamlSeqItem(item, indent, out);
    } else if (v && typeof v === 'object') {
      if (Object.keys(v).length === 0) out.push(`${pad}${key}: {}`);
      else {
        out.push(`${pad}${key}:`);
        yamlLines(v, indent + 2, out);
      }
    } else out.push(`${pad}${key}: ${scalar(v)}`);
  }
}

function yamlSeqItem(item, indent, out) {
  const pad = ' '.repeat(indent);
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const inner = [];
    yamlLines(item, indent + 2, inner);
    inner[0] = `${pad}- ${inner[0].slice(indent + 2)}`;
    out.push(...inner);
  } else out.push(`${pad}- ${scalar(item)}`);
}

function scalar(v) {
  return typeof v === 'string' ? yamlString(v) : String(v);
}

export function yamlItem(node) {
  const out = [];
  yamlSeqItem(node, 0, out);
  return out.join('\n') + '\n';
}

/** Streams a cluster to `out` (a writable stream); resolves when written. */
export async function writeCluster(out, { nodes, seed = 1, flavor = 'eks', format = 'json' }) {
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((res) => out.once('drain', res)));
  if (format === 'json') {
    await write(JSON_HEAD);
    let first = true;
    for (const { node } of generateNodes({ nodes, seed, flavor })) {
      await write((first ? '' : ',\n') + jsonItem(node));
      first = false;
    }
    await write(JSON_TAIL);
  } else {
    await write('apiVersion: v1\nitems:\n');
    for (const { node } of generateNodes({ nodes, seed, flavor })) await write(yamlItem(node));
    await write('kind: List\nmetadata:\n  resourceVersion: ""\n');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)));
  const options = { nodes: Number(args.nodes ?? 100), seed: Number(args.seed ?? 1), flavor: args.flavor ?? 'eks', format: args.format ?? 'json' };
  const out = args.out ? createWriteStream(args.out) : process.stdout;
  await writeCluster(out, options);
  if (args.out) out.end();
}
