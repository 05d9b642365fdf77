package bot

import (
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// fixtureMatcher is the matcher of the fixture KB (testdata/kb), built once.
var fixtureMatcher = sync.OnceValues(func() (*match.Matcher, error) {
	k, err := kb.LoadDir("testdata/kb")
	if err != nil {
		return nil, err
	}
	idx, err := kb.NewIndex(k)
	if err != nil {
		return nil, err
	}
	return match.New(k, idx), nil
})

// turnOn returns a turn of an engine on the fixture KB, reading text.
func turnOn(t *testing.T, text string) *turn {
	t.Helper()
	m, err := fixtureMatcher()
	if err != nil {
		t.Fatal(err)
	}
	e := New(config.Default().Bot, Deps{Matcher: func() *match.Matcher { return m }})
	return &turn{e: e, m: m, kb: m.KB(), st: &State{}, rd: read(text, m.KB().Abbreviations(), m.Knows),
		th: Thresholds(e.cfg, m.Thresholds())}
}

// When the matcher hesitates, the conversation decides only if one close
// candidate alone belongs with the topic.
func TestTopicDecided(t *testing.T) {
	tr := turnOn(t, "et la police ?")
	cands := func(ids ...string) match.Result {
		var r match.Result
		for i, id := range ids {
			r.Candidates = append(r.Candidates, match.Candidate{Entry: id, Confidence: 0.3 - 0.05*float64(i)})
		}
		return r
	}
	cases := []struct {
		topic string
		r     match.Result
		want  string
	}{
		// permis.vol is near the loss; the sale is not about the licence.
		{"permis.perte", cands("civ.cession", "permis.vol"), "permis.vol"},
		// two candidates belong with the topic: no decision.
		{"permis.perte", cands("permis.vol", "permis.deterioration"), ""},
		// no topic, or nothing of the topic's among them.
		{"", cands("civ.cession", "permis.vol"), ""},
		{"passeport.demande", cands("civ.cession", "civ.changement-adresse"), ""},
	}
	for _, c := range cases {
		got := ""
		if e := tr.topicDecided(c.topic, c.r); e != nil {
			got = e.ID
		}
		if got != c.want {
			t.Errorf("topic %q, candidates %v: %q, want %q", c.topic, c.r.Candidates, got, c.want)
		}
	}
	// A message that names another document: only the topic, its
	// neighbours and its tree count, not every entry about its document.
	tr = turnOn(t, "et pour la carte grise ?")
	if e := tr.topicDecided("permis.perte", cands("civ.cession", "permis.international")); e != nil {
		t.Errorf("a document named: %s decided, want none", e.ID)
	}
}

// An angry message about another service's matter gets that service's
// redirection, acknowledged, when the matcher leans to it at all; not our
// incident report.
func TestAngryAboutAnotherService(t *testing.T) {
	text := "c'est scandaleux, mon assurance auto a encore augmenté"
	tr := turnOn(t, text)
	if !tr.rd.angry {
		t.Fatalf("%q is not read as angry", text)
	}
	// Between the thresholds: the matcher leans to it without being sure.
	r := match.Result{Candidates: []match.Candidate{{Entry: "hors-champ.assurance",
		Confidence: (tr.clarifyAt() + tr.answerAt()) / 2}}}
	if err := tr.global(text, "", r); err != nil {
		t.Fatal(err)
	}
	if tr.d.Redirect != "hors-champ.assurance" || len(tr.d.Replies) == 0 ||
		!strings.HasPrefix(tr.d.Replies[0].Text, textAcknowledge) {
		t.Errorf("got redirect %q, entry %q, replies %v; want the insurance redirection, acknowledged", tr.d.Redirect, tr.d.Entry, tr.d.Replies)
	}
	// Below the clarify threshold the matcher does not lean to it: the
	// frustration entry, with a person offered.
	tr = turnOn(t, text)
	r.Candidates[0].Confidence = tr.clarifyAt() / 2
	if err := tr.global(text, "", r); err != nil {
		t.Fatal(err)
	}
	if tr.d.Entry != entryFrustration {
		t.Errorf("at %.2f: entry %q, want %s", r.Candidates[0].Confidence, tr.d.Entry, entryFrustration)
	}
}

// An entry of a document's family is about that document alone, whatever
// its paraphrases mention: the real KB's 125 cm3 licence entry speaks of
// motorbikes so often that the matcher files it under the registration
// certificate too, and "et pour la carte grise de la moto ?" stayed on it.
func TestOwnsDocument(t *testing.T) {
	m, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	e := New(config.Default().Bot, Deps{Matcher: func() *match.Matcher { return m }})
	tr := &turn{e: e, m: m, kb: m.KB(), st: &State{}}
	if !tr.about("permis.formation-125", "carte-grise") {
		t.Log("the matcher no longer files permis.formation-125 under the registration certificate")
	}
	cases := []struct {
		entry, doc string
		want       bool
	}{
		{"permis.formation-125", "permis", true},
		{"permis.formation-125", "carte-grise", false},
		{"civ.changement-titulaire", "carte-grise", true},
		{"civ.changement-titulaire", "permis", false},
		{"titre.retrait", "cni", true},
		{"titre.retrait", "passeport", true},
		{"titre.retrait", "permis", false},
		{"cni.perte-vol", "passeport", false},
	}
	for _, c := range cases {
		if got := tr.ownsDocument(c.entry, c.doc); got != c.want {
			t.Errorf("ownsDocument(%s, %s) = %v, want %v", c.entry, c.doc, got, c.want)
		}
	}
}

// pointsBack finds what refers to the conversation, and not the article,
// the "il y a" or the "ce matin" that look like it.
func TestPointsBack(t *testing.T) {
	for text, want := range map[string]bool{
		"je l ai faite il y a une heure":       true,
		"je peux la renouveler avant":          true,
		"on en fait quoi":                      true,
		"ca marche aussi pour les pacses":      true,
		"il est valable combien ce certificat": true,
		"l acheteur peut passer par un pro":    false,
		"il y a une heure":                     false,
		"je l ai vu ce matin":                  true,
		"ce matin au guichet":                  false,
		"on peut faire la demande en ligne":    false,
		"ce que je veux savoir":                false,
	} {
		if got := pointsBack(strings.Fields(text)); got != want {
			t.Errorf("pointsBack(%q) = %v, want %v", text, got, want)
		}
	}
}

// An entry most of whose paraphrases name one country is about it;
// France, named everywhere, is none.
func TestEntryCountry(t *testing.T) {
	uk := &kb.Entry{ID: "x.uk", Questions: []string{"mon permis britannique est-il valable ?", "permis UK après le Brexit",
		"je vis en France avec un permis anglais", "faut-il échanger son permis ?"}}
	if got := entryCountry(uk); got != "Royaume-Uni" {
		t.Errorf("entryCountry = %q, want Royaume-Uni", got)
	}
	app := &kb.Entry{ID: "x.app", Questions: []string{"l'appli France Identité", "France Identité sur mon téléphone",
		"permis dans France Identité"}}
	if got := entryCountry(app); got != "" {
		t.Errorf("entryCountry = %q, want none", got)
	}
	got := countriesNamed(readWords("un permis émirati, je vis en France depuis un an", nil))
	if len(got) != 1 || !got["Émirats arabes unis"] {
		t.Errorf("countriesNamed = %v, want the Emirates alone", got)
	}
}
