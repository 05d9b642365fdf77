package kb

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet"
)

// want is a problem the checker must report: Msg is a substring of the
// message, so that wording can improve without rewriting the table.
type want struct {
	file string
	line int
	id   string
	msg  string
}

// brokenCases has one row per directory of testdata/broken, each the
// smallest KB that breaks one rule. The rows list every problem expected:
// a fixture that trips another rule too fails the test.
var brokenCases = map[string][]want{
	"syntax": {
		{"colon.yaml", 5, "", "YAML syntax: mapping values are not allowed in this context (a text containing ': ' needs quotes"},
		{"entries.yaml", 38, "", "YAML syntax: did not find expected ',' or ']'"},
	},
	"unknown-field": {
		{"entries.yaml", 1, "", `unknown field "domian"`},
		{"entries.yaml", 20, "test.a", `unknown field "anwser"`},
		{"entries.yaml", 42, "test.b", `unknown choice field "note"`},
	},
	"duplicate-id":  {{"b.yaml", 21, "test.same", "duplicate id (first defined at a.yaml:3)"}},
	"duplicate-key": {{"entries.yaml", 20, "test.a", `field "title" given twice (first at line 4)`}},
	"missing-field": {
		{"entries.yaml", 3, "test.a", "missing required field keywords"},
		{"entries.yaml", 3, "test.a", "missing required field source"},
		{"entries.yaml", 19, "", "id: required, but empty"},
	},
	"answer-too-long": {
		{"entries.yaml", 17, "test.long", "answer: 965 characters, at most 900"},
		{"entries.yaml", 21, "test.long", `choice "Détails": answer is 965 characters`},
	},
	"label-too-long": {{"entries.yaml", 21, "test.a", "label is 34 characters, at most 20"}},
	"dangling-related": {
		{"entries.yaml", 20, "test.a", `related: no entry "test.inexistant"`},
		{"entries.yaml", 39, "test.b", "related to itself"},
	},
	"dangling-goto": {{"entries.yaml", 23, "test.a", `goto: no entry "test.nulle-part"`}},
	"cycle": {
		{"entries.yaml", 63, "test.c", "choices loop: test.a → test.b → test.c → test.a"},
		{"entries.yaml", 65, "test.c", "choices loop: test.c → test.c"},
	},
	"duplicate-paraphrase": {
		{"entries.yaml", 16, "test.a", `"test a 3" written twice (also line 10)`},
		{"entries.yaml", 34, "test.b", "also a paraphrase of test.a (entries.yaml:6)"},
	},
	"few-paraphrases": {{"entries.yaml", 5, "test.a", "9 paraphrases, want at least 10"}},
	"model-missing":   {{"model.json", 0, "", "missing: the confidence model and the bot's thresholds live here"}},
	"model-syntax":    {{"model.json", 5, "", "JSON syntax: invalid character '}' looking for beginning of object key string"}},
	"model": {
		{"model.json", 2, "", "weights: missing unknown (every weight is required"},
		{"model.json", 4, "", `weights: coverage: want a number, got str "1.284"`},
		{"model.json", 6, "", "weights: mass: 1e+09 is not a weight: want a number between -100 and 100"},
		{"model.json", 9, "", `weights: "unknwn" is not a weight of the model (want bias, coverage`},
		{"model.json", 19, "", "thresholds: clarify: 0.5 is not in (0, answer = 0.37]"},
		{"model.json", 22, "", `fitted: date: "hier" is not a date`},
		{"model.json", 23, "", "fitted: examples: want a whole number, got 12.5"},
		{"model.json", 25, "", `unknown field "note" (want weights, thresholds, fitted)`},
	},
	"english": {
		{"english.yaml", 3, "test.nowhere", `translation: no entry "test.nowhere"`},
		{"english.yaml", 7, "test.a", "title: required"},
		{"english.yaml", 8, "test.a", "short: 33 characters, at most 20"},
		{"english.yaml", 9, "test.a", `"test a 1" is also a paraphrase of test.a (entries.yaml:5)`},
		{"english.yaml", 9, "test.a", `"english a 1" written twice (also line 9)`},
		{"english.yaml", 10, "test.a", `answer: "https://example.org/" is not in the French text`},
		{"english.yaml", 10, "test.a", `answer: "30" is not in the French text`},
		{"english.yaml", 13, "test.a", "facets: delai: the French entry has no such facet"},
		{"english.yaml", 17, "test.a", `choice "Stolen": the French choice "Volé" has no answer`},
		{"english.yaml", 19, "test.a", "choices: 3 English choices, the French entry has 2"},
		{"english.yaml", 22, "test.b", "short: required, the title is longer than 20"},
		{"english.yaml", 23, "test.b", "questions: 2 English paraphrases, want at least 8"},
		{"english.yaml", 24, "test.b", `unknown translation field "anwser"`},
	},
	"facets": {
		{"entries.yaml", 4, "test.a", "short: required, the title is longer than 20 characters"},
		{"entries.yaml", 17, "test.a", `answer: link "http://exemple.gouv.fr/page" is not https`},
		{"entries.yaml", 20, "test.a", `facets: unknown facet "prix"`},
		{"entries.yaml", 21, "test.a", "facets: delai: empty text"},
		{"entries.yaml", 24, "test.a", `related: test.c has the same button title "même titre" as test.b`},
		{"entries.yaml", 26, "test.a", "unverified: both fact and source are required"},
		{"entries.yaml", 31, "test.a", `choice "Mineur": link "http://exemple.fr/" is not https`},
		{"entries.yaml", 31, "test.a", `when: unknown slot "age"`},
		{"entries.yaml", 31, "test.a", `when: pour: "enfant" is not one of adulte, mineur-15-17, moins-15`},
	},
	"choice-target": {
		{"entries.yaml", 21, "test.a", "give only one of goto, answer, choices or action"},
		{"entries.yaml", 24, "test.a", `"Aucune cible" leads nowhere`},
		{"entries.yaml", 25, "test.a", "missing label"},
		{"entries.yaml", 25, "test.a", "prompt is only shown with sub-choices"},
		{"entries.yaml", 27, "test.a", "same label as the choice at line 21"},
		{"entries.yaml", 29, "test.a", `"Vide" leads nowhere`},
		{"entries.yaml", 30, "test.a", "want a non-empty list of choices"},
	},
	"bad-values": {
		{"entries.yaml", 3, "Test Mauvais", "id: use lowercase letters"},
		{"entries.yaml", 20, "Test Mauvais", `action: "transfer" is not handoff or incident`},
		{"entries.yaml", 37, "test.b", `source: "ants.gouv.fr" is not an https:// URL`},
		{"entries.yaml", 38, "test.b", `reviewed: "23/11/2026" is not a date`},
	},
	"abbreviations": {
		{"synonyms.yaml", 3, "", `"cg" already defined at synonyms.yaml:2`},
		{"synonyms.yaml", 4, "", `"vide": both the abbreviation and its expansion are required`},
		{"synonyms.yaml", 5, "", "both the abbreviation and its expansion are required"},
		{"synonyms.yaml", 6, "", `"carte g": the abbreviation must be one word`},
		{"synonyms.yaml", 8, "", `synonyms: "carte g": the synonym must be one word`},
		{"synonyms.yaml", 8, "", `synonyms: "cg" already defined at synonyms.yaml:2`},
		{"synonyms.yaml", 8, "", `synonyms: "perdu": variant "Perdu" is empty or the word itself`},
		{"synonyms.yaml", 9, "", `synonyms: "vide": want a word and a non-empty list of variants`},
		{"synonyms.yaml", 10, "", `seul: want a list (one '- item' per line, or [a, b])`},
	},
}

func TestBrokenFixtures(t *testing.T) {
	dirs, err := os.ReadDir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != len(brokenCases) {
		t.Errorf("testdata/broken has %d directories, the table %d rows: keep them in step", len(dirs), len(brokenCases))
	}
	for _, d := range dirs {
		t.Run(d.Name(), func(t *testing.T) {
			wants, ok := brokenCases[d.Name()]
			if !ok {
				t.Fatalf("no expectations for testdata/broken/%s", d.Name())
			}
			got := loadProblems(t, filepath.Join("testdata/broken", d.Name()))
			assertProblems(t, got, wants)
		})
	}
}

func loadProblems(t *testing.T, dir string) []Problem {
	t.Helper()
	k, err := Load(os.DirFS(dir))
	if k != nil {
		t.Fatalf("Load returned a KB despite problems")
	}
	var probs *Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Load error = %v, want *Problems", err)
	}
	if !guichet.Is(err, guichet.Invalid) {
		t.Errorf("Load error kind = %v, want invalid", guichet.KindOf(err))
	}
	return probs.List
}

func assertProblems(t *testing.T, got []Problem, wants []want) {
	t.Helper()
	for i, w := range wants {
		if i >= len(got) {
			t.Errorf("missing problem %s:%d: %s: %s", w.file, w.line, w.id, w.msg)
			continue
		}
		g := got[i]
		if g.File != w.file || g.Line != w.line || g.ID != w.id || !strings.Contains(g.Msg, w.msg) {
			t.Errorf("problem %d = %q\nwant %s:%d: %s: …%s…", i, g, w.file, w.line, w.id, w.msg)
		}
	}
	for _, g := range got[min(len(got), len(wants)):] {
		t.Errorf("unexpected problem %q", g)
	}
}

func TestProblemString(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Problem{"permis.yaml", 12, "permis.perte", "answer: too long"}, "permis.yaml:12: permis.perte: answer: too long"},
		{Problem{"permis.yaml", 3, "", "YAML syntax: bad"}, "permis.yaml:3: YAML syntax: bad"},
		{Problem{"kb/data", 0, "", "no entries"}, "kb/data: no entries"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

func TestLoadDirNamesFilesWithDir(t *testing.T) {
	_, err := LoadDir("testdata/broken/few-paraphrases")
	var probs *Problems
	if !errors.As(err, &probs) || len(probs.List) != 1 {
		t.Fatalf("LoadDir error = %v, want one problem", err)
	}
	want := "testdata/broken/few-paraphrases/entries.yaml:5: test.a: questions: 9 paraphrases, want at least 10"
	if got := probs.List[0].String(); got != want {
		t.Errorf("problem = %q, want %q", got, want)
	}
}

func TestLoadEmptyAndMissing(t *testing.T) {
	got := loadProblems(t, t.TempDir())
	assertProblems(t, got, []want{{".", 0, "", "no entries"}})
	if _, err := LoadDir(filepath.Join(t.TempDir(), "absent")); !guichet.Is(err, guichet.NotFound) {
		t.Errorf("LoadDir(absent) = %v, want a not_found error", err)
	}
}
