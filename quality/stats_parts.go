package quality

import (
	"cmp"
	"math"
	"slices"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/privacy"
)

// conversations follows each conversation id from its KindConversation
// fact, to count the period's conversations and their hand-offs.
type conversations struct {
	current map[guichet.ConversationID]*episode // the id's conversation, if it started in the period
	all     []*episode
}

type episode struct {
	channel guichet.Channel
	reason  string // the first hand-off's reason; "" without one
	handoff bool
}

func newConversations() *conversations {
	return &conversations{current: map[guichet.ConversationID]*episode{}}
}

// add takes facts in time order; in says whether f is in the period.
func (c *conversations) add(f Fact, in bool) {
	switch {
	case f.Kind == KindConversation && in:
		e := &episode{channel: f.Channel}
		c.current[f.Conversation] = e
		c.all = append(c.all, e)
	case f.Kind == KindConversation:
		delete(c.current, f.Conversation) // started before the period
	case f.Kind == KindHandoff && in:
		if e := c.current[f.Conversation]; e != nil && !e.handoff {
			e.handoff, e.reason = true, f.Reason
		}
	}
}

func (c *conversations) fill(st *Stats) {
	n := len(c.all)
	st.Conversations = n
	channels, reasons := map[string]int{}, map[string]int{}
	handoffs := 0
	for _, e := range c.all {
		channels[string(e.channel)]++
		if e.handoff {
			handoffs++
			reasons[e.reason]++
		}
	}
	st.ByChannel, st.HandoffsByReason = counts(channels, n), counts(reasons, n)
	st.Handoffs = Ratio{Num: handoffs, Den: n}
	st.BotAlone = Ratio{Num: n - handoffs, Den: n}
}

// counts sorts a tally, largest first, then by key.
func counts(tally map[string]int, den int) []Count {
	out := make([]Count, 0, len(tally))
	for k, n := range tally {
		out = append(out, Count{Key: k, Count: n, Share: Ratio{Num: n, Den: den}})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// satisfactions tallies the answers to both questions, overall and by
// procedure.
type satisfactions struct {
	overall Satisfaction
	byProc  map[string]*Satisfaction
}

func newSatisfactions() *satisfactions {
	s := &satisfactions{byProc: map[string]*Satisfaction{}}
	for _, p := range Procedures {
		s.byProc[p] = &Satisfaction{Procedure: p, Reference: Reference2020[p]}
	}
	s.overall.Reference = Reference2020[""]
	return s
}

func (s *satisfactions) add(f Fact) {
	if f.Kind == KindRating && (f.Value < 1 || f.Value > 5) {
		return // not an answer to the question asked
	}
	p := f.Procedure
	if s.byProc[p] == nil {
		p = ProcedureOf(f.Entry)
	}
	for _, t := range []*Satisfaction{&s.overall, s.byProc[p]} {
		t.Satisfied.Den++
		switch f.Kind {
		case KindHelpful:
			t.Helpful.Den++
			if f.Value >= 1 {
				t.Helpful.Num++
				t.Satisfied.Num++
			}
		case KindRating:
			t.Ratings++
			t.RatingSum += f.Value
			if f.Value >= 4 {
				t.Satisfied.Num++
			}
		}
	}
}

func (s *satisfactions) result() (Satisfaction, []Satisfaction) {
	out := make([]Satisfaction, 0, len(Procedures))
	for _, p := range Procedures {
		out = append(out, *s.byProc[p])
	}
	return s.overall, out
}

// summarise gives nearest-rank percentiles of seconds.
func summarise(values []float64) Durations {
	if len(values) == 0 {
		return Durations{}
	}
	slices.Sort(values)
	return Durations{N: len(values), P50: percentile(values, 0.5), P90: percentile(values, 0.9)}
}

// percentile is the nearest-rank percentile of sorted values: the value
// at rank ceil(q × n).
func percentile(sorted []float64, q float64) float64 {
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// questions groups unanswered messages by their normalised text.
type questions struct {
	groups map[string]*group
}

type group struct {
	count    int
	wordings map[string]int
	first    int // order of appearance, for stable ties
}

func newQuestions() *questions { return &questions{groups: map[string]*group{}} }

// add counts one message. It is masked again: the bot masks what it
// records, and the dashboard must not show an identifier even if a
// record escaped that.
func (q *questions) add(text string) {
	text = privacy.Mask(text)
	key := Normalize(text)
	if key == "" {
		return
	}
	g := q.groups[key]
	if g == nil {
		g = &group{wordings: map[string]int{}, first: len(q.groups)}
		q.groups[key] = g
	}
	g.count++
	g.wordings[text]++
}

func (q *questions) top(n int) []Question {
	type ranked struct {
		Question
		first int
	}
	all := make([]ranked, 0, len(q.groups))
	for _, g := range q.groups {
		all = append(all, ranked{Question{Text: g.wording(), Count: g.count}, g.first})
	}
	slices.SortFunc(all, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.first, b.first))
	})
	out := make([]Question, 0, min(n, len(all)))
	for _, r := range all[:min(n, len(all))] {
		out = append(out, r.Question)
	}
	return out
}

// wording is the group's most frequent wording, the shortest on a tie
// and then the first in alphabetical order, so that the result does not
// depend on map order.
func (g *group) wording() string {
	best, bestN := "", 0
	for w, n := range g.wordings {
		better := n > bestN || n == bestN && (len(w) < len(best) || len(w) == len(best) && w < best)
		if better {
			best, bestN = w, n
		}
	}
	return best
}
