package dialogue

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
)

func TestReadValidates(t *testing.T) {
	cases := []struct {
		line, want string
	}{
		{`{"name": "x", "turns": [{"say": "a", "choose": "b"}]}`, "exactly one of say and choose"},
		{`{"name": "x", "turns": [{}]}`, "exactly one of say and choose"},
		{`{"name": "x", "turns": [{"choose": "1"}]}`, "choose needs quick replies"},
		{`{"name": "", "turns": [{"say": "a"}]}`, "name is empty"},
		{`{"name": "x", "turns": []}`, "no turns"},
		{`{"name": "x", "turns": [{"say": "a", "expect": {"decision": "maybe"}}]}`, `decision "maybe"`},
		{`{"name": "x", "turns": [{"say": "a", "expect": {"facet": "prix"}}]}`, `facet "prix"`},
		{`{"name": "x", "turns": [{"say": "a", "expect": {"contains": 3}}]}`, "want a string or a list"},
		{`{"name": "x", "turns": [{"say": "a", "expected": {}}]}`, `unknown field "expected"`},
		{`{"name": "x", "turns": [{"say": "a"}]}` + "\n" + `{"name": "x", "turns": [{"say": "b"}]}`, "already used on line 1"},
		{`not json`, "test.jsonl:1:"},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.line), "test.jsonl")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.line, err, c.want)
		}
	}
	ds, err := Read(strings.NewReader("# comment\n\n"+`{"name": "ok", "turns": [{"say": "a", "expect": {"contains": ["x", "y"], "facet": "none"}}, {"choose": "1"}]}`), "t")
	if err != nil || len(ds) != 1 || ds[0].Line != 3 || len(ds[0].Turns[0].Expect.Contains) != 2 {
		t.Fatalf("Read = %+v, %v; want one dialogue on line 3 with two contains", ds, err)
	}
}

// script is a Decider that answers from a table: text or payload -> decision.
type script struct {
	said  []guichet.Message
	reply map[string]bot.Decision
}

func (s *script) Decide(_ *bot.State, m guichet.Message) (bot.Decision, error) {
	s.said = append(s.said, m)
	key := m.Text
	if m.Payload != "" {
		key = m.Payload
	}
	return s.reply[key], nil
}

func decision(kind, entry, facet, text string, buttons ...string) bot.Decision {
	r := guichet.Reply{Text: text}
	for i := 0; i+1 < len(buttons); i += 2 {
		r.QuickReplies = append(r.QuickReplies, guichet.QuickReply{Title: buttons[i], Payload: buttons[i+1]})
	}
	return bot.Decision{Kind: kind, Entry: entry, Facet: facet, Replies: []guichet.Reply{r}}
}

func TestRun(t *testing.T) {
	s := &script{reply: map[string]bot.Decision{
		"permis vole":    decision(bot.DecisionAnswer, "permis.vol", "", "Déclarez le vol au commissariat.", "Réponse complète", "P1", "Parler à un conseiller", "P2"),
		"c'est payant ?": decision(bot.DecisionAnswer, "permis.vol", "cout", "C'est gratuit.", "Réponse complète", "P1"),
		"P1":             decision(bot.DecisionAnswer, "permis.vol", "", "Déclarez le vol au commissariat."),
		"P2":             decision(bot.DecisionHandoff, "", "", "Je transmets."),
		"bonjour":        decision(bot.DecisionAnswer, "smalltalk.bonjour", "", "Bonjour !"),
	}}
	ds, err := Read(strings.NewReader(strings.Join([]string{
		`{"name": "passes", "turns": [{"say": "permis vole", "expect": {"id": "permis.vol", "decision": "answer", "facet": "none", "contains": "commissariat"}}, {"say": "c'est payant ?", "expect": {"facet": "cout", "contains": "GRATUIT"}}, {"choose": "reponse complete", "expect": {"id": "permis.vol", "contains": "vol"}}]}`,
		`{"name": "by number", "turns": [{"say": "permis vole"}, {"choose": "2", "expect": {"decision": "handoff", "id": "none"}}]}`,
		`{"name": "fails", "turns": [{"say": "permis vole", "expect": {"id": "permis.perte"}}, {"say": "c'est payant ?", "expect": {"facet": "delai", "contains": "25 €"}}, {"choose": "Autre chose"}, {"say": "bonjour", "expect": {"id": "none"}}]}`,
	}, "\n")), "t")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(s, ds, time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Dialogues != 3 || rep.DialoguesPassed != 2 || rep.Turns != 9 || rep.TurnsPassed != 5 {
		t.Errorf("report %d/%d dialogues, %d/%d turns; want 2/3, 5/9", rep.DialoguesPassed, rep.Dialogues, rep.TurnsPassed, rep.Turns)
	}
	// Turns that expect an entry: permis.vol twice and none once right,
	// permis.perte and none (bonjour answered) wrong.
	if rep.EntryTurns != 5 || rep.EntriesRight != 3 {
		t.Errorf("entries right %d of %d, want 3 of 5", rep.EntriesRight, rep.EntryTurns)
	}
	// The quick reply chosen is sent with its payload and title.
	if m := s.said[2]; m.Payload != "P1" || m.Text != "Réponse complète" {
		t.Errorf("choose sent %+v, want the payload P1 with its title", m)
	}
	if m := s.said[4]; m.Payload != "P2" {
		t.Errorf("choose 2 sent %+v, want payload P2", m)
	}
	// A button not offered is typed instead, and the turn fails.
	if m := s.said[7]; m.Payload != "" || m.Text != "Autre chose" {
		t.Errorf("unknown choice sent %+v, want the text typed", m)
	}
	var fails []string
	for _, r := range rep.Results {
		if !r.Pass {
			fails = append(fails, r.Why)
		}
	}
	want := []string{"id permis.vol, want permis.perte", "facet cout, want delai; reply lacks \"25 €\"",
		"no quick reply \"Autre chose\" offered (offered: Réponse complète)", "id smalltalk.bonjour, want none"}
	if strings.Join(fails, "\n") != strings.Join(want, "\n") {
		t.Errorf("failures:\n%s\nwant:\n%s", strings.Join(fails, "\n"), strings.Join(want, "\n"))
	}
	var out bytes.Buffer
	WriteFailures(&out, rep)
	WriteSummary(&out, rep)
	for _, w := range []string{`FAIL "fails" turn 1: said "permis vole"`, "dialogues: 3, passed 2 (66.7%)", "turns:     9, passed 5 (55.6%)",
		"entries:   5 turns expect one, right 3 (60.0%; facet, decision and words aside)"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

// A redirection to another service answers a question expected on that
// out-of-scope entry; it answers nothing of ours for any other id.
func TestRedirectMeetsItsEntry(t *testing.T) {
	g := got(bot.Decision{Kind: bot.DecisionFallback, Redirect: "orientation.fourriere", Replies: []guichet.Reply{{Text: "La fourrière ne dépend pas de l'ANTS."}}})
	if why := (&Expect{ID: "orientation.fourriere"}).check(g); why != "" {
		t.Errorf("redirection expected on its entry: %s", why)
	}
	if why := (&Expect{ID: "civ.vol-vehicule"}).check(g); why == "" {
		t.Error("a redirection met another entry's expectation")
	}
	if why := (&Expect{ID: "none"}).check(g); why != "" {
		t.Errorf("a redirection is not an answer of ours: %s", why)
	}
}
