package match

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/kb"
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

// A glued elision that paraphrases written on a phone put in the
// vocabulary is read as two words when it is rare and the word it glues is
// common; a word as common as that is a word.
func TestNormalizeGluedInVocabulary(t *testing.T) {
	v := newVocabulary()
	for _, w := range strings.Fields("lassurance assurance assurance assurance assurance assurance " +
		"maire maire maire maire aire aire aire aire aire aire aire aire aire aire aire aire aire aire aire aire aire aire aire aire") {
		v.add(w)
	}
	for _, w := range strings.Fields("identite identite identite identite identite demande demande demande demande demande " +
		"avez avez avez avez avez antes") {
		v.add(w)
	}
	n := NewNormalizer(map[string]string{"cg": "carte grise"}, v)
	for in, want := range map[string]string{"lassurance": "l assurance", "maire": "maire", "assurance": "assurance",
		// not in the vocabulary: split when the word glued is common, or
		// an abbreviation
		"lidentite": "l identite", "jdemande": "j demande", "didentite": "d identite", "dcg": "dcg",
		"savez": "savez", "jantes": "jantes", "lcg": "lcg", "jcg": "jcg"} {
		if got := strings.Join(n.Normalize(in), " "); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
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

// correctSlowly is correct without its shortcuts: every word of a close
// length is measured, French targets first, then English ones.
func correctSlowly(v *vocabulary, w string) string {
	if len(w) < 5 || v.has(w) || isNumber(w) {
		return w
	}
	maxDist := 1
	if len(w) >= 7 {
		maxDist = 2
	}
	best, bestDist, bestFreq := w, maxDist+1, 0
	for l := len(w) - maxDist; l <= len(w)+maxDist; l++ {
		for _, c := range v.byLength[l] {
			if c[0] != w[0] || v.freq[c] < 2 {
				continue
			}
			if d := distance(w, c, maxDist); d <= maxDist && (d < bestDist || d == bestDist && v.freq[c] > bestFreq) {
				best, bestDist, bestFreq = c, d, v.freq[c]
			}
		}
	}
	if bestDist <= maxDist {
		return best
	}
	english := slices.Sorted(maps.Keys(v.english))
	for l := len(w) - maxDist; l <= len(w)+maxDist; l++ {
		for _, c := range english {
			if len(c) != l || c[0] != w[0] || v.english[c] < 2 || v.freq[c] > 0 {
				continue
			}
			if d := distance(w, c, maxDist); d <= maxDist && (d < bestDist || d == bestDist && v.english[c] > bestFreq) {
				best, bestDist, bestFreq = c, d, v.english[c]
			}
		}
	}
	return best
}

// Ruling candidates out by the letters they hold never changes a
// correction: the KB's vocabulary against the words of the evaluation set
// and every one- and two-edit typo of some KB words.
func TestCorrectionShortcutsChangeNothing(t *testing.T) {
	m := realMatcher(t)
	v := m.norm.vocab
	var words []string
	for _, text := range testenv.EvalTexts(t) {
		words = append(words, Words(fold.Text(text))...)
	}
	for _, w := range []string{"passeport", "immatriculation", "renouvellement", "permis", "conduire", "duplicata", "received", "registration", "stolen"} {
		for _, a := range typos(w) {
			words = append(words, a)
			words = append(words, typos(a)...)
		}
	}
	for _, w := range words {
		if got, want := v.correct(w), correctSlowly(v, w); got != want {
			t.Errorf("correct(%q) = %q, want %q", w, got, want)
		}
	}
}

// typos returns the words one edit away from w: a letter deleted, doubled,
// replaced by 'e' or 'z', or swapped with the next one.
func typos(w string) []string {
	var out []string
	for i := 0; i < len(w); i++ {
		out = append(out, w[:i]+w[i+1:], w[:i+1]+w[i:], w[:i]+"e"+w[i+1:], w[:i]+"z"+w[i+1:])
		if i+1 < len(w) {
			out = append(out, w[:i]+string(w[i+1])+string(w[i])+w[i+2:])
		}
	}
	return out
}

// Words splits as strings.FieldsFunc does with its rule, whatever the
// script, the punctuation or the bytes.
func TestWordsIsFieldsFunc(t *testing.T) {
	texts := append(testenv.EvalTexts(t), "", " ", "j'ai perdu", "ÉTÉ à Paris!!", "東京 паспорт ß 3ème", "a\xffb\xc3",
		"mot-à-mot...fin", "\u00a0espace\u2009fine", "x₂ ½ ٣٤")
	for _, text := range texts {
		for _, s := range []string{text, fold.Text(text)} {
			want := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if got := Words(s); !slices.Equal(got, want) || got == nil {
				t.Errorf("Words(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

// The per-word look-up table gives what the whole way gives (SMS
// spellings and abbreviations expanded in turn, English base forms, typo
// correction, proper names): the eval texts, English ones, and every SMS
// spelling and abbreviation, alone and capitalised inside a sentence.
func TestNormalizeLookupChangesNothing(t *testing.T) {
	n := realMatcher(t).norm
	slow := *n
	slow.lookup = nil
	texts := append(testenv.EvalTexts(t), "my licnese was stollen", "I exchanged my licences in Spain",
		"recieved nothing from Chile", "Lost my Licence. Please help", "pls cheers thx u r gr8")
	for w := range kb.SMS {
		texts = append(texts, w, "je dis "+strings.ToUpper(w[:1])+w[1:])
	}
	for w := range n.abbrev {
		texts = append(texts, w, "on a "+strings.ToUpper(w[:1])+w[1:]+" ici")
	}
	for _, text := range texts {
		if got, want := n.Normalize(text), slow.Normalize(text); !slices.Equal(got, want) {
			t.Errorf("Normalize(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestJoinSpelled(t *testing.T) {
	known := func(w string) bool { return w == "neph" || w == "cni" }
	for _, c := range []struct{ in, want string }{
		{"le numero n e p h on l obtient comment", "le numero neph on l obtient comment"},
		{"ma c n i est perdue", "ma cni est perdue"},
		{"y a t il des frais", "y a t il des frais"},     // not a known word
		{"i m a french citizen", "i m a french citizen"}, // nor this
		{"le permis b", "le permis b"},
		{"n e p h", "neph"},
	} {
		if got := strings.Join(JoinSpelled(strings.Fields(c.in), known), " "); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeJoinsSpelledAcronyms(t *testing.T) {
	n := NewNormalizer(map[string]string{"neph": "numéro d'enregistrement"}, nil)
	for in, want := range map[string]string{
		"le numéro n e p h, je le trouve où ?": "le numero numero d enregistrement je le trouve ou",
		"y a-t-il des frais ?":                 "y a t il des frais", // no known word "yat"
	} {
		if got := strings.Join(n.words(in), " "); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
