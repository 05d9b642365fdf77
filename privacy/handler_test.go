package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/privacy"
)

// secret is a value that logs its identifier through LogValue.
type secret struct{ text string }

func (s secret) LogValue() slog.Value { return slog.StringValue(s.text) }

// plate prints its identifier through String.
type plate string

func (p plate) String() string { return string(p) }

func TestHandlerMasksEveryStringAtEveryLevel(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(privacy.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	psid := guichet.ConversationID("messenger:7654321098765432")
	log = log.With("first", "rappel au 06 12 34 56 78").WithGroup("req").With("mail", "jean.dupont@gmail.com")
	for _, level := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
		log.Log(context.Background(), level, "dossier ANTS-2025-0012345 bloqué",
			"text", "ma plaque AB-123-CD",
			"err", fmt.Errorf("bot: handle %q: %w", "NEPH 1234 5678 9012", errors.New("boom")),
			slog.Group("citizen", "said", "0033 6 98 76 54 32", "count", 3),
			"valuer", secret{"1234 AB 75"},
			"stringer", plate("EF-456-GH"),
			"bytes", []byte("paul_92@free.fr"),
			"list", []string{"21A0123456789"},
			"n", 123456789, "ok", true, "conv", psid)
	}
	out := buf.String()
	for _, id := range []string{"06 12 34 56 78", "jean.dupont", "0012345", "AB-123-CD", "1234 5678 9012",
		"98 76 54 32", "1234 AB 75", "EF-456-GH", "paul_92", "21A0123456789"} {
		if strings.Contains(out, id) {
			t.Errorf("%q is in the log:\n%s", id, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines logged, want one per level:\n%s", len(lines), out)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	req := rec["req"].(map[string]any)
	checks := []struct {
		what      string
		got, want any
	}{
		{"message", rec["msg"], "dossier [numéro] bloqué"},
		{"attribute from With", rec["first"], "rappel au [téléphone]"},
		{"attribute from With in a group", req["mail"], "[email]"},
		{"error", req["err"], `bot: handle "NEPH [numéro]": boom`},
		{"group", req["citizen"].(map[string]any)["said"], "[téléphone]"},
		{"LogValuer", req["valuer"], "[immatriculation]"},
		{"Stringer", req["stringer"], "[immatriculation]"},
		{"bytes", req["bytes"], "[email]"},
		{"slice", req["list"], "[[numéro]]"},
		{"number", req["n"], float64(123456789)},
		{"conversation id", req["conv"], string(psid)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s logged as %#v, want %#v", c.what, c.got, c.want)
		}
	}
}

// badErr panics in Error on a nil receiver, as careless error types do.
type badErr struct{ text string }

func (e *badErr) Error() string { return e.text }

func TestHandlerSurvivesPanickingValues(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(privacy.NewHandler(slog.NewJSONHandler(&buf, nil)))
	var nilErr *badErr
	log.Info("lookup", "err", nilErr, "other", &badErr{"rappel au 06 12 34 56 78"})
	want := `"err":"<nil>","other":"rappel au [téléphone]"`
	if !strings.Contains(buf.String(), want) {
		t.Fatalf("logged %s; want it to contain %s", buf.String(), want)
	}
}

func TestHandlerKeepsTheLevelOfNext(t *testing.T) {
	h := privacy.NewHandler(slog.NewTextHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if h.Enabled(context.Background(), slog.LevelDebug) || !h.Enabled(context.Background(), slog.LevelInfo) {
		t.Fatal("the masking handler must enable exactly the levels its next handler enables")
	}
}

// TestHandlerConformance runs the standard library's handler checks
// (groups, With, empty attributes) through the masking handler.
func TestHandlerConformance(t *testing.T) {
	var buf bytes.Buffer
	err := slogtest.TestHandler(privacy.NewHandler(slog.NewJSONHandler(&buf, nil)), func() []map[string]any {
		var out []map[string]any
		for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
		return out
	})
	if err != nil {
		t.Fatal(err)
	}
}

func BenchmarkHandler(b *testing.B) {
	log := slog.New(privacy.NewHandler(slog.NewJSONHandler(&bytes.Buffer{}, nil)))
	plain := slog.New(slog.NewJSONHandler(&bytes.Buffer{}, nil))
	for name, l := range map[string]*slog.Logger{"masked": log, "plain": plain} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.Info("handoff: ticket opened", "ticket", "9b2d1c0e8f7a6b5c4d3e2f1a0b9c8d7e",
					"channel", "web", "reason", "explicit_request", "priority", false)
			}
		})
	}
}
