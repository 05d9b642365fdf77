package main

import (
	"fmt"
	"io"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["messenger"] = cli.Command{Summary: "simulate \"text\": a signed webhook event against a server (--fake-graph shows the replies)", Run: cmdMessenger}
}

func cmdMessenger(e *cli.Env) int {
	return e.Subcommands("messenger", map[string]func(*cli.Env, []string) int{
		"simulate": cli.WithArgs(cmdMessengerSimulate)}, messengerUsage)
}

func messengerUsage(w io.Writer) {
	fmt.Fprintln(w, `usage: guichet-load messenger simulate "TEXT" | --payload PAYLOAD [--fake-graph] [flags]
      a signed webhook event against a running server; see 'guichet-load messenger simulate -h'
      for the environment both sides need (made-up secrets work locally)`)
}

// messengerConfig loads the configuration and checks the messenger
// section even when messenger.enabled is false: the tools need it anyway.
func messengerConfig(path string, e *cli.Env) (*config.Config, bool) {
	cfg, ok := e.LoadConfig(path)
	if !ok {
		return nil, false
	}
	if err := messenger.CheckConfig(cfg.Messenger); err != nil {
		e.Problems("messenger configuration", err)
		return nil, false
	}
	return cfg, true
}
