#!/bin/sh
# bench-compare: times `dropscope analyze` against tcpdump's BPF filter
# (and tshark, if installed, on a smaller file) on deterministic captures
# in the incident's traffic mix, with hyperfine, and prints the ratios.
#
#   scripts/bench-compare.sh              # files in $BENCH_DIR (default /tmp/dropscope-bench)
#   RUNS=10 scripts/bench-compare.sh
#
# Needs Go, tcpdump and hyperfine (Debian: apt-get install -y tcpdump hyperfine)
# and python3 for the ratio table. The files are generated once and kept.
set -eu

GO=${GO:-go}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/dropscope-bench}
RUNS=${RUNS:-5}
SMALL_FRAMES=${SMALL_FRAMES:-5000000}
MIXED_FRAMES=${MIXED_FRAMES:-2000000}
TSHARK_FRAMES=${TSHARK_FRAMES:-200000}
FILTER='not ip and not arp'

for tool in tcpdump hyperfine; do
	command -v "$tool" >/dev/null || { echo "bench-compare: $tool not found (apt-get install -y tcpdump hyperfine)" >&2; exit 1; }
done

mkdir -p "$DIR"
$GO build -o "$DIR/dropscope" ./cmd/dropscope
$GO build -o "$DIR/benchgen" ./cmd/benchgen
gen() { # name sizes frames
	[ -s "$DIR/$1" ] || "$DIR/benchgen" -sizes "$2" -frames "$3" -o "$DIR/$1"
}
gen small.pcap small "$SMALL_FRAMES"
gen mixed.pcap mixed "$MIXED_FRAMES"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tools:   $(tcpdump --version 2>&1 | head -1), $(hyperfine --version), dropscope $("$DIR/dropscope" version | cut -d' ' -f2)"
ls -lL "$DIR/small.pcap" "$DIR/mixed.pcap" | awk '{print "file:    " $NF ", " $5 " bytes"}'

run() { # label file
	f=$DIR/$2
	hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$DIR/$1.json" \
		-n tcpdump "tcpdump -nn -r $f -w /dev/null '$FILTER'" \
		-n dropscope-1-goroutine "$DIR/dropscope analyze -q --workers 1 $f" \
		-n dropscope "$DIR/dropscope analyze -q $f" >&2
}
run small small.pcap
run mixed mixed.pcap
if command -v tshark >/dev/null; then
	gen tshark.pcap mixed "$TSHARK_FRAMES"
	hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$DIR/tshark.json" \
		-n tshark "tshark -n -r $DIR/tshark.pcap -Y '$FILTER' -w /dev/null" \
		-n dropscope "$DIR/dropscope analyze -q $DIR/tshark.pcap" >&2
fi

# The floor: visiting every record where it lies and reading its EtherType,
# with no analysis (BenchmarkRecordWalk).
for label in small mixed; do
	DROPSCOPE_BENCH_FILE=$DIR/$label.pcap $GO test -run '^$' -bench RecordWalk -benchtime 5x ./internal/source |
		awk -v l="$label" '/^BenchmarkRecordWalk/ {for (i = 1; i < NF; i++) if ($(i+1) == "s/walk") print "floor:   " l ": visiting every record takes " $i " s"}'
done

command -v python3 >/dev/null || { echo "bench-compare: no python3 for the ratio table; see $DIR/*.json"; exit 0; }
python3 - "$DIR" <<'PY'
import json, os, sys
d = sys.argv[1]
print()
print("%-8s %-20s %10s %10s %10s   %s" % ("file", "command", "wall s", "user s", "sys s", "ratio to the baseline (wall / cpu)"))
for label in ("small", "mixed", "tshark"):
    p = os.path.join(d, label + ".json")
    if not os.path.exists(p):
        continue
    rs = json.load(open(p))["results"]
    base = rs[0]
    bcpu = base["user"] + base["system"]
    for r in rs:
        cpu = r["user"] + r["system"]
        print("%-8s %-20s %10.3f %10.3f %10.3f   %.2f / %.2f" % (label, r["command"], r["median"], r["user"], r["system"],
              r["median"] / base["median"], cpu / bcpu))
print("\ntarget: dropscope wall <= 0.50 x tcpdump on small and mixed (dropscope: --workers default, 2 on 2+ CPUs)")
PY
