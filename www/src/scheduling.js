// The scheduler's phase in the playground: a node's verdict (scheduled, Pending, preempting),
// its resource bars and the pods it would evict.
import { el } from './results.js';

/** The verdict codes of PlanView.schedulerVerdicts(); `ring` marks the node in the grid. */
export const VERDICTS = [
  null,
  { name: 'scheduled', word: 'scheduled' },
  { name: 'pending', word: 'stays Pending', ring: '#b45309' },
  { name: 'preempting', word: 'preempts pods', ring: '#6d28d9' },
];

/** A node's verdict in a few words. */
export function schedulerText(s) {
  if (!s) return '';
  if (s.scheduled) return 'scheduled';
  const victims = s.preemption?.victims ?? [];
  return victims.length ? `preempts ${victims.join(', ')}` : `Pending: ${s.reasons?.join(', ') || s.message}`;
}

/** `scheduled`, `pending` or `preempting`, for data attributes. */
export function verdictName(s) {
  return s.scheduled ? 'scheduled' : s.preemption?.victims.length ? 'preempting' : 'pending';
}

/** The node's resources as bars (what its pods request of its allocatable, and the daemon's
 *  share on top) and the pods the scheduler would evict, appended to `card`. */
export function showScheduling(card, s) {
  document.getElementById('scheduling')?.remove();
  if (!s) return;
  const box = el('div');
  box.id = 'scheduling';
  box.append(el('p', '', `Scheduler: ${schedulerText(s)}`));
  if (!s.scheduled) box.append(el('p', 'note', s.message));
  for (const r of s.resources) {
    const row = el('div');
    const bar = el('meter');
    const [used, total, own] = [amount(r.requested), amount(r.allocatable), amount(r.daemon)];
    bar.max = Math.max(total, used + own, 1);
    bar.high = total;
    bar.value = used + own;
    bar.setAttribute('aria-label', `${r.name}: ${r.requested} requested of ${r.allocatable}, daemon ${r.daemon}`);
    row.append(el('span', '', `${r.name} `), bar, el('span', 'note', ` ${r.requested} + ${r.daemon} of ${r.allocatable}`));
    row.dataset.resource = r.name;
    box.append(row);
  }
  const victims = s.preemption?.victims ?? [];
  if (victims.length) {
    const list = el('ul');
    list.className = 'victims';
    for (const v of victims) list.append(el('li', '', v));
    box.append(el('p', '', 'Would evict, in this order:'), list);
  }
  card.append(box);
}

/** A quantity as a number, for bars only ("1500m" → 1.5, "16Gi" → 17179869184). */
function amount(q) {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) return 0;
  const units = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number(m[1]) * (units[m[2]] ?? 1);
}
