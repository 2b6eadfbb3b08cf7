// Package source reads frames from captures: classic pcap (both byte
// orders, microsecond and nanosecond), pcapng (several sections and
// interfaces, mixed link types, EPB direction flags), either of them
// gzip-compressed, from files or standard input. It is the only package
// that imports gopacket's readers.
//
// A Source hands out one frame at a time. Frame.Data aliases the reader's
// buffer and is valid only until the next call to Next.
package source
