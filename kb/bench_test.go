package kb

import (
	"testing"

	"github.com/guichet/guichet/internal/testenv"
)

// benchQueries look like what citizens type, after normalisation.
var benchQueries = []string{
	"j'ai perdu mon permis de conduire",
	"carte grise changement d'adresse demenagement",
	"rendez-vous mairie carte d'identité",
	"combien coute un passeport",
	"mon dossier est bloqué depuis un mois",
	"je veux parler à un conseiller",
	"vendre ma voiture code de cession",
	"suivre ma demande de permis",
}

func embeddedKB(tb testing.TB) *KB {
	tb.Helper()
	k, err := Load(Embedded())
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// The start-up budget (load, validation and index under a second) is
// measured by BenchmarkLoad and BenchmarkNewIndex, not asserted: a loaded
// machine made a timed test fail on a build that takes 0.1 s.
// benchIndex is the embedded KB's index, closed when the benchmark ends.
func benchIndex(b *testing.B) *Index {
	x, err := NewIndex(embeddedKB(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { x.Close() })
	return x
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		embeddedKB(b)
	}
}

func BenchmarkNewIndex(b *testing.B) {
	k := embeddedKB(b)
	b.ReportAllocs()
	for b.Loop() {
		x, err := NewIndex(k)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

func BenchmarkSearch(b *testing.B) {
	x := benchIndex(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := x.Search(benchQueries[i%len(benchQueries)], 5); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSearchTerms is the scorer alone on the evaluation set's
// messages, analysed beforehand: what a widget answer's search costs
// (about 5,000 postings per message on round six's KB).
func BenchmarkSearchTerms(b *testing.B) {
	x := benchIndex(b)
	var queries [][]string
	for _, t := range testenv.EvalTexts(b) {
		queries = append(queries, Analyze(t))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := x.SearchTerms(queries[i%len(queries)], 5); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkSearchParallel(b *testing.B) {
	x := benchIndex(b)
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			if _, err := x.Search(benchQueries[i%len(benchQueries)], 5); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	for b.Loop() {
		Analyze("Bonjour, j'ai perdu l'immatriculation de ma voiture après mon déménagement")
	}
}
