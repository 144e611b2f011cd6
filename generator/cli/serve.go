package cli

import (
	"context"
	"flag"
	"net"
	"os/exec"
	"runtime"
	"time"

	"dateline/generator/serve"
)

func init() {
	Commands = append(Commands, &Command{
		Name:  "serve",
		Usage: "serve [-s SITE] [--addr 127.0.0.1:1313] [--drafts] [--open] [--now TIME]",
		Short: "preview the archive in SITE at a local address, rebuilt on every change",
		Flags: serveFlags,
	})
}

func serveFlags(fl *flag.FlagSet) func(context.Context, Env, []string) error {
	var sf siteFlags
	sf.register(fl)
	addr := fl.String("addr", "127.0.0.1:1313", "listen on this `host:port`; a port without a host means 127.0.0.1")
	open := fl.Bool("open", false, "open the archive in the web browser")
	return func(ctx context.Context, env Env, args []string) error {
		if len(args) > 0 {
			return usageError("serve takes no arguments, got %q", args)
		}
		if sf.baseURL != "" {
			return usageError("serve publishes for the address it listens on; use --addr, not --base-url")
		}
		opt, err := sf.options(env)
		if err != nil {
			return err
		}
		host, port, err := net.SplitHostPort(*addr)
		if err != nil {
			return usageError("--addr %q is not host:port", *addr)
		}
		if host == "" {
			host = "127.0.0.1"
		}
		if sf.now == "" {
			opt.Now = time.Time{} // the clock at each rebuild: embargoes lift by themselves
		}
		defer memoryHold(renderMemory)() // a preview server holds the archive for hours
		return serve.Run(ctx, serve.Options{
			Dir: sf.site, Addr: net.JoinHostPort(host, port), Drafts: opt.Drafts, Now: opt.Now,
			Templates: env.Theme.Templates, Static: env.Theme.Static, Stdout: env.Stdout, Stderr: env.Stderr,
			Ready: func(url string) {
				if *open {
					openBrowser(url)
				}
			},
		})
	}
}

// openBrowser asks the desktop to open url; failing is harmless.
func openBrowser(url string) {
	name := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name = "explorer"
	}
	if cmd := exec.Command(name, url); cmd.Start() == nil {
		go cmd.Wait()
	}
}
