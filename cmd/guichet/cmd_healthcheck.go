package main

import (
	"net"
	"net/http"
	"time"

	"github.com/guichet/guichet/internal/cli"
)

func init() {
	commands["healthcheck"] = cli.Command{Summary: "exit 0 when the local server answers /healthz (for container health checks)", Run: cmdHealthcheck}
}

const synopsisHealthcheck = `guichet healthcheck [flags]

Exit 0 when the server configured in http.addr answers /healthz, 1 otherwise
(the container's health check).`

func cmdHealthcheck(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("healthcheck")
	if code, ok := e.Parse(fs, e.Args, synopsisHealthcheck); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, synopsisHealthcheck, "unexpected argument %q", fs.Arg(0))
	}
	cfg, ok := e.LoadConfig(*cfgPath)
	if !ok {
		return cli.ExitFail
	}
	host, port, _ := net.SplitHostPort(cfg.HTTP.Addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		return e.Failf("guichet: healthcheck: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return e.Failf("guichet: healthcheck: %s", resp.Status)
	}
	return cli.ExitOK
}
