package eval

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/lang"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// fixture is the matcher of the KB fixture shared with package kb's tests,
// small enough to build in every test run.
var fixture = sync.OnceValue(func() *match.Matcher {
	k, err := kb.LoadDir("../../kb/testdata/valid")
	if err != nil {
		panic(err)
	}
	idx, err := kb.NewIndex(k)
	if err != nil {
		panic(err)
	}
	return match.New(k, idx)
})

func TestReadSaysWhatToFix(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"text": "x", "expect": ""}`, "cases.jsonl:1: expect is empty (an entry id, or none)"},
		{`{"text": "x", "exp": "none"}`, `cases.jsonl:1: json: unknown field "exp" (want {"text": "...", "expect": "entry id or none"})`},
		{`{"text": "x", "expect": "none"}` + "\n\n" + `{"text": "y"`, "cases.jsonl:3: unexpected EOF"},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.in), "cases.jsonl")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
	cases, err := Read(strings.NewReader(`{"text": "a", "expect": "none"}`+"\n\n"+`{"text": "b", "expect": "permis.vol"}`+"\n"), "ok")
	if err != nil || len(cases) != 2 || cases[1] != (Case{Text: "b", Expect: "permis.vol", Line: 3}) {
		t.Errorf("Read = %+v, %v; want two cases, the second on line 3", cases, err)
	}
}

// Each outcome is counted where a reader of the report expects it, and the
// cases worth a look are labelled.
func TestAddCountsEachOutcome(t *testing.T) {
	answer := func(id string) Result { return Result{Decision: bot.DecisionAnswer, ID: id} }
	clarify := func(id string, options ...string) Result {
		return Result{Decision: bot.DecisionClarify, ID: id, Options: options}
	}
	tests := []struct {
		expect string
		got    Result
		label  string
		want   Counts
	}{
		{"permis.vol", answer("permis.vol"), "", Counts{InScope: 1, Correct: 1}},
		{"permis.vol", Result{Decision: bot.DecisionHandoff, ID: "permis.vol"}, "", Counts{InScope: 1, Correct: 1}},
		{"permis.vol", clarify("permis.vol"), "", Counts{InScope: 1, Correct: 1}}, // a decision tree's root
		{"permis.vol", answer("permis.perte"), LabelWrong, Counts{InScope: 1, Wrong: 1}},
		{"permis.vol", clarify("", "permis.perte", "permis.vol"), LabelClarified, Counts{InScope: 1, Clarified: 1}},
		{"permis.vol", clarify("", "permis.perte"), LabelAbstained, Counts{InScope: 1, Abstained: 1}},
		{"permis.vol", Result{Decision: bot.DecisionFallback}, LabelAbstained, Counts{InScope: 1, Abstained: 1}},
		// The redirection an out-of-scope entry gives is its answer.
		{"orientation.crit-air", Result{Decision: bot.DecisionFallback, Redirect: "orientation.crit-air"}, "",
			Counts{InScope: 1, Correct: 1}},
		{"orientation.crit-air", Result{Decision: bot.DecisionFallback, Redirect: "orientation.fourriere"}, LabelAbstained,
			Counts{InScope: 1, Abstained: 1}},
		{None, Result{Decision: bot.DecisionFallback, Redirect: "orientation.fourriere"}, "", Counts{OutOfScope: 1, OOSAbstained: 1}},
		{None, answer("permis.vol"), LabelOOSAnswer, Counts{OutOfScope: 1, OOSAnswered: 1}},
		{None, answer("smalltalk.frustration"), "", Counts{OutOfScope: 1, OOSAbstained: 1}},
		{None, clarify("", "permis.vol"), "", Counts{OutOfScope: 1, OOSClarified: 1}},
		{None, Result{Decision: bot.DecisionFallback}, "", Counts{OutOfScope: 1, OOSAbstained: 1}},
	}
	for _, tt := range tests {
		var c Counts
		if label := c.Add(tt.expect, tt.got); label != tt.label || !reflect.DeepEqual(c, tt.want) {
			t.Errorf("Add(%s, %+v) = %q, %+v; want %q, %+v", tt.expect, tt.got, label, c, tt.label, tt.want)
		}
	}
}

// A gate not held prints why and fails the report; held gates print no
// FAIL line.
func TestReportGates(t *testing.T) {
	c := Counts{InScope: 8, Correct: 6, Wrong: 1, Abstained: 1, OutOfScope: 2, OOSAnswered: 1, OOSAbstained: 1}
	var out bytes.Buffer
	if !c.Report(&out, NoGates) || strings.Contains(out.String(), "FAIL") {
		t.Errorf("no gates, report:\n%s", out.String())
	}
	if want := "wrong answers: 2 of all cases (20.0%)"; !strings.Contains(out.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, out.String())
	}
	out.Reset()
	if c.Report(&out, Gates{MinCorrect: 0.8, MaxWrong: 0.1, MaxOOSAnswered: 0.5}) {
		t.Error("report passed with gates not held")
	}
	for _, want := range []string{"FAIL: in-scope correct 75.0% < 80.0%", "FAIL: wrong answers 20.0% > 10.0%"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "out-of-scope answered") {
		t.Errorf("the out-of-scope gate (50%% held) reported:\n%s", out.String())
	}
}

// Languages with as many cases as each other come in a fixed order, so that
// two runs of one set print the same report.
func TestLanguagesInAFixedOrder(t *testing.T) {
	lc := LangCounts{}
	lc.add(lang.Mixed, None, Result{})
	lc.add(lang.English, None, Result{})
	lc.add(lang.French, None, Result{})
	lc.add(lang.French, None, Result{})
	for range 20 {
		var out bytes.Buffer
		lc.report(&out)
		fr, en, mixed := strings.Index(out.String(), "French:"), strings.Index(out.String(), "English:"), strings.Index(out.String(), "mixed:")
		if fr < 0 || !(fr < en && en < mixed) {
			t.Fatalf("want French, English, mixed:\n%s", out.String())
		}
	}
}

func TestRun(t *testing.T) {
	cases := []Case{
		{Text: "J'ai perdu mon permis de conduire, que dois-je faire ?", Expect: "permis.perte", Line: 1},
		{Text: "hi, I lost my driving licence", Expect: "permis.perte", Line: 2},
	}
	var out bytes.Buffer
	c, err := Run(config.Default().Bot, fixture, cases, JSON, &out)
	if err != nil {
		t.Fatal(err)
	}
	if c.Total() != 2 || c.InScope != 2 || c.Correct < 1 || c.ByLang[lang.French].Correct != 1 || c.ByLang[lang.English].Total() != 1 {
		t.Errorf("counts %+v, by language %+v %+v", c, c.ByLang[lang.French], c.ByLang[lang.English])
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var first map[string]any
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &first) != nil {
		t.Fatalf("want one JSON line per case:\n%s", out.String())
	}
	if first["expect"] != "permis.perte" || first["id"] != "permis.perte" || first["candidates"] != nil || first["replies"] != nil {
		t.Errorf("JSON line %v: want expect and id, without candidates and replies", first)
	}

	_, err = Run(config.Default().Bot, fixture, []Case{{Text: "x", Expect: "permis.inconnu", Line: 7}}, Quiet, &out)
	if err == nil || !strings.Contains(err.Error(), `line 7: expect "permis.inconnu" is not an entry of the knowledge base`) {
		t.Errorf("an unknown entry: %v", err)
	}
}

// Failures prints the cases not answered right, one line each, and
// nothing for the rest.
func TestRunPrintsFailures(t *testing.T) {
	cases := []Case{
		{Text: "J'ai perdu mon permis de conduire, que dois-je faire ?", Expect: "permis.perte"},
		{Text: "J'ai perdu mon permis de conduire, que dois-je faire ?", Expect: "permis.vol"},
	}
	var out bytes.Buffer
	if _, err := Run(config.Default().Bot, fixture, cases, Failures, &out); err != nil {
		t.Fatal(err)
	}
	want := `WRONG     "J'ai perdu mon permis de conduire, que dois-je faire ?" expect permis.vol, got answer permis.perte [] (`
	if strings.Count(out.String(), "\n") != 1 || !strings.HasPrefix(out.String(), want) {
		t.Errorf("printed:\n%s\nwant one line beginning %q", out.String(), want)
	}
}

func TestAsk(t *testing.T) {
	d, r, err := Ask(config.Default().Bot, fixture, "J'ai perdu mon permis de conduire, que dois-je faire ?")
	if err != nil {
		t.Fatal(err)
	}
	if r.Decision != bot.DecisionAnswer || r.ID != "permis.perte" || r.Options == nil || len(r.Candidates) == 0 ||
		len(r.Replies) != len(d.Replies) || r.Normalized == "" {
		t.Errorf("Ask = %+v", r)
	}
	if r.Confidence*1000 != float64(int(r.Confidence*1000)) {
		t.Errorf("confidence %v not rounded to 3 decimals", r.Confidence)
	}
	_, r, err = Ask(config.Default().Bot, fixture, "qwxz plorf")
	if err != nil || r.Decision != bot.DecisionFallback || r.ID != "" {
		t.Errorf("Ask(nonsense) = %+v, %v; want a fallback on no entry", r, err)
	}
}
