// A small code editor: a textarea over a highlighted copy of its text, with line numbers and
// error marks in the gutter. Everything the user typed is rendered with textContent only.

const HIGHLIGHT_LIMIT = 60_000; // characters; beyond this the text is shown plain, to stay quick

/** Splits one YAML (or JSON) line into [className, text] tokens. */
function tokens(line) {
  const out = [];
  const comment = line.match(/^(\s*)(#.*)$/) ?? line.match(/^(.*?\s)(#.*)$/);
  let rest = line;
  let tail = null;
  if (comment && !/["']/.test(comment[1])) {
    rest = comment[1];
    tail = comment[2];
  }
  const m = rest.match(/^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s:#][^:#]*?)(\s*:)(\s|$)(.*)$/);
  if (m) {
    out.push(['', m[1]]);
    if (m[2]) out.push(['dash', m[2]]);
    out.push(['key', m[3]], ['punct', m[4]], ['', m[5]]);
    out.push(...value(m[6]));
  } else {
    const dash = rest.match(/^(\s*)(-\s+)(.*)$/);
    if (dash) out.push(['', dash[1]], ['dash', dash[2]], ...value(dash[3]));
    else if (/^(---|\.\.\.)\s*$/.test(rest)) out.push(['doc', rest]);
    else out.push(...value(rest));
  }
  if (tail) out.push(['comment', tail]);
  return out;
}

function value(text) {
  const t = text.trim();
  if (!t) return [['', text]];
  let cls = '';
  if (/^["']/.test(t)) cls = 'string';
  else if (/^-?\d+(\.\d+)?$/.test(t)) cls = 'number';
  else if (/^(true|false|null|~|yes|no|on|off)$/i.test(t)) cls = 'literal';
  else if (/^[|>][-+]?$/.test(t)) cls = 'punct';
  else if (/^[{[]/.test(t)) cls = 'flow';
  return [[cls, text]];
}

export class Editor {
  constructor(root, { label, onChange }) {
    this.root = root;
    this.onChange = onChange;
    root.classList.add('editor');
    const gutter = el('div', 'gutter');
    gutter.setAttribute('aria-hidden', 'true');
    this.gutter = el('div', 'gutter-lines');
    gutter.append(this.gutter);
    const code = el('div', 'code');
    this.pre = el('pre', 'highlight');
    this.pre.setAttribute('aria-hidden', 'true');
    this.textarea = el('textarea');
    this.textarea.setAttribute('aria-label', label);
    this.textarea.spellcheck = false;
    this.textarea.autocapitalize = 'off';
    this.textarea.setAttribute('autocomplete', 'off');
    this.textarea.wrap = 'off';
    code.append(this.pre, this.textarea);
    root.append(gutter, code);
    this.marks = new Map();
    this.textarea.addEventListener('input', () => {
      this.render();
      this.onChange?.(this.value);
    });
    this.textarea.addEventListener('scroll', () => this.sync());
    // Tab indents, as in any code editor; Escape then Tab moves focus on.
    this.textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.tabFree = true;
      if (e.key === 'Tab' && !e.shiftKey && !this.tabFree) {
        e.preventDefault();
        document.execCommand('insertText', false, '  ');
      }
      if (e.key !== 'Tab' && e.key !== 'Escape') this.tabFree = false;
    });
    this.textarea.addEventListener('blur', () => (this.tabFree = false));
    this.render();
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.render();
  }

  /** Lines to mark in the gutter: Map<line, message>. */
  setMarks(marks) {
    this.marks = marks;
    this.renderGutter();
  }

  /** Puts the caret on `line` (1-based), scrolls there and flashes the line. */
  goToLine(line, column = 1) {
    const lines = this.value.split('\n');
    const n = Math.max(1, Math.min(line, lines.length));
    let offset = 0;
    for (let i = 0; i < n - 1; i++) offset += lines[i].length + 1;
    const col = Math.max(0, Math.min(column - 1, lines[n - 1].length));
    this.textarea.focus();
    this.textarea.setSelectionRange(offset + col, offset + lines[n - 1].length);
    const lh = parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    this.textarea.scrollTop = Math.max(0, (n - 1) * lh - this.textarea.clientHeight / 3);
    this.active = n;
    this.root.dataset.activeLine = String(n);
    this.render();
  }

  render() {
    const text = this.value;
    const lines = text.split('\n');
    this.lineCount = lines.length;
    if (text.length > HIGHLIGHT_LIMIT) {
      this.pre.textContent = text + '\n';
      this.renderGutter();
      this.sync();
      return;
    }
    const frag = document.createDocumentFragment();
    lines.forEach((line, i) => {
      const row = el('span', i + 1 === this.active ? 'line active' : 'line');
      for (const [cls, t] of tokens(line)) {
        if (!t) continue;
        if (cls) row.append(Object.assign(el('span', 'tok-' + cls), { textContent: t }));
        else row.append(document.createTextNode(t));
      }
      row.append('\n');
      frag.append(row);
    });
    this.pre.replaceChildren(frag);
    this.renderGutter();
    this.sync();
  }

  renderGutter() {
    const frag = document.createDocumentFragment();
    for (let i = 1; i <= (this.lineCount ?? 1); i++) {
      const n = el('div', this.marks.has(i) ? 'num error' : 'num');
      n.textContent = String(i);
      if (this.marks.has(i)) n.title = this.marks.get(i);
      frag.append(n);
    }
    this.gutter.replaceChildren(frag);
  }

  sync() {
    this.pre.style.transform = `translate(${-this.textarea.scrollLeft}px, ${-this.textarea.scrollTop}px)`;
    this.gutter.style.transform = `translateY(${-this.textarea.scrollTop}px)`;
  }
}

function el(tag, cls) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  return e;
}
