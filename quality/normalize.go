package quality

import (
	"strings"
	"unicode"
)

// folds removes French accents and ligatures.
var folds = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u",
	"ÿ", "y", "ç", "c", "œ", "oe", "æ", "ae",
)

// Normalize makes two ways of writing the same words equal: lower case,
// no accents, punctuation turned into spaces, spaces collapsed.
// "Où est MON permis ?!" and "ou est mon permis" both give
// "ou est mon permis".
func Normalize(s string) string {
	s = folds.Replace(strings.ToLower(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}
