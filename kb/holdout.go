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
	out := k.emptyCopy("-holdout")
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

// emptyCopy returns a KB with k's abbreviations, model and versions (the
// version suffixed) and no entries.
func (k *KB) emptyCopy(suffix string) *KB {
	return &KB{byID: make(map[string]*Entry, len(k.entries)), abbrevs: k.abbrevs, version: k.version + suffix,
		entriesVersion: k.entriesVersion + suffix, model: k.model}
}

// Without returns a copy of k without the entries whose ids are in drop,
// and with the model m: what the KB would be if those procedures had never
// been written. References to dropped entries (related, goto) are left as
// they are; the copy is for fitting the confidence model, not for answering.
func (k *KB) Without(drop map[string]bool, m Model) *KB {
	out := k.emptyCopy("-without")
	out.model = m
	for _, e := range k.entries {
		if drop[e.ID] {
			continue
		}
		out.entries = append(out.entries, e)
		out.byID[e.ID] = e
	}
	return out
}

// WithModel returns a copy of k that answers with the model m.
func (k *KB) WithModel(m Model) *KB {
	return k.Without(nil, m)
}
