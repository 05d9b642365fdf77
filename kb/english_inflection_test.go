package kb

import (
	"strings"
	"testing"
)

// The forms of one English word give one term, so a message meets a
// paraphrase that inflects it otherwise.
func TestEnglishInflectionsShareATerm(t *testing.T) {
	families := []string{
		"exchange exchanges exchanged exchanging",
		"apply applies applied applying",
		"move moves moved moving",
		"live lives lived living",
		"declare declares declared declaring",
		"require required requiring",
		"refuse refused refusing",
		"stop stopped stopping",
		"study studies studied studying",
		"marry married marrying",
		"receive received receiving",
		"renew renewed renewing",
		"repair repaired repairing",
		"country countries",
		"realise realised realize realized",
		"colour colours color",
		// English "-ity" meets French "-ité"
		"identity identité identite",
	}
	for _, f := range families {
		words := strings.Fields(f)
		want := Analyze(words[0])
		for _, w := range words[1:] {
			if got := Analyze(w); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s: terms %v, %s: %v", words[0], want, w, got)
			}
		}
	}
}

// French words keep the terms the French stemmer gives them.
func TestEnglishInflectionLeavesFrench(t *testing.T) {
	for _, pair := range [][2]string{
		{"mairie", "mairies"}, {"copie", "copies"}, {"pied", "pied"}, {"sortie", "sorties"},
	} {
		if a, b := Analyze(pair[0]), Analyze(pair[1]); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%s: %v, %s: %v", pair[0], a, pair[1], b)
		}
	}
	for _, w := range []string{"pied", "bled", "string", "thing"} {
		if got := englishBase(w); got != w {
			t.Errorf("englishBase(%q) = %q, want it unchanged", w, got)
		}
	}
}
