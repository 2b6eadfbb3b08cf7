package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropscope/dropscope/internal/cli"
)

// corpus is the shared capture corpus, read in place.
var corpus = filepath.Join("..", "..", "..", "shared", "corpus")

// perFile bounds one analysis; the largest corpus capture takes well under
// a second.
const perFile = 30 * time.Second

// TestCorpus analyses every file of the shared corpus, captures and the
// text files beside them alike, including tcpdump's out-of-bounds,
// overflow and truncated captures. Each ends with exit code 0 and a JSON
// report, or exit code 1 and one line naming the file; never a panic, a
// usage error or a hang.
func TestCorpus(t *testing.T) {
	var files []string
	filepath.WalkDir(corpus, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("shared corpus not available")
	}
	var ok, notCapture int
	for _, path := range files {
		type result struct {
			code           int
			stdout, stderr string
		}
		done := make(chan result, 1)
		go func() {
			var stdout, stderr bytes.Buffer
			code := cli.Main(context.Background(), []string{"analyze", "--format", "json", path}, &stdout, &stderr)
			done <- result{code, stdout.String(), stderr.String()}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(perFile):
			t.Fatalf("%s: no result after %v", path, perFile)
		}
		if strings.Contains(r.stderr, "internal error") || strings.Contains(r.stderr, "panic") {
			t.Errorf("%s: %s", path, r.stderr)
		}
		switch r.code {
		case cli.ExitOK:
			ok++
			var report struct {
				Inputs []struct {
					Frames uint64 `json:"frames"`
				} `json:"inputs"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || len(report.Inputs) != 1 {
				t.Errorf("%s: exit 0 without a JSON report: %v", path, err)
			}
		case cli.ExitError:
			notCapture++
			if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, path) {
				t.Errorf("%s: exit 1, stderr not one line naming the file:\n%s", path, r.stderr)
			}
			if strings.HasSuffix(path, ".pcap") || strings.HasSuffix(path, ".pcapng") {
				t.Logf("%s: %s", path, strings.TrimSpace(r.stderr))
			}
		default:
			t.Errorf("%s: exit code %d; stderr:\n%s", path, r.code, r.stderr)
		}
	}
	t.Logf("%d files: %d reports, %d refused", len(files), ok, notCapture)
}
