package review

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet/kb"
)

const fixtureKB = "testdata/kb"

// problemsOf returns the problems Check reports for a fixture pending
// file, one "line: id: message" per problem (file name left out).
func problemsOf(t *testing.T, name string) []string {
	t.Helper()
	path := filepath.Join("testdata/pending", name)
	_, err := Check(path, fixtureKB)
	if err == nil {
		return nil
	}
	var probs *kb.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Check(%s): %v, want *kb.Problems", name, err)
	}
	var out []string
	for _, p := range probs.List {
		if p.File != path {
			t.Errorf("problem in %s, want %s: %s", p.File, path, p)
		}
		out = append(out, strings.TrimPrefix(p.String(), path+":"))
	}
	return out
}

func TestCheckPendingFixtures(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("permis perdu ", 20))
	cases := []struct {
		file string
		want []string
	}{
		{"valid.yaml", nil},
		{"missing.yaml", nil}, // no pending file: nothing to apply
		{"unknown-entry.yaml", []string{`2: permis.inconnu: entry: no entry "permis.inconnu" in the KB`}},
		{"in-kb.yaml", []string{
			`4: permis.perte: "Vol de permis !" is already a paraphrase of permis.vol (permis.yaml:26)`,
			`5: permis.perte: "Permis perdu" is already a paraphrase of this entry (permis.yaml:4)`}},
		{"twice.yaml", []string{
			`5: permis.perte: "plus de permis ?" is proposed twice (also line 4)`,
			`10: permis.vol: "Plus de Permis" is also proposed for permis.perte (line 4): keep one entry`,
			`14: "plus de permis" is both added and ignored (also line 4): keep one decision`}},
		{"lengths.yaml", []string{
			`4: permis.perte: "` + long[:60] + `…": 259 characters, a paraphrase has at most 200`,
			`5: permis.perte: "?!" has no word: a paraphrase needs letters or digits`,
			`6: permis.perte: "deux\nlignes": write a paraphrase on one line`}},
		{"malformed.yaml", []string{
			`2: permis.perte: add_questions: required with entry, and not empty`,
			`3: permis.perte: unknown field "add_question" (want entry, add_questions, ignore, decided_by or decided_at)`,
			`7: decided_by: required (the editor's name)`,
			`7: decided_at: "hier" is not a time like 2026-11-23T15:04:05Z`,
			`10: permis.vol: give either entry and add_questions, or ignore, not both`,
			`15: a change must be a mapping (entry and add_questions, or ignore)`}},
		{"syntax.yaml", []string{`4: YAML syntax: mapping values are not allowed in this context (indent with spaces; quote a text containing ': ')`}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got := problemsOf(t, c.file)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
