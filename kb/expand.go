package kb

import (
	"strings"
	"unicode"
)

// Expand returns text folded to lower-case ASCII with the KB's
// abbreviations written out ("ma cg" -> "ma carte grise"). Paraphrases go
// through it before indexing, as messages do before searching, so that an
// editor's "cpi" and a citizen's "certificat provisoire" meet.
func (k *KB) Expand(text string) string {
	words := strings.FieldsFunc(fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range words {
		if exp, ok := k.abbrevs[w]; ok {
			words[i] = fold(exp)
		}
	}
	return strings.Join(words, " ")
}
