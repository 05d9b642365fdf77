package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/quality"
)

// Decision kinds.
const (
	DecisionAnswer   = "answer"   // an entry's answer (or a branch of it)
	DecisionClarify  = "clarify"  // "Vouliez-vous dire" with 1-3 entries
	DecisionHandoff  = "handoff"  // to a human
	DecisionFallback = "fallback" // not understood or out of scope
	DecisionNotice   = "notice"   // empty, attachment, too long, menu prompts
)

// Decision is what the bot will do with one message.
type Decision struct {
	Kind  string
	Entry string // entry acted on
	Facet string // the facet of Entry answered (kb.FacetNames), "" for the whole answer
	// Redirect is the out-of-scope entry whose redirection was given: the
	// question was recognised as another service's (Entry stays empty: the
	// bot answered nothing of ours).
	Redirect   string
	Options    []string // entry ids offered when clarifying
	Confidence float64
	Result     match.Result
	Replies    []guichet.Reply
	Escalation *guichet.Escalation
	// Facts are what the decision tells the quality records.
	Facts []quality.Fact
}

// turn holds what one decision works with.
type turn struct {
	e     *Engine
	m     *match.Matcher
	kb    *kb.KB
	st    *State
	msg   guichet.Message
	now   time.Time
	d     Decision
	canon string // the message folded, for comparing with labels
	// th are the thresholds this turn decides with (config over the
	// model's), worked out once.
	th kb.Thresholds
	// ratingAsked says the hand-off confirmed that the rating payload's
	// ticket is this conversation's, resolved, and asked to be rated.
	ratingAsked bool
	// typed says the message is read as a question (understand), not as a
	// button, a choice number or a form answer; answering, that it may be
	// the answer to the bot's own question ("Pour quelle démarche ?", a
	// value asked again).
	typed, answering bool
	// rateable is the ticket a typed message may rate (Engine.rateable);
	// awaited is the ticket whose rating this message did not give.
	rateable, awaited string
	// rd is what the message says beyond its words (see read).
	rd *reading
	// changed are the slot values this message changed.
	changed map[string]string
	// completed is true when the message was read with the question
	// before it, which the bot was unsure of (withUnsure).
	completed bool
	// prefix opens the next reply said (an acknowledgement).
	prefix string
	// asked is the topic the message was asked in, the full answer of
	// which the person has just read ("" when that answer was a facet, or
	// when there was no topic), and before the question that got it; see
	// repeats.
	asked, before string
	// matched is the message as the matcher reads it (understand).
	matched string
	// carried is true when what happened to the document before (the
	// event, where) was carried to the document this message names.
	carried bool
	// err is an error met while acting on a button.
	err error
}

// Decide works out the bot's answer to msg in state st, which it updates.
// It has no side effects: Handle and 'guichet eval' both use it.
func (e *Engine) Decide(st *State, msg guichet.Message) (Decision, error) {
	return e.decide(st, msg, false, "")
}

// decide is Decide, told whether the hand-off asked for the rating msg
// carries (see ratingAsked) and which ticket a typed rating would rate.
func (e *Engine) decide(st *State, msg guichet.Message, ratingAsked bool, rateable string) (Decision, error) {
	m := e.matcher()
	t := &turn{e: e, m: m, kb: m.KB(), st: st, msg: msg, now: e.now(), ratingAsked: ratingAsked, rateable: rateable,
		th: Thresholds(e.cfg, m.Thresholds())}
	t.canon = match.Canonical(msg.Text)
	var err error
	topic, live := st.Topic, t.topicLive()
	if !t.language() {
		err = t.decide()
	}
	switch {
	case st.Topic == "":
		st.Before = "" // the conversation left its topics (another question, a wrong answer, a menu)
	case st.Topic != topic:
		st.Before = ""
		if live {
			st.Before = topic
		}
	}
	t.keepAwaiting()
	t.noteRequest()
	t.localize()
	return t.d, err
}

// topicLive reports whether the conversation's topic (or redirection),
// set at TopicAt, is recent enough for a message to be read in its
// context (bot.context_ttl).
func (t *turn) topicLive() bool { return t.now.Sub(t.st.TopicAt) <= t.e.cfg.ContextTTL }

func (t *turn) decide() error {
	text := strings.TrimSpace(strings.ToValidUTF8(t.msg.Text, ""))
	if n := utf8.RuneCountInString(text); n > t.e.cfg.MaxMessageChars {
		t.notice(fmt.Sprintf(t.text(textTooLong), n, t.e.cfg.MaxMessageChars))
		return nil
	}
	if t.typedRating(text) {
		return nil
	}
	if t.st.Form != nil && (t.msg.Payload == "" || strings.HasPrefix(t.msg.Payload, "FORM:")) && t.formStep(text) {
		return nil
	}
	if t.msg.Payload != "" && t.payload(t.msg.Payload) {
		return t.err
	}
	if p := t.pickOption(); p != "" && t.payload(p) {
		return t.err
	}
	if t.canon == "" {
		if t.msg.Attachments > 0 {
			t.notice(textAttachments)
		} else {
			t.notice(textEmpty)
		}
		return nil
	}
	t.typed, t.answering = true, t.st.Want != nil || t.st.Retry != nil
	return t.understand(text)
}

// pickOption returns the payload of the offered option the message names
// by number or label, or "".
func (t *turn) pickOption() string {
	opts := t.st.Options
	if len(opts) == 0 || t.canon == "" {
		return ""
	}
	if n, err := strconv.Atoi(t.canon); err == nil && n >= 1 && n <= len(opts) {
		return opts[n-1].Payload
	}
	other := ""
	for _, o := range opts {
		words := match.Words(fold.Text(o.Label))
		if strings.Join(words, " ") == t.canon || len(words) > 1 && yesNo[t.canon] && words[0] == t.canon {
			return o.Payload
		}
		if o.Payload == guichet.PayloadOther {
			other = o.Payload
		}
	}
	if noneOfThese[t.canon] {
		// "non" to "Vouliez-vous dire : …": none of them; not a follow-up
		// on the earlier topic.
		return other
	}
	return ""
}

// noneOfThese are the answers that refuse every option offered.
var noneOfThese = map[string]bool{"non": true, "no": true, "aucun": true, "aucune": true, "non aucun": true,
	"aucun des deux": true, "rien de tout ca": true, "ni l un ni l autre": true, "none": true, "none of these": true}

func (t *turn) payload(p string) bool {
	t.st.Form = nil // a button from outside the form: the person moved on
	switch {
	case strings.HasPrefix(p, payloadFeedbackPrefix):
		return t.feedback(strings.TrimPrefix(p, payloadFeedbackPrefix))
	case strings.HasPrefix(p, guichet.PayloadRatingPrefix):
		return t.rating(strings.TrimPrefix(p, guichet.PayloadRatingPrefix))
	case p == guichet.PayloadStart:
		t.notice(textGreeting)
	case p == guichet.PayloadHandoff:
		t.escalate(guichet.ReasonExplicitRequest, t.st.Topic, textEscalateAsk)
	case p == guichet.PayloadOther:
		t.st.Options, t.st.Topic = nil, ""
		t.notice(textOther)
	case p == guichet.PayloadTrack:
		t.offer(DecisionNotice, textTrack, []string{"permis.suivi", "civ.suivi", "titre.suivi"})
	case strings.HasPrefix(p, guichet.PayloadEntryPrefix):
		e := t.kb.Entry(strings.TrimPrefix(p, guichet.PayloadEntryPrefix))
		if e == nil {
			return false
		}
		t.st.pick(e.Title)
		t.answer(e, 1)
	case strings.HasPrefix(p, guichet.PayloadChoicePrefix):
		return t.choice(strings.TrimPrefix(p, guichet.PayloadChoicePrefix))
	case strings.HasPrefix(p, payloadFacetPrefix):
		return t.facetPayload(strings.TrimPrefix(p, payloadFacetPrefix))
	case strings.HasPrefix(p, payloadDocPrefix):
		return t.docPayload(strings.TrimPrefix(p, payloadDocPrefix))
	case strings.HasPrefix(p, payloadSlotPrefix):
		return t.slotAnswer(strings.TrimPrefix(p, payloadSlotPrefix))
	default:
		return false
	}
	return true
}

// clarify offers the close entries: the leader and the runners-up that are
// at least half as likely.
func (t *turn) clarify(r match.Result) {
	var ids []string
	for _, c := range r.Candidates {
		if len(ids) == t.e.cfg.MaxClarifyOptions {
			break
		}
		if len(ids) == 0 || c.Confidence >= t.clarifyAt()/2 {
			ids = append(ids, c.Entry)
		}
	}
	text := textClarify
	if len(ids) == 1 {
		text = textClarify1
	}
	t.offerEntries(text, ids)
}

// offerEntries asks the person to pick one of entries and records the
// clarification.
func (t *turn) offerEntries(text string, ids []string) {
	t.offer(DecisionClarify, text, ids)
	t.d.Options = ids
	t.fact(quality.Fact{Kind: quality.KindClarify, Text: t.st.LastQuestion, Candidates: ids, Confidence: t.d.Confidence})
}

// offer asks the person to pick one of entries, with the usual ways out.
func (t *turn) offer(kind, text string, entries []string) {
	var opts []Option
	for _, id := range entries {
		if e := t.kb.Entry(id); e != nil {
			opts = append(opts, Option{Label: e.Title, Short: e.ShortTitle(), Payload: guichet.PayloadEntryPrefix + id})
		}
	}
	opts = append(opts, Option{Label: labelOther, Payload: guichet.PayloadOther},
		Option{Label: labelHuman, Payload: guichet.PayloadHandoff})
	t.say(kind, text, opts)
}

func (t *turn) lowConfidence(r match.Result) {
	t.st.LowTurns++
	t.st.Options = nil
	t.fact(quality.Fact{Kind: quality.KindFallback, Text: t.st.LastQuestion, Candidates: candidateIDs(r), Confidence: r.Top().Confidence})
	if t.st.LowTurns >= t.e.cfg.LowConfidenceTurns {
		reason := guichet.ReasonLowConfidence
		if len(r.Candidates) == 0 || r.Top().Confidence < t.clarifyAt()/2 {
			reason = guichet.ReasonRepeatedFallback
		}
		t.escalate(reason, "", textEscalateLow)
		return
	}
	text := textFallback
	if r.Features.Unknown > 0 || len(r.Candidates) == 0 {
		text = textOutOfScope
	}
	t.say(DecisionFallback, text, []Option{{Label: labelHuman, Payload: guichet.PayloadHandoff}})
}

// fact adds a quality record to the decision.
func (t *turn) fact(f quality.Fact) {
	f.Time, f.Channel, f.Conversation = t.now, t.msg.Conversation.Channel(), t.msg.Conversation
	if f.Procedure == "" && f.Entry != "" {
		f.Procedure = quality.ProcedureOf(f.Entry)
	}
	t.d.Facts = append(t.d.Facts, f)
}

// notice answers without a decision about the question itself.
func (t *turn) notice(text string) {
	t.say(DecisionNotice, text, nil)
}

// say sets the decision's one bot reply and remembers the offered options.
func (t *turn) say(kind, text string, opts []Option) {
	t.d.Kind = kind
	opts = t.oneHandoff(opts)
	t.st.Options = opts
	if t.prefix != "" {
		text, t.prefix = t.prefix+text, ""
	}
	r := guichet.Reply{Role: guichet.RoleBot, Text: text, Meta: t.meta(kind)}
	for _, o := range opts {
		r.QuickReplies = append(r.QuickReplies, quickReply(o))
	}
	t.d.Replies = append(t.d.Replies, r)
}

func (t *turn) meta(kind string) *guichet.Meta {
	m := &guichet.Meta{Decision: kind, Entry: t.d.Entry, Facet: t.d.Facet, Confidence: t.d.Confidence}
	for _, c := range t.d.Result.Candidates {
		m.Candidates = append(m.Candidates, guichet.Candidate{Entry: c.Entry, Title: c.Title, Confidence: c.Confidence})
	}
	return m
}

// shortLabels are the small-button titles of the bot's own long labels.
var shortLabels = map[string]string{labelHuman: "Un conseiller"}

// shortLabel is o's title on small buttons, "" when its label fits.
// quickReply is the button that offers o.
func quickReply(o Option) guichet.QuickReply {
	return guichet.QuickReply{Title: o.Label, Payload: o.Payload, Short: shortLabel(o)}
}

func shortLabel(o Option) string {
	switch {
	case o.Short != "" && o.Short != o.Label:
		return o.Short
	case shortLabels[o.Label] != "":
		return shortLabels[o.Label]
	}
	return ""
}
