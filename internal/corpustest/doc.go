// Package corpustest holds helpers for the tests of the dissector
// packages: it locates the shared capture corpus, lists its captures with
// their counts.csv rows, reads their frames with internal/source, splits
// Ethernet frames after their VLAN tags, and reads tcpdump's expected
// outputs.
//
// It exists for tests only. The corpus is read in place (../../../shared/corpus
// from a package directory, or $DROPSCOPE_CORPUS); nothing of it is ever
// copied into the repository.
package corpustest
