package corpustest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that overrides the corpus
// location.
const EnvVar = "DROPSCOPE_CORPUS"

// defaultDir is the corpus relative to a package directory two levels
// below the module root, where go test runs the tests of dissect/X.
var defaultDir = filepath.Join("..", "..", "..", "shared", "corpus")

// Lookup returns the corpus directory and whether it holds counts.csv.
// Fuzz targets use it to add corpus seeds only when the corpus is there.
func Lookup() (dir string, ok bool) {
	dir = os.Getenv(EnvVar)
	if dir == "" {
		dir = defaultDir
	}
	_, err := os.Stat(filepath.Join(dir, "counts.csv"))
	return dir, err == nil
}

// Dir returns the corpus directory, skipping the test when the corpus is
// not available.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, ok := Lookup()
	if !ok {
		_, err := os.Stat(filepath.Join(dir, "counts.csv"))
		tb.Skipf("capture corpus not available: %v", err)
	}
	return dir
}

// Capture is one capture file of the corpus with its counts.csv row.
type Capture struct {
	Name   string            // path relative to the corpus directory (column "file")
	Counts map[string]string // the row, by column name
}

// Captures returns the rows of counts.csv in file order.
func Captures(tb testing.TB, dir string) []Capture {
	tb.Helper()
	caps, err := ReadCounts(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return caps
}

// ReadCounts reads counts.csv of the corpus in dir.
func ReadCounts(dir string) ([]Capture, error) {
	f, err := os.Open(filepath.Join(dir, "counts.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("counts.csv: %w", err)
	}
	if len(recs) == 0 {
		return nil, errors.New("counts.csv: no header")
	}
	var caps []Capture
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		caps = append(caps, Capture{Name: row["file"], Counts: row})
	}
	return caps, nil
}
