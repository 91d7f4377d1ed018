//! The wasm-bindgen exports in Node.js.
#![cfg(all(target_arch = "wasm32", target_os = "unknown"))]

mod wasm_common;
