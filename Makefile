# dropscope build, test and sample targets. Needs Go (see go.mod) and, for
# the kernel differential tests, root with iproute2 (they skip otherwise).

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X github.com/dropscope/dropscope/internal/cli.Version=$(VERSION)
SAMPLE   ?= samples/incident-el7.pcapng

.PHONY: all build run test vet fmt-check race bench bench-compare samples fuzz-smoke screenshot crosscheck clean

all: build

## build: static linux/amd64 binary ./dropscope (no cgo)
build:
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o dropscope ./cmd/dropscope

## run: analyze the bundled incident sample
run:
	$(GO) run ./cmd/dropscope analyze $(SAMPLE)

## test: formatting, vet, and every test (the kernel tests run as root)
test: fmt-check vet
	$(GO) test -count=1 ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## race: the tests under the race detector
race:
	$(GO) test -race -count=1 ./...

## bench: Go benchmarks of the reader, the model and the pipeline
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-compare: dropscope against tcpdump (and tshark) with hyperfine on generated captures in $(BENCH_DIR)
BENCH_DIR ?= /tmp/dropscope-bench
bench-compare:
	BENCH_DIR=$(BENCH_DIR) GO=$(GO) sh scripts/bench-compare.sh

## samples: regenerate samples/ with the deterministic generator
samples:
	$(GO) run ./cmd/samplegen -out samples

## fuzz-smoke: run every fuzz target for $(FUZZTIME) (scripts/fuzz-smoke.sh)
FUZZTIME ?= 20s
fuzz-smoke:
	GO=$(GO) FUZZTIME=$(FUZZTIME) bash scripts/fuzz-smoke.sh

## screenshot: HTML report of $(SAMPLE) rendered by headless Chromium into $(SHOTDIR)/report.png
SHOTDIR  ?= /tmp/dropscope-screenshot
CHROMIUM ?= chromium
screenshot:
	mkdir -p $(SHOTDIR)
	$(GO) run ./cmd/dropscope analyze -q --format html -o $(SHOTDIR)/report.html $(SAMPLE)
	profile=$$(mktemp -d) && $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	  --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$$profile \
	  --screenshot=$(SHOTDIR)/report.png --window-size=1200,1800 file://$(abspath $(SHOTDIR))/report.html; \
	  rc=$$?; rm -rf $$profile; exit $$rc
	@echo "wrote $(SHOTDIR)/report.png"

## crosscheck: regenerate internal/crosscheck/testdata/tshark with tshark (corpus: CORPUS=dir)
crosscheck:
	sh scripts/crosscheck.sh $(CORPUS)

clean:
	rm -f dropscope
