package privacy

import (
	"regexp"
	"strings"
)

// email is an address, also written "jean (at) gmail.com" or with a space
// around the @.
var email = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+\s?(?:@|\(at\)|\[at\])\s?[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)

// maskEmails runs the e-mail rule only around each @: an address holds
// no space except one on either side of the @, so the words around it
// are all the expression needs to see, and its Unicode classes are slow
// on a whole message.
func maskEmails(s string) string {
	var b strings.Builder
	last := 0
	for last < len(s) {
		start, end, ok := window(s, last)
		if !ok {
			break
		}
		b.WriteString(s[last:start])
		b.WriteString(rules[0].apply(s[start:end]))
		last = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// window returns the words around the next marker from s[from:],
// merged with those of the markers after it whose words touch: in
// "a(at)1 @b.fr" the address is "1 @b.fr".
func window(s string, from int) (start, end int, ok bool) {
	at, n := findAt(s[from:])
	if at < 0 {
		return 0, 0, false
	}
	at += from
	start, end = around(s, at, n)
	start = max(start, from)
	for {
		next, m := findAt(s[at+n:])
		if next < 0 {
			break
		}
		at, n = at+n+next, m
		nextStart, nextEnd := around(s, at, n)
		if nextStart > end {
			break
		}
		end = max(end, nextEnd)
	}
	return start, end, true
}

// findAt returns the index and length of the first @, "(at)" or "[at]".
func findAt(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '@':
			return i, 1
		case strings.HasPrefix(s[i:], "(at)") || strings.HasPrefix(s[i:], "[at]"):
			return i, 4
		}
	}
	return -1, 0
}

// around returns the words on either side of the marker s[i:i+n],
// crossing one space next to it.
func around(s string, i, n int) (start, end int) {
	start, end = i, i+n
	if start > 0 && isSpace(s[start-1]) {
		start--
	}
	for start > 0 && !isSpace(s[start-1]) {
		start--
	}
	if end < len(s) && isSpace(s[end]) {
		end++
	}
	for end < len(s) && !isSpace(s[end]) {
		end++
	}
	return start, end
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
