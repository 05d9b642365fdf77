package bot

import (
	"strconv"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/quality"
)

// maxRelated bounds the "see also" quick replies after an answer.
const maxRelated = 3

// answer gives entry e's answer, its choices if it branches, and acts on
// its action.
func (t *turn) answer(e *kb.Entry, confidence float64) {
	t.d.Entry, t.d.Confidence = e.ID, confidence
	if e.Action == kb.ActionOutOfScope {
		// Recognised as not ours: redirect, keep no topic, offer a human.
		t.fact(quality.Fact{Kind: quality.KindFallback, Reason: kb.ActionOutOfScope, Entry: e.ID,
			Procedure: quality.ProcAutre, Confidence: confidence})
		t.d.Entry = ""
		t.st.Topic, t.st.LowTurns = "", 0
		t.say(DecisionFallback, e.Answer, []Option{{Label: labelOther, Payload: guichet.PayloadOther},
			{Label: labelHuman, Payload: guichet.PayloadHandoff}})
		return
	}
	if e.Action == kb.ActionHandoff {
		// The topic stays what it was: the agent wants the last real one.
		t.escalate(guichet.ReasonExplicitRequest, e.ID, e.Answer)
		return
	}
	t.st.Topic, t.st.TopicAt, t.st.LowTurns = e.ID, t.now, 0
	t.fact(quality.Fact{Kind: quality.KindAnswer, Entry: e.ID, Confidence: confidence, Path: quality.PathBot})
	switch {
	case len(e.Choices) > 0:
		kind := DecisionAnswer
		if targets := e.Branches(); len(targets) > 0 {
			// A decision tree's root ("refaire mon permis") answers nothing
			// yet: it asks which case the person is in, as a clarification
			// does, and its branches are the entries offered.
			kind, t.d.Options = DecisionClarify, targets
		}
		t.say(kind, e.Answer, choiceOptions(e.ID, "", e.Choices))
	case e.Action == kb.ActionIncident:
		t.say(DecisionAnswer, e.Answer, nil)
		t.startIncident(e.ID, quality.ProcAutre)
	case t.e.askFeedback && !strings.HasPrefix(e.ID, "smalltalk."):
		opts := []Option{{Label: "Oui, merci", Payload: payloadFeedbackPrefix + "yes:" + e.ID},
			{Label: "Non", Payload: payloadFeedbackPrefix + "no:" + e.ID}}
		t.say(DecisionAnswer, e.Answer+"\n\n"+textAskHelpful, append(opts, t.related(e)...))
	default:
		t.say(DecisionAnswer, e.Answer, t.related(e))
	}
}

// related offers the entry's neighbours, then a way to a human.
func (t *turn) related(e *kb.Entry) []Option {
	var opts []Option
	for _, id := range e.Related {
		if r := t.kb.Entry(id); r != nil && len(opts) < maxRelated {
			opts = append(opts, Option{Label: r.Title, Payload: guichet.PayloadEntryPrefix + id})
		}
	}
	if strings.HasPrefix(e.ID, "smalltalk.") {
		return nil
	}
	return append(opts, Option{Label: labelHuman, Payload: guichet.PayloadHandoff})
}

// choiceOptions lists a node's choices with payloads naming their path.
func choiceOptions(id, path string, cs []kb.Choice) []Option {
	opts := make([]Option, 0, len(cs)+1)
	for i, c := range cs {
		p := strconv.Itoa(i)
		if path != "" {
			p = path + "." + p
		}
		opts = append(opts, Option{Label: c.Label, Payload: guichet.PayloadChoicePrefix + id + "/" + p})
	}
	return append(opts, Option{Label: labelHuman, Payload: guichet.PayloadHandoff})
}

// choice follows "entry/0.2" into an entry's decision tree. It returns
// false when the path does not exist (an old button after a KB change):
// the message is then matched as text.
func (t *turn) choice(ref string) bool {
	id, path, ok := strings.Cut(ref, "/")
	e := t.kb.Entry(id)
	if !ok || e == nil {
		return false
	}
	cs := e.Choices
	var c kb.Choice
	for _, part := range strings.Split(path, ".") {
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 || i >= len(cs) {
			return false
		}
		c, cs = cs[i], cs[i].Choices
	}
	t.st.pick(c.Label)
	t.d.Entry, t.d.Confidence = e.ID, 1
	t.st.Topic, t.st.TopicAt, t.st.LowTurns = e.ID, t.now, 0
	switch {
	case c.Goto != "":
		if g := t.kb.Entry(c.Goto); g != nil {
			t.answer(g, 1)
			return true
		}
		return false
	case len(c.Choices) > 0:
		prompt := c.Prompt
		if prompt == "" {
			prompt = c.Label + " : précisez votre situation."
		}
		t.say(DecisionAnswer, prompt, choiceOptions(e.ID, path, c.Choices))
	case c.Answer != "":
		t.say(DecisionAnswer, c.Answer, t.related(e))
	}
	switch c.Action {
	case kb.ActionIncident:
		t.startIncident(e.ID, c.Label)
	case kb.ActionHandoff:
		t.escalate(guichet.ReasonEntryAction, e.ID, "")
	}
	return true
}

// escalate hands the conversation to a human, saying text first if any.
func (t *turn) escalate(reason guichet.Reason, entry, text string) {
	if text != "" {
		t.say(DecisionHandoff, text, nil)
	}
	t.d.Kind = DecisionHandoff
	if entry != "" {
		t.d.Entry = entry
	}
	t.st.Options, t.st.LowTurns = nil, 0
	esc := &guichet.Escalation{
		Conversation: t.msg.Conversation,
		Reason:       reason,
		Priority:     reason == guichet.ReasonIncident,
		LastEntry:    t.st.Topic,
		Choices:      append([]string(nil), t.st.Choices...),
		Summary:      summary(t.msg.Text),
	}
	if reason == guichet.ReasonIncident && len(t.st.Choices) > 0 {
		esc.Fields = map[string]string{"procedure": t.st.Choices[len(t.st.Choices)-1]}
	}
	for _, c := range t.d.Result.Candidates {
		esc.Candidates = append(esc.Candidates, guichet.Candidate{Entry: c.Entry, Title: c.Title, Confidence: c.Confidence})
	}
	t.d.Escalation = esc
}

// summary is the first line of the message, shortened for the queue.
func summary(text string) string {
	text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
	if line, _, ok := strings.Cut(text, "\n"); ok {
		text = line
	}
	if r := []rune(text); len(r) > 140 {
		return string(r[:139]) + "…"
	}
	return text
}
