// Package cli is what the two commands, cmd/guichet and cmd/guichet-load,
// share to run their subcommands: the process a subcommand sees (Env), the
// table of subcommands and its usage (Program), groups of subcommands
// ("guichet agent add"), flags parsed through cliflag, the configuration
// loaded and checked, signals, and the exit statuses. A subcommand is a
// func(*Env) int, so tests run the real program in-process.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit statuses of every subcommand.
const (
	ExitOK   = 0
	ExitFail = 1 // the command ran and failed, or a gate it checks was not met
	// ExitUsage is a misuse: an unknown command or flag, a missing or
	// extra argument (cliflag.ExitUsage).
	ExitUsage = 2
)

// Env is what a subcommand gets from the process: its arguments (after
// its name) and the standard streams. Tests build one by hand.
type Env struct {
	// Program is the command's name, "guichet" or "guichet-load": it
	// begins usages and error lines.
	Program string
	Ctx     context.Context // ends the subcommand (serve stops); signals also may
	Args    []string
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Getenv  func(string) string
}

// Command is one subcommand of a Program.
type Command struct {
	Summary string // one line for the program's usage
	Run     func(*Env) int
}

// Program is a command made of subcommands, each in its own file, which
// adds itself to Commands from its init.
type Program struct {
	Name string
	// Default is the subcommand run when the first argument is absent or a
	// flag ("guichet --config x.yaml" serves); without one, the program
	// needs a subcommand.
	Default  string
	Commands map[string]Command
}

// Main runs the program on the process's arguments and exits with its
// status.
func (p *Program) Main() {
	os.Exit(p.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// Run runs the subcommand that args name and returns the exit status:
// help prints the usage on stdout (0), an unknown command prints it on
// stderr (ExitUsage).
func (p *Program) Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	name := p.Default
	switch {
	case len(args) == 0 && name == "":
		p.Usage(stderr)
		return ExitUsage
	case len(args) > 0 && (name == "" || args[0] != "" && args[0][0] != '-'):
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		p.Usage(stdout)
		return ExitOK
	}
	cmd, ok := p.Commands[name]
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown command %q\n", p.Name, name)
		p.Usage(stderr)
		return ExitUsage
	}
	return cmd.Run(&Env{Program: p.Name, Ctx: context.Background(), Args: args, Stdin: stdin, Stdout: stdout,
		Stderr: stderr, Getenv: getenv})
}

// Usage lists the subcommands with their summaries.
func (p *Program) Usage(w io.Writer) {
	if p.Default != "" {
		fmt.Fprintf(w, "usage: %s [command] [flags]   (default command: %s)\n", p.Name, p.Default)
	} else {
		fmt.Fprintf(w, "usage: %s command [flags]\n", p.Name)
	}
	names := make([]string, 0, len(p.Commands))
	for n := range p.Commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, p.Commands[n].Summary)
	}
	fmt.Fprintf(w, "Run '%s COMMAND -h' for a command's flags.\n", p.Name)
}

// Subcommands runs the subcommand of a group that the first argument
// names ("guichet privacy forget ..."), or prints the group's usage: on
// stdout for help, on stderr (ExitUsage) when the subcommand is missing or
// unknown.
func (e *Env) Subcommands(group string, subs map[string]func(*Env, []string) int, usage func(io.Writer)) int {
	switch {
	case len(e.Args) == 0:
		usage(e.Stderr)
		return ExitUsage
	case e.Args[0] == "-h" || e.Args[0] == "--help" || e.Args[0] == "help":
		usage(e.Stdout)
		return ExitOK
	}
	run, ok := subs[e.Args[0]]
	if !ok {
		fmt.Fprintf(e.Stderr, "%s %s: unknown subcommand %q\n", e.Program, group, e.Args[0])
		usage(e.Stderr)
		return ExitUsage
	}
	return run(e, e.Args[1:])
}

// WithArgs adapts a subcommand that reads its arguments from Env.Args to
// a group's table.
func WithArgs(run func(*Env) int) func(*Env, []string) int {
	return func(e *Env, args []string) int {
		sub := *e
		sub.Args = args
		return run(&sub)
	}
}

// Failf prints a failure on stderr, format without its newline, and
// returns ExitFail.
func (e *Env) Failf(format string, args ...any) int {
	fmt.Fprintf(e.Stderr, format+"\n", args...)
	return ExitFail
}
