// The code editor: CodeMirror 6 with YAML/JSON support, a lint gutter and inline errors at
// their line and column (the message on hover). It lives in a shadow root, where CodeMirror's
// styles are constructed stylesheets: the page's CSP allows no inline style.
import { EditorState, Compartment } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab, undo } from '@codemirror/commands';
import { syntaxHighlighting, HighlightStyle, indentUnit, bracketMatching } from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { json } from '@codemirror/lang-json';
import { tags } from '@lezer/highlight';

// Above this size the text is shown plain: highlighting 5 MB buys nothing and costs keystrokes.
const LANGUAGE_LIMIT = 1 << 20;

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--tok-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--tok-string)' },
  { tag: tags.number, color: 'var(--tok-number)' },
  { tag: [tags.bool, tags.null, tags.keyword], color: 'var(--tok-literal)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.meta, tags.brace, tags.squareBracket], color: 'var(--tok-punct)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--code-bg)', color: 'var(--text)', font: '13px/18px ui-monospace, "SF Mono", Menlo, Consolas, monospace' },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: '18px' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--active)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'rgba(47, 95, 208, 0.3)' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--error)' },
  '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: 'underline wavy var(--warn)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--line)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
});

function languageFor(text) {
  if (text.length > LANGUAGE_LIMIT) return [];
  return /^\s*[[{]/.test(text) ? json() : yaml();
}

export class Editor {
  constructor(root, { label, onChange }) {
    this.root = root;
    root.classList.add('editor');
    const shadow = root.attachShadow({ mode: 'open' });
    this.language = new Compartment();
    this.view = new EditorView({
      root: shadow,
      parent: shadow,
      state: EditorState.create({
        doc: '',
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          bracketMatching(),
          highlightSelectionMatches(),
          indentUnit.of('  '),
          EditorState.tabSize.of(2),
          // Tab indents; Escape then Tab (or Shift-Tab) leaves, as the label says.
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
          this.language.of([]),
          syntaxHighlighting(highlight),
          lintGutter(),
          theme,
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-description': 'Code editor. Press Escape, then Tab, to move focus out of it.' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            this.lineCount = u.state.doc.lines;
            if (!this.settingValue) onChange?.();
          }),
        ],
      }),
    });
    this.lineCount = 1;
    // For scripts and the browser tests: the host element leads to its editor.
    root.cmEditor = this;
  }

  /** Replaces the whole text as a user's paste does (undoable, and reported as a change). */
  paste(text) {
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      effects: this.language.reconfigure(languageFor(text)),
      userEvent: 'input.paste',
    });
  }

  /** Replaces the text with `text` as one edit of the changed span (Ctrl-Z undoes it). */
  edit(text, userEvent = 'input.apply') {
    const old = this.view.state.doc.toString();
    let from = 0;
    while (from < old.length && from < text.length && old[from] === text[from]) from++;
    let end = 0;
    while (end < old.length - from && end < text.length - from && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
    this.view.dispatch({ changes: { from, to: old.length - end, insert: text.slice(from, text.length - end) }, userEvent, scrollIntoView: true });
  }

  /** Undoes the last change, as Ctrl-Z does. */
  undo() {
    return undo(this.view);
  }

  get value() {
    return this.view.state.doc.toString();
  }

  set value(text) {
    this.settingValue = true;
    try {
      this.view.dispatch({
        changes: { from: 0, to: this.view.state.doc.length, insert: text },
        effects: this.language.reconfigure(languageFor(text)),
      });
    } finally {
      this.settingValue = false;
    }
  }

  /** Sets the placeholder-like note shown when the editor is empty (a file read, not shown). */
  set note(text) {
    // Set only on a change: a style change on the host costs a keystroke with a large text.
    if ((this.root.dataset.note ?? '') !== text) this.root.dataset.note = text;
  }

  /** Errors and warnings at their line and column: [{ line, column?, message, severity }]. */
  setDiagnostics(list) {
    const doc = this.view.state.doc;
    const diagnostics = [];
    for (const d of list) {
      if (!d.line) continue;
      // An error at the end of the input may point one line past the text.
      const line = doc.line(Math.min(d.line, doc.lines));
      const from = Math.min(line.to, line.from + Math.max(0, (d.column ?? 1) - 1));
      const to = from < line.to ? line.to : from;
      diagnostics.push({ from, to, severity: d.severity ?? 'error', message: d.message });
    }
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
    this.root.dataset.errorLines = [...new Set(list.filter((d) => (d.severity ?? 'error') === 'error' && d.line).map((d) => d.line))].join(' ');
  }

  /** Puts the caret on `line` (1-based) and `column`, scrolled into view. */
  goToLine(line, column = 1) {
    const doc = this.view.state.doc;
    const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
    const at = Math.min(l.to, l.from + Math.max(0, column - 1));
    this.view.dispatch({ selection: { anchor: at, head: l.to }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
    this.view.focus();
    this.root.dataset.activeLine = String(l.number);
  }

  /** The line of the caret (1-based). */
  get caretLine() {
    return this.view.state.doc.lineAt(this.view.state.selection.main.head).number;
  }
}
