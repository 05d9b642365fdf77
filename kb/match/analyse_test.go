package match

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/kb"
)

// Looking words up in the vocabulary's analysis gives what the analyzer
// gives for the whole message: on the evaluation set's messages, and on
// words of other scripts, accents, digits glued to letters and stop words.
func TestAnalysisIsTheAnalyzers(t *testing.T) {
	m := realMatcher(t)
	texts := append(testenv.EvalTexts(t), "", "j ai perdu mon permis", "16ans 3400 1er", "ma carte grise 東京 perdue",
		"паспорт потерян", "permis de conduire ß", "zzzzqx inconnu mot", "qu est ce que c est")
	for _, text := range texts {
		words := m.norm.Normalize(text)
		query := strings.Join(words, " ")
		if got, want := m.analysis.terms(words, query), kb.Analyze(query); !slices.Equal(got, want) {
			t.Errorf("terms of %q = %q, want %q", query, got, want)
		}
	}
}

var embedded = sync.OnceValues(NewEmbedded)

// realMatcher is the matcher of the embedded knowledge base.
func realMatcher(t *testing.T) *Matcher {
	t.Helper()
	m, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
