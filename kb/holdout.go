package kb

import "slices"

// Paraphrase is one question of an entry.
type Paraphrase struct {
	Entry    string
	Question string
}

// HoldOut returns a copy of k without every n-th paraphrase of each entry
// (n >= 2), and the paraphrases it took out. Entries keep at least
// MinParaphrase questions. Fitting the matcher's confidence on questions
// the index has never seen, phrased by the KB's own writers, adds varied
// examples to a labelled set.
func (k *KB) HoldOut(n int) (*KB, []Paraphrase) {
	if n < 2 {
		n = 2
	}
	out := &KB{byID: make(map[string]*Entry, len(k.entries)), abbrevs: k.abbrevs, version: k.version + "-holdout"}
	var held []Paraphrase
	for _, e := range k.entries {
		c := *e
		c.Questions = nil
		give := len(e.Questions)-(len(e.Questions)+n-1-n/2)/n >= MinParaphrase
		for i, q := range e.Questions {
			if give && i%n == n/2 {
				held = append(held, Paraphrase{Entry: e.ID, Question: q})
				continue
			}
			c.Questions = append(c.Questions, q)
		}
		c.Keywords, c.Related = slices.Clone(e.Keywords), slices.Clone(e.Related)
		out.entries = append(out.entries, &c)
		out.byID[c.ID] = &c
	}
	return out, held
}
