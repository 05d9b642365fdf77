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
	out := make([]string, 0, len(words))
	for _, w := range words {
		if exp, ok := SMS[w]; ok {
			// An SMS spelling may give a word the KB reads as another
			// ("licences" → "licence" → "permis"), as it reads that word
			// written out.
			for _, x := range strings.Fields(exp) {
				out = append(out, k.abbreviation(x))
			}
			continue
		}
		out = append(out, k.abbreviation(w))
	}
	return strings.Join(out, " ")
}

// abbreviation returns the folded expansion of the word w, or of the
// English base form it inflects ("exchanged" as "exchange"), or w.
func (k *KB) abbreviation(w string) string {
	if exp, ok := k.abbrevs[w]; ok {
		return fold.Text(exp)
	}
	for _, b := range EnglishBaseForms(w) {
		if exp, ok := k.abbrevs[b]; ok {
			return fold.Text(exp)
		}
	}
	return w
}
