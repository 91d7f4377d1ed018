// The package's Node.js entry (`make build` puts guard-common.js ahead of it): the wasm-bindgen
// output (./core.js) behind the guard, which re-requires core.js for a fresh instance.

const path = require('node:path');

const CORE = path.join(__dirname, 'core.js');

function load() {
  delete require.cache[require.resolve(CORE)];
  return require(CORE);
}

module.exports = makeGuard(load).api((key) => key.startsWith('initSync'));
