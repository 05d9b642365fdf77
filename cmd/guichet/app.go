package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// configFlag adds --config to fs. The default is $GUICHET_CONFIG, else
// config.yaml when it exists in the working directory, else built-in
// defaults (go run ./cmd/guichet from anywhere works). The help says so
// rather than printing the default found in this directory.
func configFlag(fs *flag.FlagSet, e *env) *string {
	path := e.getenv("GUICHET_CONFIG")
	if path == "" {
		if _, err := os.Stat("config.yaml"); err == nil {
			path = "config.yaml"
		}
	}
	fs.Var(pathValue{&path}, "config", "configuration `FILE` (default: $GUICHET_CONFIG, else ./config.yaml when present, else built-in defaults; \"\": built-in defaults)")
	return &path
}

// pathValue is a string flag whose default is described in its help
// rather than printed after it.
type pathValue struct{ p *string }

func (v pathValue) String() string { return "" }

func (v pathValue) Set(s string) error { *v.p = s; return nil }

// flagSet starts a subcommand's flags: errors go to stderr, and --config
// is there for every command.
func (e *env) flagSet(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs, configFlag(fs, e)
}

// parse parses a command's flags. Its usage is synopsis (the command line,
// then what it does), then the flags. -h or --help prints it on stdout and
// the command exits 0; a wrong flag prints the problem and the usage on
// stderr and the command exits 2. ok is false when the command must
// return code now.
func (e *env) parse(fs *flag.FlagSet, args []string, synopsis string) (code int, ok bool) {
	_, code, ok = e.parseArgs(fs, args, synopsis, false)
	return code, ok
}

// parseInterspersed is parse for commands that accept flags before and
// after their positional arguments ("agent add alice --role supervisor"
// as well as "agent add --role supervisor alice"); it returns them.
func (e *env) parseInterspersed(fs *flag.FlagSet, args []string, synopsis string) (pos []string, code int, ok bool) {
	return e.parseArgs(fs, args, synopsis, true)
}

func (e *env) parseArgs(fs *flag.FlagSet, args []string, synopsis string, interspersed bool) ([]string, int, bool) {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	fs.Usage = func() { printUsage(&buf, fs, synopsis) }
	defer fs.SetOutput(e.stderr)
	var pos []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			e.stdout.Write(buf.Bytes()) //nolint:errcheck // the terminal's problem
			return nil, 0, false
		case err != nil:
			e.stderr.Write(buf.Bytes()) //nolint:errcheck
			return nil, 2, false
		}
		if !interspersed {
			return fs.Args(), 0, true
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// printUsage prints "usage: " synopsis, then fs's flags.
func printUsage(w io.Writer, fs *flag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "usage: %s\n", strings.TrimSpace(synopsis))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "\nflags:")
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}

// usageError prints a misuse of a command (a missing or extra argument)
// with its usage on stderr, and returns the exit status 2.
func (e *env) usageError(fs *flag.FlagSet, synopsis, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "guichet %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	printUsage(e.stderr, fs, synopsis)
	return 2
}

// loadConfig reads and validates the configuration, printing every problem.
func loadConfig(path string, e *env) (*config.Config, bool) {
	cfg, err := config.Load(path, e.getenv)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "guichet: configuration:")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(e.stderr, "  "+line)
		}
		return nil, false
	}
	return cfg, true
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
