package handoff

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
)

// Note is an agent's internal note on a ticket. Notes are stored with the
// ticket and shown to agents only: nothing sends them to the citizen.
type Note struct {
	ID     string    `json:"id"`
	Author string    `json:"author"`
	Text   string    `json:"text"`
	Time   time.Time `json:"time"`
}

// Limits on notes and labels, so that one ticket stays small enough for
// every console to load.
const (
	MaxNoteChars  = 4000
	MaxNotes      = 100
	MaxLabels     = 10
	MaxLabelChars = 32
)

// AddNote adds an internal note by a to ticket id, open or closed.
//
// Errors: Invalid (empty or too long, too many notes), NotFound,
// Unavailable.
func (s *Service) AddNote(ctx context.Context, id string, a Actor, text string) (Ticket, Note, error) {
	const op = "handoff: add note"
	text = strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return Ticket{}, Note{}, guichet.Errorf(guichet.Invalid, op, "the note is empty")
	case n > MaxNoteChars:
		return Ticket{}, Note{}, guichet.Errorf(guichet.Invalid, op, "the note has %d characters, at most %d", n, MaxNoteChars)
	}
	note := Note{ID: dispatch.NewID(), Author: a.Name, Text: text, Time: s.now()}
	t, err := s.edit(ctx, op, id, func(t *Ticket) error {
		if len(t.Notes) >= MaxNotes {
			return guichet.Errorf(guichet.Invalid, op, "ticket %s already has %d notes", id, MaxNotes)
		}
		t.Notes = append(t.Notes, note)
		return nil
	})
	if err == nil {
		s.log.Info("handoff: note added", "ticket", id, "agent", a.Name)
	}
	return t, note, err
}

// SetLabels replaces the labels of ticket id with labels, normalised by
// NormalizeLabels.
//
// Errors: Invalid (see NormalizeLabels), NotFound, Unavailable.
func (s *Service) SetLabels(ctx context.Context, id string, a Actor, labels []string) (Ticket, error) {
	const op = "handoff: set labels"
	norm, err := NormalizeLabels(labels)
	if err != nil {
		return Ticket{}, guichet.E(guichet.Invalid, op, err)
	}
	t, err := s.edit(ctx, op, id, func(t *Ticket) error {
		t.Labels = norm
		return nil
	})
	if err == nil {
		s.log.Info("handoff: labels set", "ticket", id, "agent", a.Name, "labels", len(norm))
	}
	return t, err
}

// NormalizeLabels trims and lower-cases labels, drops duplicates and
// sorts them. A label holds 1 to MaxLabelChars letters, digits, spaces,
// '-' or '_'; a ticket has at most MaxLabels.
func NormalizeLabels(labels []string) ([]string, error) {
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		l = strings.ToLower(strings.Join(strings.Fields(l), " "))
		if err := checkLabel(l); err != nil {
			return nil, err
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	if len(out) > MaxLabels {
		return nil, errorf("%d labels, at most %d", len(out), MaxLabels)
	}
	slices.Sort(out)
	return out, nil
}

func checkLabel(l string) error {
	if n := utf8.RuneCountInString(l); n == 0 || n > MaxLabelChars {
		return errorf("label %q must have 1 to %d characters", l, MaxLabelChars)
	}
	for _, r := range l {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && r != '-' && r != '_' {
			return errorf("label %q: only letters, digits, spaces, '-' and '_'", l)
		}
	}
	return nil
}

// edit applies fn to ticket id with compare-and-set retries and tells the
// consoles. It is for changes that do not move the ticket between states.
func (s *Service) edit(ctx context.Context, op, id string, fn func(*Ticket) error) (Ticket, error) {
	for attempt := 0; ; attempt++ {
		t, err := s.tickets.Get(ctx, id)
		if err != nil {
			return Ticket{}, guichet.E(guichet.KindOf(err), op, err)
		}
		if err := fn(&t); err != nil {
			return Ticket{}, err
		}
		stored, err := s.tickets.Update(ctx, t)
		if guichet.Is(err, guichet.Conflict) && attempt < maxAttempts {
			continue
		}
		if err != nil {
			return Ticket{}, guichet.E(guichet.KindOf(err), op, err)
		}
		s.publish(ctx, stored)
		return stored, nil
	}
}
