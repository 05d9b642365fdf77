package eval

import (
	"strings"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb/match"
)

// QuickReply is one numbered choice a reply shows.
type QuickReply struct {
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

// Result is the engine's decision on one message, as 'guichet ask
// --json' prints it and 'guichet eval --json' prints each case.
type Result struct {
	Text     string `json:"text"`
	Expect   string `json:"expect,omitempty"`
	Decision string `json:"decision"`
	ID       string `json:"id"` // the entry acted on; empty for a fallback or a notice
	// Facet is the sub-question answered alone (kb.FacetNames), "" for a
	// full answer.
	Facet string `json:"facet,omitempty"`
	// Redirect is the out-of-scope entry whose redirection was given (the
	// decision is then a fallback): the neighbouring service named.
	Redirect   string      `json:"redirect,omitempty"`
	Options    []string    `json:"options"`
	Confidence float64     `json:"confidence"`
	Candidates []Candidate `json:"candidates,omitempty"`
	Normalized string      `json:"normalized,omitempty"` // the words the matcher searched
	Replies    []string    `json:"replies,omitempty"`
	// QuickReplies are the numbered choices the replies show, in order.
	QuickReplies []QuickReply `json:"quick_replies,omitempty"`
	Lang         string       `json:"lang,omitempty"` // the language of the replies
}

// Candidate is one entry the matcher weighed.
type Candidate struct {
	ID         string  `json:"id"`
	Confidence float64 `json:"confidence"`
	Coverage   float64 `json:"coverage"`
	Score      float64 `json:"score"` // the search's, before the model
}

// Ask runs the engine's decision on text as the first message of a new
// conversation, with no side effect: nothing is stored, sent or
// recorded. Figures are rounded to 3 decimals.
func Ask(cfg config.Bot, current func() *match.Matcher, text string) (bot.Decision, Result, error) {
	eng := bot.New(cfg, bot.Deps{Matcher: current})
	var st bot.State
	msg := guichet.Message{ID: "ask", Conversation: guichet.NewConversationID(guichet.ChannelCLI, "ask"),
		Text: text, Time: time.Now()}
	d, err := eng.Decide(&st, msg)
	if err != nil {
		return d, Result{}, err
	}
	return d, result(text, d), nil
}

func result(text string, d bot.Decision) Result {
	r := Result{Text: text, Decision: d.Kind, ID: d.Entry, Facet: d.Facet, Redirect: d.Redirect, Options: d.Options,
		Confidence: round3(d.Confidence),
		Normalized: strings.Join(d.Result.Words, " ")}
	if r.Options == nil {
		r.Options = []string{}
	}
	if d.Kind == bot.DecisionFallback || d.Kind == bot.DecisionNotice {
		r.ID = ""
	}
	for _, c := range d.Result.Candidates {
		r.Candidates = append(r.Candidates, Candidate{ID: c.Entry, Confidence: round3(c.Confidence),
			Coverage: round3(c.Coverage), Score: round3(c.Score)})
	}
	for _, rep := range d.Replies {
		if rep.Meta != nil && r.Lang == "" {
			r.Lang = rep.Meta.Lang
		}
		r.Replies = append(r.Replies, rep.Text)
		for _, q := range rep.QuickReplies {
			r.QuickReplies = append(r.QuickReplies, QuickReply{Title: q.Title, Payload: q.Payload})
		}
	}
	return r
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
