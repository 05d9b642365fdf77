package kb

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func newValidIndex(t testing.TB) *Index { return newIndex(t, loadValid(t)) }

// newIndex indexes k for the test, closed when it ends.
func newIndex(t testing.TB, k *KB) *Index {
	t.Helper()
	x, err := NewIndex(k)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func TestSearchRanking(t *testing.T) {
	x := newValidIndex(t)
	for _, c := range []struct{ query, want string }{
		{"j'ai perdu mon permis", "permis.perte"},
		{"jai perdu mon permi", "permis.perte"},
		{"on m'a volé mon permis hier", "permis.vol"},
		{"vol permis", "permis.vol"},
		{"je dois refaire mon permis", "permis.refaire"},
		{"rendez-vous mairie carte d'identité", "cni.demande"},
		{"cni expirée", "cni.demande"},
		{"je déménage, ma carte grise doit changer ?", "civ.changement-adresse"},
		{"DEMENAGEMENT carte grise", "civ.changement-adresse"},
		{"je veux parler à un conseiller", "conseiller.humain"},
		{"un humain svp", "conseiller.humain"},
	} {
		hits, err := x.Search(c.query, 3)
		if err != nil {
			t.Fatalf("Search(%q): %v", c.query, err)
		}
		if len(hits) == 0 || hits[0].Entry != c.want {
			t.Errorf("Search(%q) = %+v, want %s first", c.query, hits, c.want)
		}
	}
}

func TestSearchBestHitPerEntry(t *testing.T) {
	x := newValidIndex(t)
	hits, err := x.Search("permis perdu volé refaire", 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, h := range hits {
		if seen[h.Entry] {
			t.Errorf("entry %s returned twice", h.Entry)
		}
		seen[h.Entry] = true
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("hits not sorted by score: %+v", hits)
		}
		if !slices.Contains(x.KB().Entry(h.Entry).Questions, h.Question) {
			t.Errorf("hit question %q is not a paraphrase of %s", h.Question, h.Entry)
		}
	}
	if len(hits) < 3 {
		t.Errorf("want the three permis entries, got %+v", hits)
	}
	if two, _ := x.Search("permis perdu volé refaire", 2); len(two) != 2 || two[0] != hits[0] {
		t.Errorf("Search(n=2) = %+v", two)
	}
}

func TestSearchNothing(t *testing.T) {
	x := newValidIndex(t)
	for _, q := range []string{"", "   ", "où à même", "météo demain"} {
		hits, err := x.Search(q, 5)
		if err != nil || len(hits) != 0 {
			t.Errorf("Search(%q) = %+v, %v; want nothing", q, hits, err)
		}
	}
}

// TestVocabularyIsAnalyze proves that Analyze of the expanded text yields
// exactly the terms the index holds: the matcher's coverage and typo
// correction depend on it.
func TestVocabularyIsAnalyze(t *testing.T) {
	x := newValidIndex(t)
	want := map[string]bool{}
	docs := 0
	for _, e := range x.KB().Entries() {
		for _, q := range e.Questions {
			docs++
			for _, text := range append([]string{q, e.Title}, e.Keywords...) {
				for _, term := range Analyze(x.KB().Expand(text)) {
					want[term] = true
				}
			}
		}
	}
	if got := x.Vocabulary(); !slices.Equal(got, slices.Sorted(maps.Keys(want))) {
		t.Errorf("Vocabulary() = %q\nwant %q", got, slices.Sorted(maps.Keys(want)))
	}
	if x.NumDocs() != docs {
		t.Errorf("NumDocs() = %d, want %d", x.NumDocs(), docs)
	}
}

func TestDocFreq(t *testing.T) {
	x := newValidIndex(t)
	has := func(text, term string) bool { return slices.Contains(Analyze(x.KB().Expand(text)), term) }
	for _, term := range []string{"humain", "permi", "inconnu"} {
		want := 0 // documents: each paraphrase, and each entry's title and keywords
		for _, e := range x.KB().Entries() {
			if has(e.Title+" "+strings.Join(e.Keywords, " "), term) {
				want++
			}
			for _, q := range e.Questions {
				if has(q, term) {
					want++
				}
			}
		}
		if got := x.DocFreq(term); got != want || term != "inconnu" && want == 0 {
			t.Errorf("DocFreq(%q) = %d, want %d (and more than 0 for a word of the fixtures)", term, got, want)
		}
	}
}
