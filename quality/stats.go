package quality

import (
	"time"
)

// Stats are the dashboard's figures for one period, [From, To).
//
// Definitions (the dashboard repeats them in French):
//
//   - A conversation is counted in the period its KindConversation fact
//     falls in (the bot records it when a conversation starts with no
//     state, so a person returning after the state expired starts a new
//     one). Later facts about the same conversation id belong to it until
//     the next KindConversation fact for that id.
//   - Resolved by the bot alone (BotAlone): the conversations of the
//     period with no hand-off fact. A person who gave up without asking
//     for a human counts as resolved: this is the containment rate, not
//     a satisfaction figure (see Satisfaction for that).
//   - Hand-off rate (Handoffs): the conversations of the period with at
//     least one hand-off fact; by reason, the reason of each one's first
//     hand-off, so that the reasons add up to the total.
//   - Waiting time: the KindPickup facts of the period (the seconds from
//     a ticket opening to its first claim); first reply: the
//     KindFirstReply facts (seconds from opening to the agent's first
//     message). Percentiles are nearest-rank: p90 is the smallest value
//     that at least 90 % of the values do not exceed.
//   - Satisfaction: see Satisfaction.
//   - Unanswered questions: the masked text of the KindFallback facts,
//     grouped by Normalize.
type Stats struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`

	Conversations    int       `json:"conversations"`
	ByChannel        []Count   `json:"by_channel"`
	BotAlone         Ratio     `json:"bot_alone"`
	Handoffs         Ratio     `json:"handoffs"`
	HandoffsByReason []Count   `json:"handoffs_by_reason"`
	Wait             Durations `json:"wait"`
	FirstReply       Durations `json:"first_reply"`
	Incidents        int       `json:"incidents"`

	Satisfaction Satisfaction   `json:"satisfaction"`
	ByProcedure  []Satisfaction `json:"by_procedure"` // in the order of Procedures
	Unanswered   []Question     `json:"unanswered"`   // most frequent first, at most TopUnanswered
	Fallbacks    int            `json:"fallbacks"`    // every fallback of the period
}

// Ratio is a share: Num out of Den.
type Ratio struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// Value is Num/Den; ok is false when there is nothing to divide.
func (r Ratio) Value() (v float64, ok bool) {
	if r.Den == 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// Count is how many facts had one key (a channel, a reason), and their
// share of the period's conversations.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
	Share Ratio  `json:"share"`
}

// Durations summarise waiting times in seconds.
type Durations struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_seconds"`
	P90 float64 `json:"p90_seconds"`
}

// Satisfaction combines the two questions the citizen may answer.
//
// Helpful is "Cette réponse vous a-t-elle aidé ?" after a bot answer:
// yes out of yes and no. MeanRating is the mean of the 1-5 ratings after
// a resolved ticket. Satisfied counts both the way the agency's survey
// counts satisfied users: a "yes" or a rating of 4 or 5 is satisfied, a
// "no" or a rating of 1 to 3 is not; Satisfied is satisfied answers out of
// all answers. It is the figure compared with Reference (the 2020 survey),
// with both parts shown beside it.
type Satisfaction struct {
	Procedure string  `json:"procedure,omitempty"` // "" for overall
	Satisfied Ratio   `json:"satisfied"`
	Helpful   Ratio   `json:"helpful"`
	Ratings   int     `json:"ratings"`
	RatingSum float64 `json:"rating_sum"`
	Reference float64 `json:"reference_2020,omitempty"` // 0: not surveyed (autre)
}

// MeanRating is the mean 1-5 rating; ok is false without ratings.
func (s Satisfaction) MeanRating() (float64, bool) {
	if s.Ratings == 0 {
		return 0, false
	}
	return s.RatingSum / float64(s.Ratings), true
}

// Question is a group of unanswered messages.
type Question struct {
	Text  string `json:"text"` // the group's most frequent masked wording
	Count int    `json:"count"`
}

// TopUnanswered is how many question groups Stats keeps.
const TopUnanswered = 10

// Compute gives the figures of [from, to) from facts, which should start
// at from (earlier facts are ignored, except that they end the
// conversations they started).
func Compute(facts []Fact, from, to time.Time) Stats {
	st := Stats{From: from, To: to}
	in := func(f Fact) bool { return !f.Time.Before(from) && f.Time.Before(to) }
	conv := newConversations()
	sat := newSatisfactions()
	var waits, replies []float64
	unanswered := newQuestions()
	for _, f := range sortedCopy(facts) {
		if !f.Time.Before(to) {
			continue
		}
		conv.add(f, in(f))
		if !in(f) {
			continue
		}
		switch f.Kind {
		case KindPickup:
			waits = append(waits, f.Value)
		case KindFirstReply:
			replies = append(replies, f.Value)
		case KindHelpful, KindRating:
			sat.add(f)
		case KindFallback:
			st.Fallbacks++
			unanswered.add(f.Text)
		case KindIncident:
			st.Incidents++
		}
	}
	conv.fill(&st)
	st.Wait, st.FirstReply = summarise(waits), summarise(replies)
	st.Satisfaction, st.ByProcedure = sat.result()
	st.Unanswered = unanswered.top(TopUnanswered)
	return st
}

func sortedCopy(facts []Fact) []Fact {
	out := append([]Fact(nil), facts...)
	sortFacts(out)
	return out
}
