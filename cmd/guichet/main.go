// Command guichet runs the Guichet support service and its tools: the server
// (serve, the default), a one-shot question (ask), a terminal conversation
// (chat), the matcher evaluation (eval), knowledge-base tools (kb), agent
// accounts (agent), the Messenger page setup (messenger), the incident
// export (incidents) and erasure (privacy). The instance itself is built by
// internal/app, the subcommands run through internal/cli; load and soak
// rigs live in cmd/guichet-load.
package main

import (
	"io"

	"github.com/guichet/guichet/internal/cli"
)

// commands is filled by each cmd_*.go file's init, so that a subcommand
// lives in one file.
var commands = map[string]cli.Command{}

func program() *cli.Program {
	return &cli.Program{Name: "guichet", Default: "serve", Commands: commands}
}

func main() { program().Main() }

// run is the whole program, for tests.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return program().Run(args, stdin, stdout, stderr, getenv)
}
