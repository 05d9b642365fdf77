package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // opening hours need Europe/Paris

	"github.com/guichet/guichet/internal/app"
)

func init() {
	commands["serve"] = command{summary: "run the service exactly as 'guichet serve' (the instances 'soak handoff' starts and kills)", run: cmdServe}
}

func cmdServe(e *env) int {
	fs, cfgPath := e.flagSet("serve")
	const synopsis = "guichet-load serve [flags]\n\nRun the service exactly as 'guichet serve' does (the instances 'soak handoff' starts and kills)."
	if code, ok := e.parse(fs, e.args, synopsis); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.usageError(fs, synopsis, "unexpected argument %q", fs.Arg(0))
	}
	cfg, ok := loadConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, newLogger(cfg.Log, e.stderr), e.stderr)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet-load: %v\n", err)
		return 1
	}
	defer a.Close()
	srv, err := a.BuildServer(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet-load: %v\n", err)
		return 1
	}
	return a.Serve(ctx, srv, e.stderr)
}
