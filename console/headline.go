package console

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/handoff"
)

// A ticket's headline and the bot's guesses come from what the citizen
// asked, not from the words that asked for a human ("je veux parler à un
// conseiller", "Oui, j'accepte"). The bot writes the person's last
// substantive message into the ticket's summary; the console reads the
// transcript before the hand-off and keeps all of them: those the bot
// answered, clarified or failed to understand, leaving out taps on the
// buttons it offered, the choice numbers, and the messages it answered
// with the hand-off.

// Decisions the bot records in Meta.Decision (package bot).
const (
	decisionAnswer   = "answer"
	decisionClarify  = "clarify"
	decisionFallback = "fallback"
)

// headlineWindow bounds how far before the hand-off the console looks for
// the request: an older message is another matter.
const headlineWindow = 24 * time.Hour

// clockSlack allows for channels' clocks (Messenger timestamps) a little
// ahead of the instance that opened the ticket.
const clockSlack = time.Minute

// asked is what the citizen asked before a hand-off: the messages, oldest
// first, and the bot's guesses about them, best first.
type asked struct {
	// FirstSeq is the transcript sequence number of the first message.
	FirstSeq   int64
	Messages   []string
	Candidates []guichet.Candidate
}

// headline is the ticket's title: the first substantive message, else
// the bot's summary.
func (a asked) headline(t handoff.Ticket) string {
	if len(a.Messages) > 0 {
		return truncateRunes(a.Messages[0], 280)
	}
	return t.Summary
}

// askedBefore reads the substantive messages of t's conversation in evs
// (its transcript, oldest first). The last message before the ticket is
// the one that brought the hand-off ("je veux parler à quelqu'un", which
// the knowledge base answers with its hand-off entry): it counts only
// when the citizen asked nothing else.
func askedBefore(t handoff.Ticket, evs []guichet.Event) asked {
	evs = requestWindow(t, evs)
	type message struct {
		at    int
		text  string
		cands []guichet.Candidate
	}
	var found []message
	last := -1
	for i, ev := range evs {
		if ev.Role != guichet.RoleUser {
			continue
		}
		last = i
		if isChoice(ev.Text, previousOffer(evs[:i])) {
			continue
		}
		if reply, ok := nextReply(evs[i+1:]); ok && substantive(reply) {
			found = append(found, message{i, strings.TrimSpace(ev.Text), reply.Meta.Candidates})
		}
	}
	if n := len(found); n > 1 && found[n-1].at == last {
		found = found[:n-1]
	}
	var a asked
	if len(found) > 0 {
		a.FirstSeq = evs[found[0].at].Seq
	}
	best := map[string]int{}
	for _, m := range found {
		a.Messages = append(a.Messages, m.text)
		for _, c := range m.cands {
			if j, seen := best[c.Entry]; seen {
				a.Candidates[j].Confidence = max(a.Candidates[j].Confidence, c.Confidence)
				continue
			}
			best[c.Entry] = len(a.Candidates)
			a.Candidates = append(a.Candidates, c)
		}
	}
	slices.SortStableFunc(a.Candidates, func(x, y guichet.Candidate) int { return cmp.Compare(y.Confidence, x.Confidence) })
	if len(a.Candidates) > 5 {
		a.Candidates = a.Candidates[:5]
	}
	return a
}

// requestWindow keeps the events that led to t: before t's first notice
// (or, when none was recorded, up to t's creation), after the notice that
// closed the conversation's previous ticket, and within headlineWindow
// before t opened. Positions in the transcript decide where they can:
// channels and instances do not share one clock.
func requestWindow(t handoff.Ticket, evs []guichet.Event) []guichet.Event {
	to := slices.IndexFunc(evs, func(ev guichet.Event) bool { return ev.Meta != nil && ev.Meta.Ticket == t.ID })
	if to < 0 {
		to = slices.IndexFunc(evs, func(ev guichet.Event) bool { return ev.Time.After(t.Created.Add(clockSlack)) })
	}
	if to < 0 {
		to = len(evs)
	}
	from := 0
	for i, ev := range evs[:to] {
		if closesTicket(ev) || ev.Time.Before(t.Created.Add(-headlineWindow)) {
			from = i + 1
		}
	}
	return evs[from:to]
}

func closesTicket(ev guichet.Event) bool {
	if ev.Role != guichet.RoleSystem || ev.Meta == nil {
		return false
	}
	s := handoff.Status(ev.Meta.Status)
	return s.Valid() && !s.Open()
}

// previousOffer is the last bot or system message before a citizen's
// message: the buttons the citizen may have tapped.
func previousOffer(before []guichet.Event) []guichet.QuickReply {
	for i := len(before) - 1; i >= 0; i-- {
		if before[i].Role != guichet.RoleUser {
			return before[i].QuickReplies
		}
	}
	return nil
}

// isChoice reports whether text picks one of the offered buttons: its
// title, its payload or its number.
func isChoice(text string, offered []guichet.QuickReply) bool {
	f := strings.TrimSpace(fold.Text(text))
	if f == "" {
		return true
	}
	if n, err := strconv.Atoi(strings.TrimRight(f, ".)")); err == nil && n >= 1 && n <= len(offered) {
		return true
	}
	for _, q := range offered {
		if f == strings.TrimSpace(fold.Text(q.Title)) || text == q.Payload {
			return true
		}
	}
	return false
}

// nextReply is the first bot or system message after a citizen's message
// (false when the citizen wrote again first, or nothing answered).
func nextReply(after []guichet.Event) (guichet.Event, bool) {
	for _, ev := range after {
		if ev.Role != guichet.RoleUser {
			return ev, ev.Role == guichet.RoleBot || ev.Role == guichet.RoleSystem
		}
		return guichet.Event{}, false
	}
	return guichet.Event{}, false
}

// substantive reports whether the bot's reply treated the message before
// it as a question: an answer from an entry, a "Vouliez-vous dire", a
// failure to understand. A hand-off, a notice or a form's next step says
// the message was not the request itself.
func substantive(reply guichet.Event) bool {
	m := reply.Meta
	if reply.Role != guichet.RoleBot || m == nil {
		return false
	}
	switch m.Decision {
	case decisionClarify, decisionFallback:
		return true
	case decisionAnswer:
		return m.Entry != "" || len(m.Candidates) > 0
	}
	return false
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// headlines remembers the request of each ticket: it lies before the
// hand-off, so it never changes, and the queue shows it for every ticket.
type headlines struct {
	mu sync.Mutex
	m  map[string]asked
}

// maxHeadlines bounds the memory; past it the cache starts again.
const maxHeadlines = 20000

func (h *headlines) get(id string) (asked, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, ok := h.m[id]
	return a, ok
}

func (h *headlines) put(id string, a asked) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil || len(h.m) >= maxHeadlines {
		h.m = map[string]asked{}
	}
	h.m[id] = a
}

// asked returns what the citizen asked before t, from the cache or the
// transcript. A transcript that cannot be read gives the bot's summary
// (and is not remembered).
func (s *Console) asked(ctx context.Context, t handoff.Ticket) asked {
	if a, ok := s.headlines.get(t.ID); ok {
		return a
	}
	evs, _, err := s.transcript(ctx, t.Conversation)
	if err != nil {
		s.log.Warn("console: transcript unreadable for a ticket's headline", "ticket", t.ID, "err", err)
		return asked{}
	}
	a := askedBefore(t, evs)
	s.headlines.put(t.ID, a)
	return a
}
