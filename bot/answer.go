package bot

import (
	"slices"
	"strconv"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/quality"
)

// maxRelated bounds the "see also" quick replies after an answer.
const maxRelated = 3

// repeats reports whether answering e in full would repeat the answer the
// person has just read: a typed question ("?" or a question word) that
// stays on the topic whose full answer came last, asks no facet, changes no
// slot and is not that question again. Its "how" facet, when e has one,
// answers it instead. The same question asked again gets the same answer:
// it may have been missed.
func (t *turn) repeats(e *kb.Entry) bool {
	if !t.typed || t.asked == "" || e.ID != t.asked || t.rd == nil || len(t.rd.facets) > 0 || len(t.changed) > 0 ||
		t.d.Facet != "" || len(e.Choices) > 0 || e.Action != "" || e.Facet(kb.FacetHow) == "" {
		return false
	}
	return t.asksQuestion() && fold.Text(t.st.LastQuestion) != fold.Text(t.before) // LastQuestion: this one, as understand kept it
}

// answer gives entry e's answer, its choices if it branches, and acts on
// its action.
func (t *turn) answer(e *kb.Entry, confidence float64) {
	t.d.Entry, t.d.Confidence = e.ID, confidence
	if e.Action == kb.ActionOutOfScope {
		// Recognised as not ours: redirect, keep no topic, offer a human.
		t.fact(quality.Fact{Kind: quality.KindFallback, Reason: kb.ActionOutOfScope, Entry: e.ID,
			Procedure: quality.ProcAutre, Confidence: confidence})
		t.d.Entry, t.d.Redirect = "", e.ID
		t.st.Topic, t.st.LowTurns = "", 0
		t.st.Redirected, t.st.TopicAt = e.ID, t.now
		text, opts := e.Answer, []Option{{Label: labelOther, Payload: guichet.PayloadOther},
			{Label: labelHuman, Payload: guichet.PayloadHandoff}}
		if f, ft := t.redirectFacet(e); ft != "" {
			// "et pour la carte bancaire je fais comment ?": where to turn,
			// the whole redirection one tap away.
			text, t.d.Facet = ft, f
			opts = append([]Option{{Label: labelFull, Payload: guichet.PayloadEntryPrefix + e.ID}}, opts...)
		}
		t.say(DecisionFallback, text, opts)
		return
	}
	if e.Action == kb.ActionHandoff {
		// The topic stays what it was: the agent wants the last real one.
		t.escalate(guichet.ReasonExplicitRequest, e.ID, e.Answer)
		return
	}
	if t.repeats(e) {
		// "il faut prendre contact avec qui ?", "je dois porter plainte ?"
		// right after this entry's full answer: what to do, with the full
		// answer one tap away, rather than the same answer again.
		t.answerFacet(e, []string{kb.FacetHow}, true)
		return
	}
	if i := knownChoice(e.Choices, t.st.Slots); i >= 0 && e.Choices[i].Goto != "" {
		// A decision tree whose answer is already known: its branch.
		if g := t.reroute(t.kb.Entry(e.Choices[i].Goto), t.changed); g != nil && g != e {
			t.st.pick(e.Choices[i].Label)
			t.answer(g, confidence)
			return
		}
	}
	if !strings.HasPrefix(e.ID, "smalltalk.") {
		// Small talk is no topic: "c'est payant ?" after "merci" is about
		// the procedure before.
		t.st.Topic, t.st.TopicAt, t.st.Redirected = e.ID, t.now, ""
	}
	t.st.LowTurns = 0
	if t.d.Facet == "" {
		t.st.Facet = ""
	}
	t.fact(quality.Fact{Kind: quality.KindAnswer, Entry: e.ID, Confidence: confidence, Path: quality.PathBot})
	switch {
	case len(e.Choices) > 0:
		if i := knownChoice(e.Choices, t.st.Slots); i >= 0 {
			t.take(e, strconv.Itoa(i), e.Choices[i], true)
			return
		}
		kind := DecisionAnswer
		if targets := e.Branches(); len(targets) > 0 {
			// A decision tree's root ("refaire mon permis") answers nothing
			// yet: it asks which case the person is in, as a clarification
			// does, and its branches are the entries offered.
			kind, t.d.Options = DecisionClarify, targets
		} else if asksDocument(e) {
			kind = DecisionClarify // "Quelle démarche est concernée ?"
		}
		t.say(kind, e.Answer, choiceOptions(e.ID, "", e.Choices))
	case e.Action == kb.ActionIncident:
		t.say(DecisionAnswer, e.Answer, nil)
		t.startIncident(e.ID, quality.ProcAutre, textAskNumber)
	case t.e.askFeedback && !strings.HasPrefix(e.ID, "smalltalk."):
		opts := []Option{{Label: "Oui, merci", Payload: payloadFeedbackPrefix + "yes:" + e.ID},
			{Label: "Non", Payload: payloadFeedbackPrefix + "no:" + e.ID}}
		t.say(DecisionAnswer, e.Answer+"\n\n"+textAskHelpful, append(opts, t.related(e)...))
	default:
		t.say(DecisionAnswer, e.Answer, t.related(e))
	}
}

// asksDocument reports whether e's choices are one per document.
func asksDocument(e *kb.Entry) bool {
	if e == nil {
		return false
	}
	for _, c := range e.Choices {
		if _, ok := choiceCondition(c)[kb.SlotDocument]; ok {
			return true
		}
	}
	return false
}

// intro is an answer without its closing question ("Que s'est-il passé
// ?"): what comes before a choice taken without asking.
func intro(answer string) string {
	a := strings.TrimSpace(answer)
	if !strings.HasSuffix(a, "?") {
		return a
	}
	cut := strings.LastIndex(a, "\n\n")
	if i := strings.LastIndexAny(a[:len(a)-1], ".:!"); i > cut {
		cut = i + 1
	}
	if cut <= 0 {
		return ""
	}
	return strings.TrimSpace(a[:cut])
}

// related offers the entry's neighbours, then a way to a human.
func (t *turn) related(e *kb.Entry) []Option {
	var opts []Option
	if strings.HasPrefix(e.ID, "smalltalk.") && e.ID != entryFrustration {
		return nil
	}
	for _, id := range t.relatedIDs(e) {
		opts = append(opts, Option{Label: t.kb.Entry(id).ShortTitle(), Payload: guichet.PayloadEntryPrefix + id})
	}
	return append(opts, Option{Label: labelHuman, Payload: guichet.PayloadHandoff})
}

// relatedIDs are the entries e names as related that exist and answer
// (no hand-off entry: the way to a person is offered apart), at most
// maxRelated.
func (t *turn) relatedIDs(e *kb.Entry) []string {
	var ids []string
	for _, id := range e.Related {
		if r := t.kb.Entry(id); r != nil && len(ids) < maxRelated && r.Action != kb.ActionHandoff {
			ids = append(ids, id)
		}
	}
	return ids
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
	t.d.Confidence = 1
	return t.take(e, path, c, false)
}

// take follows choice c (at path) of entry e: picked by the person, or
// known from the slots (auto), in which case the entry's answer comes
// first, without its question.
func (t *turn) take(e *kb.Entry, path string, c kb.Choice, auto bool) bool {
	t.st.pick(c.Label)
	t.st.mergeSlots(choiceCondition(c).single())
	t.d.Entry = e.ID
	t.st.Topic, t.st.TopicAt, t.st.LowTurns = e.ID, t.now, 0
	lead := ""
	if auto {
		if lead = intro(e.Answer); lead != "" {
			lead += "\n\n"
		}
	}
	switch {
	case c.Goto != "":
		g := t.kb.Entry(c.Goto)
		if g == nil {
			return false
		}
		// What the conversation already knows leads on: the licence among
		// papers stolen is the stolen licence.
		if r := t.reroute(g, t.st.Slots); r != nil {
			g = r
		}
		t.d.Confidence = max(t.d.Confidence, 1)
		if t.rd != nil && len(t.rd.facets) > 0 && g.Action == "" {
			// "commençons par le permis, je fais comment ?": its steps.
			t.answerFacet(g, t.rd.facets, false)
			return true
		}
		t.answer(g, t.d.Confidence)
		return true
	case len(c.Choices) > 0:
		if i := knownChoice(c.Choices, t.st.Slots); i >= 0 {
			t.prefix += lead
			return t.take(e, path+"."+strconv.Itoa(i), c.Choices[i], false)
		}
		prompt := c.Prompt
		if prompt == "" {
			prompt = c.Label + " : précisez votre situation."
		}
		t.say(DecisionAnswer, lead+prompt, choiceOptions(e.ID, path, c.Choices))
	case c.Answer != "":
		t.say(DecisionAnswer, lead+c.Answer, t.related(e))
	}
	switch c.Action {
	case kb.ActionIncident:
		question := textAskNumber
		if c.Answer != "" {
			// The choice's answer announced the report: its first
			// question follows, once.
			question = textAskNumberNext
		}
		t.startIncident(e.ID, c.Label, question)
	case kb.ActionHandoff:
		t.escalate(guichet.ReasonEntryAction, e.ID, "")
	}
	return true
}

// escalate hands the conversation to a human, saying text first if any.
// Without humans (guichet chat, ask) it says only that none can be
// reached, and how to reach one: promising an answer here would be false.
func (t *turn) escalate(reason guichet.Reason, entry, text string) {
	if t.e.humans == nil {
		text = textNoHumans
	}
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
	}
	if reason == guichet.ReasonIncident && len(t.st.Choices) > 0 {
		esc.Fields = map[string]string{"procedure": t.st.Choices[len(t.st.Choices)-1]}
	}
	t.describe(esc)
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

// redirectFacet returns the first facet the message asks that the
// out-of-scope entry e answers on its own, with its text; "" when none.
func (t *turn) redirectFacet(e *kb.Entry) (string, string) {
	if t.rd == nil {
		return "", ""
	}
	for _, f := range t.rd.facets {
		if text := e.Facet(f); text != "" {
			return f, text
		}
	}
	return "", ""
}

// alsoOffer adds entry e to the quick replies of the last reply, before
// the way to a person: the other part of a message that asked two things.
func (t *turn) alsoOffer(e *kb.Entry) {
	if len(t.d.Replies) == 0 {
		return
	}
	o := Option{Label: e.ShortTitle(), Payload: guichet.PayloadEntryPrefix + e.ID}
	last := &t.d.Replies[len(t.d.Replies)-1]
	for _, q := range last.QuickReplies {
		if q.Payload == o.Payload {
			return
		}
	}
	at := len(t.st.Options)
	if at > 0 && t.st.Options[at-1].Payload == guichet.PayloadHandoff {
		at--
	}
	t.st.Options = slices.Insert(t.st.Options, at, o)
	at = min(at, len(last.QuickReplies))
	last.QuickReplies = slices.Insert(last.QuickReplies, at, quickReply(o))
}
