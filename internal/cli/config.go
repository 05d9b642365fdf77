package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/guichet/guichet/config"
)

// LoadConfig reads and validates the configuration at path (see
// config.Load), printing every problem under "program: configuration:",
// one per line. ok is false when the subcommand must stop (ExitFail).
func (e *Env) LoadConfig(path string) (*config.Config, bool) {
	cfg, err := config.Load(path, e.Getenv)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		e.Problems("configuration", err)
		return nil, false
	}
	return cfg, true
}

// Problems prints err, whose lines are problems of one kind ("messenger
// configuration"), under "program: what:", one indented line each.
func (e *Env) Problems(what string, err error) {
	fmt.Fprintf(e.Stderr, "%s: %s:\n", e.Program, what)
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(e.Stderr, "  "+line)
	}
}

// UntilStopped is Ctx, also ended by SIGINT or SIGTERM: what a server
// drains on.
func (e *Env) UntilStopped() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(e.Ctx, os.Interrupt, syscall.SIGTERM)
}

// UntilInterrupted is Ctx, also ended by Ctrl-C: for the long-running
// tools, which print what they measured so far.
func (e *Env) UntilInterrupted() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(e.Ctx, os.Interrupt)
}
