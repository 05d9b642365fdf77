package review

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/quality"
)

// syntheticFacts returns n fallback facts over 30 days: messages of 2 to
// 7 words drawn from a vocabulary of 3,000 made-up words with Zipf's law
// (a few words in most messages, most words rare, as in real text), a
// third of them written again, like the questions a month brings.
func syntheticFacts(n int) []quality.Fact {
	r := rand.New(rand.NewPCG(7, 8))
	zipf := rand.NewZipf(r, 1.1, 2, 2999)
	word := func() string {
		i := zipf.Uint64()
		return fmt.Sprintf("mot%c%c%c", 'a'+i%26, 'a'+(i/26)%26, 'a'+(i/676)%26)
	}
	var written []string
	facts := make([]quality.Fact, 0, n)
	for i := range n {
		var text string
		if len(written) > 0 && r.IntN(3) == 0 {
			text = written[int(r.ExpFloat64()*float64(len(written))/20)%len(written)]
		} else {
			words := make([]string, 2+r.IntN(6))
			for j := range words {
				words[j] = word()
			}
			text = strings.Join(words, " ")
			written = append(written, text)
		}
		facts = append(facts, quality.Fact{Time: t0.Add(time.Duration(i) * time.Minute), Kind: quality.KindFallback,
			Text: text, Candidates: []string{fmt.Sprint("e.", i%9)}})
	}
	return facts
}

// BenchmarkGroupFacts measures what the review page costs per request
// for a month of unanswered questions:
//
//	go test -run '^$' -bench GroupFacts -benchtime 3x ./review
func BenchmarkGroupFacts(b *testing.B) {
	for _, n := range []int{1000, 10000, 30000} {
		facts := syntheticFacts(n)
		analyze := NewAnalyzer(nil)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var groups int
			for b.Loop() {
				groups = len(GroupFacts(facts, analyze, Threshold))
			}
			b.ReportMetric(float64(groups), "groups")
		})
	}
}
