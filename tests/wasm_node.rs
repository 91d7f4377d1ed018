//! The wasm-bindgen exports in Node.js.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
