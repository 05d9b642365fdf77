package lang

import (
	"strings"

	"github.com/guichet/guichet/kb"
)

// FrenchTexts returns the French text of k's in-scope entries (titles,
// paraphrases, keywords) for NewDetector: the words citizens use for the
// agency's procedures. Out-of-scope entries are left out: their
// paraphrases quote other languages.
func FrenchTexts(k *kb.KB) []string {
	var out []string
	for _, e := range k.Entries() {
		if e.Action == kb.ActionOutOfScope {
			continue
		}
		out = append(out, e.Title, strings.Join(e.Keywords, "\n"))
		for _, q := range e.Questions {
			// Some French entries hold a foreigner's question in English
			// among their paraphrases: only French ones teach French words.
			if Detect(q).Lang == French {
				out = append(out, q)
			}
		}
	}
	return out
}
