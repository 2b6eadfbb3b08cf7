// Package crosscheck holds tests only: they decode every capture of the
// shared corpus and of samples/ with dropscope's dissectors and compare the
// decoded fields, frame by frame, with what Wireshark's tshark printed for
// the same frames.
//
// tshark's output is committed under testdata/tshark (see README.md there
// for the version and the command), so the tests need no tshark. Run
// scripts/crosscheck.sh (make crosscheck) to regenerate it after adding
// captures or fields.
//
// Every disagreement is either a bug or one of the named exceptions in
// exceptions_test.go, each with its reason; any other disagreement fails
// the test. The corpus part skips when the corpus folder is absent
// (DROPSCOPE_CORPUS overrides its location).
package crosscheck
