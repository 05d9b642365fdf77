package review

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"

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
			if !fillerTerms[t] {
				out = append(out, t)
			}
		}
		return out
	}
}

// filler lists everyday words that the French stop list keeps but that say
// nothing about the subject of a question. It follows the matcher's list
// (kb/match), which uses it to weigh coverage: here two questions sharing
// only "bonjour" and "veux" must not look alike.
const filler = "si ca cela ceci comme alors donc aussi tres plus deja encore tout toute tous rien quand " +
	"comment quoi quel quelle quels combien pourquoi ou oui non bien faire fait veux voudrais vouloir peux " +
	"pouvoir dois devoir faut falloir svp merci bonjour bonsoir salut madame monsieur aide aider besoin " +
	"question savoir sais demande demander avoir etre mon ma mes"

var fillerTerms = func() map[string]bool {
	set := map[string]bool{}
	for _, t := range kb.Analyze(filler) {
		set[t] = true
	}
	return set
}()

// Key is how the KB checker compares paraphrases: case, accents,
// punctuation and spacing ignored. Two texts with the same key are the same
// question for the review and the same paraphrase for 'guichet kb check'.
func Key(text string) string {
	folded := strings.ToLower(string(folder.Filter([]byte(text))))
	words := strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(words, " ")
}

// folder is the character filter the KB checker folds paraphrases with.
var folder = asciifolding.New()
