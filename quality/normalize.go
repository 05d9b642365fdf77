package quality

import (
	"strings"
	"unicode"

	"github.com/guichet/guichet/fold"
)

// Normalize makes two ways of writing the same words equal: lower case,
// no accents, punctuation turned into spaces, spaces collapsed.
// "Où est MON permis ?!" and "ou est mon permis" both give
// "ou est mon permis".
func Normalize(s string) string {
	s = fold.Text(s)
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
