// Command guichet-load measures Guichet under load and stress: the widget
// and Messenger load generators (loadtest), the multi-instance hand-off
// soak with kill -9 (soak), and a signed Messenger webhook event against a
// server with an optional fake Graph API (messenger simulate). These rigs
// start fake servers and kill processes, so they stay out of the
// production binary, cmd/guichet.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cliflag"
)

// env is what a subcommand gets from the process; tests build one by hand
// to run the real program in-process.
type env struct {
	ctx    context.Context
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

type command struct {
	summary string
	run     func(e *env) int
}

// commands is filled by each file's init, so that a subcommand lives in
// one file.
var commands = map[string]command{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "guichet-load: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(&env{ctx: context.Background(), args: args[1:], stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv})
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: guichet-load command [flags]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "Run 'guichet-load COMMAND -h' for a command's flags.")
}

// flagSet starts a subcommand's flags: errors go to stderr, and --config
// (see cliflag.Config) is there for every command.
func (e *env) flagSet(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs, cliflag.Config(fs, e.getenv)
}

// parse parses a command's flags (see cliflag.Parse): -h prints the usage
// on stdout, exit 0; a wrong flag prints it on stderr, exit 2. ok is false
// when the command must return code now.
func (e *env) parse(fs *flag.FlagSet, args []string, synopsis string) (code int, ok bool) {
	_, code, ok = cliflag.Parse(fs, args, synopsis, e.stdout, e.stderr, false)
	return code, ok
}

// usageError prints a misuse of a command with its usage on stderr, and
// returns the exit status 2.
func (e *env) usageError(fs *flag.FlagSet, synopsis, format string, args ...any) int {
	return cliflag.Misuse(e.stderr, fs, "guichet-load "+fs.Name(), synopsis, format, args...)
}

// loadConfig reads and validates the configuration, printing every problem.
func loadConfig(path string, e *env) (*config.Config, bool) {
	return app.LoadConfig("guichet-load", path, e.getenv, e.stderr)
}

func newLogger(c config.Log, w io.Writer) *slog.Logger { return app.NewLogger(c, w) }

// subcommands runs the subcommand named by the first argument, or prints
// the group's usage.
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
		fmt.Fprintf(e.stderr, "guichet-load %s: unknown subcommand %q\n", group, e.args[0])
		usage(e.stderr)
		return 2
	}
	return run(e, e.args[1:])
}
