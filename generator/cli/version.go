package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

func init() {
	Commands = append(Commands, &Command{
		Name:  "version",
		Usage: "version",
		Short: "print dateline's version",
		Flags: func(*flag.FlagSet) func(context.Context, Env, []string) error { return runVersion },
	})
}

// Version returns dateline's version from the build information.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func runVersion(_ context.Context, env Env, args []string) error {
	if len(args) > 0 {
		return usageError("version takes no arguments")
	}
	fmt.Fprintf(env.Stdout, "dateline %s %s/%s %s\n", Version(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return nil
}
