package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["messenger"] = cli.Command{Summary: "Messenger tools: setup (page profile)", Run: cmdMessenger}
}

func cmdMessenger(e *cli.Env) int {
	return e.Subcommands("messenger", map[string]func(*cli.Env, []string) int{
		"setup": cli.WithArgs(cmdMessengerSetup)}, messengerUsage)
}

func messengerUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: guichet messenger setup [--check]   (a signed test event: guichet-load messenger simulate)")
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

const synopsisMessengerSetup = `guichet messenger setup [--check] [flags]

Set the Messenger page's profile (greeting, Get Started button, persistent
menu) through the Graph API with GUICHET_MESSENGER_PAGE_TOKEN; only the
parts that differ are sent. --check validates the profile and sends nothing.
A signed test event through the webhook: guichet-load messenger simulate -h.`

func cmdMessengerSetup(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("messenger setup")
	check := fs.Bool("check", false, "only validate the profile; send nothing")
	if code, ok := e.Parse(fs, e.Args, synopsisMessengerSetup); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, synopsisMessengerSetup, "unexpected argument %q", fs.Arg(0))
	}
	profile := messenger.DefaultProfile()
	if err := profile.Validate(); err != nil {
		return e.Failf("guichet: messenger profile: %v", err)
	}
	if *check {
		fmt.Fprintln(e.Stdout, "messenger profile: valid")
		return cli.ExitOK
	}
	cfg, ok := messengerConfig(*cfgPath, e)
	if !ok {
		return cli.ExitFail
	}
	ctx, cancel := context.WithTimeout(e.Ctx, time.Minute)
	defer cancel()
	changed, err := messenger.NewClient(cfg.Messenger, nil).SetupProfile(ctx, profile)
	if err != nil {
		return e.Failf("guichet: %v", err)
	}
	if len(changed) == 0 {
		fmt.Fprintln(e.Stdout, "messenger profile already up to date: nothing sent")
		return cli.ExitOK
	}
	fmt.Fprintf(e.Stdout, "messenger profile updated: %s\n", strings.Join(changed, ", "))
	return cli.ExitOK
}
