package cliflag

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	const synopsis = "tool add NAME [flags]\n\nAdd NAME."
	newFS := func() (*flag.FlagSet, *string, *string) {
		fs := flag.NewFlagSet("add", flag.ContinueOnError)
		role := fs.String("role", "agent", "agent or supervisor")
		return fs, role, Config(fs, func(string) string { return "from-env.yaml" })
	}
	cases := []struct {
		args         []string
		interspersed bool
		pos          []string
		code         int
		ok           bool
		stdout       string // prefix
		stderr       string // substring
	}{
		{[]string{"alice", "--role", "supervisor"}, true, []string{"alice"}, 0, true, "", ""},
		{[]string{"alice", "--role", "supervisor"}, false, []string{"alice", "--role", "supervisor"}, 0, true, "", ""},
		{[]string{"-h"}, false, nil, ExitHelp, false, "usage: tool add NAME [flags]\n\nAdd NAME.\n\nflags:\n  -config FILE", ""},
		{[]string{"alice", "--help"}, true, nil, ExitHelp, false, "usage: tool add NAME", ""},
		{[]string{"--nope"}, true, nil, ExitUsage, false, "", "flag provided but not defined: -nope\nusage: tool add NAME"},
	}
	for _, c := range cases {
		fs, role, cfg := newFS()
		var out, errb bytes.Buffer
		pos, code, ok := Parse(fs, c.args, synopsis, &out, &errb, c.interspersed)
		if strings.Join(pos, ",") != strings.Join(c.pos, ",") || code != c.code || ok != c.ok {
			t.Errorf("%q: pos %q code %d ok %v; want %q %d %v", c.args, pos, code, ok, c.pos, c.code, c.ok)
		}
		if !strings.HasPrefix(out.String(), c.stdout) || (c.stdout == "") != (out.Len() == 0) {
			t.Errorf("%q: stdout %q, want it to begin with %q", c.args, out.String(), c.stdout)
		}
		if !strings.Contains(errb.String(), c.stderr) || (c.stderr == "") != (errb.Len() == 0) {
			t.Errorf("%q: stderr %q, want %q in it", c.args, errb.String(), c.stderr)
		}
		if ok && c.interspersed && *role != "supervisor" {
			t.Errorf("%q: role %q", c.args, *role)
		}
		if *cfg != "from-env.yaml" {
			t.Errorf("config default %q, want $GUICHET_CONFIG's", *cfg)
		}
		if strings.Contains(out.String(), `(default "from-env.yaml")`) {
			t.Errorf("the help prints this environment's config file as the default:\n%s", out.String())
		}
	}
}

func TestMisuse(t *testing.T) {
	fs := flag.NewFlagSet("kb check", flag.ContinueOnError)
	var w bytes.Buffer
	if code := Misuse(&w, fs, "guichet kb check", "guichet kb check [DIR]", "at most one %s", "directory"); code != ExitUsage {
		t.Errorf("Misuse returned %d", code)
	}
	if want := "guichet kb check: at most one directory\nusage: guichet kb check [DIR]\n"; w.String() != want {
		t.Errorf("Misuse printed %q, want %q", w.String(), want)
	}
}
