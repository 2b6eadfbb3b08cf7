// Package report holds the Summary of an analysis — the JSON contract —
// and writes it as a terminal table, JSON, or one JSON object per frame
// (JSON Lines). It does no analysis: internal/analyze fills the Summary.
//
// Output is deterministic for a given Summary: sorted rows, fixed columns,
// no wall-clock time. Counters are never omitted from JSON, because a zero
// is a finding.
package report
