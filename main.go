// Command dateline turns a news agency's archive of story files into a
// static website: a page at every story's permalink, beat pages, date
// archives, the legal footer on every page.
//
//	dateline build [-s SITE] [-o OUT] [--base-url URL] [--drafts] [--now TIME]
//	dateline serve [-s SITE] [--addr 127.0.0.1:1313] [--drafts] [--open] [--now TIME]
//	dateline new [-s SITE] --beat BEAT "Title"
//	dateline version
//
// See README.md for the archive's layout and config.toml's keys. main only
// wires the embedded default theme into package cli and exits with its
// status.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"dateline/generator/cli"
	"dateline/static"
	"dateline/templates"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.Run(ctx, os.Args[1:], cli.Theme{Templates: templates.FS, Static: static.FS}, os.Stdout, os.Stderr)
	stop()
	if err != nil && err.Error() != "" && cli.ExitCode(err) != 0 {
		fmt.Fprintln(os.Stderr, "dateline:", err)
	}
	os.Exit(cli.ExitCode(err))
}
