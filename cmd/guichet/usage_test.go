package main

import (
	"bytes"
	"strings"
	"testing"
)

// Every command and subcommand prints a real usage on -h (its command
// line with its arguments, what it does, its flags) on stdout and exits
// 0; a wrong flag prints the problem and the usage on stderr and exits 2.
func TestEveryCommandHelp(t *testing.T) {
	leaves := []struct {
		path []string
		args string // what the command line must show besides flags
	}{
		{[]string{"serve"}, "guichet [serve]"},
		{[]string{"ask"}, "QUESTION"},
		{[]string{"chat"}, "guichet chat"},
		{[]string{"eval"}, "FILE..."},
		{[]string{"healthcheck"}, "guichet healthcheck"},
		{[]string{"kb", "check"}, "[DIR]"},
		{[]string{"kb", "export"}, "[DIR]"},
		{[]string{"kb", "pending", "check"}, "guichet kb pending check"},
		{[]string{"kb", "pending", "apply"}, "guichet kb pending apply"},
		{[]string{"agent", "add"}, "NAME"},
		{[]string{"agent", "token"}, "NAME"},
		{[]string{"agent", "revoke"}, "NAME"},
		{[]string{"agent", "list"}, "guichet agent list"},
		{[]string{"messenger", "setup"}, "guichet messenger setup"},
		{[]string{"incidents", "export"}, "guichet incidents export"},
		{[]string{"privacy", "forget"}, "CONVERSATION_ID"},
	}
	env := map[string]string{"GUICHET_CONFIG": "config.yaml"}
	for _, c := range leaves {
		name := strings.Join(c.path, " ")
		t.Run(name, func(t *testing.T) {
			for _, h := range []string{"-h", "--help"} {
				code, out, errs := runCmd(t, env, append(append([]string{}, c.path...), h)...)
				if code != 0 || errs != "" {
					t.Errorf("%s %s: exit %d, stderr %q; want 0 and the usage on stdout", name, h, code, errs)
				}
				first, _, _ := strings.Cut(out, "\n")
				if !strings.HasPrefix(out, "usage: ") || !strings.Contains(first, c.args) {
					t.Errorf("%s %s: usage begins %q, want \"usage: \" and %q", name, h, first, c.args)
				}
				if strings.Count(strings.TrimSpace(out), "\n") < 3 {
					t.Errorf("%s %s prints only:\n%s", name, h, out)
				}
				if strings.Contains(out, "-config") && (!strings.Contains(out, "-config FILE") || strings.Contains(out, `(default "config.yaml")`)) {
					t.Errorf("%s %s: the -config flag reads:\n%s", name, h, out)
				}
			}
			code, out, errs := runCmd(t, env, append(append([]string{}, c.path...), "--no-such-flag")...)
			if code != 2 || out != "" || !strings.Contains(errs, "no-such-flag") || !strings.Contains(errs, "usage: ") {
				t.Errorf("%s --no-such-flag: exit %d, stdout %q, stderr %q; want 2, the problem and the usage on stderr", name, code, out, errs)
			}
		})
	}
	for _, group := range [][]string{{"kb"}, {"kb", "pending"}, {"agent"}, {"messenger"}, {"incidents"}, {"privacy"}} {
		name := strings.Join(group, " ")
		code, out, errs := runCmd(t, env, append(append([]string{}, group...), "-h")...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "usage:") {
			t.Errorf("%s -h: exit %d, stdout %q, stderr %q; want 0 and the usage on stdout", name, code, out, errs)
		}
		code, out, errs = runCmd(t, env, group...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, "usage:") {
			t.Errorf("%s without a subcommand: exit %d, stdout %q, stderr %q; want 2 and the usage on stderr", name, code, out, errs)
		}
	}
}

// A missing argument is a misuse: exit 2 with the usage.
func TestMissingArgumentsExit2(t *testing.T) {
	for _, args := range [][]string{{"ask"}, {"eval"}, {"agent", "add"}, {"agent", "token"}, {"privacy", "forget"}, {"kb", "check", "a", "b"}} {
		code, _, errs := runCmd(t, nil, args...)
		if code != 2 || !strings.Contains(errs, "usage: guichet "+strings.Join(args[:min(2, len(args))], " ")) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and the usage", args, code, errs)
		}
	}
}

// In chat, a choice number that names no proposed answer is said so, and
// nothing is sent to the bot.
func TestChatOutOfRangeChoice(t *testing.T) {
	var out, errb bytes.Buffer
	in := strings.NewReader("jai perdu mon permis\n9\n")
	code := run([]string{"chat", "--config", ""}, in, &out, &errb, func(string) string { return "" })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	// One part per prompt: the greeting, the answer, what followed "9".
	parts := strings.Split(out.String(), "Vous : ")
	if len(parts) != 4 || !strings.Contains(parts[2], "Il n'y a pas de choix 9 : tapez un numéro de 1 à ") {
		t.Fatalf("chat output:\n%s", out.String())
	}
	if strings.Contains(parts[2], "Assistant :") || strings.TrimSpace(parts[3]) != "" {
		t.Errorf("the out-of-range number reached the bot:\n%s", out.String())
	}
}
