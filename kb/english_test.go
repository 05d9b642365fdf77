package kb

import (
	"slices"
	"testing"
)

func TestEnglishFixture(t *testing.T) {
	k, err := LoadDir("testdata/english")
	if err != nil {
		t.Fatal(err)
	}
	perte := k.Entry("permis.perte")
	if perte.EN == nil || perte.EN.ShortTitle() != "Lost licence" || len(perte.EN.Questions) != 8 {
		t.Fatalf("permis.perte EN = %+v", perte.EN)
	}
	if perte.EN.Facets[FacetCost] == "" {
		t.Error("permis.perte: English cost facet missing")
	}
	if vol := k.Entry("permis.vol"); vol.EN == nil || vol.EN.Answer != "" {
		t.Errorf("permis.vol: want a translation without an answer, got %+v", vol.EN)
	}
	if k.Entry("cni.demande").EN != nil {
		t.Error("cni.demande has no translation")
	}
	ref := k.Entry("permis.refaire").EN
	if len(ref.Choices) != 4 || ref.Choices[2].Choices[1].Label != "Unreadable" {
		t.Errorf("permis.refaire choices = %+v", ref.Choices)
	}
}

func TestMissingFacts(t *testing.T) {
	fr := "Un timbre fiscal de 25 € (86 € pour un passeport), sur https://ants.gouv.fr/ . Appelez le 34 00."
	for _, c := range []struct {
		en   string
		miss []string
	}{
		{"A €25 stamp on https://ants.gouv.fr/.", nil},
		{"€86 for a passport, call 34 00", nil},
		{"A €25.50 stamp", []string{"50"}},
		{"See https://ants.gouv.fr/faq for €30", []string{"https://ants.gouv.fr/faq", "30"}},
		{"See http://ants.gouv.fr/", nil}, // scheme differs: insecureLinks reports it
		{"Within 2 months", []string{"2"}},
	} {
		got := MissingFacts(c.en, fr)
		if c.en == "See http://ants.gouv.fr/" {
			if len(got) != 1 {
				t.Errorf("MissingFacts(%q) = %q, want the http link", c.en, got)
			}
			continue
		}
		if !slices.Equal(got, c.miss) {
			t.Errorf("MissingFacts(%q) = %q, want %q", c.en, got, c.miss)
		}
	}
}

// TestShippedEnglishFacts checks, independently of the checker, that every
// number, fee and link of the shipped English text is in the French text
// of its entry (answer and facets, or the French choice's answer).
func TestShippedEnglishFacts(t *testing.T) {
	k, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range k.Entries() {
		if e.EN == nil {
			continue
		}
		n++
		pool := frenchFacts(e.Answer, e.Facets)
		texts := []string{e.EN.Answer}
		for _, f := range e.EN.Facets {
			texts = append(texts, f)
		}
		for _, text := range texts {
			if miss := MissingFacts(text, pool); len(miss) > 0 {
				t.Errorf("%s: English text gives %q, not in the French one", e.ID, miss)
			}
		}
		var walk func([]ChoiceTranslation, []Choice)
		walk = func(en []ChoiceTranslation, fr []Choice) {
			for i := range min(len(en), len(fr)) {
				if miss := MissingFacts(en[i].Answer, fr[i].Answer+"\n"+fr[i].Prompt+"\n"+pool); len(miss) > 0 {
					t.Errorf("%s: choice %q gives %q, not in the French one", e.ID, en[i].Label, miss)
				}
				walk(en[i].Choices, fr[i].Choices)
			}
		}
		walk(e.EN.Choices, e.Choices)
	}
	t.Logf("%d entries of the shipped KB have an English translation", n)
}
