// Package cli is dateline's command line: one file per subcommand, each a
// Command with its own flag set and a Run function. Nothing here calls
// os.Exit or touches os.Args, os.Stdout or os.Stderr: main passes them in
// and turns the returned error into an exit status with ExitCode.
//
// Exit status: 0 on success (and for -h), 1 when the archive has errors
// (content, config, templates), 2 on a usage error.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Theme is the default theme that main embeds.
type Theme struct {
	Templates fs.FS
	Static    fs.FS
}

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	Theme          Theme
}

// Command is one subcommand.
type Command struct {
	Name  string
	Usage string // the usage line after "dateline "
	Short string // one line for the command list
	Flags func(fs *flag.FlagSet) func(ctx context.Context, env Env, args []string) error
}

// Commands lists the subcommands in the order of the help text.
var Commands []*Command

// ExitError carries an exit status. A nil Err prints nothing more.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageError is a usage problem: exit status 2.
func usageError(format string, args ...any) error {
	return &ExitError{Code: 2, Err: fmt.Errorf(format, args...)}
}

// ExitCode maps the error of Run to an exit status.
func ExitCode(err error) int {
	var ee *ExitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		return ee.Code
	}
	return 1
}

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, theme Theme, stdout, stderr io.Writer) error {
	env := Env{Stdout: stdout, Stderr: stderr, Theme: theme}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout)
		if len(args) == 0 {
			return &ExitError{Code: 2}
		}
		return nil
	}
	for _, c := range Commands {
		if c.Name != args[0] {
			continue
		}
		fl := flag.NewFlagSet("dateline "+c.Name, flag.ContinueOnError)
		fl.SetOutput(stderr)
		run := c.Flags(fl)
		fl.Usage = func() {
			fmt.Fprintf(stderr, "usage: dateline %s\n\n%s\n\n", c.Usage, c.Short)
			fl.PrintDefaults()
		}
		if err := fl.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return &ExitError{Code: 2}
		}
		return run(ctx, env, fl.Args())
	}
	printUsage(stderr)
	return usageError("unknown command %q", args[0])
}

func printUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("dateline builds a news agency's archive into a static website.\n\nusage: dateline COMMAND [flags]\n\ncommands:\n")
	for _, c := range Commands {
		fmt.Fprintf(&b, "  %-8s %s\n", c.Name, c.Short)
	}
	b.WriteString("\nRun \"dateline COMMAND -h\" for a command's flags.\n")
	io.WriteString(w, b.String())
}
