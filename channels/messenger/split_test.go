package messenger

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guichet/guichet"
)

func TestSplitText(t *testing.T) {
	sentence := "Votre demande est en cours d'instruction. "
	cases := []struct {
		name  string
		text  string
		max   int
		parts int
		ends  string // every part but the last ends so
	}{
		{"short stays whole", "Bonjour.", 2000, 1, ""},
		{"paragraphs first", strings.Repeat("a ", 600) + "\n\n" + strings.Repeat("b ", 600), 2000, 2, "a"},
		{"then sentences", strings.Repeat(sentence, 100), 2000, 3, "instruction."},
		{"then spaces", strings.Repeat("mot ", 1000), 2000, 2, "mot"},
		{"cut a word only when nothing else fits", strings.Repeat("é", 4500), 2000, 3, "é"},
		{"emoji not cut in half", strings.Repeat("😢", 25), 10, 3, "😢"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := splitText(c.text, c.max)
			if len(parts) != c.parts {
				t.Fatalf("%d parts, want %d", len(parts), c.parts)
			}
			var words int
			for i, p := range parts {
				if n := utf8.RuneCountInString(p); n > c.max || n == 0 || !utf8.ValidString(p) {
					t.Fatalf("part %d has %d characters", i, n)
				}
				if i < len(parts)-1 && !strings.HasSuffix(p, c.ends) {
					t.Fatalf("part %d ends %q, want %q", i, p[max(0, len(p)-15):], c.ends)
				}
				words += len(strings.Fields(p))
			}
			if c.ends != "é" && c.ends != "😢" && words != len(strings.Fields(c.text)) {
				t.Fatalf("words lost or cut: %d, want %d", words, len(strings.Fields(c.text)))
			}
		})
	}
}

func TestFitQuickReplies(t *testing.T) {
	qrs := fitQuickReplies([]guichet.QuickReply{
		{Title: "Perdu", Payload: "CHOICE:permis.refaire/0"},
		{Title: "Changement de nom ou d'état civil", Payload: "CHOICE:permis.refaire/4"},
		{Title: "Autre situation"}, // payload defaults to the title
		{Title: "Trop long", Payload: strings.Repeat("x", 1001)},
		{Title: "   "},
		// An entry's short title, not its cut long one.
		{Title: "Carte grise d'un véhicule d'occasion (changement de titulaire)", Short: "Véhicule d'occasion", Payload: "ENTRY:civ.changement-titulaire"},
	})
	want := []quickReply{
		{"text", "Perdu", "CHOICE:permis.refaire/0"},
		{"text", "Changement de nom…", "CHOICE:permis.refaire/4"},
		{"text", "Autre situation", "Autre situation"},
		{"text", "Véhicule d'occasion", "ENTRY:civ.changement-titulaire"},
	}
	if len(qrs) != len(want) {
		t.Fatalf("got %+v", qrs)
	}
	for i := range want {
		if qrs[i] != want[i] {
			t.Errorf("quick reply %d = %+v, want %+v", i, qrs[i], want[i])
		}
	}
	if got := shorten("Renouvellement-du-permis-international", 20); utf8.RuneCountInString(got) != 20 || !strings.HasSuffix(got, "…") {
		t.Errorf("one long word shortened to %q", got)
	}
}

func TestClassifyFromCodesNotStatus(t *testing.T) {
	// A transient error answered with HTTP 400 is still retried, and a
	// permanent one answered with 500 is not.
	if c := classify(&GraphError{Status: 400, Code: 1200}); c != classTransient {
		t.Errorf("1200 over HTTP 400: %v", c)
	}
	if c := classify(&GraphError{Status: 500, Code: 100, Subcode: 2018001}); c != classNoUser || c.retries(5) != 0 {
		t.Errorf("no matching user over HTTP 500: %v", c)
	}
	if n := classTimeout.retries(5); n != 1 {
		t.Errorf("timeouts retried %d times; without an idempotency key, at most once", n)
	}
}
