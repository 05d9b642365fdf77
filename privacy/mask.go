// Package privacy masks the identifiers citizens write (request numbers,
// registration plates, phone numbers, e-mail addresses) wherever their
// purpose is not served by them: logs, statistics, exports.
//
// Mask errs on the side of masking an identifier, but not ordinary French:
// prices, ages, years, dates, times, article numbers, short numbers and
// the server's own ids (32-character hexadecimal, UUIDs) stay as written.
// NewHandler applies it to everything a slog.Logger writes.
package privacy

import (
	"regexp"
	"strings"
)

// Labels that replace what Mask removes.
const (
	LabelEmail = "[email]"
	LabelPhone = "[téléphone]"
	LabelPlate = "[immatriculation]"
	LabelID    = "[numéro]"
)

// sep is one separator people put inside an identifier: a space (also
// the no-break spaces French typography uses), a dot or a dash.
const sep = `[\s.\-\x{00A0}\x{202F}]`

// rule is one pattern. need tells from the summary of a text whether the
// pattern can match at all, which spares most texts the regular
// expression; keep, when set, spares a match that is ordinary text (it
// gets the submatch indexes of the match within s).
type rule struct {
	re    *regexp.Regexp
	label string
	need  func(summary) bool
	keep  func(s string, m []int) bool
}

// rules are tried in order on the text the previous ones left: e-mails
// first (they contain digits and dots), then phones, then plates, whose
// letters would otherwise be cut away from their digits by the number
// scanner that runs last (maskNumbers).
var rules = []rule{
	{re: email, label: LabelEmail, need: func(m summary) bool { return m.at }},
	// International: +33 6 12 34 56 78, +33 (0)6…, 0033 6…, +32 470 12 34 56.
	{re: regexp.MustCompile(`(?:\+|\b00)\s?[1-9]\d{0,2}(?:` + sep + `?\(0\))?(?:` + sep + `?\d){6,12}\b`),
		label: LabelPhone, need: func(m summary) bool { return m.intl }},
	// National: 06 12 34 56 78, 0612345678, 06.12.34.56.78, 06-12-34-56-78.
	// A longer run (a NEPH starting with 0) is left to the number scanner.
	{re: regexp.MustCompile(`\b0[1-9](?:` + sep + `?\d{2}){4}\b`), label: LabelPhone,
		need: func(m summary) bool { return m.zero }, keep: runsOn},
	// SIV plates since 2009: AB-123-CD, AB 123 CD, ab123cd.
	{re: regexp.MustCompile(`(?i)\b([A-Z]{2})(` + sep + `?)\d{3}(` + sep + `?)([A-Z]{2})\b`),
		label: LabelPlate, need: func(m summary) bool { return m.three }, keep: ordinarySIV},
	// FNI plates before 2009: 1234 AB 75, 123 ABC 2A, 56 AB 974.
	{re: regexp.MustCompile(`(?i)\b\d{1,4}(` + sep + `?)([A-Z]{2,3})(` + sep + `?)(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])\b`),
		label: LabelPlate, need: func(m summary) bool { return m.short }, keep: ordinaryFNI},
}

// Mask replaces identifiers in s with labels such as [numéro].
func Mask(s string) string {
	m := summarize(s)
	if !m.digits && !m.at {
		return s // nothing to mask: the common case of log messages
	}
	if m.at {
		if masked := maskEmails(s); masked != s {
			// An address may end against digits ("x@y.comT93"): what
			// surrounds them changed, so look again.
			s, m = masked, summarize(masked)
		}
	}
	for _, r := range rules[1:] {
		if r.need(m) {
			s = r.apply(s)
		}
	}
	if !m.digits {
		return s
	}
	return maskNumbers(s)
}

// apply replaces the matches of r in s that keep does not spare.
func (r rule) apply(s string) string {
	ms := r.re.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		if r.keep != nil && r.keep(s, m) {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(r.label)
		last = m[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// runsOn reports whether the digits of match m continue past it, or lead
// into it, with a separator: "06 12 34 56 78 90" is a 12-digit number,
// not a phone number followed by 90.
func runsOn(s string, m []int) bool {
	after, before := s[m[1]:], s[:m[0]]
	return len(after) > 1 && isSep(after[0]) && isDigit(after[1]) ||
		len(before) > 1 && isSep(before[len(before)-1]) && isDigit(before[len(before)-2])
}

// ordinarySIV spares "de 150 km" and "le 112 et": written in lower case
// with spaces, a plate whose letters form a French word or a unit is
// taken for prose. Upper case, dashes or no separator mean a plate.
func ordinarySIV(s string, m []int) bool {
	first, sep1, sep2, last := group(s, m, 1), group(s, m, 2), group(s, m, 3), group(s, m, 4)
	if !spaced(sep1) && !spaced(sep2) || isUpper(first) && isUpper(last) {
		return false
	}
	return isWord(first) || isWord(last)
}

// ordinaryFNI spares "2 ans 10", "du 12 au 15" and "3 mai 25" the same way.
func ordinaryFNI(s string, m []int) bool {
	sep1, letters, sep2 := group(s, m, 1), group(s, m, 2), group(s, m, 3)
	if !spaced(sep1) && !spaced(sep2) {
		return false
	}
	return !isUpper(letters) && isWord(letters)
}

// group returns submatch k of match m.
func group(s string, m []int, k int) string { return s[m[2*k]:m[2*k+1]] }

// spaced reports whether the separator sep is a space of some kind.
func spaced(sep string) bool { return sep != "" && sep[0] != '.' && sep[0] != '-' }

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isSep reports whether c is an ASCII separator inside an identifier.
func isSep(c byte) bool { return c == ' ' || c == '.' || c == '-' || c == '\t' }
