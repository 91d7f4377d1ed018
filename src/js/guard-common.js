'use strict';
// The guard shared by the package's Node.js entry and its browser/bundler entry (`make build`
// puts this file ahead of src/js/guard.cjs and src/js/guard-web.mjs): no call may leave the
// module unusable for the next one.
//
// - An error without a `code` (a wasm trap, a Rust panic, a JavaScript exception that unwound
//   through wasm) means the instance may be damaged: it is dropped, a fresh one is made, and
//   the call throws `INTERNAL`. Handles made by the old instance then throw `FREED`.
// - `free()` (or `Symbol.dispose`, `using`) frees a handle; any call on it afterwards throws
//   `FREED` instead of wasm-bindgen's "null pointer passed to rust". A handle dropped without
//   `free()` is freed when collected (wasm-bindgen's FinalizationRegistry).
// - A ClusterLoader whose push() threw is finished: every later call throws that same error.
// Methods are forwarded generically, so methods added to the Rust handles need no change here.

const HANDLES = ['Cluster', 'PlanView', 'ClusterLoader'];
const INNER = Symbol('inner');

function coded(code, message, cause) {
  const err = new Error(message, cause === undefined ? undefined : { cause });
  err.code = code;
  return err;
}

/** The guard around the instances `fresh()` makes (each a wasm-bindgen module's exports). */
function makeGuard(fresh) {
  let core = fresh();
  let generation = 1;
  const wrappers = new Map(); // handle name -> wrapper class

  /** Runs `call` on the current instance; an uncoded failure restarts the instance. */
  function guarded(call) {
    let result;
    try {
      result = call();
    } catch (e) {
      if (e !== null && typeof e === 'object' && typeof e.code === 'string' && !(e instanceof WebAssembly.RuntimeError)) {
        throw e;
      }
      const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      core = fresh();
      generation += 1;
      throw coded('INTERNAL', `the planner failed inside (${what}); it was restarted, and the call can be retried`, e);
    }
    return wrap(result);
  }

  /** Wraps handles returned by the core; passes everything else through. */
  function wrap(value) {
    if (value === null || typeof value !== 'object') return value;
    for (const name of HANDLES) {
      const Core = core[name];
      if (typeof Core === 'function' && value instanceof Core) return adopt(wrapperFor(name), value);
    }
    return value;
  }

  function adopt(Wrapper, inner) {
    const handle = Object.create(Wrapper.prototype);
    handle[INNER] = { inner, generation, failed: null };
    return handle;
  }

  function live(handle, name) {
    const state = handle && handle[INNER];
    if (!state) throw coded('FREED', `${name} called on an object that is not a planner handle`);
    if (state.failed) throw state.failed;
    if (state.inner === null) throw coded('FREED', `${name} called on a freed handle: it was freed or disposed`);
    if (state.generation !== generation) {
      throw coded('FREED', `${name} called on a handle of a planner instance that was restarted after an internal error: load it again`);
    }
    return state;
  }

  function wrapperFor(name) {
    const Core = core[name];
    let Wrapper = wrappers.get(name);
    if (Wrapper) return Wrapper;
    Wrapper = function (...args) {
      if (!new.target) throw new TypeError(`Class constructor ${name} cannot be invoked without 'new'`);
      // guarded() wraps the new core object.
      return guarded(() => new core[name](...args));
    };
    Object.defineProperty(Wrapper, 'name', { value: name });
    for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(Core.prototype))) {
      if (key === 'constructor' || key === 'free' || key.startsWith('__')) continue;
      const forwarded = {};
      if (typeof desc.value === 'function') {
        forwarded.value = function (...args) {
          const state = live(this, `${name}.${key}()`);
          return forward(this, state, () => state.inner[key](...args));
        };
      }
      if (desc.get) {
        forwarded.get = function () {
          const state = live(this, `${name}.${key}`);
          return forward(this, state, () => state.inner[key]);
        };
      }
      if (desc.set) {
        forwarded.set = function (v) {
          const state = live(this, `${name}.${key}`);
          forward(this, state, () => {
            state.inner[key] = v;
          });
        };
      }
      Object.defineProperty(Wrapper.prototype, key, { ...forwarded, enumerable: desc.enumerable, configurable: true });
    }
    Wrapper.prototype.free = function () {
      const state = this && this[INNER];
      if (!state || state.inner === null) return;
      const inner = state.inner;
      state.inner = null;
      if (state.generation === generation) guarded(() => inner.free());
    };
    if (typeof Symbol.dispose === 'symbol') Wrapper.prototype[Symbol.dispose] = Wrapper.prototype.free;
    wrappers.set(name, Wrapper);
    return Wrapper;
  }

  function forward(handle, state, call) {
    try {
      const result = guarded(call);
      // finish() consumes the loader (Rust takes it by value): later calls say so.
      if (handle instanceof wrapperFor('ClusterLoader') && result instanceof wrapperFor('Cluster')) {
        state.failed = coded('INVALID_OPTIONS', 'this loader has finished; start a new ClusterLoader');
      }
      return result;
    } catch (e) {
      if (handle instanceof wrapperFor('ClusterLoader')) state.failed = e;
      throw e;
    }
  }

  for (const name of HANDLES) if (typeof core[name] === 'function') wrapperFor(name);

  /** The guarded exports: every function and handle class but those `skip` names. */
  function api(skip) {
    const out = {};
    for (const [key, value] of Object.entries(core)) {
      if (key.startsWith('__') || skip(key)) continue;
      if (HANDLES.includes(key)) out[key] = wrapperFor(key);
      else if (typeof value === 'function') out[key] = (...args) => guarded(() => core[key](...args));
      else out[key] = value;
    }
    return out;
  }

  return { api, current: () => core };
}
