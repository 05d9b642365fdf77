package main

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

func init() {
	commands["healthcheck"] = command{summary: "exit 0 when the local server answers /healthz (for container health checks)", run: cmdHealthcheck}
}

const synopsisHealthcheck = `guichet healthcheck [flags]

Exit 0 when the server configured in http.addr answers /healthz, 1 otherwise
(the container's health check).`

func cmdHealthcheck(e *env) int {
	fs, cfgPath := e.flagSet("healthcheck")
	if code, ok := e.parse(fs, e.args, synopsisHealthcheck); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.usageError(fs, synopsisHealthcheck, "unexpected argument %q", fs.Arg(0))
	}
	cfg, ok := loadConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	host, port, _ := net.SplitHostPort(cfg.HTTP.Addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet: healthcheck: %v\n", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(e.stderr, "guichet: healthcheck: %s\n", resp.Status)
		return 1
	}
	return 0
}
