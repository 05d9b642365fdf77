package review

import (
	"context"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/quality"
)

// Facts is the part of the quality store the review reads
// (quality.Store satisfies it).
type Facts interface {
	Facts(ctx context.Context, since time.Time, kinds ...quality.Kind) ([]quality.Fact, error)
}

// Options are what New needs; Facts, KB and PendingFile are required.
type Options struct {
	Facts Facts
	// KB returns the knowledge base answering now (kb.Live's current
	// snapshot), whose entries editors assign questions to.
	KB          func() *kb.KB
	PendingFile string  // kb.pending_file
	Threshold   float64 // similarity to join a group; default Threshold
	Now         func() time.Time
}

// Service runs the review for the console: it groups the unanswered
// questions that no decision covers yet, and records decisions in the
// pending-changes file. It is safe for concurrent use, and several
// instances may share one pending file (see UpdatePending).
type Service struct {
	facts     Facts
	kb        func() *kb.KB
	pending   string
	threshold float64
	now       func() time.Time
}

// MaxWindow is how far back the review looks: the console offers the last
// 7 or 30 days, and a decision may only cover texts seen in that time.
const MaxWindow = 30 * 24 * time.Hour

// New checks o and builds the service.
func New(o Options) (*Service, error) {
	const op = "review: new"
	switch {
	case o.Facts == nil:
		return nil, guichet.Errorf(guichet.Invalid, op, "Options.Facts is required (the quality store)")
	case o.KB == nil:
		return nil, guichet.Errorf(guichet.Invalid, op, "Options.KB is required (the current knowledge base)")
	case o.PendingFile == "":
		return nil, guichet.Errorf(guichet.Invalid, op, "kb.pending_file is required")
	case o.Threshold < 0 || o.Threshold > 1:
		return nil, guichet.Errorf(guichet.Invalid, op, "Options.Threshold %v: want a similarity in ]0, 1]", o.Threshold)
	}
	s := &Service{facts: o.Facts, kb: o.KB, pending: o.PendingFile, threshold: o.Threshold, now: o.Now}
	if s.threshold == 0 {
		s.threshold = Threshold
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// EntrySummary is an entry editors may assign questions to.
type EntrySummary struct {
	ID         string
	Title      string
	OutOfScope bool // action: outofscope (the hors-champ entries)
}

// Overview is what the review page shows.
type Overview struct {
	Groups      []Group        // questions no decision covers yet
	Entries     []EntrySummary // in KB order
	Pending     int            // changes waiting for 'guichet kb pending apply'
	PendingFile string
}

// Overview groups the unanswered questions of the last window (at most
// MaxWindow), leaving out those already decided (in the pending file) or
// already paraphrases of the KB.
func (s *Service) Overview(ctx context.Context, window time.Duration) (Overview, error) {
	const op = "review: overview"
	window = min(window, MaxWindow)
	facts, err := s.unanswered(ctx, s.now().Add(-window))
	if err != nil {
		return Overview{}, guichet.E(guichet.KindOf(err), op, err)
	}
	p, err := ReadPending(s.pending)
	if err != nil {
		return Overview{}, guichet.E(guichet.Invalid, op, err)
	}
	k := s.kb()
	decided := paraphrases(k)
	for _, c := range p.Changes {
		for _, t := range c.Texts() {
			decided[Key(t)] = nil
		}
	}
	var open []quality.Fact
	for _, f := range facts {
		if _, done := decided[Key(f.Text)]; !done {
			open = append(open, f)
		}
	}
	ov := Overview{Groups: GroupFacts(open, NewAnalyzer(k.Abbreviations()), s.threshold),
		Entries: summaries(k), PendingFile: s.pending}
	for _, c := range p.Changes {
		if c.Entry != "" {
			ov.Pending++
		}
	}
	for i := range ov.Groups {
		for j, c := range ov.Groups[i].Candidates {
			if e := k.Entry(c.Entry); e != nil {
				ov.Groups[i].Candidates[j].Title = e.Title
			}
		}
	}
	return ov, nil
}

// unanswered returns the facts the review is about since the given time.
func (s *Service) unanswered(ctx context.Context, since time.Time) ([]quality.Fact, error) {
	facts, err := s.facts.Facts(ctx, since, quality.KindFallback, quality.KindClarify, quality.KindHelpful)
	if err != nil {
		return nil, err
	}
	out := facts[:0:0]
	for _, f := range facts {
		if Unanswered(f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func summaries(k *kb.KB) []EntrySummary {
	var out []EntrySummary
	for _, e := range k.Entries() {
		out = append(out, EntrySummary{ID: e.ID, Title: e.Title, OutOfScope: e.Action == kb.ActionOutOfScope})
	}
	return out
}
