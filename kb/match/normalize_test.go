package match

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func testVocab() *vocabulary {
	v := newVocabulary()
	for _, w := range strings.Fields("permis permis conduire conduire immatriculation immatriculation passeport passeport " +
		"carte carte grise grise identite identite perdu perdu vole vole renouvellement renouvellement demande demande") {
		v.add(w)
	}
	return v
}

func TestNormalize(t *testing.T) {
	n := NewNormalizer(map[string]string{"cg": "carte grise", "CNI": "carte nationale d'identité", "rdv": "rendez-vous",
		"licence": "permis", "exchange": "échange"}, testVocab())
	tests := []struct{ in, want string }{
		{"J’ai perdu mon PERMIS", "j ai perdu mon permis"},
		{"jai perdu ma cg", "j ai perdu ma carte grise"},
		{"chui bloqué pr ma cni stp", "je suis bloque pour ma carte nationale d identite"},
		{"Été âgé née", "ete age nee"},
		{"merciiiii bcp", "merci beaucoup"},
		{"cest urgent svp", "c est urgent"},
		{"pk mon rdv est annulé", "pourquoi mon rendez vous est annule"},
		{"ou en est mon passeport", "ou en est mon passeport suivi"},
		{"je trouve plus mon permis", "je trouve plus mon permis perdu"},
		{"on le retrouve plus", "on le retrouve plus perdu"},
		{"je trouve pas le formulaire", "je trouve pas le formulaire"},
		{"merci a+", "merci a plus"},
		{"@+ !", "a plus"},
		{"pré-demande de passeport", "predemande de passeport"},
		{"Pré demande", "predemande"},
		// an English spelling reads as the word it spells, then as the KB reads that word
		{"two licences pls", "two permis"},
		{"can u help", "can you help"},
		// typos within guards
		{"imatriculation", "immatriculation"},
		{"pasport", "passeport"},
		{"renouvelement", "renouvellement"},
		{"permiss", "permis"},
		// an English greeting other than "hello" reads as one; a goodbye does not
		{"Good morning!", "good morning hello"},
		{"have a good evening", "have a good evening"},
		{"cheers", "thanks"},
		// a name inside a sentence is no typo; the same word opening it may be
		{"mon ami Permiss", "mon ami permiss"},
		{"Permiss perdu", "permis perdu"},
		// an English inflection reads as its base form's expansion
		{"two licences", "two permis"},
		{"exchanged", "echange"}, {"exchanging", "echange"},
		// guards: short words, first letter, numbers
		{"vol", "vol"},
		{"carte", "carte"},
		{"marte", "marte"},
		{"12345", ""},
		{"mon tel 06 12 34 56 78", "mon tel"},
		{"846A", "846a"},
		{"construire", "construire"},
		// odd input
		{"", ""},
		{"😀 🙏", ""},
		{"<b>permis</b>", "b permis b"},
		{"permis\xff\xfeperdu", "permis perdu"},
	}
	for _, tt := range tests {
		if got := strings.Join(n.Normalize(tt.in), " "); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSqueeze(t *testing.T) {
	for in, want := range map[string]string{"merciii": "merci", "elle": "elle", "nooon": "non", "appelle": "appelle", "aa": "aa"} {
		if got := squeeze(in); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"permis", "permis", 2, 0},
		{"permi", "permis", 2, 1},
		{"pemris", "permis", 2, 1}, // adjacent swap
		{"pasport", "passeport", 2, 2},
		{"meteo", "merci", 1, 2}, // beyond max: max+1
		{"heure", "humain", 1, 2},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"jai perdu mon permi", "", "😀", "\xff", strings.Repeat("a", 3000), "l’immat’ c’est ça"} {
		f.Add(s)
	}
	n := NewNormalizer(map[string]string{"cg": "carte grise"}, testVocab())
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range n.Normalize(s) {
			if w == "" || !utf8.ValidString(w) || strings.ContainsAny(w, " '") {
				t.Fatalf("Normalize(%q) produced word %q", s, w)
			}
		}
	})
}

// An English typo no French word is close to is corrected into the English
// paraphrases' word, then read as that word is.
func TestNormalizeEnglishTypos(t *testing.T) {
	v := testVocab()
	for _, w := range strings.Fields("received received licence licence stolen stolen") {
		v.addEnglish(w)
	}
	v.addEnglish("registred") // seen once: no target
	n := NewNormalizer(map[string]string{"licence": "permis", "stolen": "volé"}, v)
	tests := []struct{ in, want string }{
		{"recieved", "received"},
		{"my licnese was stollen", "my permis was vole"},
		{"registred", "registred"},
		// a French target first: "permiss" is a typo of "permis"
		{"permiss", "permis"},
	}
	for _, tt := range tests {
		if got := strings.Join(n.Normalize(tt.in), " "); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
