package privacy

import (
	"regexp"
	"strings"
)

// Request, file and NEPH numbers have no single format (the ANTS numbers
// vary by procedure), so they are recognised by shape, like the bot's
// incident form does: 8 or more letters and digits, at least 4 of them
// digits, written in one piece or in groups. maskNumbers scans for such
// tokens rather than using one regular expression because what may join
// two groups depends on the groups: a dash or a dot joins anything short
// ("ANTS-2025-0012345"), a space joins only groups with digits
// ("1234 5678 9012", "21 AB 12345"), and words never join.

// A token is made of chunks (runs of ASCII letters and digits) and the
// separators between them.
type chunk struct {
	start, end int
	digits     int
	space      bool // joined to the previous chunk by a space
}

func (c chunk) letters() int { return c.end - c.start - c.digits }

// maskNumbers replaces every identifier-shaped token of s with LabelID.
func maskNumbers(s string) string {
	var b strings.Builder
	last := 0
	var buf [8]chunk
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		chunks := token(s, i, buf[:0])
		end := chunks[len(chunks)-1].end
		if identifier(s, chunks) {
			b.Grow(len(s))
			b.WriteString(s[last:i])
			b.WriteString(LabelID)
			last = end
		}
		i = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// token reads the chunks of the token starting at i. Trailing letter
// chunks joined by a space are dropped: in "12345678 OK" the token is the
// number.
func token(s string, i int, chunks []chunk) []chunk {
	cur := readChunk(s, i)
	chunks = append(chunks, cur)
	for {
		n := sepLen(s, cur.end)
		if n == 0 || cur.end+n >= len(s) || !isAlnum(s[cur.end+n]) {
			break
		}
		next := readChunk(s, cur.end+n)
		next.space = s[cur.end] != '.' && s[cur.end] != '-' && s[cur.end] != '/'
		if !joins(s, cur, next) {
			break
		}
		chunks = append(chunks, next)
		cur = next
	}
	for len(chunks) > 1 && chunks[len(chunks)-1].digits == 0 && chunks[len(chunks)-1].space {
		chunks = chunks[:len(chunks)-1]
	}
	return chunks
}

// joins decides whether next continues the token that cur ends.
func joins(s string, cur, next chunk) bool {
	if isWordChunk(cur) || isWordChunk(next) || isTime(s, cur) || isTime(s, next) {
		return false
	}
	if !next.space {
		return true
	}
	// A space joins groups of digits, and short upper-case letter groups
	// next to digits ("21 AB 12345"); never prose such as "2 ans".
	return (cur.digits > 0 || shortUpper(s, cur)) && (next.digits > 0 || shortUpper(s, next)) &&
		cur.digits+next.digits > 0
}

func shortUpper(s string, c chunk) bool { return c.end-c.start <= 3 && isUpper(s[c.start:c.end]) }

// isWordChunk reports a run of more than four letters: a word, never part
// of an identifier ("ANTS" is four).
func isWordChunk(c chunk) bool { return c.digits == 0 && c.end-c.start > 4 }

// isTime reports "10h", "10h30": times join nothing.
func isTime(s string, c chunk) bool {
	t := s[c.start:c.end]
	h := strings.IndexAny(t, "hH")
	return h >= 1 && h <= 2 && c.digits == len(t)-1 && len(t)-h-1 <= 2
}

func readChunk(s string, i int) chunk {
	c := chunk{start: i}
	for c.end = i; c.end < len(s) && isAlnum(s[c.end]); c.end++ {
		if isDigit(s[c.end]) {
			c.digits++
		}
	}
	return c
}

// sepLen returns the length of the separator at s[i], 0 when there is
// none: a space, a no-break space, a dot, a dash or a slash.
func sepLen(s string, i int) int {
	switch {
	case i >= len(s):
		return 0
	case s[i] == ' ' || s[i] == '.' || s[i] == '-' || s[i] == '/':
		return 1
	case strings.HasPrefix(s[i:], "\u00a0"):
		return len("\u00a0")
	case strings.HasPrefix(s[i:], "\u202f"):
		return len("\u202f")
	}
	return 0
}

// identifier reports whether the token is a citizen's identifier rather
// than a date, a year range, an address or one of the server's own ids.
func identifier(s string, chunks []chunk) bool {
	n, digits := 0, 0
	for _, c := range chunks {
		n += c.end - c.start
		digits += c.digits
	}
	if digits < 4 || n < 8 {
		return false
	}
	t := s[chunks[0].start:chunks[len(chunks)-1].end]
	return !isDate(s, chunks) && !allYears(s, chunks) && !isMachineID(t) && !ipv4.MatchString(t)
}

// isMachineID reports the server's own ids: dispatch.NewID (32 hex
// digits), hashes, UUIDs. No citizen identifier is lower-case hexadecimal
// this long.
func isMachineID(t string) bool {
	if uuid.MatchString(t) {
		return true
	}
	letter := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= 'a' && c <= 'f' {
			letter = true
		} else if !isDigit(c) {
			return false
		}
	}
	return letter && len(t) >= 24
}

// isDate reports 12/03/2025, 12.03.25, 12 03 2025, 2025-03-12 and the
// start of an ISO time, 2025-03-12T10 (the scanner stops at the colon).
func isDate(s string, chunks []chunk) bool {
	t := s[chunks[0].start:chunks[len(chunks)-1].end]
	if isoTime.MatchString(t) {
		return true
	}
	if len(chunks) != 3 {
		return false
	}
	var v [3]int
	for i, c := range chunks {
		if c.letters() > 0 {
			return false
		}
		v[i] = atoi(s[c.start:c.end])
	}
	w := [3]int{chunks[0].end - chunks[0].start, chunks[1].end - chunks[1].start, chunks[2].end - chunks[2].start}
	dmy := w[0] <= 2 && w[1] <= 2 && (w[2] == 2 || w[2] == 4) && day(v[0]) && month(v[1])
	ymd := w[0] == 4 && w[1] <= 2 && w[2] <= 2 && month(v[1]) && day(v[2])
	return dmy || ymd
}

func day(n int) bool   { return n >= 1 && n <= 31 }
func month(n int) bool { return n >= 1 && n <= 12 }

// allYears reports "2025-2026", "2024 2025": years, not a number.
func allYears(s string, chunks []chunk) bool {
	for _, c := range chunks {
		y := s[c.start:c.end]
		if len(y) != 4 || c.digits != 4 || !strings.HasPrefix(y, "19") && !strings.HasPrefix(y, "20") {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && n < 1e6; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isAlnum(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

var (
	uuid    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	ipv4    = regexp.MustCompile(`^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$`)
	isoTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}$`)
)
