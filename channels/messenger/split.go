package messenger

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet"
)

// Send API limits, in characters.
const (
	MaxTextChars         = 2000
	MaxQuickReplies      = 13
	MaxQuickReplyTitle   = 20
	MaxQuickReplyPayload = 1000
)

// splitText cuts s into parts of at most max characters, preferring a
// paragraph break, then a line break, then the end of a sentence, then a
// space, and cutting a word only when nothing else fits.
func splitText(s string, max int) []string {
	s = strings.TrimSpace(s)
	var parts []string
	for utf8.RuneCountInString(s) > max {
		cut := cutPoint(s, max)
		parts = append(parts, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		parts = append(parts, s)
	}
	return parts
}

// cutPoint returns a byte offset of s within its first max characters.
func cutPoint(s string, max int) int {
	limit := byteOffset(s, max)
	head := s[:limit]
	// A break too early would leave tiny parts; accept one in the second half.
	floor := limit / 2
	for _, sep := range []string{"\n\n", "\n"} {
		if i := strings.LastIndex(head, sep); i >= floor {
			return i + len(sep)
		}
	}
	if i := lastSentenceEnd(head); i >= floor {
		return i
	}
	if i := strings.LastIndexFunc(head, unicode.IsSpace); i >= floor {
		return i + 1
	}
	return limit
}

// lastSentenceEnd returns the offset just after the last ". ", "! ", "? "
// or "… " in s, or -1.
func lastSentenceEnd(s string) int {
	best := -1
	for _, end := range []string{". ", "! ", "? ", "… "} {
		if i := strings.LastIndex(s, end); i >= 0 && i+len(end) > best {
			best = i + len(end)
		}
	}
	return best
}

func byteOffset(s string, chars int) int {
	n := 0
	for i := range s {
		if n == chars {
			return i
		}
		n++
	}
	return len(s)
}

// quickReply is a Send API quick reply.
type quickReply struct {
	ContentType string `json:"content_type"`
	Title       string `json:"title"`
	Payload     string `json:"payload"`
}

// fitQuickReplies keeps at most 13 choices and shortens titles to 20
// characters; the payload keeps the real choice, so a shortened title
// still selects the right thing. A choice whose payload is too long to
// send is dropped rather than truncated into another meaning.
func fitQuickReplies(qrs []guichet.QuickReply) []quickReply {
	var out []quickReply
	for _, q := range qrs {
		if len(out) == MaxQuickReplies {
			break
		}
		payload := q.Payload
		if payload == "" {
			payload = q.Title
		}
		title := strings.TrimSpace(q.Title)
		if s := strings.TrimSpace(q.Short); s != "" {
			title = s
		}
		title = shorten(title, MaxQuickReplyTitle)
		if title == "" || utf8.RuneCountInString(payload) > MaxQuickReplyPayload {
			continue
		}
		out = append(out, quickReply{ContentType: "text", Title: title, Payload: payload})
	}
	return out
}

// shorten fits s into max characters, ending at a word boundary with an
// ellipsis when it has to cut.
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	head := s[:byteOffset(s, max-1)]
	if i := strings.LastIndexFunc(head, unicode.IsSpace); i >= (max-1)/2 {
		head = head[:i]
	}
	return strings.TrimRightFunc(head, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}
