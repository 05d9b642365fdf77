package match

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// GUICHET_LINEAR=epochs,rate,l2,skip and GUICHET_LINEAR_RUNS=runs set the
// linear classifier's training for the benchmarks, to compare settings.
func init() {
	if v := os.Getenv("GUICHET_LINEAR"); v != "" {
		p := &defaultLinear
		if _, err := fmt.Sscanf(v, "%d,%g,%g,%g", &p.epochs, &p.rate, &p.l2, &p.skip); err != nil {
			panic(err)
		}
	}
	if v := os.Getenv("GUICHET_LINEAR_RUNS"); v != "" {
		fmt.Sscan(v, &defaultLinear.runs)
	}
	if v := os.Getenv("GUICHET_LINEAR_MIN"); v != "" {
		fmt.Sscan(v, &minLinearExamples)
	}
}

// BenchmarkClassifierKFold measures the classifiers' top-1 accuracy on
// the KB's own paraphrases: every k-th paraphrase of each entry (French
// and English) is held out in turn, the classifier trained on the rest
// and asked for the held-out one's entry. It reports the accuracy of the
// centroids (centroid-%) and of the discriminative classifier (linear-%),
// and of the two close pairs the brief names. Run it once:
//
//	go test -run '^$' -bench ClassifierKFold -benchtime 1x ./kb/match
func BenchmarkClassifierKFold(b *testing.B) {
	m, err := NewEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	const k = 5
	for b.Loop() {
		var n, cent, lin int
		for f := range k {
			type held struct {
				entry string
				text  string
			}
			var test []held
			entries, exs := m.classifierExamples(m.kb, func(entry string, lang, i int) bool {
				if i%k != f {
					return false
				}
				e := m.kb.Entry(entry)
				q := e.Questions
				if lang == 1 {
					q = e.EN.Questions
				}
				test = append(test, held{entry, q[i]})
				return true
			})
			c := newClassifier(entries, exs)
			for _, h := range test {
				words := m.norm.Normalize(h.text)
				terms := m.analysis.terms(words, strings.Join(words, " "))
				var odd []string
				for _, w := range words {
					if !m.Knows(w) {
						odd = append(odd, w)
					}
				}
				s := c.score(odd, terms)
				n++
				if s.first >= 0 && c.entries[s.first] == h.entry {
					cent++
				}
				if s.firstLinear >= 0 && c.entries[s.firstLinear] == h.entry {
					lin++
				}
			}
		}
		b.ReportMetric(100*float64(cent)/float64(n), "centroid-%")
		b.ReportMetric(100*float64(lin)/float64(n), "linear-%")
		b.ReportMetric(float64(n), "paraphrases")
	}
}
