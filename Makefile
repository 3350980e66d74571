# bertvec — every set-up step lives here, so `make run` and `make test` work
# on a fresh Debian/Ubuntu machine and in CI alike. Each step is idempotent
# and skips itself when already done.

SHELL := /bin/bash
GO    ?= go
BIN   := bin/bertvec

# Debian packages: libtorch and its headers; OpenBLAS (without it libtorch
# falls back to the reference BLAS, ~60x slower); a CJK font for map PNGs;
# Chromium for the map's browser test; MeCab and its IPA dictionary for the
# Japanese tokenizer (package mecab); Slurm and MUNGE for deploy/'s test,
# which starts a throwaway one-node cluster.
# With LIBTORCH pointing at a libtorch of your own (e.g. the official
# archive), Debian's libtorch-dev is not installed.
APT_LIBTORCH := $(if $(LIBTORCH),,libtorch-dev)
APT_BUILD := $(APT_LIBTORCH) libopenblas0-pthread g++ libmecab-dev mecab-ipadic-utf8
APT_MAP   := fonts-noto-cjk
APT_TEST  := chromium slurm-wlm munge
PURE_PKGS := ./bench/... ./vecdir/... ./vocab/... ./search/... ./internal/... ./pipeline/... ./tokenize/... ./mecab/... ./serve/... ./hub/... ./corpus/... ./contextvec/...

GOTCH_STAMP := build/gotch/.bertvec-prep.json
OUT         ?= out/tiny-bert-ja
BENCH_MODEL := build/bert-base-random

# staticcheck is pinned here, run with `go run` (no install step).
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GO_PKGS = $$($(GO) list ./... | grep -v /build/)

.PHONY: all run test build deps deps-test gotch vet staticcheck tidy test-pure test-race test-cgo test-browser bench bench-search fuzz clean

all: build

# ---- set-up ---------------------------------------------------------------

deps:
	@scripts/apt-ensure $(APT_BUILD) $(APT_MAP)

deps-test: deps
	@scripts/apt-ensure $(APT_TEST)

# gotchprep adapts gotch v0.9.1 to the installed libtorch (build/gotch) and
# writes go.work; it returns at once when its stamp says nothing changed.
gotch: deps
	@GOWORK=off $(GO) run ./cmd/gotchprep

# Go does not stamp the commit in workspace mode (go.work), so `bertvec
# version` gets it here.
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo +dirty)

build: gotch
	@mkdir -p bin
	$(GO) build -ldflags "-X main.buildCommit=$(COMMIT)" -o $(BIN) ./cmd/bertvec

# ---- the main job -----------------------------------------------------------

run: build
	$(BIN) extract --model testdata/tiny-bert-ja --out $(OUT) --force
	$(BIN) analogy --vectors $(OUT) --kind static "王 - 男 + 女"
	$(BIN) analogy --vectors $(OUT) --kind dynamic "王 - 男 + 女"

# ---- tests ----------------------------------------------------------------

test: deps-test build vet staticcheck tidy test-pure test-race test-cgo test-browser

vet:
	$(GO) vet $(GO_PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "not gofmt-clean:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

staticcheck:
	$(GO) run $(STATICCHECK) $(GO_PKGS)

# go.mod and go.sum say exactly what the code needs (go.work is ignored:
# it only points gotch at the adapted copy).
tidy:
	GOWORK=off $(GO) mod tidy -diff

# The pure-Go packages must not need libtorch.
test-pure:
	CGO_ENABLED=0 $(GO) test -count=1 $(PURE_PKGS)

# The same packages under the race detector (which needs cgo): the worker
# pool, the committer and the search batches share memory.
test-race:
	$(GO) test -race -count=1 $(PURE_PKGS)

test-cgo:
	$(GO) test -count=1 -timeout 30m ./model/... ./bench/... ./cmd/... ./tokenize/... ./mecab/... ./deploy/...

test-browser:
	$(GO) test -count=1 -tags browser ./internal/mapview/... ./serve/browsertest/

# ---- speed ----------------------------------------------------------------

$(BENCH_MODEL)/model.safetensors:
	$(GO) run ./cmd/genckpt -out $(BENCH_MODEL) -vocab 32000 -hidden 768 -layers 12 -heads 12 -intermediate 3072 -seed 1

# Speed and memory figures (README, "Speed"): extraction against PyTorch
# eager in the same run, bertvec bench (roofline, batch and worker settings,
# --compare), search, map.
bench: build $(BENCH_MODEL)/model.safetensors
	scripts/bench-extract $(BENCH_MODEL)
	scripts/bench-context $(BENCH_MODEL)
	$(BIN) bench --model $(BENCH_MODEL) --compare
	BERTVEC_BENCH_MODEL=$(CURDIR)/$(BENCH_MODEL) $(GO) test -run '^$$' -bench 'Passes' -benchtime 40x ./model/
	$(GO) test -run '^$$' -bench 'SearchOne' -benchtime 300x ./search/
	$(GO) test -run '^$$' -bench 'SearchBatch|Prepare' -benchtime 3x ./search/
	$(GO) test -run '^$$' -bench 'Map3000x768' -benchtime 1x ./cmd/bertvec/
	$(GO) test -run '^$$' -bench 'Tokenize|MecabAlone' -benchtime 5x ./tokenize/
	GOMAXPROCS=2 $(GO) test -run '^$$' -bench 'ServeLoad' -benchtime 1x ./serve/

# Every fuzz target, FUZZTIME each (seed corpora live in testdata/fuzz/).
FUZZTIME ?= 20s
fuzz:
	@grep -rHoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' --exclude-dir=build . | sort -u | \
	while IFS=: read -r file fn; do \
		fn=$${fn#func }; pkg=$$(dirname "$$file"); \
		echo "fuzz $$pkg $$fn"; \
		CGO_ENABLED=0 $(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) "$$pkg" || exit 1; \
	done

clean:
	rm -rf bin build go.work go.work.sum out
