package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/bot/dialogue"
	"github.com/guichet/guichet/bot/eval"
	"github.com/guichet/guichet/kb/match"
)

// The eval sets measure how the matcher does on wording it has not seen:
// a case that is one of the KB's paraphrases (case, accents and
// punctuation aside) measures nothing, so none may be; and the held-out
// set shares no case with the set the model is fitted on.
// evalSets are the single-message sets: the tuning set, the held-out set,
// questions about procedures left out of the KB (tuning and held-out
// halves) and about procedures it never had (the same), questions
// reworded from real FAQ pages (tuning), real questions copied from public FAQ pages (never tuned on)
// and questions written in their register (tuning).
var evalSets = []string{"cases.jsonl", "heldout.jsonl", "uncovered.jsonl", "heldout-uncovered.jsonl", "faq.jsonl",
	"faq-tuning.jsonl", "uncovered-2.jsonl", "heldout-uncovered-2.jsonl", "faq-real.jsonl",
	"faq-real-2.jsonl", "heldout-faq-2.jsonl"}

// englishEvalSets are the English and mixed sets (tuning, held out), checked
// the same way once they exist.
var englishEvalSets = []string{"english.jsonl", "heldout-english.jsonl", "english-2.jsonl", "heldout-english-2.jsonl"}

func TestEvalCasesAreNew(t *testing.T) {
	m, err := match.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	paraphrase := map[string]string{}
	for _, e := range m.KB().Entries() {
		for _, q := range e.Questions {
			paraphrase[match.Canonical(q)] = e.ID
		}
		if e.EN != nil {
			for _, q := range e.EN.Questions {
				paraphrase[match.Canonical(q)] = e.ID
			}
		}
	}
	seen := map[string]string{} // canonical text -> file:line
	for _, name := range append(evalSets, englishEvalSets...) {
		f, err := os.Open("../../testdata/eval/" + name)
		if errors.Is(err, fs.ErrNotExist) && slices.Contains(englishEvalSets, name) {
			t.Logf("%s: not written yet", name)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			var c eval.Case
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Fatalf("%s:%d: %v", name, line, err)
			}
			if id, ok := paraphrase[match.Canonical(c.Text)]; ok {
				t.Errorf("%s:%d: %q is a paraphrase of %s: remove it from the KB or the case", name, line, c.Text, id)
			}
			if at, ok := seen[match.Canonical(c.Text)]; ok {
				t.Errorf("%s:%d: %q repeats %s", name, line, c.Text, at)
			}
			seen[match.Canonical(c.Text)] = fmt.Sprintf("%s:%d", name, line)
		}
		f.Close()
	}
}

// An English set runs like the French ones and is reported by language.
func TestEvalReportsByLanguage(t *testing.T) {
	path := t.TempDir() + "/english.jsonl"
	cases := `{"text": "hi, I lost my driving licence in the metro, what do I do?", "expect": "permis.perte"}
{"text": "jai perdu mon permis de conduire dans le metro", "expect": "permis.perte"}
{"text": "my passport was stolen, comment je fais svp", "expect": "passeport.perte-vol"}
`
	if err := os.WriteFile(path, []byte(cases), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, nil, "eval", "--config", "", path)
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, errs)
	}
	for _, want := range []string{"cases: 3 (3 in scope", "by language of the message:", "English:", "French:", "mixed:"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
}

// The facet sets parse, and no message is in two of them: the held-out
// set measures wording the tuning sets never showed.
func TestFacetSetsAreApart(t *testing.T) {
	seen := map[string]string{}
	for _, name := range []string{"facets.jsonl", "facets-2.jsonl", "facets-heldout.jsonl", "facets-3.jsonl"} {
		cases, err := eval.ReadFacetFile("../../testdata/eval/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) < 200 {
			t.Errorf("%s: %d cases, want the whole set (at least 200)", name, len(cases))
		}
		for _, c := range cases {
			key := match.Canonical(c.Say)
			if at, ok := seen[key]; ok {
				t.Errorf("%s:%d: %q repeats %s", name, c.Line, c.Say, at)
			}
			seen[key] = fmt.Sprintf("%s:%d", name, c.Line)
		}
	}
	// The facet model's training messages (bot/data) are in none of the
	// evaluation sets: what it learned from would measure nothing.
	for _, name := range append(append([]string{}, evalSets...), englishEvalSets...) {
		cases, err := eval.ReadFile("../../testdata/eval/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cases {
			seen[match.Canonical(c.Text)] = fmt.Sprintf("%s:%d", name, i+1)
		}
	}
	dialogues, err := filepath.Glob("../../testdata/eval/dialogues*.jsonl")
	if err != nil || len(dialogues) == 0 {
		t.Fatalf("no dialogue sets: %v", err)
	}
	for _, name := range dialogues {
		ds, err := dialogue.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			for _, turn := range d.Turns {
				if turn.Say != "" {
					seen[match.Canonical(turn.Say)] = fmt.Sprintf("%s:%d", filepath.Base(name), d.Line)
				}
			}
		}
	}
	train, err := eval.ReadFacetFile("../../bot/data/facets-train.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range train {
		if at, ok := seen[match.Canonical(ex.Say)]; ok {
			t.Errorf("bot/data/facets-train.jsonl:%d: %q is in %s", ex.Line, ex.Say, at)
		}
	}
}
