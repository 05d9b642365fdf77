package kb

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// logBuffer collects log lines from concurrent goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newLogger() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewTextHandler(buf, nil)), buf
}

// variants returns three contents in turn: the valid fixture, the fixture
// with one more entry, and a broken one (duplicate id), so that a reload
// changes the KB, changes it back, or fails.
func variants(t *testing.T) func() (*KB, error) {
	base := validFS(t)
	more := validFS(t)
	more["extra.yaml"] = &fstest.MapFile{Data: []byte(extraEntry)}
	broken := validFS(t)
	broken["copy.yaml"] = base["permis.yaml"]
	fss := []fs.FS{base, more, broken}
	var n atomic.Int64
	return func() (*KB, error) { return Load(fss[int(n.Add(1)-1)%len(fss)]) }
}

const extraEntry = `entries:
  - id: permis.points
    title: Solde de points
    questions: [mes points, solde de points, combien de points, points permis, retrait de points,
      consulter mes points, points restants, perte de points, recuperer des points, mes points permis]
    keywords: [points]
    answer: Le solde se consulte sur le service Mes points permis.
    source: https://www.interieur.gouv.fr/
    reviewed: 2026-11-23
`

func TestLiveReloadUnderQueries(t *testing.T) {
	closedBefore := closedIndexes.Load()
	logger, _ := newLogger()
	l, err := NewLive(variants(t), logger)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var searches atomic.Int64
	defer func() { // before l.Close, even when the test fails early
		close(stop)
		wg.Wait()
	}()
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				checkSnapshot(t, l.Current())
				searches.Add(1)
			}
		})
	}
	swaps := reloadMany(t, l, 15)
	for searches.Load() < 100 { // make sure queries overlapped the reloads
		runtime.Gosched()
	}
	t.Logf("%d searches during %d swaps", searches.Load(), swaps)
	waitClosed(t, closedBefore+int64(swaps))
}

// checkSnapshot searches like the bot does and checks that the snapshot's
// KB and index belong together.
func checkSnapshot(t *testing.T, s *Snapshot) {
	if s.Index.KB() != s.KB {
		t.Error("snapshot pairs an index with another KB")
	}
	hits, err := s.Index.Search("j'ai perdu mon permis de conduire", 5)
	if err != nil || len(hits) == 0 {
		t.Errorf("Search during reload = %v, %v", hits, err)
		return
	}
	for _, h := range hits {
		if s.KB.Entry(h.Entry) == nil {
			t.Errorf("hit %s not in the snapshot's KB", h.Entry)
		}
	}
}

// reloadMany reloads n times; every third load is broken and must leave
// the current KB in place. It returns how many times the KB was replaced.
func reloadMany(t *testing.T, l *Live, n int) int {
	swaps := 0
	for i := range n {
		before := l.Current()
		err := l.Reload()
		var probs *Problems
		switch broken := i%3 == 1; {
		case broken && !errors.As(err, &probs):
			t.Fatalf("reload %d: err = %v, want *Problems", i, err)
		case broken && l.Current() != before:
			t.Fatalf("reload %d: a failed reload replaced the KB", i)
		case !broken && err != nil:
			t.Fatalf("reload %d: %v", i, err)
		case !broken:
			swaps++
		}
	}
	return swaps
}

// waitClosed waits until replaced indexes have been closed by their GC
// cleanup: reloads must not leak scorch indexes.
func waitClosed(t *testing.T, want int64) {
	deadline := time.Now().Add(10 * time.Second)
	for closedIndexes.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("%d indexes closed, want %d", closedIndexes.Load(), want)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLiveFailedReloadLogsEveryProblem(t *testing.T) {
	fsys := validFS(t)
	logger, logs := newLogger()
	l, err := NewLive(func() (*KB, error) { return Load(fsys) }, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	version := l.Current().KB.Version()
	edit(fsys, "permis.yaml", "related: [permis.vol]", "related: [permis.volé]")
	edit(fsys, "titres.yaml", "reviewed: 2026-11-23\n    action", "reviewed: hier\n    action")
	err = l.Reload()
	var probs *Problems
	if !errors.As(err, &probs) || len(probs.List) != 2 {
		t.Fatalf("Reload = %v, want two problems", err)
	}
	if got := l.Current().KB.Version(); got != version {
		t.Errorf("version = %s after a failed reload, want %s kept", got, version)
	}
	for _, want := range []string{`at=permis.yaml:21 kb_entry=permis.perte problem="related: no entry`,
		`at=titres.yaml:57 kb_entry=conseiller.humain problem="reviewed:`, "kb reload rejected"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}

func TestNewLiveRefusesBrokenKB(t *testing.T) {
	logger, _ := newLogger()
	l, err := NewLive(func() (*KB, error) { return LoadDir("testdata/broken/cycle") }, logger)
	var probs *Problems
	if l != nil || !errors.As(err, &probs) {
		t.Fatalf("NewLive = %v, %v; want the problems and no Live", l, err)
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	for name, f := range validFS(t) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	logger, logs := newLogger()
	l, err := NewLive(func() (*KB, error) { return LoadDir(dir) }, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Watch(ctx, dir, 5*time.Millisecond)

	v0 := l.Current().KB.Version()
	rewrite(t, dir, "permis.yaml", "25 €", "25 euros")
	waitFor(t, "reload after an edit", func() bool { return l.Current().KB.Version() != v0 })
	if !strings.Contains(l.Current().KB.Entry("permis.perte").Answer, "25 euros") {
		t.Error("reloaded KB lacks the edit")
	}
	v1 := l.Current().KB.Version()
	rewrite(t, dir, "titres.yaml", "title: Un conseiller", "title:")
	waitFor(t, "rejected reload", func() bool { return strings.Contains(logs.String(), "kb reload rejected") })
	if l.Current().KB.Version() != v1 {
		t.Error("a broken edit replaced the live KB")
	}
}

func rewrite(t *testing.T, dir, name, old, new string) {
	t.Helper()
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// The watcher reloads a KB whose model file alone changed.
func TestWatchReloadsTheModel(t *testing.T) {
	dir := t.TempDir()
	for name, f := range validFS(t) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	logger, _ := newLogger()
	l, err := NewLive(func() (*KB, error) { return LoadDir(dir) }, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Watch(ctx, dir, 5*time.Millisecond)
	// First an edit of the entries, so that the watcher has settled on
	// the directory's state; then the model alone.
	v0 := l.Current().KB.Version()
	rewrite(t, dir, "permis.yaml", "25 €", "25 euros")
	waitFor(t, "reload after an edit", func() bool { return l.Current().KB.Version() != v0 })
	rewrite(t, dir, ModelFile, `"answer": 0.37`, `"answer": 0.42`)
	waitFor(t, "reload after a refit", func() bool { return l.Current().KB.Model().Thresholds.Answer == 0.42 })
}

// What is derived from a snapshot is built once per snapshot, before it
// is published: a query never finds a snapshot without it, a refused or
// unchanged reload builds nothing.
func TestDeriveBuildsOncePerSnapshotBeforeServing(t *testing.T) {
	l, err := NewLive(variants(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var builds atomic.Int64
	type key struct{}
	l.Derive(Deriver{Key: key{}, Prepare: func(k *KB) func(*Index) any {
		builds.Add(1)
		return func(*Index) any { return k }
	}})
	l.Derive(Deriver{Key: key{}, Prepare: func(*KB) func(*Index) any {
		t.Error("a second builder for the same key ran")
		return func(*Index) any { return nil }
	}})
	if builds.Load() != 1 {
		t.Fatalf("Derive built %d times for the current snapshot, want 1", builds.Load())
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var bad atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				s := l.Current()
				if v, _ := s.Derived(key{}).(*KB); v != s.KB {
					bad.Add(1)
				}
			}
		}()
	}
	for i := range 6 {
		err := l.Reload() // more, broken, base, more, broken, base
		if (err != nil) != (i%3 == 1) {
			t.Errorf("reload %d: err = %v", i, err)
		}
	}
	close(stop)
	wg.Wait()
	if bad.Load() != 0 {
		t.Errorf("%d queries found a snapshot without its derived value", bad.Load())
	}
	if got := builds.Load(); got != 5 {
		t.Errorf("built %d times, want 5 (the first snapshot and four accepted reloads)", got)
	}
}
