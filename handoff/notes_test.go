package handoff_test

import (
	"strings"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

func TestNotesStayWithAgents(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("citizen"))
	id := h.open(conv).ID
	before := len(h.events(conv))
	tk, note, err := h.svc.AddNote(bg, id, actor("alice"), "  dossier ANTS 21AB12345 bloqué, rappeler  ")
	if err != nil {
		t.Fatal(err)
	}
	if note.Author != "alice" || note.Text != "dossier ANTS 21AB12345 bloqué, rappeler" || len(tk.Notes) != 1 {
		t.Fatalf("note %+v on ticket with notes %+v; want alice's trimmed note", note, tk.Notes)
	}
	if got := len(h.events(conv)); got != before {
		t.Fatalf("the transcript grew by %d events after a note: the citizen must never see notes", got-before)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("é", handoff.MaxNoteChars+1)} {
		if _, _, err := h.svc.AddNote(bg, id, actor("alice"), bad); !guichet.Is(err, guichet.Invalid) {
			t.Errorf("AddNote(%d chars) = %v, want Invalid", len(bad), err)
		}
	}
	if _, _, err := h.svc.AddNote(bg, "nope", actor("alice"), "x"); !guichet.Is(err, guichet.NotFound) {
		t.Errorf("AddNote(unknown ticket) = %v, want NotFound", err)
	}
}

func TestLabelsAreNormalised(t *testing.T) {
	h := newHarness(t)
	id := h.open(h.escalate(web("citizen"))).ID
	tk, err := h.svc.SetLabels(bg, id, actor("alice"), []string{" Urgent ", "ants  panne", "urgent"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tk.Labels, "|") != "ants panne|urgent" {
		t.Fatalf("labels = %q, want [ants panne urgent]", tk.Labels)
	}
	for _, bad := range [][]string{{""}, {"a<b>"}, {strings.Repeat("x", handoff.MaxLabelChars+1)},
		{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}} {
		if _, err := h.svc.SetLabels(bg, id, actor("alice"), bad); !guichet.Is(err, guichet.Invalid) {
			t.Errorf("SetLabels(%q) = %v, want Invalid", bad, err)
		}
	}
}

func TestTransferToAColleague(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("citizen"))
	id := h.open(conv).ID
	h.claim(id, "alice")
	bob := actor("bob")
	if _, err := h.svc.Change(bg, id, handoff.Change{Action: handoff.ActTransfer, Actor: actor("carol"), To: bob}); !guichet.Is(err, guichet.Forbidden) {
		t.Fatalf("transfer by an agent who does not hold the ticket = %v, want Forbidden", err)
	}
	tk, err := h.svc.Change(bg, id, handoff.Change{Action: handoff.ActTransfer, Actor: actor("alice"), To: bob})
	if err != nil || tk.Status != handoff.Assigned || tk.Agent != "bob" {
		t.Fatalf("transfer to bob = %+v, %v; want assigned to bob", tk, err)
	}
	n := h.notices(conv)
	if last := n[len(n)-1]; !strings.Contains(last.Text, "confiée à Bob") {
		t.Errorf("the citizen's last notice is %q, want to hear that Bob takes over", last.Text)
	}
	if _, err := h.svc.Change(bg, id, handoff.Change{Action: handoff.ActTransfer, Actor: actor("bob")}); !guichet.Is(err, guichet.Invalid) {
		t.Errorf("transfer to nobody = %v, want Invalid", err)
	}
	// a waiting ticket goes to a named agent only on a supervisor's word
	other := h.open(h.escalate(web("other"))).ID
	if _, err := h.svc.Change(bg, other, handoff.Change{Action: handoff.ActTransfer, Actor: actor("alice"), To: bob}); !guichet.Is(err, guichet.Forbidden) {
		t.Errorf("agent assigning a waiting ticket = %v, want Forbidden", err)
	}
	if tk, err := h.svc.Change(bg, other, handoff.Change{Action: handoff.ActTransfer, Actor: actor("sue"), To: bob}); err != nil || tk.Agent != "bob" {
		t.Errorf("supervisor assigning a waiting ticket to bob = %+v, %v", tk, err)
	}
}
