//! The wasm-bindgen exports in headless Chromium.
#![cfg(all(target_arch = "wasm32", target_os = "unknown"))]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_common;
