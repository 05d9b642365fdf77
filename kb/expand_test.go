package kb

import "testing"

func TestExpand(t *testing.T) {
	k := &KB{abbrevs: map[string]string{"cg": "carte grise", "cni": "carte nationale d'identité", "licence": "permis"}}
	tests := map[string]string{
		"Ma CG est perdue":  "ma carte grise est perdue",
		"cni + cg":          "carte nationale d'identite carte grise",
		"l'Été":             "l ete",
		"cgu ne change pas": "cgu ne change pas",
		"":                  "",
		// an SMS spelling reads as the word it spells, expanded in turn
		"two licences": "two permis",
	}
	for in, want := range tests {
		if got := k.Expand(in); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}
