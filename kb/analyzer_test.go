package kb

import (
	"slices"
	"testing"
)

func TestAnalyze(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"l'immatriculation", []string{"imatricul"}}, // elision, then stem
		{"L’Immatriculation", []string{"imatricul"}}, // typographic apostrophe, capitals
		{"j'ai perdu ma carte grise", []string{"perdu", "cart", "gris"}},
		{"qu'est-ce que le NEPH ?", []string{"neph"}},
		{"Été", nil}, // folded stop word ("été" → "ete")
		{"où à même été ça", []string{"ca"}}, // folded stop words; "ça" is not one
		{"Je n'ai pas reçu mon titre", []string{"recu", "titr"}},
		{"", nil},
	} {
		if got := Analyze(c.text); !slices.Equal(got, c.want) {
			t.Errorf("Analyze(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestAnalyzeMeets lists spellings citizens use that must reach the same
// terms as the editors' spelling.
func TestAnalyzeMeets(t *testing.T) {
	for _, c := range [][2]string{
		{"l'immatriculation", "immatriculation"},
		{"Déménagement", "demenagement"},
		{"carte d'identité", "carte identite"},
		{"CARTE GRISE", "carte grise"},
		{"permis", "permi"},              // light stemmer drops the final s
		{"renouvellement", "renouveler"}, // light stemmer
		{"immatriculée", "immatriculer"},
		{"Où est ma carte ?", "ou est ma carte"},
	} {
		a, b := Analyze(c[0]), Analyze(c[1])
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("Analyze(%q) = %q, Analyze(%q) = %q, want the same non-empty terms", c[0], a, c[1], b)
		}
	}
}
