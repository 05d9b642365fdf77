package console

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/handoff"
)

// Search bounds: the tickets read per status (the newest closed ones) and
// the results returned. A search reads the transcripts of those tickets'
// conversations, once each.
const (
	searchPerStatus   = 300
	searchMaxResults  = 100
	searchDefault     = 30
	searchMinChars    = 2
	searchMaxChars    = 200
	searchSnippetRune = 60
)

// query is a search as typed by an agent: words that must all appear
// (accents and capitals ignored), and, for a request number or a plate,
// the same characters without their separators ("AB-123-CD" finds
// "ab 123 cd" and "AB123CD").
type query struct {
	words   []string
	compact string // set when the query holds a digit: an identifier
}

func parseQuery(q string) (query, error) {
	const op = "console: search"
	q = strings.TrimSpace(q)
	switch n := utf8.RuneCountInString(q); {
	case n < searchMinChars:
		return query{}, guichet.Errorf(guichet.Invalid, op, `"q" must have at least %d characters`, searchMinChars)
	case n > searchMaxChars:
		return query{}, guichet.Errorf(guichet.Invalid, op, `"q" must have at most %d characters`, searchMaxChars)
	}
	out := query{words: strings.Fields(fold.Text(q))}
	if c := compact(q); len(c) >= 4 && strings.ContainsFunc(c, unicode.IsDigit) {
		out.compact = c
	}
	return out, nil
}

// compact keeps the letters and digits of s, folded.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, fold.Text(s))
}

// match reports whether text matches q, and where: the index of the
// first word found, for the snippet (-1 when only the compact form
// matched).
func (q query) match(text string) (bool, int) {
	if q.compact != "" && strings.Contains(compact(text), q.compact) {
		return true, strings.Index(fold.Text(text), q.words[0])
	}
	f := fold.Text(text)
	at := -1
	for _, w := range q.words {
		i := strings.Index(f, w)
		if i < 0 {
			return false, -1
		}
		if at < 0 {
			at = i
		}
	}
	return true, at
}

// searchHit is a ticket that matched, with where and an excerpt.
type searchHit struct {
	Ticket ticketSummary `json:"ticket"`
	Where  string        `json:"where"` // headline, field, label, note, transcript, ticket
	Text   string        `json:"text"`  // the matching text, shortened around the match
}

// handleSearch serves GET /api/v1/search?q=…&limit=…: tickets whose
// headline, fields, labels, notes, identifiers or conversation match.
func (s *Console) handleSearch(w http.ResponseWriter, r *http.Request, _ principal) {
	q, err := parseQuery(r.URL.Query().Get("q"))
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	limit := searchDefault
	if l := r.URL.Query().Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 || limit > searchMaxResults {
			writeError(w, s.log, guichet.Errorf(guichet.Invalid, "console: search", "limit must be a number from 1 to %d", searchMaxResults), "")
			return
		}
	}
	hits, err := s.search(r.Context(), q, limit)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": hits, "total": len(hits)})
}

func (s *Console) search(ctx context.Context, q query, limit int) ([]searchHit, error) {
	hits := []searchHit{}
	transcripts := map[guichet.ConversationID][]guichet.Event{}
	// A conversation's tickets share its transcript: a match there names
	// the conversation's first ticket listed (open ones come first, then
	// the newest closed), not each of them.
	inTranscript := map[guichet.ConversationID]bool{}
	for _, st := range handoff.Statuses {
		tickets, _, err := s.tickets.List(ctx, st, searchPerStatus)
		if err != nil {
			return nil, err
		}
		for _, t := range tickets {
			if len(hits) >= limit {
				return hits, nil
			}
			v := s.summary(ctx, t)
			where, text, ok := matchTicket(q, t, v)
			if !ok && !inTranscript[t.Conversation] {
				where, text, ok, err = s.matchTranscript(ctx, q, t, transcripts)
				if err != nil {
					return nil, err
				}
				inTranscript[t.Conversation] = ok
			}
			if ok {
				hits = append(hits, searchHit{Ticket: v, Where: where, Text: text})
			}
		}
	}
	return hits, nil
}

// matchTicket looks for q in what the ticket itself holds.
func matchTicket(q query, t handoff.Ticket, v ticketSummary) (where, text string, ok bool) {
	try := func(w, s string) bool {
		if hit, at := q.match(s); hit {
			where, text, ok = w, snippet(s, at), true
		}
		return ok
	}
	if try("headline", v.Headline) || try("headline", t.Summary) {
		return
	}
	for _, k := range sortedKeys(t.Fields) {
		if try("field", t.Fields[k]) {
			return
		}
	}
	for _, l := range t.Labels {
		if try("label", l) {
			return
		}
	}
	for _, n := range t.Notes {
		if try("note", n.Text) {
			return
		}
	}
	if try("ticket", t.ID) || try("ticket", string(t.Conversation)) {
		return
	}
	return "", "", false
}

// matchTranscript looks for q in the messages of t's conversation,
// reading each conversation once per search.
func (s *Console) matchTranscript(ctx context.Context, q query, t handoff.Ticket, cache map[guichet.ConversationID][]guichet.Event) (string, string, bool, error) {
	evs, ok := cache[t.Conversation]
	if !ok {
		var err error
		if evs, _, err = s.transcript(ctx, t.Conversation); err != nil {
			return "", "", false, err
		}
		cache[t.Conversation] = evs
	}
	for _, ev := range evs {
		if ev.Role == guichet.RoleSystem {
			continue
		}
		if hit, at := q.match(ev.Text); hit {
			return "transcript", snippet(ev.Text, at), true, nil
		}
	}
	return "", "", false, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// snippet shortens s around the byte offset at of its folded form (the
// folded form can be longer than s: the offset is scaled in runes).
func snippet(s string, at int) string {
	r := []rune(s)
	if len(r) <= 2*searchSnippetRune {
		return s
	}
	pos := 0
	if at > 0 {
		pos = min(utf8.RuneCountInString(fold.Text(s)[:min(at, len(fold.Text(s)))]), len(r))
	}
	from := max(0, pos-searchSnippetRune/2)
	to := min(len(r), from+2*searchSnippetRune)
	out := string(r[from:to])
	if from > 0 {
		out = "…" + out
	}
	if to < len(r) {
		out += "…"
	}
	return out
}
