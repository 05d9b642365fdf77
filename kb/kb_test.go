package kb

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func loadValid(t testing.TB) *KB {
	t.Helper()
	k, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatalf("valid fixture: %v", err)
	}
	return k
}

func TestLoadValid(t *testing.T) {
	k := loadValid(t)
	var ids []string
	for _, e := range k.Entries() {
		ids = append(ids, e.ID)
	}
	want := []string{"permis.perte", "permis.vol", "permis.refaire", "cni.demande", "civ.changement-adresse", "conseiller.humain"}
	if !slices.Equal(ids, want) {
		t.Errorf("entries = %q, want file order %q", ids, want)
	}
	e := k.Entry("permis.perte")
	if e == nil || e.File != "permis.yaml" || e.Line != 3 || e.Reviewed != "2026-11-23" || len(e.Questions) != 10 {
		t.Fatalf("permis.perte = %+v", e)
	}
	if strings.HasSuffix(e.Answer, "\n") || !strings.Contains(e.Answer, "25 €") {
		t.Errorf("answer not trimmed or wrong: %q", e.Answer)
	}
	if k.Entry("permis.inconnu") != nil {
		t.Error("Entry(unknown) is not nil")
	}
	if got := k.Entry("conseiller.humain").Action; got != ActionHandoff {
		t.Errorf("action = %q", got)
	}
}

func TestLoadChoices(t *testing.T) {
	cs := loadValid(t).Entry("permis.refaire").Choices
	if len(cs) != 4 || cs[0].Goto != "permis.perte" || cs[3].Action != ActionHandoff {
		t.Fatalf("choices = %+v", cs)
	}
	sub := cs[2]
	if sub.Prompt != "Est-il encore lisible ?" || len(sub.Choices) != 2 || sub.Line != 65 {
		t.Fatalf("sub-tree = %+v", sub)
	}
	if c := sub.Choices[1]; c.Answer == "" || c.Action != ActionHandoff {
		t.Errorf("answer then action = %+v", c)
	}
}

func TestAbbreviationsFolded(t *testing.T) {
	got := loadValid(t).Abbreviations()
	want := map[string]string{"cg": "carte grise", "cni": "carte nationale d'identité", "immat": "immatriculation"}
	if !maps.Equal(got, want) {
		t.Errorf("Abbreviations() = %q, want %q", got, want)
	}
}

// validFS copies the valid fixture into memory so that tests can change it.
func validFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range []string{"permis.yaml", "titres.yaml", "synonyms.yaml", ModelFile} {
		data, err := os.ReadFile("testdata/valid/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: data}
	}
	return m
}

func TestVersionFollowsContent(t *testing.T) {
	fsys := validFS(t)
	a := mustLoad(t, fsys)
	if b := mustLoad(t, fsys); a.Version() != b.Version() {
		t.Errorf("same content, versions %s and %s", a.Version(), b.Version())
	}
	edit(fsys, "permis.yaml", "25 €", "25 euros")
	if c := mustLoad(t, fsys); c.Version() == a.Version() {
		t.Errorf("edited content kept version %s", a.Version())
	}
}

func mustLoad(t testing.TB, fsys fs.FS) *KB {
	t.Helper()
	k, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func edit(fsys fstest.MapFS, name, old, new string) {
	f := fsys[name]
	f.Data = []byte(strings.ReplaceAll(string(f.Data), old, new))
}

func TestYmlExtensionReported(t *testing.T) {
	fsys := validFS(t)
	fsys["extra.yml"] = &fstest.MapFile{Data: []byte("domain: x\n")}
	_, err := Load(fsys)
	if err == nil || !strings.Contains(err.Error(), "extra.yml: rename to .yaml") {
		t.Errorf("Load = %v, want the .yml file reported", err)
	}
}

// TestEmbeddedKB guards the real knowledge base: the build must ship one
// that passes the checker.
func TestEmbeddedKB(t *testing.T) {
	k, err := Load(Embedded())
	if err != nil {
		t.Fatalf("embedded KB does not validate (run guichet kb check):\n%v", err)
	}
	if len(k.Entries()) == 0 {
		t.Fatal("embedded KB has no entries")
	}
}

func TestExportJSONL(t *testing.T) {
	k := loadValid(t)
	var buf bytes.Buffer
	if err := k.ExportJSONL(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(k.Entries()) {
		t.Fatalf("%d lines for %d entries", len(lines), len(k.Entries()))
	}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		keys := slices.Sorted(maps.Keys(m))
		if !slices.Equal(keys, []string{"answer", "id", "keywords", "questions", "title"}) {
			t.Errorf("line %d keys = %q", i+1, keys)
		}
		if m["id"] != k.Entries()[i].ID {
			t.Errorf("line %d id = %v, want %s", i+1, m["id"], k.Entries()[i].ID)
		}
	}
	if !strings.Contains(lines[0], `sur https://permisdeconduire.ants.gouv.fr/ . Un timbre fiscal de 25 €`) {
		t.Errorf("links should stay readable: %s", lines[0])
	}
}

// testModel returns the valid fixture's model file.
func testModel(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/valid/" + ModelFile)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
