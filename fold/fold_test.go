package fold_test

import (
	"testing"

	"github.com/guichet/guichet/fold"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Été À Œuvre ÇA":        "ete a oeuvre ca",
		"J’ai PERDU mon permis": "j'ai perdu mon permis",
		"NAÏVE cœur ñ ß":        "naive coeur n ss",
		"carte\xffgrise":        "carte grise",
		"déjà-vu, 3 fois !":     "deja-vu, 3 fois !",
		"":                      "",
	}
	for in, want := range tests {
		if got := fold.Text(in); got != want {
			t.Errorf("fold.Text(%q) = %q, want %q", in, got, want)
		}
	}
}
