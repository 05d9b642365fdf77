package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// AskPassword (agent add) asks again, saying why, when the password typed
// at the terminal is too short or the two differ; it gives up after three tries.
func TestAskPasswordAgain(t *testing.T) {
	answers := func(lines ...string) func(string) (string, error) {
		return func(string) (string, error) {
			if len(lines) == 0 {
				return "", errors.New("no more input")
			}
			l := lines[0]
			lines = lines[1:]
			return l, nil
		}
	}
	var w bytes.Buffer
	pw, err := AskPassword(&w, 12, answers("court", "correct horse battery", "correct horse batterie", "correct horse battery", "correct horse battery"))
	if err != nil || string(pw) != "correct horse battery" {
		t.Fatalf("AskPassword = %q, %v; want the third try", pw, err)
	}
	if !strings.Contains(w.String(), "too short: 5 characters, at least 12. Try again.") || !strings.Contains(w.String(), "differ. Try again.") {
		t.Errorf("the person was told:\n%s", w.String())
	}
	w.Reset()
	if _, err := AskPassword(&w, 12, answers("a", "b", "c")); err == nil || !strings.Contains(err.Error(), "3 tries") {
		t.Errorf("three short passwords: %v, want an error after 3 tries", err)
	}
}

// --password-stdin takes the first line, with or without its newline; an
// empty input is refused, and without the flag a pipe is not a terminal.
func TestReadPasswordFromStdin(t *testing.T) {
	for in, want := range map[string]string{"correct horse battery\nignored\n": "correct horse battery",
		"correct horse battery": "correct horse battery", "pass word\r\n": "pass word"} {
		e := &Env{Stdin: strings.NewReader(in), Stderr: &bytes.Buffer{}}
		if pw, err := e.ReadPassword(true, 12); err != nil || string(pw) != want {
			t.Errorf("ReadPassword(%q) = %q, %v; want %q", in, pw, err, want)
		}
	}
	e := &Env{Stdin: strings.NewReader(""), Stderr: &bytes.Buffer{}}
	if _, err := e.ReadPassword(true, 12); err == nil || !strings.Contains(err.Error(), "read password from stdin") {
		t.Errorf("empty stdin: %v", err)
	}
	if _, err := e.ReadPassword(false, 12); err == nil || !strings.Contains(err.Error(), "pass the password with --password-stdin") {
		t.Errorf("no terminal: %v", err)
	}
}
