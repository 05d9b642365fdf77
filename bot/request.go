package bot

import (
	"strings"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/privacy"
)

// A ticket's summary is what the person came for, so that the queue and
// the agent see it first: their last substantive message, one the bot
// answered, clarified or did not understand. Never the words that asked
// for a human ("je veux parler à un conseiller"), a tapped button, a
// choice number, or an answer to the bot's own question ("Oui,
// j'accepte", "pour le permis").

// requestWindow bounds how old a request a hand-off still names: an older
// message is another matter.
const requestWindow = 24 * time.Hour

// Request is the person's last substantive message.
type Request struct {
	Text string    `json:"text"` // masked, shortened (summary)
	At   time.Time `json:"at"`
}

// noteRequest remembers the message as the person's request when it was
// typed, read as a question (not as the answer to one), and the bot
// answered, clarified or did not understand it.
func (t *turn) noteRequest() {
	if !t.typed || t.answering || t.d.Escalation != nil || strings.HasPrefix(t.d.Entry, "smalltalk.") {
		return
	}
	switch t.d.Kind {
	case DecisionAnswer, DecisionClarify, DecisionFallback:
		if s := summary(privacy.Mask(t.msg.Text)); s != "" {
			t.st.Request = &Request{Text: s, At: t.now}
		}
	}
}

// describe gives the escalation its summary and the bot's guesses: about
// this message when the bot escalates it for want of an answer, else about
// the request noted before. The request is then handed over: a later
// hand-off starts afresh.
func (t *turn) describe(esc *guichet.Escalation) {
	defer func() { t.st.Request = nil }()
	if t.typed && !t.answering && (esc.Reason == guichet.ReasonLowConfidence || esc.Reason == guichet.ReasonRepeatedFallback) {
		esc.Summary = summary(privacy.Mask(t.msg.Text))
		for _, c := range t.d.Result.Candidates {
			esc.Candidates = append(esc.Candidates, guichet.Candidate{Entry: c.Entry, Title: c.Title, Confidence: c.Confidence})
		}
		return
	}
	if r := t.st.Request; r != nil && t.now.Sub(r.At) < requestWindow {
		esc.Summary = r.Text
	}
}
