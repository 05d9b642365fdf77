// Package privacy masks the identifiers citizens write (request numbers,
// registration plates, phone numbers, e-mail addresses) wherever their
// purpose is not served by them: logs, statistics, exports.
package privacy

import "regexp"

// patterns are tried in order; each match becomes its label. E-mails
// first (they contain digits), then phones, plates, then long numbers.
var patterns = []struct {
	re    *regexp.Regexp
	label string
}{
	{regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`), "[email]"},
	// French numbers: 06 12 34 56 78, 0612345678, +33 6 12 34 56 78, 0033...
	{regexp.MustCompile(`(?:\+|00)33[\s.\-]?[1-9](?:[\s.\-]?\d{2}){4}|\b0[1-9](?:[\s.\-]?\d{2}){4}\b`), "[téléphone]"},
	// SIV plates AB-123-CD (dashes or spaces optional), FNI plates 123 ABC 45.
	{regexp.MustCompile(`(?i)\b[A-HJ-NP-TV-Z]{2}[\s\-]?\d{3}[\s\-]?[A-HJ-NP-TV-Z]{2}\b|\b\d{1,4}[\s\-]?[A-Z]{2,3}[\s\-]?(?:\d{2}|2A|2B|97\d)\b`), "[immatriculation]"},
	// Request, file and NEPH numbers: a run of 8 or more digits, or letters
	// and digits mixed over 8 or more characters with at least 5 digits.
	{regexp.MustCompile(`\b\d[\d\s\-]{6,}\d\b|\b(?:[A-Za-z]*\d){5,}[A-Za-z\d]*\b`), "[numéro]"},
}

// Mask replaces identifiers in s with labels such as [numéro].
func Mask(s string) string {
	for _, p := range patterns {
		s = p.re.ReplaceAllString(s, p.label)
	}
	return s
}
