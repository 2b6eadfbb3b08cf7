// Command dropscope tells which received frames a Linux host counts in
// rx_dropped, who sends them, and what to do about it. See `dropscope help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/dropscope/dropscope/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr))
}
