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

func TestWithoutLanguageAside(t *testing.T) {
	cases := []struct{ in, want string }{
		{"pardon, je parle un peu français. Renouveler passeport, comment ?", "pardon, Renouveler passeport, comment ?"},
		{"sorry my French is bad, je veux renouveler mon passeport", "je veux renouveler mon passeport"},
		{"I need to renew my passport, mais je parle pas bien français sorry", "I need to renew my passport,"},
		// The aside alone is the question; "français" that names a title or a person stays.
		{"je parle un peu français", "je parle un peu français"},
		{"je suis français et je vis au Canada, passeport perdu", "je suis français et je vis au Canada, passeport perdu"},
		{"my French licence is falling apart, what do I do?", "my French licence is falling apart, what do I do?"},
		{"Mon français est pas très bon et le site est compliqué, comment faire une carte grise",
			"Mon français est pas très bon et le site est compliqué, comment faire une carte grise"},
	}
	for _, c := range cases {
		if got := withoutLanguageAside(c.in); got != c.want {
			t.Errorf("withoutLanguageAside(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
