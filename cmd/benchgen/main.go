// Command benchgen writes the deterministic benchmark captures of
// scripts/bench-compare.sh: classic pcap files of Ethernet frames in the
// incident's traffic mix.
//
//	go run ./cmd/benchgen -sizes small -frames 5000000 -o small.pcap
//	go run ./cmd/benchgen -sizes mixed -frames 2000000 -o mixed.pcap
//	go run ./cmd/benchgen -sizes mixed -bytes 5G -o big.pcap
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/dropscope/dropscope/internal/samplegen"
)

func main() {
	sizes := flag.String("sizes", "small", "frame sizes: small (60-byte captures) or mixed (60 to 1514 bytes)")
	frames := flag.Int("frames", 0, "number of frames")
	bytes := flag.String("bytes", "", "write frames until the file has this size (K, M, G suffixes), when -frames is 0")
	seed := flag.Uint64("seed", 0, "stream of the pseudo-random generator")
	out := flag.String("o", "", "output `FILE` (required)")
	flag.Parse()
	spec := samplegen.BenchSpec{Frames: *frames, Seed: *seed}
	switch *sizes {
	case "small":
		spec.Sizes = samplegen.BenchSmall
	case "mixed":
		spec.Sizes = samplegen.BenchMixed
	default:
		fail(fmt.Errorf("-sizes %q: want small or mixed", *sizes))
	}
	if *bytes != "" {
		n, err := parseSize(*bytes)
		if err != nil {
			fail(err)
		}
		spec.Bytes = n
	}
	if *out == "" {
		fail(fmt.Errorf("-o is required"))
	}
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	bw := bufio.NewWriterSize(f, 4<<20)
	n, err := samplegen.WriteBench(bw, spec)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "benchgen: %s: %d frames\n", *out, n)
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("-bytes %q: want a positive size such as 5G", s)
	}
	return n * mult, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchgen:", err)
	os.Exit(1)
}
