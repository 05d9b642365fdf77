package match

import (
	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
)

// addEnglish makes the entry's English paraphrases part of what the
// matcher knows of it: their terms count for coverage, and their words are
// left as they are in messages (never corrected into French ones, nor
// French typos into them).
func (m *Matcher) addEnglish(e *kb.Entry, set map[string]bool, vocab *vocabulary) {
	if e.EN == nil {
		return
	}
	for _, q := range append([]string{e.EN.Title}, e.EN.Questions...) {
		terms := kb.Analyze(m.kb.Expand(q))
		m.para[pair{e.ID, q}] = &paraphrase{terms: terms}
		for _, t := range terms {
			set[t] = true
		}
		for _, w := range Words(fold.Text(q)) {
			vocab.addKnown(w)
		}
	}
}

// englishFiller are everyday English words that say nothing about which
// procedure is meant, like filler for French.
const englishFiller = "please hello hi hey thanks thank help need needs want know get got like tell " +
	"question ask sir madam good morning evening"
