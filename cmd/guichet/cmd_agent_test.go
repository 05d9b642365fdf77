package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet/console"
)

// agentCmd runs 'guichet agent ...' with stdin.
func agentCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"agent"}, args...), strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

func TestAgentAddAndToken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agents.yaml")
	if code, _, errs := agentCmd(t, "too short\n", "add", "alice", "--password-stdin", "--accounts", path); code != 1 || !strings.Contains(errs, "at least 12") {
		t.Fatalf("short password: exit %d, %q", code, errs)
	}
	code, out, errs := agentCmd(t, "correct horse battery\n", "add", "alice", "--role", "supervisor", "--display-name", "Alice M.", "--password-stdin", "--accounts", path)
	if code != 0 || !strings.Contains(out, "alice (supervisor)") {
		t.Fatalf("add: exit %d, %q %q", code, out, errs)
	}
	if code, _, errs := agentCmd(t, "", "add", "bob", "--accounts", path); code != 1 || !strings.Contains(errs, "--password-stdin") {
		t.Fatalf("add without a terminal: exit %d, %q; want a pointer to --password-stdin", code, errs)
	}
	if code, _, errs := agentCmd(t, "", "add", "Bob Smith", "--password-stdin", "--accounts", path); code != 2 || !strings.Contains(errs, "lowercase") {
		t.Fatalf("bad name: exit %d, %q", code, errs)
	}
	code, token, _ := agentCmd(t, "", "token", "alice", "--accounts", path)
	token = strings.TrimSpace(token)
	if code != 0 || !strings.HasPrefix(token, "gch_") {
		t.Fatalf("token: exit %d, %q", code, token)
	}
	acc, err := console.LoadAccounts(path)
	if err != nil {
		t.Fatal(err)
	}
	alice, _ := acc.Find("alice")
	if alice.Role != console.RoleSupervisor || alice.DisplayName != "Alice M." || len(alice.Tokens) != 1 || strings.Contains(alice.Tokens[0].SHA256, token) {
		t.Fatalf("stored account %+v", alice)
	}
	if code, _, errs := agentCmd(t, "", "token", "nobody", "--accounts", path); code != 1 || !strings.Contains(errs, "guichet agent add nobody") {
		t.Fatalf("token for an unknown agent: exit %d, %q", code, errs)
	}
	if code, out, _ := agentCmd(t, "", "list", "--accounts", path); code != 0 || !strings.Contains(out, "alice") || !strings.Contains(out, "tokens=1") {
		t.Fatalf("list: exit %d, %q", code, out)
	}
}

func TestAgentRevoke(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agents.yaml")
	if code, _, errs := agentCmd(t, "correct horse battery\n", "add", "alice", "--password-stdin", "--accounts", path); code != 0 {
		t.Fatalf("add: %s", errs)
	}
	for range 2 {
		if code, _, errs := agentCmd(t, "", "token", "alice", "--accounts", path); code != 0 {
			t.Fatalf("token: %s", errs)
		}
	}
	code, out, errs := agentCmd(t, "", "revoke", "alice", "--accounts", path)
	if code != 0 || out != "alice: console sessions ended, 2 API tokens deleted\n" {
		t.Fatalf("revoke: exit %d, %q %q", code, out, errs)
	}
	acc, err := console.LoadAccounts(path)
	if err != nil {
		t.Fatal(err)
	}
	if alice, _ := acc.Find("alice"); len(alice.Tokens) != 0 || alice.Revoked.IsZero() {
		t.Fatalf("after revoke: %+v; want no tokens and a revocation time", alice)
	}
	if code, _, errs := agentCmd(t, "", "revoke", "nobody", "--accounts", path); code != 1 || !strings.Contains(errs, `no account "nobody"`) {
		t.Fatalf("revoke an unknown agent: exit %d, %q", code, errs)
	}
}
