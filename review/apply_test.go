package review

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet/kb"
)

// copyFixtures copies the fixture KB and a fixture pending file into a
// temporary directory and returns their new paths.
func copyFixtures(t *testing.T, pending string) (pendingPath, kbDir string) {
	t.Helper()
	dir := t.TempDir()
	kbDir = filepath.Join(dir, "data")
	if err := os.Mkdir(kbDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := copyKB(fixtureKB, kbDir, nil); err != nil {
		t.Fatal(err)
	}
	pendingPath = filepath.Join(dir, "pending.yaml")
	if pending != "" {
		data, err := os.ReadFile(filepath.Join("testdata/pending", pending))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pendingPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pendingPath, kbDir
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestApplyKeepsTheFilesAsWritten applies the valid fixture and compares
// the KB files with golden copies: the new paraphrases are at the end of
// each list, and comments, blank lines, quoting and the folded item are
// untouched.
func TestApplyKeepsTheFilesAsWritten(t *testing.T) {
	pendingPath, kbDir := copyFixtures(t, "valid.yaml")
	sum, err := Apply(pendingPath, kbDir)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Applied != 3 || sum.Questions != 5 || sum.Ignored != 1 ||
		strings.Join(sum.Files, ",") != "hors-champ.yaml,permis.yaml" ||
		sum.Entries["permis.perte"] != 2 || sum.Entries["permis.vol"] != 2 || sum.Entries["hors-champ.bateau"] != 1 {
		t.Errorf("summary %+v", sum)
	}
	for _, name := range []string{"permis.yaml", "hors-champ.yaml", "synonyms.yaml"} {
		want := read(t, filepath.Join("testdata/applied", name))
		if got := read(t, filepath.Join(kbDir, name)); got != want {
			t.Errorf("%s after apply:\n%s\nwant (testdata/applied/%s):\n%s", name, got, name, want)
		}
	}
	k, err := kb.LoadDir(kbDir)
	if err != nil {
		t.Fatalf("the applied KB fails the checker: %v", err)
	}
	if q := k.Entry("permis.vol").Questions; q[len(q)-1] != "#vol permis" || q[len(q)-3] != "on ma vole mon permi hier soir" {
		t.Errorf("permis.vol questions end with %q", q[len(q)-3:])
	}
	p, err := ReadPending(pendingPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 || strings.Join(p.Changes[0].Ignore, ",") != "azerty,ok" || p.Changes[0].DecidedBy != "alice" {
		t.Errorf("pending after apply: %+v, want only the ignore decision", p.Changes)
	}
	sum, err = Apply(pendingPath, kbDir)
	if err != nil || sum.Applied != 0 || sum.Ignored != 1 {
		t.Errorf("second apply: %+v, %v; want nothing applied", sum, err)
	}
}

// TestApplyWritesNothingOnProblems: a pending file with one bad change
// leaves both the KB and the pending file as they were.
func TestApplyWritesNothingOnProblems(t *testing.T) {
	pendingPath, kbDir := copyFixtures(t, "twice.yaml")
	before := read(t, pendingPath)
	_, err := Apply(pendingPath, kbDir)
	var probs *kb.Problems
	if !errors.As(err, &probs) || len(probs.List) != 3 {
		t.Fatalf("Apply: %v, want 3 problems", err)
	}
	if read(t, pendingPath) != before {
		t.Error("the pending file changed")
	}
	for _, name := range []string{"permis.yaml", "hors-champ.yaml"} {
		if read(t, filepath.Join(kbDir, name)) != read(t, filepath.Join(fixtureKB, name)) {
			t.Errorf("%s changed", name)
		}
	}
}

func TestApplyWithoutPendingFile(t *testing.T) {
	pendingPath, kbDir := copyFixtures(t, "")
	sum, err := Apply(pendingPath, kbDir)
	if err != nil || sum.Applied != 0 {
		t.Fatalf("Apply: %+v, %v", sum, err)
	}
	if _, err := os.Stat(pendingPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Apply created the pending file (%v)", err)
	}
}

// TestTrialNamesTheRealFiles: when the edited KB fails the checker (here a
// paraphrase given to two entries, which CheckPending would have caught),
// problems name the KB directory's files, not the temporary copy.
func TestTrialNamesTheRealFiles(t *testing.T) {
	k, err := kb.LoadDir(fixtureKB)
	if err != nil {
		t.Fatal(err)
	}
	adds := map[string]map[string][]string{"permis.yaml": {"permis.perte": {"vol de permis"}}}
	data, err := insertQuestions([]byte(read(t, filepath.Join(fixtureKB, "permis.yaml"))), adds["permis.yaml"])
	if err != nil {
		t.Fatal(err)
	}
	err = trial(k, fixtureKB, map[string][]byte{"permis.yaml": data}, adds)
	var probs *kb.Problems
	if !errors.As(err, &probs) || len(probs.List) != 1 {
		t.Fatalf("trial: %v, want one problem", err)
	}
	want := `testdata/kb/permis.yaml:31: permis.vol: with the pending changes applied: questions: "vol de permis" is also a paraphrase of permis.perte (permis.yaml:18)`
	if got := probs.List[0].String(); got != want {
		t.Errorf("problem:\n%s\nwant:\n%s", got, want)
	}
}

func TestInsertRefusesFlowLists(t *testing.T) {
	data := []byte("entries:\n  - id: a.b\n    questions: [un, deux]\n")
	_, err := insertQuestions(data, map[string][]string{"a.b": {"trois"}})
	if err == nil || !strings.Contains(err.Error(), "one '- question' per line") {
		t.Fatalf("insert into a flow list: %v", err)
	}
	data = []byte("entries:\r\n  - id: a.b\r\n    questions:\r\n      - un\r\n      - deux")
	got, err := insertQuestions(data, map[string][]string{"a.b": {"trois: quatre"}})
	if err != nil || string(got) != string(data)+"\r\n      - 'trois: quatre'\r\n" {
		t.Fatalf("insert into a CRLF file without final newline: %q, %v", got, err)
	}
}

// TestEveryShippedEntryTakesParaphrases applies one new paraphrase to
// every entry of the KB in kb/data: whatever way editors wrote a
// questions list there, apply can add to it.
func TestEveryShippedEntryTakesParaphrases(t *testing.T) {
	const shipped = "../kb/data"
	k, err := kb.LoadDir(shipped)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kbDir := filepath.Join(dir, "data")
	if err := os.Mkdir(kbDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := copyKB(shipped, kbDir, nil); err != nil {
		t.Fatal(err)
	}
	pendingPath := filepath.Join(dir, "pending.yaml")
	err = UpdatePending(pendingPath, func(p *Pending) error {
		for i, e := range k.Entries() {
			p.Changes = append(p.Changes, Change{Entry: e.ID, AddQuestions: []string{fmt.Sprintf("formulation de revue numéro %d : %s ?", i, e.ID)},
				DecidedBy: "test", DecidedAt: t0})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Apply(pendingPath, kbDir)
	if err != nil {
		t.Fatal(err)
	}
	after, err := kb.LoadDir(kbDir)
	if err != nil || sum.Questions != len(k.Entries()) {
		t.Fatalf("%d paraphrases added to %d entries: %v", sum.Questions, len(k.Entries()), err)
	}
	for _, e := range k.Entries() {
		if got, want := len(after.Entry(e.ID).Questions), len(e.Questions)+1; got != want {
			t.Errorf("%s: %d questions, want %d", e.ID, got, want)
		}
	}
}
