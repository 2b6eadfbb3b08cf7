// Package cli parses dropscope's command line, builds the host model and
// runs the subcommands. It is the only package that sees all others, and
// the one place where errors become exit codes:
//
//	0  the report was written
//	1  an input or runtime error (unreadable file, not a capture, write failure)
//	2  a usage error (unknown subcommand or flag, bad flag value)
package cli
