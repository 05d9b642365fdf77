// Command guichet runs the Guichet support service and its tools: the server
// (serve, the default), a one-shot question (ask), a terminal conversation
// (chat), the matcher evaluation (eval), knowledge-base tools (kb), agent
// accounts (agent), the Messenger page setup (messenger), the incident
// export (incidents) and erasure (privacy). The instance itself is built by
// internal/app; load and soak rigs live in cmd/guichet-load.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
)

// env is what a subcommand gets from the process: arguments after the
// subcommand's name and the standard streams. Tests build one by hand to run
// the real program in-process.
type env struct {
	ctx    context.Context // ends the command (serve stops); signals also end serve
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

// commands is filled by each cmd_*.go file's init, so that a subcommand
// lives in one file.
var commands = map[string]command{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "guichet: unknown command %q\n", name)
		usage(stderr)
		return 2
	}
	return cmd.run(&env{ctx: context.Background(), args: args, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv})
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: guichet [command] [flags]   (default command: serve)")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "Run 'guichet COMMAND -h' for a command's flags.")
}
