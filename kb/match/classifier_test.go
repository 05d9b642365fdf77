package match

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/kb"
)

// toyClassifier learns three entries from a few paraphrases each, the
// last one in English.
func toyClassifier() *classifier {
	train := []struct {
		class int
		texts []string
	}{
		{0, []string{"j'ai perdu mon permis de conduire", "permis perdu", "perte du permis"}},
		{languages, []string{"changer l'adresse de la carte grise", "demenagement carte grise adresse"}},
		{2 * languages, []string{"passeport expire renouvellement", "refaire mon passeport perime"}},
		{2*languages + 1, []string{"renew my expired passport", "passport renewal"}},
	}
	var exs []example
	for _, t := range train {
		for _, q := range t.texts {
			exs = append(exs, toyExample(t.class, q))
		}
	}
	return newClassifier([]string{"permis.perte", "civ.adresse", "passeport.renouvellement"}, exs)
}

func toyExample(class int, text string) example {
	return example{class: class, words: Words(fold.Text(text)), terms: kb.Analyze(text)}
}

func toyScores(c *classifier, text string) classScores {
	return c.score(Words(fold.Text(text)), kb.Analyze(text))
}

func TestClassifierLearnsToyKB(t *testing.T) {
	c := toyClassifier()
	tests := []struct{ text, want string }{
		{"mon permis est perdu", "permis.perte"},
		{"nouvelle adresse sur ma carte grise", "civ.adresse"},
		{"my passport has expired", "passeport.renouvellement"},
		// No term is known; the character n-grams still recognise the words.
		{"permiss perdus", "permis.perte"},
	}
	for _, tt := range tests {
		s := toyScores(c, tt.text)
		if s.first < 0 || c.entries[s.first] != tt.want {
			t.Errorf("%q: best %d (scores %v), want %s", tt.text, s.first, s.scores, tt.want)
			continue
		}
		score, margin := s.of(tt.want)
		if score <= 0 || score > 1+1e-9 || margin <= 0 {
			t.Errorf("%q: %s scores %g, margin %g; want a cosine in (0, 1] that leads", tt.text, tt.want, score, margin)
		}
		for _, other := range c.entries {
			if _, m := s.of(other); other != tt.want && m >= 0 {
				t.Errorf("%q: %s has margin %g, want negative behind %s", tt.text, other, m, tt.want)
			}
		}
	}
}

func TestClassifierOddInput(t *testing.T) {
	c := toyClassifier()
	for _, text := range []string{"", "   ", "xyzzy qwfp", strings.Repeat("a", 100)} {
		s := toyScores(c, text)
		if s.scores != nil {
			t.Errorf("%q: scores %v, want none (no known feature)", text, s.scores)
		}
		if score, margin := s.of("permis.perte"); score != 0 || margin != 0 {
			t.Errorf("%q: of = %g, %g; want 0, 0", text, score, margin)
		}
	}
	s := toyScores(c, "permis perdu")
	if score, margin := s.of("no.such.entry"); score != 0 || margin != 0 {
		t.Errorf("unknown entry: of = %g, %g; want 0, 0", score, margin)
	}
	var none *classifier
	if s := none.score([]string{"permis"}, []string{"permis"}); s.scores != nil {
		t.Error("a nil classifier scored a message")
	}
	empty := newClassifier(nil, nil)
	if s := toyScores(empty, "permis perdu"); s.scores != nil {
		t.Error("a classifier without entries scored a message")
	}
	one := newClassifier([]string{"a"}, []example{toyExample(0, "permis perdu")})
	if score, margin := toyScores(one, "permis perdu").of("a"); score != 0 || margin != 0 {
		t.Errorf("one entry: of = %g, %g; want 0, 0 (a single entry has no rival)", score, margin)
	}
}

// Two builds from the same examples are identical, bit for bit.
func TestClassifierDeterministic(t *testing.T) {
	a, b := toyClassifier(), toyClassifier()
	if !reflect.DeepEqual(a, b) {
		t.Error("two builds of the same classifier differ")
	}
}

// On the fixture KB, the classifier gives the right entry the lead among
// the matcher's candidates.
func TestClassifierFeatureInMatch(t *testing.T) {
	k, err := kb.LoadDir("../testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	idx, err := kb.NewIndex(k)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	r, err := New(k, idx).Match("j'ai égaré mon permis de conduire")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Candidates) < 2 {
		t.Fatalf("candidates %+v", r.Candidates)
	}
	for _, c := range r.Candidates {
		f := c.Features
		if lead := c.Entry == "permis.perte"; lead != (f.ClassMargin > 0) || f.Class <= 0 {
			t.Errorf("%s: class %g, margin %g", c.Entry, f.Class, f.ClassMargin)
		}
	}
}

// BenchmarkClassifier measures what the classifier adds to a match: the
// scores of one message of the evaluation set against every entry.
func BenchmarkClassifier(b *testing.B) {
	m, err := NewEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	texts := testenv.EvalTexts(b)
	words, terms := make([][]string, len(texts)), make([][]string, len(texts))
	for i, t := range texts {
		words[i] = m.norm.Normalize(t)
		terms[i] = kb.Analyze(strings.Join(words[i], " "))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.classify(words[i%len(texts)], terms[i%len(texts)])
		i++
	}
}

// BenchmarkTrainClassifier measures the classifier's share of building a
// matcher for a KB snapshot.
func BenchmarkTrainClassifier(b *testing.B) {
	m, err := NewEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.trainClassifier(m.KB())
	}
}

// closeEntries are two entries that share most of their words, as
// civ.suivi and civ.non-recue do: the first says "demande de carte grise"
// in every paraphrase, the second "reçue" in one.
func closeEntries() *classifier {
	train := []struct {
		class int
		texts []string
	}{
		{0, []string{"suivi demande carte grise", "ou en est ma demande de carte grise", "demande de carte grise en cours",
			"suivi de ma demande de carte grise", "delai demande carte grise"}},
		{languages, []string{"carte grise pas recue", "toujours rien recu", "certificat jamais arrive",
			"le facteur n'a rien apporte", "carte grise perdue par la poste"}},
	}
	var exs []example
	for _, t := range train {
		for _, q := range t.texts {
			exs = append(exs, toyExample(t.class, q))
		}
	}
	return newClassifier([]string{"civ.suivi", "civ.non-recue"}, exs)
}

// The centroids send "carte grise demande reçue" to the entry whose every
// paraphrase says "demande de carte grise"; the discriminative classifier
// learnt that those words are in both entries' questions and "reçue" in
// one only.
func TestLinearSeparatesCloseEntries(t *testing.T) {
	c := closeEntries()
	s := toyScores(c, "carte grise demande recue")
	if s.first < 0 || c.entries[s.first] != "civ.suivi" {
		t.Errorf("centroids: best %d %v; the toy no longer shows their confusion", s.first, s.scores)
	}
	if score, margin := s.linearOf("civ.non-recue"); margin <= 0 {
		t.Errorf("linear: civ.non-recue scores %g, margin %g (scores %v); want the lead", score, margin, s.linear)
	}
	if _, margin := s.linearOf("civ.suivi"); margin >= 0 {
		t.Errorf("linear: civ.suivi margin %g, want negative", margin)
	}
	if _, margin := toyScores(c, "suivi de ma demande de carte grise").linearOf("civ.suivi"); margin <= 0 {
		t.Errorf("linear: a paraphrase of civ.suivi gives it margin %g, want the lead", margin)
	}
}

func TestLinearOddInput(t *testing.T) {
	c := toyClassifier()
	for _, text := range []string{"", "   ", "xyzzy qwfp", strings.Repeat("a", 100)} {
		s := toyScores(c, text)
		if s.linear != nil {
			t.Errorf("%q: linear scores %v, want none (no known term)", text, s.linear)
		}
		if score, margin := s.linearOf("permis.perte"); score != 0 || margin != 0 {
			t.Errorf("%q: linearOf = %g, %g; want 0, 0", text, score, margin)
		}
	}
	if score, margin := toyScores(c, "permis perdu").linearOf("no.such.entry"); score != 0 || margin != 0 {
		t.Errorf("unknown entry: linearOf = %g, %g; want 0, 0", score, margin)
	}
	if s := toyScores(newClassifier(nil, nil), "permis perdu"); s.linear != nil {
		t.Error("a classifier without entries scored a message")
	}
	one := newClassifier([]string{"a"}, []example{toyExample(0, "permis perdu"), toyExample(0, "permis perdu")})
	if s := toyScores(one, "permis perdu"); s.linear != nil {
		t.Errorf("one entry: linear scores %v, want none (nothing to tell apart)", s.linear)
	}
}

// Two trainings on the KB give the same weights, bit for bit: the
// examples come in KB order and each epoch's shuffle has a fixed seed.
func TestLinearDeterministicOnKB(t *testing.T) {
	if testing.Short() {
		t.Skip("trains twice on the whole KB")
	}
	m, err := NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	a, b := m.trainClassifier(m.KB()).lin, m.cls.lin
	if len(a.post) == 0 || !reflect.DeepEqual(a, b) {
		t.Errorf("two trainings differ (%d and %d weights)", len(a.post), len(b.post))
	}
}

func TestExpNeg(t *testing.T) {
	for x := float32(-80); x <= 0; x += 0.01 {
		got, want := float64(expNeg(x)), math.Exp(float64(x))
		if math.Abs(got-want) > 1e-5*want {
			t.Fatalf("expNeg(%g) = %g, want %g", x, got, want)
		}
	}
	if expNeg(-100) != 0 || expNeg(0) != 1 {
		t.Errorf("expNeg(-100) = %g, expNeg(0) = %g", expNeg(-100), expNeg(0))
	}
}

// An example added to the KB moves only itself in the order the training
// visits the examples: the others keep theirs, so a paraphrase added for
// one entry does not reshuffle the weights of unrelated ones.
func TestExampleOrderStableUnderAddition(t *testing.T) {
	var exs []example
	for i := range 200 {
		exs = append(exs, example{class: i % 7, words: []string{"mot", fmt.Sprint(i)}})
	}
	more := slices.Insert(slices.Clone(exs), 57, example{class: 3, words: []string{"nouvelle", "paraphrase"}})
	for run := range uint64(2) {
		for epoch := range 3 {
			before := exampleOrder(exs, run, epoch)
			var after []int
			for _, i := range exampleOrder(more, run, epoch) {
				switch {
				case i < 57:
					after = append(after, i)
				case i > 57:
					after = append(after, i-1)
				}
			}
			if !slices.Equal(before, after) {
				t.Fatalf("run %d epoch %d: the examples already there changed order when one was added", run, epoch)
			}
			if epoch == 0 && run == 0 && slices.IsSorted(before) {
				t.Fatal("the examples are visited in the KB's order, not shuffled")
			}
		}
	}
	if slices.Equal(exampleOrder(exs, 0, 0), exampleOrder(exs, 0, 1)) || slices.Equal(exampleOrder(exs, 0, 0), exampleOrder(exs, 1, 0)) {
		t.Error("two epochs or two runs visit the examples in the same order")
	}
}
