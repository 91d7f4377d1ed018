'use strict';
// Reading the CLI's files: standard input, kubectl-like errors for missing files and
// directories, UTF-16 with a BOM (PowerShell's `>`), and node lists that are not node lists
// (kubectl's table, "No resources found", a truncated `-o yaml`).

const fs = require('node:fs');

/** A mistake on the command line: exit 2 with a one-line hint. */
class UsageError extends Error {}

/** Input the planner cannot use: exit 3, printed as `file:line:column: message [CODE]`. */
class InputError extends Error {
  constructor(label, message, code, line, column) {
    super(message);
    Object.assign(this, { label, code, line, column });
  }
}

let stdinUsed = false;

/** The file's bytes as UTF-8, and the label errors name it by. */
function readInput(file) {
  if (file === '-') {
    if (stdinUsed) throw new UsageError('only one argument may read standard input (-)');
    stdinUsed = true;
    return { bytes: toUtf8(fs.readFileSync(0)), label: '<stdin>' };
  }
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new UsageError(`the path "${file}" does not exist`);
    throw new UsageError(`cannot read "${file}": ${e.code || e.message}`);
  }
  if (stat.isDirectory()) throw new UsageError(`"${file}" is a directory: give a file (or - for standard input)`);
  try {
    return { bytes: toUtf8(fs.readFileSync(file)), label: file };
  } catch (e) {
    const why = e.code === 'EACCES' ? 'permission denied' : e.code || e.message;
    throw new UsageError(`cannot read "${file}": ${why}`);
  }
}

/** UTF-16 (either order) with a BOM becomes UTF-8, and a UTF-8 BOM is dropped, as kubectl reads files. */
function toUtf8(buf) {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return Buffer.from(buf.subarray(2).toString('utf16le'), 'utf8');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const le = Buffer.from(buf.subarray(2, buf.length - ((buf.length - 2) % 2)));
    le.swap16();
    return Buffer.from(le.toString('utf16le'), 'utf8');
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3);
  return buf;
}

const TABLE_HEADER = /^NAME(?:[ \t]{2,}[A-Z][A-Z-]*)+[ \t]*\r?$/;

/** Throws for a node list the planner would read as "0 nodes" although it is not one. */
function checkNodeList({ bytes, label }) {
  const head = bytes.subarray(0, 4096).toString('utf8');
  const firstLine = head.split('\n').find((l) => l.trim() !== '') || '';
  if (/^\s*No resources found/.test(firstLine)) {
    throw new InputError(label, 'kubectl found no nodes ("No resources found"): there is no node to plan on', 'EMPTY_INPUT', 1, 1);
  }
  if (TABLE_HEADER.test(firstLine)) {
    throw new InputError(label, "this is kubectl's table, not a node list: add -o yaml (kubectl get nodes -o yaml)", 'WRONG_KIND', 1, 1);
  }
  // kubectl's `-o yaml` list starts `apiVersion: v1` / `items:` and ends with `kind: List`.
  if (/^apiVersion: v1\r?\nitems:/.test(head) && bytes.indexOf('\nkind: List') < 0) {
    let lines = 1;
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
    if (bytes.length && bytes[bytes.length - 1] === 10) lines--;
    throw new InputError(label, "the node list stops before kubectl's closing `kind: List`: the file looks truncated", 'INVALID_YAML', lines, 1);
  }
}

/** The planner's coded error, attributed to the file it came from. */
function fromPlannerError(e, label) {
  if (!e || typeof e.code !== 'string') return e;
  const message = String(e.message).replace(/ \(line \d+(, column \d+)?\)$/, '');
  return new InputError(label, message, e.code, e.line, e.column);
}

module.exports = { UsageError, InputError, readInput, checkNodeList, fromPlannerError, toUtf8 };
