package quality_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

var day = time.Date(2026, 6, 8, 0, 0, 0, 0, time.UTC)

func at(h, m int) time.Time {
	return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func web(s string) guichet.ConversationID { return guichet.NewConversationID(guichet.ChannelWeb, s) }
func fb(s string) guichet.ConversationID {
	return guichet.NewConversationID(guichet.ChannelMessenger, s)
}

func started(t time.Time, c guichet.ConversationID) quality.Fact {
	return quality.Fact{Time: t, Kind: quality.KindConversation, Channel: c.Channel(), Conversation: c}
}

func fact(t time.Time, c guichet.ConversationID, k quality.Kind, edit func(*quality.Fact)) quality.Fact {
	f := quality.Fact{Time: t, Kind: k, Channel: c.Channel(), Conversation: c}
	if edit != nil {
		edit(&f)
	}
	return f
}

func reason(r string) func(*quality.Fact) { return func(f *quality.Fact) { f.Reason = r } }
func value(v float64) func(*quality.Fact) { return func(f *quality.Fact) { f.Value = v } }
func text(s string) func(*quality.Fact)   { return func(f *quality.Fact) { f.Text = s } }
func helpful(entry string, yes bool) func(*quality.Fact) {
	return func(f *quality.Fact) {
		f.Entry, f.Procedure = entry, quality.ProcedureOf(entry)
		if yes {
			f.Value = 1
		}
	}
}
func rating(proc string, v float64) func(*quality.Fact) {
	return func(f *quality.Fact) { f.Procedure, f.Value = proc, v }
}

// dayFacts is one day of a small service, with facts just outside it.
func dayFacts() []quality.Fact {
	return []quality.Fact{
		// Started the evening before: its hand-off belongs to that day.
		started(at(-1, 0), web("old")),
		fact(at(1, 0), web("old"), quality.KindHandoff, reason("explicit_request")),
		// a: the bot answers, the person found it helpful.
		started(at(1, 0), web("a")),
		fact(at(1, 1), web("a"), quality.KindAnswer, nil),
		fact(at(1, 2), web("a"), quality.KindHelpful, helpful("permis.delai", true)),
		// b: not understood twice, then a human; rated 5.
		started(at(2, 0), web("b")),
		fact(at(2, 1), web("b"), quality.KindFallback, text("Où est mon permis 06 12 34 56 78 ?")),
		fact(at(2, 2), web("b"), quality.KindFallback, text("ou est mon permis [téléphone]")),
		fact(at(2, 10), web("b"), quality.KindHandoff, reason("explicit_request")),
		fact(at(2, 12), web("b"), quality.KindPickup, value(120)),
		fact(at(2, 15), web("b"), quality.KindFirstReply, value(300)),
		fact(at(2, 30), web("b"), quality.KindResolved, reason("Réponse apportée")),
		fact(at(2, 31), web("b"), quality.KindRating, rating(quality.ProcPermis, 5)),
		// c: an unhelpful answer, two hand-offs (the first counts), rated 2.
		started(at(3, 0), fb("c")),
		fact(at(3, 1), fb("c"), quality.KindHelpful, helpful("civ.changement", false)),
		fact(at(3, 2), fb("c"), quality.KindHandoff, reason("low_confidence")),
		fact(at(3, 3), fb("c"), quality.KindHandoff, reason("incident")),
		fact(at(3, 13), fb("c"), quality.KindPickup, value(600)),
		fact(at(3, 17), fb("c"), quality.KindFirstReply, value(900)),
		fact(at(3, 40), fb("c"), quality.KindRating, rating(quality.ProcImmatriculation, 2)),
		fact(at(3, 41), fb("c"), quality.KindRating, rating(quality.ProcImmatriculation, 7)), // not a 1-5 answer
		fact(at(3, 42), fb("c"), quality.KindIncident, nil),
		// d: a helpful passport answer.
		started(at(4, 0), fb("d")),
		fact(at(4, 1), fb("d"), quality.KindHelpful, helpful("passeport.delai", true)),
		// e: out of scope, twice.
		started(at(5, 0), web("e")),
		fact(at(5, 1), web("e"), quality.KindFallback, text("Quel temps fait-il ?")),
		fact(at(5, 2), web("e"), quality.KindFallback, text("quel temps fait il")),
		// a comes back: a new conversation, handed off this time.
		started(at(6, 0), web("a")),
		fact(at(6, 5), web("a"), quality.KindHandoff, reason("incident")),
		fact(at(6, 6), web("a"), quality.KindPickup, value(60)),
		// The next day.
		started(at(24, 1), web("f")),
		fact(at(24, 2), web("f"), quality.KindPickup, value(9999)),
	}
}

func TestCompute(t *testing.T) {
	st := quality.Compute(dayFacts(), day, day.Add(24*time.Hour))
	r := func(n, d int) quality.Ratio { return quality.Ratio{Num: n, Den: d} }
	checks := []struct {
		name      string
		got, want any
	}{
		{"conversations", st.Conversations, 6},
		{"by channel", st.ByChannel, []quality.Count{{"web", 4, r(4, 6)}, {"messenger", 2, r(2, 6)}}},
		{"bot alone", st.BotAlone, r(3, 6)},
		{"hand-offs", st.Handoffs, r(3, 6)},
		{"hand-offs by reason", st.HandoffsByReason, []quality.Count{{"explicit_request", 1, r(1, 6)},
			{"incident", 1, r(1, 6)}, {"low_confidence", 1, r(1, 6)}}},
		{"wait", st.Wait, quality.Durations{N: 3, P50: 120, P90: 600}},
		{"first reply", st.FirstReply, quality.Durations{N: 2, P50: 300, P90: 900}},
		{"incidents", st.Incidents, 1},
		{"satisfaction", st.Satisfaction, quality.Satisfaction{Satisfied: r(3, 5), Helpful: r(2, 3), Ratings: 2,
			RatingSum: 7, Reference: 0.79}},
		{"by procedure", st.ByProcedure, []quality.Satisfaction{
			{Procedure: "permis", Satisfied: r(2, 2), Helpful: r(1, 1), Ratings: 1, RatingSum: 5, Reference: 0.75},
			{Procedure: "immatriculation", Satisfied: r(0, 2), Helpful: r(0, 1), Ratings: 1, RatingSum: 2, Reference: 0.72},
			{Procedure: "cni", Reference: 0.81},
			{Procedure: "passeport", Satisfied: r(1, 1), Helpful: r(1, 1), Reference: 0.86},
			{Procedure: "autre"}}},
		{"fallbacks", st.Fallbacks, 4},
		{"unanswered", st.Unanswered, []quality.Question{{"ou est mon permis [téléphone]", 2}, {"quel temps fait il", 2}}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %+v\nwant %+v", c.name, c.got, c.want)
		}
	}
	if mean, ok := st.Satisfaction.MeanRating(); !ok || mean != 3.5 {
		t.Errorf("mean rating = %v, %v; want 3.5", mean, ok)
	}
}

func TestComputeEmptyPeriod(t *testing.T) {
	st := quality.Compute(dayFacts(), day.Add(48*time.Hour), day.Add(72*time.Hour))
	if st.Conversations != 0 || st.Wait.N != 0 || len(st.Unanswered) != 0 || st.Satisfaction.Satisfied.Den != 0 {
		t.Fatalf("a period without facts gives %+v", st)
	}
	if _, ok := st.BotAlone.Value(); ok {
		t.Error("a rate without conversations must say it has no value, not 0 %")
	}
	if _, ok := st.Satisfaction.MeanRating(); ok {
		t.Error("a mean rating without ratings must say it has no value")
	}
}

func TestUnansweredKeepsTheTopTen(t *testing.T) {
	var facts []quality.Fact
	for i := range 12 {
		for range 12 - i {
			facts = append(facts, fact(at(1, i), web("x"), quality.KindFallback, text(string(rune('a'+i))+" question")))
		}
	}
	st := quality.Compute(facts, day, day.Add(24*time.Hour))
	if len(st.Unanswered) != quality.TopUnanswered || st.Unanswered[0].Count != 12 || st.Unanswered[9].Text != "j question" {
		t.Fatalf("unanswered = %+v, want the ten most frequent, most frequent first", st.Unanswered)
	}
	if st.Fallbacks != 78 {
		t.Fatalf("fallbacks = %d, want 78", st.Fallbacks)
	}
}

func TestUnansweredIsMaskedAgain(t *testing.T) {
	st := quality.Compute([]quality.Fact{fact(at(1, 0), web("x"), quality.KindFallback,
		text("mon dossier 21AB12345678 et jean.dupont@example.fr"))}, day, day.Add(time.Hour*24))
	if len(st.Unanswered) != 1 || st.Unanswered[0].Text != "mon dossier [numéro] et [email]" {
		t.Fatalf("unanswered = %+v, want the identifiers masked", st.Unanswered)
	}
}

func TestPercentilesAreNearestRank(t *testing.T) {
	tests := []struct {
		values   []float64
		p50, p90 float64
	}{
		{[]float64{7}, 7, 7},
		{[]float64{1, 2}, 1, 2},
		{[]float64{10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 9},
		{[]float64{5, 1, 4, 2, 3, 6, 7, 8, 9, 10, 11}, 6, 10},
	}
	for _, tt := range tests {
		var facts []quality.Fact
		for _, v := range tt.values {
			facts = append(facts, fact(at(1, 0), web("x"), quality.KindPickup, value(v)))
		}
		got := quality.Compute(facts, day, day.Add(24*time.Hour)).Wait
		if got.P50 != tt.p50 || got.P90 != tt.p90 || got.N != len(tt.values) {
			t.Errorf("%v: p50 %v p90 %v (n %d), want %v %v", tt.values, got.P50, got.P90, got.N, tt.p50, tt.p90)
		}
	}
}

func TestParseProcedure(t *testing.T) {
	tests := map[string]string{
		"permis": "permis", "Permis de conduire": "permis", "Carte grise": "immatriculation",
		"Certificat d'immatriculation": "immatriculation", "CNI": "cni", "Carte nationale d'identité": "cni",
		"Passeport": "passeport", "autre": "autre", "Ma demande": "",
	}
	for in, want := range tests {
		got, ok := quality.ParseProcedure(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseProcedure(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Où est MON permis ?!":   "ou est mon permis",
		"  carte   d'identité  ": "carte d identite",
		"Œuvre, ça !":            "oeuvre ca",
		"[numéro]":               "numero",
		"?!":                     "",
	}
	for in, want := range tests {
		if got := quality.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
