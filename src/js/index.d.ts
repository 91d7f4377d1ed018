// Node.js entry: everything the build exports, plus a no-op `init()` for isomorphic code.
export * from './daemonset_planner.js';

/** Does nothing in Node.js (the module is ready when imported); for code shared with browsers. */
export default function init(options?: unknown): Promise<void>;
/** Does nothing in Node.js; for code shared with browsers. */
export function initSync(options?: unknown): void;
