package kb

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

// scorerKB is a KB of two entries: one whose paraphrases all say "carte
// grise", and one that says "vendu" once.
func scorerKB(t *testing.T) *Index {
	t.Helper()
	fsys := fstest.MapFS{}
	var b strings.Builder
	b.WriteString("domain: civ\nentries:\n")
	entry := func(id, keyword string, questions []string) {
		fmt.Fprintf(&b, "  - id: %s\n    title: Entrée %s\n    keywords: [%s]\n    questions:\n", id, id, keyword)
		for _, q := range questions {
			fmt.Fprintf(&b, "      - %s\n", q)
		}
		fmt.Fprintf(&b, "    answer: Réponse.\n    source: https://www.service-public.fr/\n    reviewed: 2026-12-04\n\n")
	}
	var common []string
	for _, w := range []string{"ma", "la", "sa", "une", "cette", "notre", "votre", "leur", "ta", "ces"} {
		common = append(common, w+" carte grise")
	}
	entry("civ.commune", "immatriculation", common)
	entry("civ.vente", "cession", []string{"j'ai vendu ma voiture hier soir, que dois-je faire maintenant ?", "déclarer la cession",
		"cession en ligne", "je cède mon auto", "céder ma moto", "donner mon scooter à mon fils",
		"code de cession", "certificat de cession", "délai de cession", "cession oubliée"})
	fsys["civ.yaml"] = &fstest.MapFile{Data: []byte(b.String())}
	fsys[ModelFile] = &fstest.MapFile{Data: testModel(t)}
	return newIndex(t, mustLoad(t, fsys))
}

// A document's score is its BM25 weight for the terms it holds, whatever
// else the query asks: Bleve's disjunction multiplied it by the share of
// the query's terms matched, so "carte" and "grise" in a short paraphrase
// counted twice as much as "vendu", which said what the message was about.
// The weight is the same for "vendu" alone and within a longer query.
func TestScorerIsBM25WithoutCoordination(t *testing.T) {
	x := scorerKB(t)
	const sold = "j'ai vendu ma voiture hier soir, que dois-je faire maintenant ?"
	// The textbook weight of "vendu" in that paraphrase.
	var n, total float64
	var length float64
	for _, e := range x.KB().Entries() {
		for _, q := range e.Questions {
			terms := Analyze(q)
			n++
			total += float64(len(terms))
			if q == sold {
				length = float64(len(terms))
			}
		}
	}
	idf := math.Log(1 + (n-1+0.5)/(1+0.5))
	want := idf * (1 + bm25K1) / (1 + bm25K1*(1-bm25B+bm25B*length/(total/n)))
	for _, query := range []string{"vendu", "vendu carte grise", "vendu carte grise ma voiture rose"} {
		hits, err := x.Search(query, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got *Hit
		for i := range hits {
			if hits[i].Entry == "civ.vente" {
				got = &hits[i]
			}
		}
		if got == nil || got.Question != sold {
			t.Fatalf("Search(%q) = %+v, want civ.vente by %q", query, hits, sold)
		}
		if query != "vendu carte grise ma voiture rose" && math.Abs(got.Score-want) > 1e-4 {
			t.Errorf("Search(%q): civ.vente scores %.5f, want %.5f", query, got.Score, want)
		}
	}
}

func TestScorerCountsEachTermOnce(t *testing.T) {
	x := scorerKB(t)
	once, err := x.SearchTerms(Analyze("vendu carte"), 0)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := x.SearchTerms(Analyze("vendu vendu carte carte"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(once) != fmt.Sprint(twice) {
		t.Errorf("repeated terms changed the result:\n%v\n%v", once, twice)
	}
}

// Searches share scratch space: one must leave nothing behind for the next.
func TestScorerForgetsThePreviousSearch(t *testing.T) {
	x := scorerKB(t)
	first, _ := x.Search("carte grise perdue", 0)
	x.Search("vendu voiture cession permis", 0)
	again, _ := x.Search("carte grise perdue", 0)
	if fmt.Sprint(first) != fmt.Sprint(again) {
		t.Errorf("same search, different results:\n%v\n%v", first, again)
	}
}

// A search for the best few keeps them as they are found instead of
// sorting every entry touched: it must give the head of the full ranking,
// ties included (equal scores in KB order).
func TestScorerBestFewAreTheHeadOfTheRanking(t *testing.T) {
	k, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	x := newIndex(t, k)
	for _, query := range []string{"permis perdu", "carte grise", "carte", "bonjour", "passeport",
		"j'ai vendu ma voiture et je dois faire quoi pour la carte grise du nouveau propriétaire",
		"renouveler ma carte d'identité périmée avant un voyage", "zzz"} {
		all, err := x.Search(query, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 3, 5, len(all), len(all) + 1} {
			few, err := x.Search(query, n)
			if err != nil {
				t.Fatal(err)
			}
			if want := all[:min(n, len(all))]; fmt.Sprint(few) != fmt.Sprint(want) {
				t.Errorf("Search(%q, %d) = %v, want %v", query, n, few, want)
			}
		}
	}
}
