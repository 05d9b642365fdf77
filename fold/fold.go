// Package fold is the one normal form in which Guichet compares French
// text written with or without accents and capitals: the matcher folds
// citizens' messages with it, the knowledge base its abbreviations and
// paraphrases, the quality records the questions they group, the bot the
// labels of the choices it offered.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// letters maps accented Latin letters to their ASCII base, the way
// citizens who type without accents write them.
var letters = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ã': "a", 'å': "a",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i",
	'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u",
	'ç': "c", 'ñ': "n", 'ÿ': "y", 'œ': "oe", 'æ': "ae", 'ß': "ss",
}

// Text lower-cases s, folds accents and ligatures ("Œuvre" gives
// "oeuvre"), turns curly quotes and accents used as apostrophes into '
// and replaces invalid UTF-8 with spaces. Everything else is kept, so
// that word boundaries do not move.
func Text(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if folded, ok := lowerASCII(s); ok {
		return folded
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r == '’' || r == '‘' || r == 'ʼ' || r == '´' || r == '`':
			b.WriteByte('\'')
		case letters[r] != "":
			b.WriteString(letters[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lowerASCII lower-cases s when it is plain ASCII, as most messages are,
// without copying it when it has no capital; ok is false for any other s.
func lowerASCII(s string) (folded string, ok bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return "", false
		case 'A' <= c && c <= 'Z':
			upper = true
		}
	}
	if !upper {
		return s, true
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}
