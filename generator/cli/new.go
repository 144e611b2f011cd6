package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dateline/generator/build"
)

func init() {
	Commands = append(Commands, &Command{
		Name:  "new",
		Usage: "new [-s SITE] --beat BEAT \"Title\"",
		Short: "write a new Markdown story with the next free id and the current time",
		Flags: newFlags,
	})
}

func newFlags(fl *flag.FlagSet) func(context.Context, Env, []string) error {
	site := fl.String("s", ".", "the archive `folder`")
	beat := fl.String("beat", "", "the story's `beat` (required)")
	return func(ctx context.Context, env Env, args []string) error {
		if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
			return usageError("new needs the story's title as one argument, e.g. dateline new --beat Politics \"Council meets\"")
		}
		if strings.TrimSpace(*beat) == "" {
			return usageError("new needs --beat, e.g. --beat Politics")
		}
		title := strings.TrimSpace(args[0])
		story, err := build.NewStory(os.DirFS(*site), *beat, title, time.Now())
		if err != nil {
			var de *build.DiagnosticsError
			if errors.As(err, &de) {
				printDiagnostics(env.Stderr, de.Diagnostics)
				return &ExitError{Code: 1, Err: errors.New("fix the archive's errors first, so that the new story gets a free id")}
			}
			return err
		}
		p := filepath.Join(*site, filepath.FromSlash(story.Path))
		if _, err := os.Stat(p); err == nil {
			return &ExitError{Code: 1, Err: fmt.Errorf("%s exists already; choose another title", p)}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, story.Data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "wrote %s (id %d)\n", p, story.ID)
		return nil
	}
}
