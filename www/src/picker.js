// Several DaemonSets in the editor: the picker (one of them, or all), a matrix cell's pick, and
// a suggestion applied to its DaemonSet's text as one undoable edit.
import { applyToText } from './patch.js';

const $ = (id) => document.getElementById(id);
export const ALL = '\u0000all'; // the picker's "All DaemonSets"

/** `requestPlan()` plans what is picked; `notice(text, undo?)` tells the user. */
export function picker(state, { dsEditor, requestPlan, notice }) {
  // `entries`: the DaemonSets of the input ({ key: "namespace/name", namespace, name, line }).
  function fillPicker(entries) {
    state.entries = entries;
    const names = entries.map((e) => e.key);
    const several = names.length > 1;
    $('ds-pick-label').hidden = !several;
    if (!several) {
      state.pick = '';
      return;
    }
    if (state.pick !== ALL && !names.includes(state.pick)) state.pick = names[0];
    const select = $('ds-pick');
    const values = [ALL, ...names];
    if ([...select.options].map((o) => o.value).join('\n') !== values.join('\n')) {
      select.replaceChildren(new Option(`All DaemonSets (${names.length})`, ALL), ...names.map((n) => new Option(n, n)));
    }
    select.value = state.pick;
  }

  // A matrix cell: that DaemonSet's plan, its table narrowed to the cell's group.
  function pickFromMatrix(ds, group) {
    state.pick = ds;
    $('ds-pick').value = ds;
    state.groupFilter = state.groupKey === '\u0000reason' ? null : group;
    requestPlan();
  }

  // A suggestion's merge patch, applied to its DaemonSet in the editor as one undoable edit;
  // the edit re-plans as typing does.
  function applySuggestion(ds, suggestion) {
    const entry = state.entries?.find((e) => e.key === ds);
    if (!entry?.line) return notice(`${ds} is not in the DaemonSet editor any more.`);
    const byHand = `kubectl patch daemonset ${entry.name} -n ${entry.namespace} --type merge -p '${suggestion.patch}'`;
    const result = applyToText(dsEditor.value, entry, JSON.parse(suggestion.patch));
    if (result.error) return notice(`The change could not be applied to the text (${result.error}). By hand: ${byHand}`);
    dsEditor.edit(result.text);
    const applied = dsEditor.value;
    notice(`Applied to ${ds}: ${suggestion.message}. Undo here or with Ctrl-Z in the editor.`, () => {
      if (dsEditor.value === applied) dsEditor.undo();
      else setTimeout(() => notice('The DaemonSet was edited after the change: undo in the editor (Ctrl-Z).'));
    });
  }

  return { fillPicker, pickFromMatrix, applySuggestion };
}
