package bot

import (
	"slices"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/lang"
	"github.com/guichet/guichet/quality"
)

// State is what the bot remembers of a conversation between messages.
type State struct {
	Topic   string    `json:"topic,omitempty"` // entry last answered
	TopicAt time.Time `json:"topic_at,omitempty"`
	// Redirected is the out-of-scope entry whose redirection was given
	// last, at TopicAt: it is no topic, but "et pour la Tunisie ?" right
	// after it gets the same redirection.
	Redirected string `json:"redirected,omitempty"`
	// Before is the topic the conversation had before Topic, when Topic
	// replaced it while it was still current; empty once the conversation
	// has no topic. A facet Topic has no text for may be one it answers
	// ("et après il est bon combien d'années ?" after a heavy-vehicle
	// medical check, then its price).
	Before string `json:"before,omitempty"`
	// Options are the quick replies last offered; the next message may pick
	// one by label, number or free text.
	Options []Option `json:"options,omitempty"`
	// LowTurns counts low-confidence turns in a row.
	LowTurns int `json:"low_turns,omitempty"`
	// Choices are the labels the person picked, for the agent's context.
	Choices    []string  `json:"choices,omitempty"`
	MutedUntil time.Time `json:"muted_until,omitempty"`
	// Form is the series of questions under way (incident report, comment).
	Form *Form `json:"form,omitempty"`
	// LastQuestion is the last question matched, masked, for the
	// unanswered-question review when the person says it did not help.
	LastQuestion string `json:"last_question,omitempty"`
	// TopicQuestion is the last question, masked, that named what it
	// asked rather than only a facet of the topic ("je dois fournir quoi
	// ?"): "et pour ma carte d'identité ?" asks it again of another
	// document.
	TopicQuestion string `json:"topic_question,omitempty"`
	// Pending is what the bot decided for a message and has not finished
	// sending: a redelivery of that message (after a crash) sends it again.
	// Over a channel that delivers each reply itself (Messenger), a
	// decision whose replies were recorded with it and that hands nothing
	// off stays here once carried out, until the next decision takes its
	// place: clearing it would cost a write per message, and a redelivery
	// of its message then sends only the replies the channel has no record
	// of sending (its sent log), which is what it would resend if the
	// process had died before the replies left.
	Pending *Pending `json:"pending,omitempty"`
	// Slots are what the citizen said that decides answers: kb.SlotValues
	// (document, vehicle, new or used, zone, for whom, event, place) plus
	// the country and the request number.
	Slots map[string]string `json:"slots,omitempty"`
	// Facet is the facet last answered on Topic, "" for the full answer: a
	// follow-up that changes a slot ("et pour une moto ?") asks it again.
	Facet string `json:"facet,omitempty"`
	// Reasked lists the slots whose nonsense value was asked again once:
	// the next nonsense value of such a slot is ignored.
	Reasked []string `json:"reasked,omitempty"`
	// Retry is the message held while a nonsense slot value is asked again.
	Retry *Held `json:"retry,omitempty"`
	// Want is the question held while "Pour quelle démarche ?" is asked.
	Want *Held `json:"want,omitempty"`
	// Decided holds the ids of the last messages the bot decided on: a
	// redelivered message that is not among them was recorded but never
	// decided on.
	Decided []string `json:"decided,omitempty"`
	// Rated holds the last tickets rated: a rating counts once.
	Rated []string `json:"rated,omitempty"`
	// Request is the person's last substantive message, the summary of
	// the next hand-off (request.go).
	Request *Request `json:"request,omitempty"`
	// Escalated is the ticket of the last hand-off until the bot hears
	// from the person again: that message may rate it (rating.go).
	Escalated string `json:"escalated,omitempty"`
	// Lang is the conversation's language (language.go); LangChosen is
	// true when the person asked for it.
	Lang       lang.Lang `json:"lang,omitempty"`
	LangChosen bool      `json:"lang_chosen,omitempty"`
}

// Held is a message the bot comes back to once the person has answered a
// question about it.
type Held struct {
	Text string `json:"text"`           // masked
	Slot string `json:"slot,omitempty"` // the slot asked again
}

// maxRated bounds State.Rated.
const maxRated = 8

// rated remembers that ticket was rated.
func (st *State) rated(ticket string) {
	st.Rated = append(st.Rated, ticket)
	if len(st.Rated) > maxRated {
		st.Rated = st.Rated[len(st.Rated)-maxRated:]
	}
}

// maxDecided bounds State.Decided. A message redelivered after 32 later
// ones of the same conversation were decided on would be decided on again:
// it takes a crash, then a citizen writing 32 times before the takeover.
const maxDecided = 32

// decidedOn reports whether the bot decided on message id, or is
// carrying out its decision.
func (st *State) decidedOn(id string) bool {
	return st.Pending != nil && st.Pending.Message == id || slices.Contains(st.Decided, id)
}

// decided remembers that the bot decided on message id.
func (st *State) decided(id string) {
	if len(st.Decided) == maxDecided {
		st.Decided = append(st.Decided[:0], st.Decided[1:]...)
	}
	st.Decided = append(st.Decided, id)
}

// Pending is a decision being carried out.
type Pending struct {
	Message    string              `json:"message"` // the citizen's message id
	Replies    []guichet.Reply     `json:"replies,omitempty"`
	Escalation *guichet.Escalation `json:"escalation,omitempty"`
	// Incident is the incident report of this escalation, recorded with
	// its ticket once the hand-off has named it.
	Incident *quality.Fact `json:"incident,omitempty"`
}

// Option is an offered quick reply.
type Option struct {
	Label   string `json:"label"`
	Payload string `json:"payload"`
	// Short is the label on small buttons (kb.Entry.ShortTitle); Label
	// when empty.
	Short string `json:"short,omitempty"`
}

// maxChoices keeps the remembered path short.
const maxChoices = 10

func (s *State) pick(label string) {
	s.Choices = append(s.Choices, label)
	if len(s.Choices) > maxChoices {
		s.Choices = s.Choices[len(s.Choices)-maxChoices:]
	}
}
