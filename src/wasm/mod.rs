//! The wasm-bindgen host adapter (placeholder replaced below).
