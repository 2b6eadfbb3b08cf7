package kernel_test

import (
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/samplegen"
)

// BenchmarkClassify runs the model over the frames of the incident
// sample, on the incident host.
func BenchmarkClassify(b *testing.B) {
	var ins []kernel.Input
	var n int64
	for _, p := range samplegen.Incident() {
		eth, err := dissect.ParseEthernet(p.Data)
		if err != nil {
			continue
		}
		ins = append(ins, kernel.Input{Eth: eth, WireLen: p.OrigLen})
		n += int64(len(p.Data))
	}
	h := kernel.DefaultHost()
	b.SetBytes(n / int64(len(ins)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		kernel.Classify(&h, ins[i])
		if i++; i == len(ins) {
			i = 0
		}
	}
}
