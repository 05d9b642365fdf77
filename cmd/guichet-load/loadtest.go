package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/guichet/guichet/internal/cli"
)

// loadtests holds the load generators `guichet-load loadtest NAME` runs. Each
// registers itself from its own file's init (messenger, widget...), so
// that two generators never edit one file.
var loadtests = map[string]func(*cli.Env) int{}

func init() {
	commands["loadtest"] = cli.Command{Summary: "load generators: loadtest NAME [flags] (messenger, widget)", Run: runLoadtest}
}

func runLoadtest(e *cli.Env) int {
	subs := make(map[string]func(*cli.Env, []string) int, len(loadtests))
	for name, run := range loadtests {
		subs[name] = cli.WithArgs(run)
	}
	return e.Subcommands("loadtest", subs, loadtestUsage)
}

func loadtestUsage(w io.Writer) {
	names := make([]string, 0, len(loadtests))
	for n := range loadtests {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, `usage: guichet-load loadtest %s [flags]
  guichet-load loadtest widget (--inproc | --addr URL) [--conns 1000] [--senders 200] [--rate 2000] [--duration 10s]
      hold idle widget WebSocket connections while senders ask questions; print the
      connections held, messages per second, reply latency p50/p95/p99 and memory per connection
  guichet-load loadtest messenger (--inproc | --addr URL) [--rate 1000] [--duration 10s]
      send signed webhook events; print the acknowledgement latency p50/p95/p99, and with
      --inproc the replies sent through a fake Graph API
Run 'guichet-load loadtest NAME -h' for every flag.
`, strings.Join(names, "|"))
}
