package main

import (
	_ "time/tzdata" // opening hours need Europe/Paris even in a scratch image

	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["serve"] = cli.Command{Summary: "run the service: widget, Messenger webhook, agent console, API (default)", Run: cmdServe}
}

const synopsisServe = `guichet [serve] [flags]

Run the service on http.addr: the demo page and widget (/), the Messenger
webhook, the agent console (/console/) and API (/api/v1/), /healthz,
/readyz and /metrics. SIGTERM drains, SIGHUP reloads the knowledge base.`

func cmdServe(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("serve")
	if code, ok := e.Parse(fs, e.Args, synopsisServe); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, synopsisServe, "unexpected argument %q", fs.Arg(0))
	}
	cfg, ok := e.LoadConfig(*cfgPath)
	if !ok {
		return cli.ExitFail
	}
	ctx, stop := e.UntilStopped()
	defer stop()
	return app.Run(ctx, e.Program, cfg, e.Stderr)
}
