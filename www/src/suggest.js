// What would place a daemon on a node it misses: the planner's suggestions (each checked by
// planning again), shown with the exact change and an Apply button that edits the DaemonSet.
import { toYaml } from '../../src/js/yaml.mjs';
import { el } from './results.js';

/** The node-side change (labels, taints) that would place the daemon, as text, or null. */
export function nodeChangeItem(change, node) {
  if (!change) return null;
  const box = el('div', 'suggestion node-change');
  box.append(el('p', 'fix', `Or change the node instead: ${change.message.replace(/ → runs there$/, '')}.`));
  const pre = el('pre', 'patch', change.command);
  pre.setAttribute('aria-label', `The kubectl commands that change ${node}`);
  pre.tabIndex = 0;
  box.append(pre);
  return box;
}

/** The list for one DaemonSet on one node, or null when there is none. `onApply(s)` applies one. */
export function suggestionList(list, daemonSet, onApply) {
  if (!list?.length) return null;
  const ul = el('ul', 'suggestions');
  ul.setAttribute('aria-label', `What would place ${daemonSet} here`);
  for (const s of list) {
    const li = el('li', 'suggestion');
    li.dataset.daemonSet = daemonSet;
    li.append(el('p', 'fix', s.message.replace(/ → runs on .*$/, '')));
    li.append(el('p', 'gains', `Runs on ${s.gains.toLocaleString('en')} more node${s.gains === 1 ? '' : 's'} (checked by planning again).`));
    if (s.widens) li.append(el('p', 'widens', `Widens the DaemonSet: ${s.widens}.`));
    let yaml;
    try {
      yaml = toYaml(JSON.parse(s.patch));
    } catch {
      yaml = s.patch;
    }
    const pre = el('pre', 'patch', yaml);
    pre.setAttribute('aria-label', 'The change, as a merge patch in YAML');
    pre.tabIndex = 0;
    const apply = el('button', 'apply', `Apply to ${daemonSet}`);
    apply.type = 'button';
    apply.addEventListener('click', () => onApply(s));
    li.append(pre, apply);
    ul.append(li);
  }
  return ul;
}
