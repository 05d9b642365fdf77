package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pendingFixture copies review's fixture KB and a fixture pending file
// into a temporary directory.
func pendingFixture(t *testing.T, pending string) (file, dir string) {
	t.Helper()
	root := t.TempDir()
	dir = filepath.Join(root, "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "../../review/testdata/kb"
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		copyFile(t, filepath.Join(src, e.Name()), filepath.Join(dir, e.Name()))
	}
	file = filepath.Join(root, "pending.yaml")
	copyFile(t, filepath.Join("../../review/testdata/pending", pending), file)
	return file, dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestKBPendingCheckThenApply(t *testing.T) {
	file, dir := pendingFixture(t, "valid.yaml")
	code, out, errs := runCmd(t, nil, "kb", "pending", "check", "--file", file, "--kb", dir)
	want := file + ": 3 change(s) add 5 paraphrase(s) (hors-champ.bateau +1, permis.perte +2, permis.vol +2) to " +
		dir + "/hors-champ.yaml, " + dir + "/permis.yaml; the KB passes the checker with them; 1 ignore decision(s)\n"
	if code != 0 || out != want {
		t.Fatalf("check: exit %d\nstdout: %s\nwant:   %s\nstderr: %s", code, out, want, errs)
	}
	code, out, errs = runCmd(t, nil, "kb", "pending", "apply", "--file", file, "--kb", dir)
	if code != 0 || !strings.HasPrefix(out, "added 5 paraphrase(s)") {
		t.Fatalf("apply: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if code, out, _ := runCmd(t, nil, "kb", "check", dir); code != 0 || !strings.Contains(out, "no problem") {
		t.Fatalf("kb check after apply: exit %d: %s", code, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "permis.yaml"))
	golden, _ := os.ReadFile("../../review/testdata/applied/permis.yaml")
	if string(got) != string(golden) {
		t.Errorf("permis.yaml after apply differs from review/testdata/applied/permis.yaml:\n%s", got)
	}
	if code, out, _ = runCmd(t, nil, "kb", "pending", "check", "--file", file, "--kb", dir); code != 0 || !strings.Contains(out, "no paraphrase to add (1 ignore decision(s))") {
		t.Fatalf("check after apply: exit %d: %s", code, out)
	}
}

func TestKBPendingPrintsProblems(t *testing.T) {
	file, dir := pendingFixture(t, "unknown-entry.yaml")
	before, _ := os.ReadFile(file)
	for _, sub := range []string{"check", "apply"} {
		code, out, errs := runCmd(t, nil, "kb", "pending", sub, "--file", file, "--kb", dir)
		if want := file + `:2: permis.inconnu: entry: no entry "permis.inconnu" in the KB` + "\n"; code != 1 || out != want ||
			!strings.Contains(errs, "1 problem(s): nothing was written") {
			t.Errorf("%s: exit %d\nstdout: %s\nwant:   %s\nstderr: %s", sub, code, out, want, errs)
		}
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Error("a refused apply changed the pending file")
	}
	if code, _, errs := runCmd(t, nil, "kb", "pending", "check", "extra"); code != 2 || !strings.Contains(errs, "use --file and --kb") {
		t.Errorf("stray argument: exit %d, %s", code, errs)
	}
	if code, _, errs := runCmd(t, nil, "kb", "pending"); code != 2 || !strings.Contains(errs, "guichet kb pending apply") {
		t.Errorf("no subcommand: exit %d, %s", code, errs)
	}
}
