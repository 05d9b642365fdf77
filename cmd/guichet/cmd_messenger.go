package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
)

func init() {
	commands["messenger"] = command{summary: "Messenger tools: setup (page profile)", run: cmdMessenger}
}

func cmdMessenger(e *env) int {
	return subcommands(e, "messenger", map[string]func(*env, []string) int{
		"setup": withArgs(cmdMessengerSetup)}, messengerUsage)
}

func messengerUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: guichet messenger setup [--check]   (a signed test event: guichet-load messenger simulate)")
}

// messengerConfig loads the configuration and checks the messenger
// section even when messenger.enabled is false: the tools need it anyway.
func messengerConfig(path string, e *env) (*config.Config, bool) {
	cfg, ok := loadConfig(path, e)
	if !ok {
		return nil, false
	}
	if err := messenger.CheckConfig(cfg.Messenger); err != nil {
		fmt.Fprintln(e.stderr, "guichet: messenger configuration:")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(e.stderr, "  "+line)
		}
		return nil, false
	}
	return cfg, true
}

const synopsisMessengerSetup = `guichet messenger setup [--check] [flags]

Set the Messenger page's profile (greeting, Get Started button, persistent
menu) through the Graph API with GUICHET_MESSENGER_PAGE_TOKEN; only the
parts that differ are sent. --check validates the profile and sends nothing.
A signed test event through the webhook: guichet-load messenger simulate -h.`

func cmdMessengerSetup(e *env) int {
	fs, cfgPath := e.flagSet("messenger setup")
	check := fs.Bool("check", false, "only validate the profile; send nothing")
	if code, ok := e.parse(fs, e.args, synopsisMessengerSetup); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.usageError(fs, synopsisMessengerSetup, "unexpected argument %q", fs.Arg(0))
	}
	profile := messenger.DefaultProfile()
	if err := profile.Validate(); err != nil {
		fmt.Fprintf(e.stderr, "guichet: messenger profile: %v\n", err)
		return 1
	}
	if *check {
		fmt.Fprintln(e.stdout, "messenger profile: valid")
		return 0
	}
	cfg, ok := messengerConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	ctx, cancel := context.WithTimeout(e.ctx, time.Minute)
	defer cancel()
	changed, err := messenger.NewClient(cfg.Messenger, nil).SetupProfile(ctx, profile)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		return 1
	}
	if len(changed) == 0 {
		fmt.Fprintln(e.stdout, "messenger profile already up to date: nothing sent")
		return 0
	}
	fmt.Fprintf(e.stdout, "messenger profile updated: %s\n", strings.Join(changed, ", "))
	return 0
}
