//go:build !linux

package hostinfo

// Read reports ErrNotLinux: the host is read from Linux interfaces only.
func Read(iface string) (Info, error) { return Info{Iface: iface}, ErrNotLinux }

// Interfaces reports ErrNotLinux.
func Interfaces() ([]string, error) { return nil, ErrNotLinux }

// ReadCounters reports ErrNotLinux.
func ReadCounters(iface string) (Counters, error) { return Counters{}, ErrNotLinux }

// IsTerminal reports false: progress is printed line by line.
func IsTerminal(fd uintptr) bool { return false }
