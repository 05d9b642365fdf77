package review

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb"
)

// Decision is what an editor decided about some texts of a group.
type Decision struct {
	// Entry receives the texts as paraphrases. With OutOfScope it must be
	// an out-of-scope entry (action: outofscope), or empty to ignore the
	// texts.
	Entry      string
	OutOfScope bool
	Texts      []string // as the review showed them
	By         string   // the editor's account name
}

// Refusal says to the editor, in French, why a decision was refused.
type Refusal struct{ Msg string }

func (r *Refusal) Error() string { return r.Msg }

// refuse builds the error of a refused decision: kind Invalid (the
// decision is wrong) or Conflict (a text is already a paraphrase or
// already decided, by another editor perhaps), wrapping a *Refusal.
func refuse(kind guichet.Kind, format string, args ...any) error {
	return guichet.E(kind, "review: decide", &Refusal{Msg: fmt.Sprintf(format, args...)})
}

// Decide records d in the pending-changes file and returns the change
// written. A refused decision gives an error of kind Invalid or Conflict
// wrapping a *Refusal (errors.As) for the editor; other errors are the
// quality store's or the file system's.
func (s *Service) Decide(ctx context.Context, d Decision) (Change, error) {
	const op = "review: decide"
	c := Change{DecidedBy: d.By, DecidedAt: s.now().UTC().Truncate(time.Second)}
	if d.By == "" {
		return c, guichet.Errorf(guichet.Invalid, op, "Decision.By is required")
	}
	texts, err := s.known(ctx, d.Texts)
	if err != nil {
		return c, err
	}
	k := s.kb()
	if err := checkDecision(k, d, texts); err != nil {
		return c, err
	}
	if d.Entry == "" {
		c.Ignore = texts
	} else {
		c.Entry, c.AddQuestions = d.Entry, texts
	}
	err = UpdatePending(s.pending, func(p *Pending) error {
		if err := notDecided(p, texts); err != nil {
			return err
		}
		p.Changes = append(p.Changes, c)
		return nil
	})
	return c, err
}

// known keeps the texts the review showed (unanswered questions of the
// last MaxWindow), once each, on one line; anything else is refused: a
// decision is about citizens' questions, not new wording.
func (s *Service) known(ctx context.Context, texts []string) ([]string, error) {
	const op = "review: decide"
	if len(texts) == 0 {
		return nil, refuse(guichet.Invalid, "cochez au moins une formulation")
	}
	facts, err := s.unanswered(ctx, s.now().Add(-MaxWindow))
	if err != nil {
		return nil, guichet.E(guichet.KindOf(err), op, err)
	}
	seen := map[string]bool{}
	for _, f := range facts {
		seen[oneLine(f.Text)] = true
	}
	var out []string
	keys := map[string]bool{}
	for _, t := range texts {
		t = oneLine(t)
		if !seen[t] {
			return nil, refuse(guichet.Invalid, "« %s » ne fait pas partie des questions à revoir : rechargez la page", shorten(t))
		}
		if !keys[Key(t)] {
			keys[Key(t)] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// checkDecision checks the entry and, for paraphrases, each text.
func checkDecision(k *kb.KB, d Decision, texts []string) error {
	if d.Entry == "" {
		if !d.OutOfScope {
			return refuse(guichet.Invalid, "choisissez l'entrée qui reçoit ces formulations")
		}
		return nil
	}
	e := k.Entry(d.Entry)
	switch {
	case e == nil:
		return refuse(guichet.Invalid, "l'entrée « %s » n'existe pas dans la base de connaissances", d.Entry)
	case d.OutOfScope && e.Action != kb.ActionOutOfScope:
		return refuse(guichet.Invalid, "l'entrée « %s » n'est pas une entrée hors sujet", d.Entry)
	}
	inKB := paraphrases(k)
	for _, t := range texts {
		if n := utf8.RuneCountInString(t); n > MaxQuestion {
			return refuse(guichet.Invalid, "« %s » est trop longue pour devenir une formulation (%d caractères, %d au plus) : décochez-la", shorten(t), n, MaxQuestion)
		}
		if Key(t) == "" {
			return refuse(guichet.Invalid, "« %s » ne contient aucun mot : décochez-la", t)
		}
		if other := inKB[Key(t)]; other != nil {
			return refuse(guichet.Conflict, "« %s » est déjà une formulation de l'entrée %s", shorten(t), other.ID)
		}
	}
	return nil
}

// notDecided refuses texts a change of p already covers: another editor
// may have decided on them since the page was shown.
func notDecided(p *Pending, texts []string) error {
	by := map[string]Change{}
	for _, c := range p.Changes {
		for _, t := range c.Texts() {
			by[Key(t)] = c
		}
	}
	for _, t := range texts {
		if c, ok := by[Key(t)]; ok {
			return refuse(guichet.Conflict, "« %s » a déjà été traitée par %s le %s", shorten(t), c.DecidedBy, frenchTime(c.DecidedAt))
		}
	}
	return nil
}

func frenchTime(t time.Time) string {
	return fmt.Sprintf("%02d/%02d/%d à %02d:%02d UTC", t.Day(), t.Month(), t.Year(), t.Hour(), t.Minute())
}
