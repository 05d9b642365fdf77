package console_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/console"
)

func TestAccountsFileIsPrivateAndRoundTrips(t *testing.T) {
	data, _ := accountsFixture(t)
	path := filepath.Join(t.TempDir(), "agents.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	acc, err := console.LoadAccounts(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.NewToken("bob", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := acc.Save(path); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("accounts file mode %v, want 0600: it holds password hashes", fi.Mode().Perm())
	}
	again, err := console.LoadAccounts(path)
	if err != nil {
		t.Fatal(err)
	}
	bob, _ := again.Find("bob")
	if len(bob.Tokens) != 2 || bob.Role != console.RoleAgent || !strings.HasPrefix(bob.PasswordHash, "$2") {
		t.Fatalf("bob after a round trip: %+v", bob)
	}
	if strings.Contains(string(mustRead(t, path)), password) {
		t.Fatal("the password is stored in clear")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAccountsFileErrorsSayWhatToFix(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"role":   "agents:\n  - name: a\n    role: boss\n    password_bcrypt: x\n",
		"bcrypt": "agents:\n  - name: a\n    role: agent\n    password_bcrypt: plain\n",
		"twice":  "agents:\n  - name: a\n    role: agent\n    password_bcrypt: $2a$10$2Ugt/64FU5OiaFmVDdleyukC1G3p4I4HaT7uBeWfDyiW.f21U0qGW\n  - name: a\n    role: agent\n    password_bcrypt: $2a$10$2Ugt/64FU5OiaFmVDdleyukC1G3p4I4HaT7uBeWfDyiW.f21U0qGW\n",
		"name":   "agents:\n  - name: Alice Martin\n    role: agent\n",
		"field":  "agents:\n  - name: a\n    pasword: x\n",
	}
	for want, content := range tests {
		path := filepath.Join(dir, want+".yaml")
		os.WriteFile(path, []byte(content), 0o600)
		_, err := console.LoadAccounts(path)
		if !guichet.Is(err, guichet.Invalid) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want Invalid naming the file", want, err)
		}
	}
	if _, err := console.LoadAccounts(filepath.Join(dir, "missing.yaml")); !guichet.Is(err, guichet.NotFound) || !strings.Contains(err.Error(), "guichet agent add") {
		t.Errorf("missing file: %v, want NotFound telling how to create an account", err)
	}
	var acc console.Accounts
	for _, pw := range []string{"short", strings.Repeat("x", 80)} {
		if err := acc.Set("alice", "", console.RoleAgent, []byte(pw)); err == nil {
			t.Errorf("password of %d characters accepted", len(pw))
		}
	}
}

func TestNewTokenWorksWithoutRestart(t *testing.T) {
	h := newHarness(t)
	acc, err := console.LoadAccounts(h.cfg.AccountsFile)
	if err != nil {
		t.Fatal(err)
	}
	token, _ := acc.NewToken("eve", time.Now())
	if err := acc.Save(h.cfg.AccountsFile); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(3 * time.Second) // the file is looked at every 2 s
	h.tokens["new"] = token
	if code, body := h.call("GET", "/api/v1/me", "new", nil); code != 200 || body["name"] != "eve" {
		t.Fatalf("new token = %d %v, want eve", code, body)
	}
}

func TestCannedResponses(t *testing.T) {
	builtin, err := console.LoadCanned("")
	if err != nil || len(builtin) < 5 {
		t.Fatalf("built-in canned responses: %d, %v", len(builtin), err)
	}
	path := filepath.Join(t.TempDir(), "canned.yaml")
	os.WriteFile(path, []byte("responses:\n  - id: a\n    title: A\n    text: x\n  - id: a\n    title: B\n    text: y\n"), 0o600)
	if _, err := console.LoadCanned(path); err == nil || !strings.Contains(err.Error(), `responses[1]: id "a" appears twice`) {
		t.Fatalf("duplicate id: %v", err)
	}
	h := newHarness(t)
	code, body := h.call("GET", "/api/v1/canned", "alice", nil)
	if code != 200 || len(body["canned"].([]any)) != len(builtin) {
		t.Fatalf("GET /canned = %d %v", code, body)
	}
}
