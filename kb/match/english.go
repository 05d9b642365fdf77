package match

import (
	"slices"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
)

// addEnglish makes the entry's English paraphrases part of what the
// matcher knows of it: their terms count for coverage, and their words are
// left as they are in messages (never corrected into French ones), and
// typos no French word is close to are corrected into them.
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
			vocab.addEnglish(w)
		}
	}
}

// englishFiller are everyday English words that say nothing about which
// procedure is meant, like filler for French.
const englishFiller = "please hello hi hey thanks thank help need needs want know get got like tell " +
	"question ask sir madam good morning evening anyone anybody mate guys " +
	"just still already even though also really actually now then ago yet ever guy someone somebody " +
	"something anything thing things lot lots bit sure okay ok able going go come say said think see " +
	"look make let try tried wish"

// greetings open a message with a greeting that is not the word "hello":
// the message greets ("Good morning", "good evening :)"), unlike "have a
// good evening", which closes a conversation.
var greetings = [][]string{{"good", "morning"}, {"good", "afternoon"}, {"good", "evening"}, {"good", "day"},
	{"morning"}, {"evening"}, {"anyone", "there"}, {"anybody", "there"}, {"is", "anyone", "there"},
	{"are", "you", "there"}}

// addGreeting appends "hello" to words that open on a greeting.
func addGreeting(words []string) []string {
	for _, g := range greetings {
		if len(words) >= len(g) && slices.Equal(words[:len(g)], g) {
			return append(words, "hello")
		}
	}
	return words
}
