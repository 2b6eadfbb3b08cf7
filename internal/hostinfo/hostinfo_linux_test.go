//go:build linux

package hostinfo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect/kernel"
)

func fakeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func fakeReader(t *testing.T, links []Link, files map[string]string) Reader {
	root := fakeRoot(t, files)
	return Reader{
		Proc:    filepath.Join(root, "proc"),
		Sys:     filepath.Join(root, "sys"),
		Uname:   func() (string, error) { return "3.10.0-514.16.1.el7.x86_64", nil },
		Links:   func() ([]Link, error) { return links, nil },
		Ingress: func(int, string) (bool, error) { return false, errors.New("no netlink here") },
	}
}

func TestReadFake(t *testing.T) {
	links := []Link{{Index: 1, Name: "lo", Flags: iffUp}, {Index: 2, Name: "em1", Flags: iffUp | iffLowerUp, HasMAC: true, MAC: [6]byte{2, 0, 0, 0, 0, 0xb}},
		{Index: 3, Name: "em2", Flags: 0}}
	r := fakeReader(t, links, map[string]string{
		"proc/net/ptype":                            "Type Device      Function\n0800          ip_rcv\n0806          arp_rcv\n",
		"proc/net/dev":                              "Inter-|\n face |\n   em1: 1 2 0 9 0 0 0 0 0 0 0 0 0 0 0 0\n",
		"sys/class/net/em1/ifindex":                 "2\n",
		"sys/class/net/em1/address":                 "02:00:00:00:00:0b\n",
		"sys/class/net/em1/statistics/rx_dropped":   "17\n",
		"sys/class/net/em1/statistics/rx_nohandler": "3\n",
	})
	info, err := r.Read("em1")
	if err != nil {
		t.Fatal(err)
	}
	if !info.KernelKnown || info.Kernel.Distro != kernel.EL7 || !info.PtypeKnown || !info.MACKnown || info.Index != 2 {
		t.Errorf("info = %+v", info)
	}
	all := strings.Join(info.Assumptions, "\n")
	for _, s := range []string{"tc ingress/clsact qdisc could not be read", "does not list capture sockets bound to one device"} {
		if !strings.Contains(all, s) {
			t.Errorf("assumptions lack %q:\n%s", s, all)
		}
	}
	h := info.Host()
	if h.HasHandler(0x86dd) || !h.HasHandler(0x0800) || h.Device != "em1" {
		t.Errorf("host = %+v", h)
	}

	c, err := r.Counters("em1")
	if err != nil {
		t.Fatal(err)
	}
	if c.RxDropped != 17 || c.RxNoHandler != 3 || !c.HasNoHandler || c.ProcNetDevDrop != 9 || c.Source != "sysfs" {
		t.Errorf("counters = %+v", c)
	}

	_, err = r.Read("nope0")
	var nie *NoInterfaceError
	if !errors.As(err, &nie) || strings.Join(nie.Have, ",") != "em1,em2,lo" {
		t.Errorf("unknown interface: err = %v", err)
	}
	if !strings.Contains(err.Error(), "interfaces: em1, em2, lo") {
		t.Errorf("message %q does not list the interfaces", err)
	}
	if _, err := r.Read("em2"); !errors.Is(err, ErrDown) {
		t.Errorf("down interface: err = %v", err)
	}
}

func TestReadRunningSystem(t *testing.T) {
	info, err := Read("lo")
	if err != nil {
		t.Fatal(err)
	}
	if !info.PtypeKnown || !info.KernelKnown || info.Index != 1 || !info.Up {
		t.Errorf("lo: %+v", info)
	}
	if _, err := ReadCounters("lo"); err != nil {
		t.Error(err)
	}
	names, err := Interfaces()
	if err != nil || len(names) == 0 {
		t.Errorf("Interfaces() = %v, %v", names, err)
	}
}
