package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/dropscope/dropscope/report"
)

// Report formats of a Summary; jsonl is per frame and only for analyze.
const summaryFormats = "table, markdown, json or html"

// writeOptions say how a Summary is written.
type writeOptions struct {
	format      string
	top         int
	generatedAt string // "", "now" or an RFC 3339 time
	color       bool
}

// writeSummary writes s in o.format. A generated-at time is added only when
// asked for, so the same input and flags give the same bytes.
func writeSummary(w io.Writer, s *report.Summary, o writeOptions) error {
	if o.generatedAt != "" {
		ts, err := generatedAt(o.generatedAt)
		if err != nil {
			return err
		}
		s.GeneratedAt = ts
	}
	switch o.format {
	case "table":
		return report.WriteTable(w, s, report.TableOptions{Top: o.top, Color: o.color})
	case "markdown":
		return report.WriteMarkdown(w, s, report.MarkdownOptions{})
	case "html":
		return report.WriteHTML(w, s, report.HTMLOptions{})
	case "json":
		return report.WriteJSON(w, s)
	}
	return usageError{fmt.Sprintf("--format %q: want %s", o.format, summaryFormats)}
}

func generatedAt(v string) (string, error) {
	if v == "now" {
		return time.Now().UTC().Format(time.RFC3339), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return "", usageError{fmt.Sprintf("--generated-at %q: want now or an RFC 3339 time", v)}
	}
	return t.UTC().Format(time.RFC3339), nil
}

// useColor reports whether the table may use colour: only on a terminal
// and when NO_COLOR is not set (https://no-color.org).
func useColor(out, stdout io.Writer) bool {
	if out != stdout || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

type mergeOptions struct {
	format, output, generatedAt string
	top                         int
}

const mergeUsage = `Usage: dropscope merge [flags] REPORT.json...

Combines JSON reports of 'dropscope analyze --format json' from several hosts
or captures into one report: inputs are concatenated, frame counts, classes,
senders and the what-if table are summed, and every report's host model is
listed. Reports of another schema_version are refused.

Examples:
  dropscope merge host1.json host2.json
  dropscope merge -o fleet.md a.json b.json c.json

Flags:
`

func mergeFlags() (*pflag.FlagSet, *mergeOptions) {
	o := &mergeOptions{}
	fs := pflag.NewFlagSet("merge", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.StringVarP(&o.format, "format", "f", "", "report format: "+summaryFormats+"; default table, or from the -o extension")
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` (written atomically) instead of standard output")
	fs.IntVar(&o.top, "top", 20, "rows shown per table")
	fs.StringVar(&o.generatedAt, "generated-at", "", "add a generated-at line: now or an RFC 3339 `TIME`")
	fs.MarkHidden("generated-at")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), mergeUsage)
		fmt.Fprint(fs.Output(), fs.FlagUsages())
	}
	return fs, o
}

func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := mergeFlags()
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		fmt.Fprintf(stderr, "dropscope merge: %v\nRun 'dropscope help merge' for usage.\n", err)
		return ExitUsage
	}
	err := mergeMain(ctx, fs.Args(), o, stdout)
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "dropscope merge: %v\nRun 'dropscope help merge' for usage.\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "dropscope: %v\n", err)
	return ExitError
}

func mergeMain(ctx context.Context, files []string, o *mergeOptions, stdout io.Writer) error {
	if len(files) == 0 {
		return usageError{"no report given"}
	}
	format := o.format
	if format == "" {
		format = formatFromExt(o.output)
	}
	switch format {
	case "table", "markdown", "json", "html":
	default:
		return usageError{fmt.Sprintf("--format %q: want %s", format, summaryFormats)}
	}
	if o.generatedAt != "" {
		if _, err := generatedAt(o.generatedAt); err != nil {
			return err
		}
	}
	var in []report.NamedSummary
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, err := readSummary(name)
		if err != nil {
			return err
		}
		in = append(in, report.NamedSummary{Name: name, Summary: s})
	}
	m, err := report.Merge(in)
	if err != nil {
		return err
	}
	out, commit, err := openOutput(o.output, stdout)
	if err != nil {
		return err
	}
	defer commit(false)
	if err := writeSummary(out, m, writeOptions{format: format, top: o.top, generatedAt: o.generatedAt, color: useColor(out, stdout)}); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return commit(true)
}

func readSummary(name string) (*report.Summary, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var s report.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: not a dropscope JSON report: %w", name, err)
	}
	if s.SchemaVersion == 0 {
		return nil, fmt.Errorf("%s: not a dropscope JSON report: no schema_version", name)
	}
	return &s, nil
}
