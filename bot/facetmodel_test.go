package bot

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/kb"
)

// The embedded training data parses, covers every facet and "none", and
// the model fits it: a model that cannot fit its own data learned nothing.
func TestFacetModelData(t *testing.T) {
	examples, err := readFacetExamples(facetTrainData)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, ex := range examples {
		count[ex.Facet]++
	}
	for _, l := range append([]string{facetNone}, kb.FacetNames...) {
		if count[l] < 50 {
			t.Errorf("%s: %d training messages, want at least 50", l, count[l])
		}
	}
	m := facetClassifier()
	right := 0
	for _, ex := range examples {
		if f, _ := m.predict(ex.Say); f == ex.Facet {
			right++
		}
	}
	if share := float64(right) / float64(len(examples)); share < 0.9 {
		t.Errorf("the model reads %.1f%% of its own training messages right, want at least 90%%", 100*share)
	}
}

// Bad training lines are refused with their line and what is wrong.
func TestFacetModelRefusesBadData(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{`{"say": "c'est payant ?", "facet": "prix"}`, `facets-train.jsonl:1: facet "prix" is none of`},
		{"{\"say\": \"ok\", \"facet\": \"none\"}\n{\"say\": \"  \", \"facet\": \"cout\"}", `facets-train.jsonl:2: empty "say"`},
		{`{"say": "c'est payant ?", "facet": "cout"`, "facets-train.jsonl:1: unexpected end of JSON input"},
	} {
		_, err := trainFacetModel([]byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("trainFacetModel(%q) = %v, want an error containing %q", tt.data, err, tt.want)
		}
	}
}

// The model guesses a facet only where no phrase reads one, in a question
// that is not a follow-up, and only for a message read with the KB's
// words; what the phrases read stays, and the guess is kept apart.
func TestFacetModelFillsOnlyGaps(t *testing.T) {
	m, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text    string
		facets  string // read by the phrases
		guessed string // by the model
	}{
		{"faut un acte de naissance pour refaire mon passeport ?", "", kb.FacetDocuments},
		{"faut un acte de naissance pour refaire mon passeport", "", kb.FacetDocuments}, // asked without "?"
		{"le papier de la police me permet de rouler", "", kb.FacetMeanwhile},
		{"combien coûte un passeport ?", kb.FacetCost, ""},
		{"le délai je m'en fiche, c'est combien ?", kb.FacetCost, ""},
		{"et pour ma fille de 12 ans ?", "", ""},                        // a follow-up keeps the facet before it
		{"il faut un mandat signé ?", "", ""},                           // too unsure of the papers
		{"combien de points il me reste ?", "", ""},                     // counts points
		{"merci, il faut un mandat signé ?", "", ""},                    // thanks
		{"on m'a volé mon permis", "", ""},                              // tells, asks nothing
		{"je veux parler à un conseiller, il faut un mandat ?", "", ""}, // a person asked for
	} {
		r := readMessage(m, tt.text)
		if got := strings.Join(r.facets, ","); got != tt.facets || r.guessed != tt.guessed {
			t.Errorf("%q: facets %q guessed %q, want %q and %q", tt.text, got, r.guessed, tt.facets, tt.guessed)
		}
		if plain := read(tt.text, m.KB().Abbreviations(), m.Knows); plain.guessed != "" {
			t.Errorf("%q: guessed %q without the KB's words", tt.text, plain.guessed)
		}
	}
}

// BenchmarkFacetModelTrain is what training the facet model adds to an
// engine's start (once per process).
func BenchmarkFacetModelTrain(b *testing.B) {
	for b.Loop() {
		if _, err := trainFacetModel(facetTrainData); err != nil {
			b.Fatal(err)
		}
	}
}
