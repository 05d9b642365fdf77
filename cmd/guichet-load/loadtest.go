package main

import (
	"fmt"
	"sort"
	"strings"
)

// loadtests holds the load generators `guichet-load loadtest NAME` runs. Each
// registers itself from its own file's init (messenger, widget...), so
// that two generators never edit one file.
var loadtests = map[string]func(*env) int{}

func init() {
	commands["loadtest"] = command{summary: "load generators: loadtest NAME [flags] (messenger, widget)", run: runLoadtest}
}

func runLoadtest(e *env) int {
	names := make([]string, 0, len(loadtests))
	for n := range loadtests {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(e.args) == 0 || loadtests[e.args[0]] == nil {
		fmt.Fprintf(e.stderr, "usage: guichet-load loadtest %s [flags]\n", strings.Join(names, "|"))
		return 2
	}
	sub := *e
	sub.args = e.args[1:]
	return loadtests[e.args[0]](&sub)
}
