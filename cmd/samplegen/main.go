// Command samplegen writes the capture files of samples/:
//
//	go run ./cmd/samplegen -out samples
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dropscope/dropscope/internal/samplegen"
)

func main() {
	out := flag.String("out", "samples", "directory to write the capture files into")
	flag.Parse()
	if err := samplegen.WriteAll(*out); err != nil {
		fmt.Fprintln(os.Stderr, "samplegen:", err)
		os.Exit(1)
	}
}
