// Package source reads frames from captures: classic pcap (both byte
// orders, microsecond and nanosecond), pcapng (several sections and
// interfaces, mixed link types, EPB direction flags), either of them
// gzip-compressed, from files or standard input. It is the only package
// that imports gopacket's readers.
//
// A Source hands out one frame at a time. Frame.Data aliases the reader's
// buffer and is valid only until the next call to Next.
//
// # Reading
//
// Classic pcap is read by a record reader of its own (not pcapgo's, which
// is slower and copies): from a plain regular file through a mapping of
// 8 MiB windows that slides along the file (no copy; the resident set
// stays bounded; a file that grows is followed), from anything else
// (standard input, gzip, which decompresses on its own goroutine) out of
// a buffer. pcapng is read by pcapgo behind the gate below, except the
// Enhanced Packet Blocks that pcapgo would read without an error, which
// are read in place from the buffer (ngfast.go).
//
// # Hostile lengths
//
// Every pcap record header and pcapng block and option header is checked
// before pcapgo reads past it: a record's captured length is at most
// 256 KiB, a pcapng block at most 16 MiB and never shorter than its own
// fixed part, and a captured length or option must fit in its block. A
// header that breaks these ends the stream with a *FormatError naming its
// byte offset, so no length in the file decides how much is allocated. A
// file that ends inside a record ends with a *TruncatedError naming that
// record's offset; the records before it are good.
package source
