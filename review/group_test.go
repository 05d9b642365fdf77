package review

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/quality"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// fb is a fallback fact at t0 + hours, proposing candidates.
func fb(hours int, text string, candidates ...string) quality.Fact {
	return quality.Fact{Time: t0.Add(time.Duration(hours) * time.Hour), Kind: quality.KindFallback, Text: text, Candidates: candidates}
}

// summary prints a group as "size: example×count | example×count [cand:n cand:n]".
func summary(g Group) string {
	var ex, cands []string
	for _, e := range g.Examples {
		ex = append(ex, fmt.Sprintf("%s×%d", e.Text, e.Count))
	}
	for _, c := range g.Candidates {
		cands = append(cands, fmt.Sprintf("%s:%d", c.Entry, c.Count))
	}
	return fmt.Sprintf("%d: %s [%s]", g.Size, strings.Join(ex, " | "), strings.Join(cands, " "))
}

func TestGroupFacts(t *testing.T) {
	cases := []struct {
		name  string
		facts []quality.Fact
		want  []string
	}{{
		name: "similar questions meet, others stay apart; filler does not count",
		facts: []quality.Fact{fb(1, "permis bateau"), fb(2, "permis bateau"), fb(3, "prix du permis bateau"),
			fb(4, "permis de chasse"), fb(5, "bonjour je veux un permis de chasse svp")},
		want: []string{"3: permis bateau×2 | prix du permis bateau×1 []",
			"2: permis de chasse×1 | bonjour je veux un permis de chasse svp×1 []"},
	}, {
		name:  "case, accents and punctuation make no new text; the most written form shows",
		facts: []quality.Fact{fb(1, "Permis Bateau !"), fb(2, "permis bâteau"), fb(3, "permis  bâteau\n")},
		want:  []string{"3: permis bâteau×3 []"},
	}, {
		name:  "abbreviations are written out before comparing",
		facts: []quality.Fact{fb(1, "ma cg est perdue"), fb(2, "carte grise perdue")},
		want:  []string{"2: ma cg est perdue×1 | carte grise perdue×1 []"},
	}, {
		name: "masked identifiers compare as words",
		facts: []quality.Fact{fb(1, "mon dossier [numéro] est bloqué"), fb(2, "dossier [numéro] bloqué depuis un mois"),
			fb(3, "[immatriculation] refusée")},
		want: []string{"2: mon dossier [numéro] est bloqué×1 | dossier [numéro] bloqué depuis un mois×1 []",
			"1: [immatriculation] refusée×1 []"},
	}, {
		name:  "messages without a meaningful word form one group",
		facts: []quality.Fact{fb(1, "???"), fb(2, "bonjour"), fb(3, "svp merci")},
		want:  []string{"3: ???×1 | bonjour×1 | svp merci×1 []"},
	}, {
		name: "the bot's candidates, most proposed first, then by id, at most three",
		facts: []quality.Fact{fb(1, "permis bateau", "b.x", "a.x"), fb(2, "permis bateau", "c.x", "b.x", "b.x"),
			fb(3, "permis bateau côtier", "d.x", "a.x")},
		want: []string{"3: permis bateau×2 | permis bateau côtier×1 [a.x:2 b.x:2 c.x:1]"},
	}, {
		name: "only unanswered questions count",
		facts: []quality.Fact{fb(1, "permis bateau"),
			{Time: t0, Kind: quality.KindClarify, Text: "permis bateau"},
			{Time: t0, Kind: quality.KindHelpful, Value: 0, Text: "permis bateau", Entry: "permis.perte"},
			{Time: t0, Kind: quality.KindHelpful, Value: 1, Text: "permis bateau"},
			{Time: t0, Kind: quality.KindHelpful, Value: 0},
			{Time: t0, Kind: quality.KindAnswer, Text: "permis bateau"},
			fb(2, "   ")},
		want: []string{"3: permis bateau×3 [permis.perte:1]"},
	}, {
		name: "larger groups first, then the most recently seen",
		facts: []quality.Fact{fb(1, "permis de chasse"), fb(2, "vignette crit'air"), fb(3, "permis bateau"),
			fb(4, "permis bateau"), fb(5, "vignette crit'air")},
		want: []string{"2: vignette crit'air×2 []", "2: permis bateau×2 []", "1: permis de chasse×1 []"},
	}}
	analyze := NewAnalyzer(map[string]string{"cg": "carte grise"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, g := range GroupFacts(c.facts, analyze, Threshold) {
				got = append(got, summary(g))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestThreshold pins the documented threshold: sharing half of the terms
// is enough, a third is not.
func TestThreshold(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"permis bateau", "prix du permis bateau", true},                // 2/3
		{"permis bateau", "prix du permis bateau côtier", true},         // 2/4: the threshold itself
		{"permis bateau", "permis de chasse", false},                    // 1/3
		{"permis bateau côtier", "permis de chasse sous-marine", false}, // 1/6
		{"carte grise perdue", "jai perdu ma cg", true},                 // 3/3
	}
	analyze := NewAnalyzer(map[string]string{"cg": "carte grise"})
	for _, c := range cases {
		groups := GroupFacts([]quality.Fact{fb(1, c.a), fb(1, c.a), fb(2, c.b)}, analyze, Threshold)
		if same := len(groups) == 1; same != c.same {
			t.Errorf("%q and %q (Jaccard %.2f) in one group: %v, want %v", c.a, c.b,
				jaccard(set(analyze(c.a)), set(analyze(c.b))), same, c.same)
		}
	}
}

func TestGroupFields(t *testing.T) {
	facts := []quality.Fact{fb(5, "permis bateau"), fb(1, "prix du permis bateau"), fb(9, "permis bateau")}
	for i := range 30 {
		facts = append(facts, fb(10+i, fmt.Sprintf("permis bateau modèle %d", i)))
	}
	g := GroupFacts(facts, NewAnalyzer(nil), Threshold)
	if len(g) != 1 {
		t.Fatalf("%d groups, want 1", len(g))
	}
	if !g[0].FirstSeen.Equal(t0.Add(time.Hour)) || !g[0].LastSeen.Equal(t0.Add(39*time.Hour)) {
		t.Errorf("seen from %s to %s", g[0].FirstSeen, g[0].LastSeen)
	}
	if g[0].Size != 33 || g[0].Distinct != 32 || len(g[0].Examples) != MaxExamples {
		t.Errorf("size %d, distinct %d, %d examples", g[0].Size, g[0].Distinct, len(g[0].Examples))
	}
	if e := g[0].Examples[0]; e.Text != "permis bateau" || e.Count != 2 {
		t.Errorf("first example %+v, want the most frequent", e)
	}
	if g[0].ID == "" || g[0].ID != GroupFacts(facts[:3], NewAnalyzer(nil), Threshold)[0].ID {
		t.Error("the ID changes although the leading question is the same")
	}
}

// TestGroupFactsIgnoresOrder: the store may return facts in any order of
// equal times; the page must not reshuffle between two loads.
func TestGroupFactsIgnoresOrder(t *testing.T) {
	var facts []quality.Fact
	texts := []string{"permis bateau", "permis de chasse", "prix permis bateau", "vignette crit'air",
		"ok", "mon dossier [numéro] bloqué", "dossier [numéro] bloqué", "permis chasse prix", "impots"}
	for i := range 60 {
		facts = append(facts, fb(i%7, texts[i%len(texts)], texts[(i+3)%len(texts)]))
	}
	analyze := NewAnalyzer(nil)
	want := GroupFacts(facts, analyze, Threshold)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(facts), func(i, j int) { facts[i], facts[j] = facts[j], facts[i] })
		if got := GroupFacts(facts, analyze, Threshold); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled facts give other groups:\n%+v\nwant\n%+v", got, want)
		}
	}
}

// bruteCluster is the leader method without the index: every question is
// compared with every leader.
func bruteCluster(qs []*question, threshold float64) [][]*question {
	var members [][]*question
	for _, q := range qs {
		best, bestSim := -1, 0.0
		for g, m := range members {
			if s := jaccard(q.terms, m[0].terms); s >= threshold && s > bestSim {
				best, bestSim = g, s
			}
		}
		if best < 0 {
			members = append(members, nil)
			best = len(members) - 1
		}
		members[best] = append(members[best], q)
	}
	return members
}

// TestClusterIsExact: the prefix index finds exactly the groups comparing
// every question with every leader would, at any threshold.
func TestClusterIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, threshold := range []float64{0.3, 0.5, 0.6, 0.75, 1} {
		var qs []*question
		for i := range 400 {
			terms := map[string]bool{}
			for range r.IntN(7) {
				terms[fmt.Sprintf("t%d", int(r.ExpFloat64()*8))] = true
			}
			qs = append(qs, &question{key: fmt.Sprint(i), terms: terms})
		}
		got, want := cluster(qs, threshold), bruteCluster(qs, threshold)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("threshold %v: %d groups with the index, %d comparing all", threshold, len(got), len(want))
		}
	}
}

// jaccard is jaccardSorted on sets of terms.
func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
