package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
)

func init() {
	commands["messenger"] = command{summary: "simulate \"text\": a signed webhook event against a server (--fake-graph shows the replies)", run: cmdMessenger}
}

func cmdMessenger(e *env) int {
	return subcommands(e, "messenger", map[string]func(*env, []string) int{
		"simulate": func(e *env, args []string) int {
			sub := *e
			sub.args = args
			return cmdMessengerSimulate(&sub)
		}}, messengerUsage)
}

func messengerUsage(w io.Writer) {
	fmt.Fprintln(w, `usage: guichet-load messenger simulate "TEXT" | --payload PAYLOAD [--fake-graph] [flags]
      a signed webhook event against a running server; see 'guichet-load messenger simulate -h'
      for the environment both sides need (made-up secrets work locally)`)
}

// messengerConfig loads the configuration and checks the messenger
// section even when messenger.enabled is false: the tools need it anyway.
func messengerConfig(path string, e *env) (*config.Config, bool) {
	cfg, ok := loadConfig(path, e)
	if !ok {
		return nil, false
	}
	if err := messenger.CheckConfig(cfg.Messenger); err != nil {
		fmt.Fprintln(e.stderr, "guichet-load: messenger configuration:")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(e.stderr, "  "+line)
		}
		return nil, false
	}
	return cfg, true
}

// msgrInterruptible ends ctx on Ctrl-C for the long-running tools.
func msgrInterruptible(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt)
}
