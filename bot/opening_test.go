package bot

import "testing"

func TestWithoutOpening(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ok bon sinon je cherche le tarif d'une carte grise", "je cherche le tarif d'une carte grise"},
		{"d'accord, alors je fais un passeport, c'est combien ?", "je fais un passeport, c'est combien ?"},
		{"Du coup, il faut un acte de naissance ?", "il faut un acte de naissance ?"},
		{"Très bien. Et pour la carte grise ?", "Et pour la carte grise ?"},
		// Too little would remain, or the words are the question.
		{"ok merci", "ok merci"},
		{"oui pour le permis", "pour le permis"},
		{"oui le permis", "oui le permis"},
		{"bonjour je cherche le tarif", "bonjour je cherche le tarif"},
		{"donc", "donc"},
		{"", ""},
		// "en" and "par" open a question when no marker follows.
		{"en combien de temps j'ai mon permis", "en combien de temps j'ai mon permis"},
		{"par où commencer pour la carte grise", "par où commencer pour la carte grise"},
	}
	for _, c := range cases {
		if got := withoutOpening(c.in); got != c.want {
			t.Errorf("withoutOpening(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
