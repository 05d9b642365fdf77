package match_test

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// copyDir copies the KB fixture at src into a temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func rewrite(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A reload swaps the entries and the model together: the next match uses
// the new entries with the new weights and thresholds. A broken model file
// is refused like a broken entry, and the running version stays, model
// included.
func TestReloadSwapsModelWithKB(t *testing.T) {
	dir := copyDir(t, "../testdata/valid")
	kl, err := kb.NewLive(func() (*kb.KB, error) { return kb.LoadDir(dir) }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer kl.Close()
	ml := match.NewLive(kl)
	m0 := ml.Current()
	const q = "j'ai perdu mon permis de conduire"
	r0, err := m0.Match(q)
	if err != nil || r0.Top().Entry != "permis.perte" {
		t.Fatalf("Match(%q) = %+v, %v", q, r0.Top(), err)
	}
	if m0.Thresholds().Answer != 0.37 {
		t.Fatalf("thresholds = %+v, want the fixture's", m0.Thresholds())
	}

	model := filepath.Join(dir, kb.ModelFile)
	rewrite(t, model, func(s string) string {
		s = strings.Replace(s, `"answer": 0.37`, `"answer": 0.61`, 1)
		return strings.Replace(s, `"bias": -5.15`, `"bias": -3`, 1)
	})
	rewrite(t, filepath.Join(dir, "permis.yaml"), func(s string) string { return strings.Replace(s, "25 €", "25 euros", 1) })
	if err := kl.Reload(); err != nil {
		t.Fatal(err)
	}
	m1 := ml.Current()
	if m1.Thresholds().Answer != 0.61 || m1.KB().Model().Weights.Bias != -3 {
		t.Errorf("after reload: thresholds %+v, bias %g; want 0.61 and -3", m1.Thresholds(), m1.KB().Model().Weights.Bias)
	}
	if !strings.Contains(m1.KB().Entry("permis.perte").Answer, "25 euros") {
		t.Error("the reloaded matcher lacks the new entries")
	}
	r1, _ := m1.Match(q)
	if want := match.Confidence(m1.KB().Model().Weights, r1.Top().Features); r1.Top().Confidence != want || want <= r0.Top().Confidence {
		t.Errorf("confidence %g after reload, want %g from the new weights (above %g)", r1.Top().Confidence, want, r0.Top().Confidence)
	}

	rewrite(t, model, func(s string) string { return strings.Replace(s, `"bias": -3`, `"bias": "trois"`, 1) })
	err = kl.Reload()
	var probs *kb.Problems
	if !errors.As(err, &probs) || len(probs.List) != 1 ||
		!strings.Contains(probs.List[0].String(), kb.ModelFile+`:3: weights: bias: want a number, got str "trois"`) {
		t.Fatalf("reload with a broken model = %v, want one problem naming model.json:3", err)
	}
	if m := ml.Current(); m != m1 || m.Thresholds().Answer != 0.61 {
		t.Errorf("a refused model replaced the running version")
	}
}

// The matcher is built once per snapshot, before the snapshot is served:
// messages arriving together on a cold start, or right after a reload,
// share one matcher instead of each building its own.
func TestConcurrentFirstMessagesShareOneMatcher(t *testing.T) {
	dir := copyDir(t, "../testdata/valid")
	kl, err := kb.NewLive(func() (*kb.KB, error) { return kb.LoadDir(dir) }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer kl.Close()
	ml := match.NewLive(kl)

	distinct := func() int {
		const n = 32
		got := make([]*match.Matcher, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				got[i] = ml.Current()
			}()
		}
		close(start)
		wg.Wait()
		set := map[*match.Matcher]bool{}
		for _, m := range got {
			set[m] = true
		}
		return len(set)
	}
	if n := distinct(); n != 1 {
		t.Fatalf("32 concurrent first messages saw %d matchers, want 1 built before serving", n)
	}
	before := ml.Current()
	rewrite(t, filepath.Join(dir, "permis.yaml"), func(s string) string { return strings.Replace(s, "25 €", "25 euros", 1) })
	if err := kl.Reload(); err != nil {
		t.Fatal(err)
	}
	if n := distinct(); n != 1 {
		t.Fatalf("32 concurrent messages after a reload saw %d matchers, want 1", n)
	}
	after := ml.Current()
	if after == before || !strings.Contains(after.KB().Entry("permis.perte").Answer, "25 euros") {
		t.Fatal("the reload did not bring the new KB's matcher")
	}
	if after.KB() != kl.Current().KB {
		t.Fatal("the matcher and the KB served are from different snapshots")
	}
}

// A kb.Live made with Deriver serves, from its first snapshot on, a
// matcher built over that snapshot's KB and searching its index; a reload
// builds the next one the same way, and match.NewLive on such a Live
// reuses it rather than building a second.
func TestDeriverBuildsWithTheSnapshot(t *testing.T) {
	dir := copyDir(t, "../testdata/valid")
	kl, err := kb.NewLive(func() (*kb.KB, error) { return kb.LoadDir(dir) }, slog.New(slog.DiscardHandler), match.Deriver())
	if err != nil {
		t.Fatal(err)
	}
	defer kl.Close()
	s := kl.Current()
	m, ok := s.Derived(match.Deriver().Key).(*match.Matcher)
	if !ok || m.KB() != s.KB {
		t.Fatalf("first snapshot: derived matcher %v over another KB", m)
	}
	ml := match.NewLive(kl)
	if ml.Current() != m {
		t.Fatal("match.NewLive built a second matcher for a snapshot that had one")
	}
	const q = "j'ai perdu mon permis de conduire"
	if r, err := m.Match(q); err != nil || len(r.Candidates) == 0 || r.Candidates[0].Entry != "permis.perte" {
		t.Fatalf("%q: %+v, want permis.perte first (the matcher must search the snapshot's index)", q, r.Candidates)
	}
	rewrite(t, filepath.Join(dir, "permis.yaml"), func(s string) string {
		return strings.Replace(s, "title: Permis perdu", "title: Permis égaré", 1)
	})
	if err := kl.Reload(); err != nil {
		t.Fatal(err)
	}
	s2 := kl.Current()
	if s2 == s || ml.Current() == m || ml.Current().KB() != s2.KB {
		t.Fatal("the reload did not publish a new snapshot with its own matcher")
	}
	if r, err := ml.Current().Match(q); err != nil || len(r.Candidates) == 0 || r.Candidates[0].Entry != "permis.perte" {
		t.Fatalf("after reload, %q: %+v, want permis.perte first", q, r.Candidates)
	}
}

// BenchmarkColdStart measures what start-up and each reload pay before the
// service is ready: loading the embedded KB, then its index and its
// matcher, which are built side by side (see kb.Deriver).
func BenchmarkColdStart(b *testing.B) {
	for b.Loop() {
		kl, err := kb.NewLive(func() (*kb.KB, error) { return kb.Load(kb.Embedded()) }, nil, match.Deriver())
		if err != nil {
			b.Fatal(err)
		}
		kl.Close()
	}
}
