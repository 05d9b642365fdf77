package kb

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/guichet/guichet/fold"
)

// Analyzer is the name of Guichet's French analyzer in the index mapping.
//
// Citizens write without accents far more often than with them, so accents
// are folded first (asciifolding character filter: "Été" and "ete" meet),
// then the text is split into words, lowercased, stripped of elided articles
// ("l'immatriculation" → "immatriculation"), of stop words (the French list,
// folded like the text, or "été"/"où" would slip through), and reduced by
// Bleve's light French stemmer.
const Analyzer = "guichet_fr"

const (
	stopMapName    = "guichet_stop_fr_folded"
	stopFilterName = "guichet_stop_fr"
)

// addAnalysis registers the analyzer and its parts in m.
func addAnalysis(m *mapping.IndexMappingImpl) error {
	if err := m.AddCustomTokenMap(stopMapName, map[string]any{
		"type":   tokenmap.Name,
		"tokens": foldedStopWords(),
	}); err != nil {
		return err
	}
	if err := m.AddCustomTokenFilter(stopFilterName, map[string]any{
		"type":           stop.Name,
		"stop_token_map": stopMapName,
	}); err != nil {
		return err
	}
	return m.AddCustomAnalyzer(Analyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name, fr.ElisionName, stopFilterName, englishInflectionName, fr.LightStemmerName},
	})
}

// foldedStopWords returns Bleve's French stop list, folded, and the
// English function words French does not write (english_analysis.go). The tokenmap
// constructor only accepts []any.
func foldedStopWords() []any {
	words := analysis.NewTokenMap()
	if err := words.LoadBytes(fr.FrenchStopWords); err != nil {
		panic(err) // the list is compiled in: cannot fail
	}
	out := make([]any, 0, len(words)+len(englishStopWords))
	for w := range words {
		out = append(out, fold.Text(w))
	}
	for _, w := range englishStopWords {
		out = append(out, w)
	}
	return out
}

// analyzer is built once from the same mapping code as the index, so that
// Analyze yields exactly the index's terms.
var analyzer = sync.OnceValue(func() analysis.Analyzer {
	m, err := newMapping()
	if err != nil {
		panic(err) // static configuration: a failure is a programming error
	}
	a := m.AnalyzerNamed(Analyzer)
	if a == nil {
		panic("kb: analyzer " + Analyzer + " not registered")
	}
	return a
})

// Analyze returns the terms the index holds for text, in order, repeats
// included. The matcher uses it to measure how much of a question an entry
// covers.
func Analyze(text string) []string {
	toks := analyzer().Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}
