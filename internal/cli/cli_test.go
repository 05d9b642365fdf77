package cli

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// program is a command with a default subcommand, "show" (which prints
// its arguments), and a group, "acct", of one subcommand.
func program(def string) *Program {
	show := func(e *Env) int {
		io.WriteString(e.Stdout, e.Program+" show "+strings.Join(e.Args, ","))
		return ExitOK
	}
	acct := func(e *Env) int {
		return e.Subcommands("acct", map[string]func(*Env, []string) int{"list": WithArgs(show)},
			func(w io.Writer) { io.WriteString(w, "usage: tool acct list\n") })
	}
	return &Program{Name: "tool", Default: def, Commands: map[string]Command{
		"show": {Summary: "print the arguments", Run: show},
		"acct": {Summary: "accounts: list", Run: acct},
	}}
}

func TestProgramRun(t *testing.T) {
	tests := []struct {
		def    string
		args   []string
		code   int
		stdout string // prefix
		stderr string // prefix
	}{
		{"show", nil, ExitOK, "tool show ", ""},
		{"show", []string{"--flag", "x"}, ExitOK, "tool show --flag,x", ""},
		{"show", []string{"show", "a"}, ExitOK, "tool show a", ""},
		{"show", []string{"help"}, ExitOK, "usage: tool [command] [flags]   (default command: show)\n  acct       accounts: list\n  show ", ""},
		{"show", []string{"nope"}, ExitUsage, "", "tool: unknown command \"nope\"\nusage: tool [command]"},
		{"", nil, ExitUsage, "", "usage: tool command [flags]\n"},
		{"", []string{"-h"}, ExitOK, "usage: tool command [flags]\n", ""},
		{"", []string{"--flag"}, ExitUsage, "", "tool: unknown command \"--flag\""},
		{"", []string{"acct", "list", "b"}, ExitOK, "tool show b", ""},
		{"", []string{"acct"}, ExitUsage, "", "usage: tool acct list"},
		{"", []string{"acct", "--help"}, ExitOK, "usage: tool acct list", ""},
		{"", []string{"acct", "drop"}, ExitUsage, "", "tool acct: unknown subcommand \"drop\"\nusage: tool acct list"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := program(tt.def).Run(tt.args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
		if code != tt.code || !strings.HasPrefix(out.String(), tt.stdout) || !strings.HasPrefix(errb.String(), tt.stderr) ||
			(tt.stdout == "") != (out.Len() == 0) || (tt.stderr == "") != (errb.Len() == 0) {
			t.Errorf("default %q, %q: exit %d\nstdout %q\nstderr %q\nwant %d, %q, %q", tt.def, tt.args, code, out.String(),
				errb.String(), tt.code, tt.stdout, tt.stderr)
		}
	}
}

// Every problem of a configuration is printed on its own line, under the
// program's name, and the command stops.
func TestLoadConfigPrintsEveryProblem(t *testing.T) {
	var errb bytes.Buffer
	vars := map[string]string{"GUICHET_HTTP_ADDR": "nonsense", "GUICHET_LOG_LEVEL": "loud"}
	e := &Env{Program: "tool", Stderr: &errb, Getenv: func(k string) string { return vars[k] }}
	if cfg, ok := e.LoadConfig(""); ok || cfg != nil {
		t.Fatal("a bad configuration was accepted")
	}
	want := "tool: configuration:\n  config: http.addr: want host:port or :port, got \"nonsense\"\n" +
		"  config: log.level: want debug, info, warn or error, got \"loud\"\n"
	if errb.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errb.String(), want)
	}
	errb.Reset()
	if cfg, ok := (&Env{Program: "tool", Stderr: &errb, Getenv: func(string) string { return "" }}).LoadConfig(""); !ok || cfg == nil || errb.Len() > 0 {
		t.Errorf("built-in defaults: ok %v, stderr %q", ok, errb.String())
	}
}

func TestFailf(t *testing.T) {
	var errb bytes.Buffer
	e := &Env{Stderr: &errb}
	if code := e.Failf("tool: %v", errors.New("boom")); code != ExitFail || errb.String() != "tool: boom\n" {
		t.Errorf("Failf: %d, %q", code, errb.String())
	}
}
