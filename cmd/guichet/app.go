package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cliflag"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// configFlag adds --config to fs (see cliflag.Config).
func configFlag(fs *flag.FlagSet, e *env) *string { return cliflag.Config(fs, e.getenv) }

// flagSet starts a subcommand's flags: errors go to stderr, and --config
// is there for every command.
func (e *env) flagSet(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs, configFlag(fs, e)
}

// parse parses a command's flags (see cliflag.Parse): -h prints the usage
// on stdout, exit 0; a wrong flag prints it on stderr, exit 2. ok is false
// when the command must return code now.
func (e *env) parse(fs *flag.FlagSet, args []string, synopsis string) (code int, ok bool) {
	_, code, ok = cliflag.Parse(fs, args, synopsis, e.stdout, e.stderr, false)
	return code, ok
}

// parseInterspersed is parse for commands that accept flags before and
// after their positional arguments, which it returns.
func (e *env) parseInterspersed(fs *flag.FlagSet, args []string, synopsis string) (pos []string, code int, ok bool) {
	return cliflag.Parse(fs, args, synopsis, e.stdout, e.stderr, true)
}

// usageError prints a misuse of a command (a missing or extra argument)
// with its usage on stderr, and returns the exit status 2.
func (e *env) usageError(fs *flag.FlagSet, synopsis, format string, args ...any) int {
	return cliflag.Misuse(e.stderr, fs, "guichet "+fs.Name(), synopsis, format, args...)
}

// loadConfig reads and validates the configuration, printing every problem.
func loadConfig(path string, e *env) (*config.Config, bool) {
	return app.LoadConfig("guichet", path, e.getenv, e.stderr)
}

// newLogger builds the process logger from the log section.
func newLogger(c config.Log, w io.Writer) *slog.Logger { return app.NewLogger(c, w) }

// loadMatcher loads the KB and builds the matcher, printing KB problems.
func loadMatcher(cfg *config.Config, log *slog.Logger, e *env) (*kb.Live, *match.Live, bool) {
	live, ml, err := app.LoadMatcher(cfg, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: knowledge base:\n%v\n", err)
		return nil, nil, false
	}
	return live, ml, true
}

// subcommands runs the subcommand named by the first argument ("guichet
// privacy forget ..."), or prints the group's usage.
func subcommands(e *env, group string, subs map[string]func(*env, []string) int, usage func(io.Writer)) int {
	switch {
	case len(e.args) == 0:
		usage(e.stderr)
		return 2
	case e.args[0] == "-h" || e.args[0] == "--help" || e.args[0] == "help":
		usage(e.stdout)
		return 0
	}
	run, ok := subs[e.args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "guichet %s: unknown subcommand %q\n", group, e.args[0])
		usage(e.stderr)
		return 2
	}
	return run(e, e.args[1:])
}

// withArgs adapts a command that reads its arguments from env.
func withArgs(run func(*env) int) func(*env, []string) int {
	return func(e *env, args []string) int {
		sub := *e
		sub.args = args
		return run(&sub)
	}
}
