'use strict';
// CommonJS entry for Node.js: the wasm-bindgen build (loaded synchronously, from the one
// .wasm the web build ships), plus `init()` / `initSync()` that do nothing here, for code that
// also runs in browsers.
const planner = require('./daemonset_planner.js');

/** The module is ready once required; present so browser-style code runs unchanged. */
async function init() {
  return undefined;
}

function initSync() {
  return undefined;
}

module.exports = { ...planner, init, initSync, default: init };
