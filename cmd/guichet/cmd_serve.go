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

const synopsisServe = `guichet [serve] [flags]

Run the service on http.addr: the demo page and widget (/), the Messenger
webhook, the agent console (/console/) and API (/api/v1/), /healthz,
/readyz and /metrics. SIGTERM drains, SIGHUP reloads the knowledge base.`

func cmdServe(e *env) int {
	fs, cfgPath := e.flagSet("serve")
	if code, ok := e.parse(fs, e.args, synopsisServe); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.usageError(fs, synopsisServe, "unexpected argument %q", fs.Arg(0))
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
