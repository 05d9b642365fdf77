package kb

import (
	"strings"
	"unicode"

	"github.com/guichet/guichet/fold"
)

// Expand returns text folded to lower-case ASCII with SMS spellings and
// the KB's abbreviations written out ("jai perdu ma cg" -> "j'ai perdu ma
// carte grise"). Paraphrases go
// through it before indexing, as messages do before searching, so that an
// editor's "cpi" and a citizen's "certificat provisoire" meet.
func (k *KB) Expand(text string) string {
	words := strings.FieldsFunc(JoinCompounds(fold.Text(text)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if exp, ok := SMS[w]; ok {
			if exp != "" {
				out = append(out, exp)
			}
			continue
		}
		if exp, ok := k.abbrevs[w]; ok {
			w = fold.Text(exp)
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
