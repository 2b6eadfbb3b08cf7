// Package analyze runs the per-frame pipeline — read, frame, model,
// classify, aggregate — and fills a report.Summary. It holds the one
// recover() of the pipeline: a frame that made a dissector panic is
// recorded as malformed with its index, and the run goes on.
package analyze
