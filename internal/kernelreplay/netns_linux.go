package kernelreplay

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// netnsDir is where `ip netns add` pins named namespaces.
const netnsDir = "/run/netns"

// Name prefixes of the namespaces Replay creates; the full names are
// PREFIX-<pid>-<8 hex digits>.
const (
	rxPrefix = "dsrx"
	txPrefix = "dstx"
)

// newNames returns a fresh receiver and sender namespace name pair.
func newNames() (rx, tx string, err error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("kernelreplay: namespace name: %w", err)
	}
	suffix := fmt.Sprintf("%d-%s", os.Getpid(), hex.EncodeToString(b[:]))
	return rxPrefix + "-" + suffix, txPrefix + "-" + suffix, nil
}

// inNetns runs fn on a dedicated OS thread that has joined the network
// namespace pinned as name. The thread stays locked and is discarded when
// fn returns, so no other goroutine ever runs inside that namespace.
// Sockets created by fn keep the namespace after the thread is gone.
func inNetns(name string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread exits with the goroutine
		fd, err := unix.Open(filepath.Join(netnsDir, name), unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			errc <- fmt.Errorf("open netns %s: %w", name, err)
			return
		}
		err = unix.Setns(fd, unix.CLONE_NEWNET)
		unix.Close(fd)
		if err != nil {
			errc <- fmt.Errorf("setns %s: %w", name, err)
			return
		}
		errc <- fn()
	}()
	return <-errc
}

// run executes an iproute2 command and folds its stderr into the error.
func run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg != "" {
			return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, msg)
		}
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

// deleteNetns removes a namespace created by Replay. It does not use the
// caller's context, so that cleanup also runs after cancellation.
func deleteNetns(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := run(ctx, "ip", "netns", "delete", name); err != nil {
		if _, statErr := os.Stat(filepath.Join(netnsDir, name)); errors.Is(statErr, os.ErrNotExist) {
			return nil
		}
		return err
	}
	return nil
}

// disableIPv6 sets net.ipv6.conf.<scope>.disable_ipv6=1 for each scope in
// the calling thread's network namespace. /proc/sys/net follows the
// namespace of the thread that opens it. A kernel without IPv6 has no such
// files, which is fine.
func disableIPv6(scopes ...string) error {
	for _, s := range scopes {
		p := "/proc/sys/net/ipv6/conf/" + s + "/disable_ipv6"
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sysctl %s: %w", p, err)
		}
		_, err = f.WriteString("1\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("sysctl %s: %w", p, err)
		}
	}
	return nil
}

// ifIndex resolves name in the network namespace of socket fd.
func ifIndex(fd int, name string) (int, error) {
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return 0, fmt.Errorf("ifindex of %s: %w", name, err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, fmt.Errorf("ifindex of %s: %w", name, err)
	}
	return int(ifr.Uint32()), nil
}
