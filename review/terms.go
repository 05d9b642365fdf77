package review

import (
	"strings"
	"unicode"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// Analyzer turns a message into the terms that grouping compares.
type Analyzer func(text string) []string

// NewAnalyzer normalises a message as the matcher does (accents, SMS
// spellings, the KB's abbreviations; no typo correction, which needs the
// index's vocabulary), analyses it with the index's French analyzer
// (kb.Analyze: stop words, elisions, stemming) and drops filler, so that
// "bonjour je veux un permis bateau" and "permis bateau svp" compare on
// {permi, bateau}. abbreviations may be nil.
func NewAnalyzer(abbreviations map[string]string) Analyzer {
	norm := match.NewNormalizer(abbreviations, nil)
	return func(text string) []string {
		var out []string
		for _, t := range kb.Analyze(strings.Join(norm.Normalize(text), " ")) {
			if !match.IsFiller(t) {
				out = append(out, t)
			}
		}
		return out
	}
}

// Key is how the KB checker compares paraphrases: case, accents,
// punctuation and spacing ignored. Two texts with the same key are the same
// question for the review and the same paraphrase for 'guichet kb check'.
func Key(text string) string {
	words := strings.FieldsFunc(fold.Text(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(words, " ")
}
