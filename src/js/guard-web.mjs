// The browser and bundler entry: the wasm-bindgen web output, made a factory (./core.js, each
// createCore() a fresh instance with its own state), behind the guard above (guard-common.js).
// A restart instantiates the module init()/initSync() compiled, synchronously; `make build`
// appends the named exports, the same as wasm-bindgen's.
import { createCore } from './core.js';

let compiled = null; // the WebAssembly.Module of the first initialisation

function fresh() {
  const core = createCore();
  if (compiled) core.initSync({ module: compiled });
  return core;
}

const guard = makeGuard(fresh);
const api = guard.api((key) => key === 'default' || key === 'initSync' || key === 'wasmModule');

/** wasm-bindgen's default export: loads and instantiates the module (once). */
export default async function init(moduleOrPath) {
  const core = guard.current();
  const exports = await core.default(moduleOrPath);
  compiled ??= core.wasmModule();
  return exports;
}

/** wasm-bindgen's synchronous initialisation, from bytes or a compiled module. */
export function initSync(module) {
  const core = guard.current();
  const exports = core.initSync(module);
  compiled ??= core.wasmModule();
  return exports;
}
