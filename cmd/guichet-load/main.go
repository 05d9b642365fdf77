// Command guichet-load measures Guichet under load and stress: the widget
// and Messenger load generators (loadtest), the multi-instance hand-off
// soak with kill -9 (soak), and a signed Messenger webhook event against a
// server with an optional fake Graph API (messenger simulate). These rigs
// start fake servers and kill processes, so they stay out of the
// production binary, cmd/guichet. Subcommands run through internal/cli,
// as cmd/guichet's do.
package main

import (
	"io"

	"github.com/guichet/guichet/internal/cli"
)

// commands is filled by each file's init, so that a subcommand lives in
// one file.
var commands = map[string]cli.Command{}

func program() *cli.Program { return &cli.Program{Name: "guichet-load", Commands: commands} }

func main() { program().Main() }

// run is the whole program, for tests.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return program().Run(args, stdin, stdout, stderr, getenv)
}
