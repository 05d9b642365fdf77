package match_test

import (
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/lang"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

var answerThreshold = config.Default().Bot.AnswerThreshold

var real = sync.OnceValue(func() *match.Matcher {
	m, err := match.NewEmbedded()
	if err != nil {
		panic(err)
	}
	return m
})

func TestMatchRealKB(t *testing.T) {
	m := real()
	tests := []struct {
		text, want string
		sure       bool // confidence at or above the default answer threshold
	}{
		{"j'ai perdu mon permis de conduire", "permis.perte", true},
		{"on m'a volé mon permis", "permis.vol", true},
		{"changement d'adresse carte grise", "civ.changement-adresse", true},
		{"je veux parler à un conseiller", "conseiller.humain", true},
		{"bonjour", "smalltalk.bonjour", true},
		{"combien coute un passeport", "passeport.demande", false},
	}
	for _, tt := range tests {
		r, err := m.Match(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		top := r.Top()
		if top.Entry != tt.want || tt.sure && top.Confidence < answerThreshold {
			t.Errorf("Match(%q) = %s (%.2f), want %s", tt.text, top.Entry, top.Confidence, tt.want)
		}
	}
}

// Out-of-scope messages that share words with the KB must not be matched
// confidently: that is what the unknown-word and coverage signals are for.
func TestOutOfScopeIsNotConfident(t *testing.T) {
	m := real()
	for _, text := range []string{"permis de construire une véranda", "quelle est la météo à Paris demain",
		"comment investir en bourse", "recette du boeuf bourguignon"} {
		r, err := m.Match(text)
		if err != nil {
			t.Fatal(err)
		}
		top := r.Top()
		if top.Confidence >= answerThreshold && !strings.HasPrefix(top.Entry, "hors-champ.") {
			t.Errorf("Match(%q) = %s with confidence %.2f", text, top.Entry, top.Confidence)
		}
	}
}

func TestContextResolvesFollowUps(t *testing.T) {
	m := real()
	r, err := m.MatchInContext("et si c'est volé ?", "permis.perte", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Top().Entry != "permis.vol" || !r.Contextual {
		t.Errorf("follow-up = %s (contextual %v), want permis.vol", r.Top().Entry, r.Contextual)
	}
	r, _ = m.MatchInContext("j'ai perdu mon passeport", "permis.perte", "")
	if r.Contextual || r.Top().Entry != "passeport.perte-vol" {
		t.Errorf("a complete question must not be bent by the topic: %s (contextual %v)", r.Top().Entry, r.Contextual)
	}
}

// A follow-up about one identity title reads with that title's words:
// both titles together name the entry about applying for the two at once.
func TestContextOfOneIdentityTitle(t *testing.T) {
	m := real()
	for _, text := range []string{"qui je dois contacter ?", "elle a besoin d'une nouvelle photo ?"} {
		r, err := m.MatchInContext(text, "titre.personne-immobilisee", "cni")
		if err != nil {
			t.Fatal(err)
		}
		if r.Top().Entry == "titre.double-demande" {
			t.Errorf("%q after an identity card's entry: %s, the entry for both titles at once", text, r.Top().Entry)
		}
	}
}

func TestConfidenceIsAProbability(t *testing.T) {
	m := real()
	for _, text := range []string{"", "a", strings.Repeat("permis perdu ", 500), "😀", "\xff\xfe", "<script>alert(1)</script>"} {
		r, err := m.Match(text)
		if err != nil {
			t.Fatalf("Match(%q): %v", text, err)
		}
		for _, c := range r.Candidates {
			if c.Confidence < 0 || c.Confidence > 1 {
				t.Errorf("Match(%q): confidence %v out of [0, 1]", text, c.Confidence)
			}
		}
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{"jai perdu mon permi", "", "cg", "\xff", "et si c'est volé ?", "NOT AND OR +-~*?"} {
		f.Add(s)
	}
	m := real()
	f.Fuzz(func(t *testing.T, s string) {
		r, err := m.MatchInContext(s, "permis.perte", "")
		if err != nil {
			t.Fatalf("MatchInContext(%q): %v", s, err)
		}
		if len(r.Candidates) > 0 && r.Top().Confidence > 1 {
			t.Fatalf("confidence > 1")
		}
	})
}

// BenchmarkMatch measures normalisation plus matching over the
// repository's evaluation set, one message per op, with a fresh matcher
// (empty cache) each round so that every message pays for its search.
func BenchmarkMatch(b *testing.B) {
	k, err := kb.Load(kb.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	idx, err := kb.NewIndex(k)
	if err != nil {
		b.Fatal(err)
	}
	texts := testenv.EvalTexts(b)
	b.ReportAllocs()
	b.ResetTimer()
	var m *match.Matcher
	for i := 0; i < b.N; i++ {
		if i%len(texts) == 0 {
			b.StopTimer()
			m = match.New(k, idx) // the eval set has no repeats within a round
			runtime.GC()          // the replaced matcher's garbage is not the messages' cost
			b.StartTimer()
		}
		if _, err := m.Match(texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkMatchCached is the same traffic once every message has been
// seen: what a repeated question costs.
func BenchmarkMatchCached(b *testing.B) {
	m := real()
	texts := testenv.EvalTexts(b)
	for _, t := range texts {
		m.Match(t)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Match(texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

func TestCacheGivesTheSameResult(t *testing.T) {
	m := real()
	for _, text := range []string{"jai perdu mon permi", "J'AI PERDU MON PERMIS", "carte grise perdue"} {
		a, _ := m.Match(text)
		b, _ := m.Match(text)
		if a.Top().Entry != b.Top().Entry || a.Top().Confidence != b.Top().Confidence {
			t.Errorf("Match(%q) changed between calls: %+v vs %+v", text, a.Top(), b.Top())
		}
	}
}

// Typo correction bends misspellings towards the KB's words, never a real
// word into a greeting.
func TestTypoIsNotCorrectedIntoSmallTalk(t *testing.T) {
	m := real()
	for text, want := range map[string]string{
		"comment en ravoir un": "comment en ravoir un",
		"pasport perdu":        "passeport perdu",
	} {
		if got := strings.Join(m.Normalize(text), " "); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", text, got, want)
		}
	}
}

// Foreign finds the rare word a follow-up brings that the topic does not
// know, and Share tells how much an entry is about it.
func TestForeignAndShare(t *testing.T) {
	m := real()
	r, err := m.Match("et le certificat de non gage je le trouve où ?")
	if err != nil {
		t.Fatal(err)
	}
	term, rarity := m.Foreign(r.Terms, "civ.code-cession")
	if term == "" || rarity < 0.5 {
		t.Fatalf("Foreign = %q, %.2f; want a rare word the transfer code entry lacks", term, rarity)
	}
	if s := m.Share("civ.certificat-situation", term); s < 0.15 {
		t.Errorf("Share(civ.certificat-situation, %q) = %.2f, want the entry to be about it", term, s)
	}
	if s := m.Share("civ.code-cession", term); s != 0 {
		t.Errorf("Share(civ.code-cession, %q) = %.2f, want 0", term, s)
	}
	if term, _ := m.Foreign(r.Terms, "civ.certificat-situation"); term != "" && m.Share("civ.certificat-situation", term) > 0 {
		t.Errorf("Foreign(civ.certificat-situation) = %q, a word the entry holds", term)
	}
	if s := m.Share("no.such-entry", term); s != 0 {
		t.Errorf("Share of an unknown entry = %.2f, want 0", s)
	}
}

// The matcher's language detector knows the knowledge base's French words:
// "gage" and "fiscal" say nothing to the built-in lists.
func TestLanguageKnowsTheKBsWords(t *testing.T) {
	const text = "gage fiscal"
	if got := lang.Detect(text).Lang; got == lang.French {
		t.Fatalf("the built-in lists read %q as French already: pick other words", text)
	}
	if got := real().Language().Detect(text).Lang; got != lang.French {
		t.Errorf("Language().Detect(%q) = %q, want French", text, got)
	}
}
