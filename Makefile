# The commands the README names. `make run` and `make test` install what they need.
SHELL := bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
WASM := target/wasm32-unknown-unknown/release/daemonset_planner.wasm
PORT ?= 8080

.PHONY: setup build run test test-rust test-wasm test-node test-e2e test-kubewarden bench fuzz clean

setup:
	@.ci/setup

$(WASM): Cargo.toml Cargo.lock $(shell find src -name '*.rs' -o -name '*.d.ts')
	cargo build --release --target wasm32-unknown-unknown

# pkg/ is the npm package: node/ (CommonJS + ESM entry), web/ (browsers and bundlers), bin/.
build: setup $(WASM)
	rm -rf pkg && mkdir -p pkg/bin
	wasm-bindgen --target nodejs --remove-name-section --remove-producers-section --out-name core --out-dir pkg/node $(WASM)
	cat src/js/guard-common.js src/js/guard.cjs > pkg/node/daemonset_planner.js && cp pkg/node/core.d.ts pkg/node/daemonset_planner.d.ts
	wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir pkg/web $(WASM)
	# The web build behind the same guard: the glue becomes a factory (core.js), the entry the guard.
	node src/js/build-web.mjs pkg/web
	echo '{ "type": "commonjs" }' > pkg/node/package.json
	echo '{ "type": "module" }' > pkg/web/package.json
	# One .wasm for both builds: the Node glue reads the web build's copy.
	sed -i 's|`$${__dirname}/core_bg.wasm`|`$${__dirname}/../web/daemonset_planner_bg.wasm`|' pkg/node/core.js
	grep -q '/../web/daemonset_planner_bg.wasm' pkg/node/core.js
	# ... whose imports are named after the web build's glue.
	sed -i 's|"./core_bg.js"|"./daemonset_planner_bg.js"|' pkg/node/core.js
	grep -q '"./daemonset_planner_bg.js"' pkg/node/core.js
	rm pkg/node/core_bg.wasm pkg/node/core_bg.wasm.d.ts
	# Declarations that compile without lib esnext.disposable (the runtime keeps Symbol.dispose).
	sed -i '/\[Symbol\.dispose\]/d' pkg/node/daemonset_planner.d.ts pkg/web/daemonset_planner.d.ts
	cp src/js/index.mjs src/js/index.cjs src/js/index.d.ts pkg/node/
	cp LICENSE pkg/LICENSE
	cp src/js/cli.cjs pkg/bin/daemonset-planner.cjs && chmod +x pkg/bin/daemonset-planner.cjs
	cp src/js/cli-input.cjs src/js/cli-text.cjs src/js/cli-fleet.cjs src/js/yaml.mjs pkg/bin/
	cp src/js/cli_sync.cjs pkg/bin/sync.cjs
	cp pkg.json pkg/package.json
	cp README.md pkg/README.md
	rm -rf www/pkg && cp -r pkg/web www/pkg
	# The playground's script: www/src/ and CodeMirror (tests/node_modules) in one file, so www/ stays static.
	NODE_PATH=tests/node_modules tests/node_modules/.bin/esbuild www/src/app.js --bundle --format=esm --minify --target=es2020 --outfile=www/app.js --log-level=warning
	cargo build --release --target wasm32-wasip1
	mkdir -p pkg/kubewarden
	cp target/wasm32-wasip1/release/daemonset_planner.wasm pkg/kubewarden/policy.wasm
	cp src/kubewarden_meta/metadata.yml pkg/kubewarden/metadata.yml

run: build
	@echo
	@echo '$$ daemonset-planner plan www/examples/fluentd-elasticsearch.yaml www/examples/sample-cluster.yaml'
	@node pkg/bin/daemonset-planner.cjs plan www/examples/fluentd-elasticsearch.yaml www/examples/sample-cluster.yaml
	@echo
	@node src/js/serve.mjs www $(PORT)

test: build test-rust test-wasm test-node test-e2e test-kubewarden

# The wasm-only test targets are left out here: natively they would compile to nothing.
test-rust:
	cargo test --lib --test conformance --test fixtures --test schema --test validation_messages --test validation_containers --test validation_update --test validation_pod --test validation_parity --test review --test releases --test sync --test sync_scenarios --test revision_hash --test fleet --test growth --test hostile --test one_reader

# The Kubewarden policy under wasmtime with WASI (tests/kubewarden-host, its own crate and
# target dir, never a dependency of the policy): built once, its tests reuse one compiled module.
KW_HOST = cargo $(1) --locked --manifest-path tests/kubewarden-host/Cargo.toml --target-dir target/kubewarden-host
test-kubewarden:
	$(call KW_HOST,test)

# wasm-bindgen-test: the boundary in Node.js and in headless Chromium (chromedriver).
test-wasm:
	cargo test --target wasm32-unknown-unknown --test wasm_node
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm_browser

test-node:
	node --test tests/node/

# The playground in headless Chromium (Debian's), driven by playwright-core.
test-e2e:
	node --test tests/e2e/

bench: build
	# Every part runs; the target fails at the end if any target was missed.
	missed=0; \
	node --expose-gc --max-old-space-size=12000 tests/bench/bench.mjs $(BENCH_ARGS) || missed=1; \
	node tests/bench/keystrokes.mjs || missed=1; \
	GROWTH_LARGE=100000 cargo test --release --test growth -- --nocapture || missed=1; \
	node tests/bench/cluster.mjs --nodes 5000 --format json --seed 1 --out target/kubewarden-bench-nodes.json; \
	node tests/bench/pods.mjs --nodes 5000 --pods 30000 --seed 1 --out target/kubewarden-bench-pods.json; \
	$(call KW_HOST,run --bin bench) -- target/kubewarden-bench-nodes.json target/kubewarden-bench-pods.json || missed=1; \
	exit $$missed

# Fuzzing (see README): cargo-fuzz (libFuzzer) on each core entry point, one at a time at low
# priority, each for FUZZ_SECONDS or FUZZ_RUNS executions, whichever ends first; then the
# JS-boundary fuzzer for FUZZ_ITERATIONS values. Without a sanitizer (Rust is memory-safe; what
# is hunted is panics, aborts, hangs and slow units) and without compare tracing (the dictionary
# gives the field names): validate ran at 55 exec/s under ASan with 200 KB seeds, 4,000-5,000
# now. FUZZ_SANITIZER=address needs nightly flags: RUSTC_BOOTSTRAP=1 lets stable take them.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 10000000
FUZZ_SANITIZER ?= none
FUZZ_ITERATIONS ?= 200000
FUZZ_TARGETS ?= yaml json stream validate plan review settings
fuzz: build
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	fuzz/seed.sh
	for t in $(FUZZ_TARGETS); do \
	  case $$t in plan|stream) len=8192 ;; *) len=4096 ;; esac; \
	  RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run --sanitizer $(FUZZ_SANITIZER) --no-trace-compares $$t fuzz/corpus/$$t -- \
	    -dict=fuzz/kubernetes.dict -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -max_len=$$len \
	    -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 || exit 1; \
	done
	FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) nice -n 19 node --test tests/node/fuzz_boundary.test.mjs

clean:
	rm -rf target pkg www/pkg tests/node_modules
