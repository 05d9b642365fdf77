package main

import (
	"strings"
	"testing"
)

// Every command prints a real usage on -h, on stdout, exit 0; a wrong
// flag or a missing argument prints the problem and the usage on stderr,
// exit 2.
func TestEveryCommandHelp(t *testing.T) {
	leaves := []struct {
		path []string
		want []string // what the usage must tell
	}{
		{[]string{"serve"}, []string{"guichet-load serve", "guichet serve"}},
		{[]string{"loadtest", "widget"}, []string{"--inproc | --addr URL", "p50/p95/p99", "-conns", "-rate"}},
		{[]string{"loadtest", "messenger"}, []string{"--addr URL | --inproc", "p50/p95/p99", "-senders"}},
		{[]string{"soak", "handoff"}, []string{"--redis URL", "lost or doubled", "-kill-every"}},
		{[]string{"soak", "claims"}, []string{"--tickets", "p50/p99", "-agents"}},
		{[]string{"messenger", "simulate"}, []string{`"TEXT" | --payload PAYLOAD`, "GUICHET_MESSENGER_APP_SECRET",
			"GUICHET_MESSENGER_GRAPH_URL", "made-up values work locally", "-fake-graph"}},
	}
	env := map[string]string{"GUICHET_CONFIG": "config.yaml"}
	for _, c := range leaves {
		name := strings.Join(c.path, " ")
		code, out, errs := runCmd(t, env, append(append([]string{}, c.path...), "-h")...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "usage: guichet-load "+name) {
			t.Errorf("%s -h: exit %d, stderr %q, stdout %q; want 0 and the usage on stdout", name, code, errs, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s -h does not say %q:\n%s", name, w, out)
			}
		}
		if strings.Contains(out, `(default "config.yaml")`) {
			t.Errorf("%s -h prints the working directory's config.yaml as -config's default", name)
		}
		code, out, errs = runCmd(t, env, append(append([]string{}, c.path...), "--no-such-flag")...)
		if code != 2 || out != "" || !strings.Contains(errs, "usage: guichet-load "+name) {
			t.Errorf("%s --no-such-flag: exit %d, stdout %q, stderr %q; want 2 and the usage on stderr", name, code, out, errs)
		}
	}
	for _, group := range []string{"loadtest", "soak", "messenger"} {
		code, out, errs := runCmd(t, env, group, "-h")
		if code != 0 || errs != "" || !strings.HasPrefix(out, "usage:") || strings.Count(out, "\n") < 2 {
			t.Errorf("%s -h: exit %d, stdout %q, stderr %q; want 0 and a usage of several lines on stdout", group, code, out, errs)
		}
		code, out, errs = runCmd(t, env, group)
		if code != 2 || out != "" || !strings.HasPrefix(errs, "usage:") {
			t.Errorf("%s alone: exit %d, stdout %q, stderr %q; want 2 and the usage on stderr", group, code, out, errs)
		}
	}
	if code, _, errs := runCmd(t, env, "messenger", "simulate"); code != 2 || !strings.Contains(errs, "give either a text or --payload") {
		t.Errorf("messenger simulate without a text: exit %d, %q", code, errs)
	}
}
