package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // opening hours need Europe/Paris even in a scratch image

	"github.com/guichet/guichet/internal/app"
)

func init() {
	commands["serve"] = command{summary: "run the service: widget, Messenger webhook, agent console, API (default)", run: cmdServe}
}

func cmdServe(e *env) int {
	fs, cfgPath := e.flagSet("serve")
	if err := fs.Parse(e.args); err != nil {
		return 2
	}
	cfg, ok := loadConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	log := newLogger(cfg.Log, e.stderr)
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, log, e.stderr)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		return 1
	}
	defer a.Close()
	srv, err := a.BuildServer(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: %v\n", err)
		return 1
	}
	return a.Serve(ctx, srv, e.stderr)
}
