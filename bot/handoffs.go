package bot

import (
	"strconv"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb"
)

// oneHandoff keeps the first of the options that pass the conversation to
// a person and drops the others: "Mise en relation avec un conseiller
// humain" offered as a close entry, or a tree's "Autre situation", already
// is the way to a human that "Parler à un conseiller" would add.
func (t *turn) oneHandoff(opts []Option) []Option {
	seen := false
	out := opts[:0:0]
	for _, o := range opts {
		if t.handsOff(o.Payload) {
			if seen {
				continue
			}
			seen = true
		}
		out = append(out, o)
	}
	return out
}

// handsOff reports whether a button with payload p hands the conversation
// to a person: the hand-off button, an entry whose action is the
// hand-off, or a choice that does nothing else.
func (t *turn) handsOff(p string) bool {
	switch {
	case p == guichet.PayloadHandoff:
		return true
	case strings.HasPrefix(p, guichet.PayloadEntryPrefix):
		e := t.kb.Entry(strings.TrimPrefix(p, guichet.PayloadEntryPrefix))
		return e != nil && e.Action == kb.ActionHandoff
	case strings.HasPrefix(p, guichet.PayloadChoicePrefix):
		// "Autre situation", not a case whose answer ends with a hand-off.
		c, ok := t.choiceAt(strings.TrimPrefix(p, guichet.PayloadChoicePrefix))
		return ok && c.Action == kb.ActionHandoff && c.Answer == "" && c.Goto == "" && len(c.Choices) == 0
	}
	return false
}

// choiceAt returns the choice at ref ("entry/0.2").
func (t *turn) choiceAt(ref string) (kb.Choice, bool) {
	id, path, ok := strings.Cut(ref, "/")
	e := t.kb.Entry(id)
	if !ok || e == nil {
		return kb.Choice{}, false
	}
	var c kb.Choice
	cs := e.Choices
	for _, part := range strings.Split(path, ".") {
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 || i >= len(cs) {
			return kb.Choice{}, false
		}
		c, cs = cs[i], cs[i].Choices
	}
	return c, true
}
