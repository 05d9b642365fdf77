package kb

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Snapshot is a KB and the index built from it. A query takes one snapshot
// and uses it throughout, so the entries it reads always match the index
// that found them.
type Snapshot struct {
	KB    *KB
	Index *Index
	// derived holds what the registered builders (see Live.Derive) made
	// from this KB and index, by key. It is complete before the snapshot
	// is published and never written afterwards.
	derived map[any]any
}

// Derived returns what the builder registered under key made from this
// snapshot, or nil when no builder is registered under key.
func (s *Snapshot) Derived(key any) any { return s.derived[key] }

// Deriver builds a value from a snapshot before the snapshot goes live,
// in two steps so that the slow part overlaps the index build: Prepare
// reads the KB alone and runs while the index is being built; the function
// it returns gets the finished index and returns the value. Key tells the
// value apart among a snapshot's derived values.
type Deriver struct {
	Key     any
	Prepare func(*KB) func(*Index) any
}

// Live holds the knowledge base the service answers from and replaces it on
// reload without stopping queries.
//
// The current snapshot sits in an atomic.Pointer rather than a Bleve
// IndexAlias: an alias swaps the index alone, while the bot needs the KB and
// the index as one pair. Replaced indexes are not closed by Reload: each
// Index closes itself once unreachable (see NewIndex), that is when the last
// query holding the old snapshot has finished. Queries therefore need no
// release call and can never search a closed index.
type Live struct {
	load func() (*KB, error)
	log  *slog.Logger
	cur  atomic.Pointer[Snapshot]
	mu   sync.Mutex // one reload or Derive at a time: SIGHUP and the watcher may fire together
	// derivers build what depends on a snapshot (the matcher) before the
	// snapshot is published, so that no query ever builds it. Guarded by mu.
	derivers []Deriver
}

// NewLive loads and indexes the knowledge base, and builds what ds derive
// from it while the index is being built (see Deriver). It fails, with
// every problem in a *Problems error, when the KB does not validate: the
// program should then print the error and stop.
func NewLive(load func() (*KB, error), logger *slog.Logger, ds ...Deriver) (*Live, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	l := &Live{load: load, log: logger}
	for _, d := range ds {
		l.register(d)
	}
	start := time.Now()
	k, err := load()
	if err != nil {
		return nil, err
	}
	s, err := l.build(k)
	if err != nil {
		return nil, err
	}
	l.cur.Store(s)
	logger.Info("kb loaded", "kb_version", k.Version(), "entries", len(k.entries),
		"paraphrases", s.Index.NumDocs(), "duration", time.Since(start))
	return l, nil
}

// Current returns the snapshot to answer from. It is safe to call at any
// time, including during a reload.
func (l *Live) Current() *Snapshot { return l.cur.Load() }

// Reload re-reads, validates and re-indexes the knowledge base, then swaps
// it in. When the new content fails, it logs every problem at warn level,
// keeps the current snapshot and returns the error. Content identical to
// the current one is not re-indexed.
func (l *Live) Reload() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := time.Now()
	old := l.cur.Load()
	k, err := l.load()
	if err != nil {
		l.reject(old, err)
		return err
	}
	if k.Version() == old.KB.Version() {
		l.log.Debug("kb unchanged", "kb_version", k.Version())
		return nil
	}
	next, err := l.build(k)
	if err != nil {
		l.reject(old, err)
		return err
	}
	l.cur.Store(next)
	l.log.Info("kb reloaded", "kb_version", k.Version(), "previous_version", old.KB.Version(),
		"entries", len(k.entries), "paraphrases", next.Index.NumDocs(), "duration", time.Since(start))
	return nil
}

// Derive registers d, a builder of something that depends on a snapshot
// (the matcher, with its vocabulary and term statistics). It builds it for
// the current snapshot at once, and for every later snapshot before that
// snapshot replaces the current one: queries find it ready through
// Snapshot.Derived and never build it themselves, even right after a
// reload. A deriver whose key is registered already (passed to NewLive or
// to an earlier Derive) is ignored. Call it before serving; its functions
// must not call Reload or Derive.
func (l *Live) Derive(d Deriver) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.register(d) {
		return // registered already: the snapshots carry it
	}
	old := l.cur.Load()
	// The published snapshot is immutable: publish a copy that carries the
	// new value besides the ones already derived.
	next := &Snapshot{KB: old.KB, Index: old.Index, derived: maps.Clone(old.derived)}
	if next.derived == nil {
		next.derived = map[any]any{}
	}
	next.derived[d.Key] = d.Prepare(old.KB)(old.Index)
	l.cur.Store(next)
}

// register adds d to the derivers unless its key is there already, and
// tells whether it did. Callers hold mu, or own l alone (NewLive).
func (l *Live) register(d Deriver) bool {
	for _, have := range l.derivers {
		if have.Key == d.Key {
			return false
		}
	}
	l.derivers = append(l.derivers, d)
	return true
}

// build indexes k and runs every deriver on it. The derivers' first step
// runs here while the index is built on another goroutine: on two cores a
// snapshot is ready in about the longer of the two rather than their sum.
// Callers hold mu, or own l alone (NewLive).
func (l *Live) build(k *KB) (*Snapshot, error) {
	type indexed struct {
		idx *Index
		err error
	}
	done := make(chan indexed, 1)
	go func() {
		idx, err := NewIndex(k)
		done <- indexed{idx, err}
	}()
	finish := make([]func(*Index) any, len(l.derivers))
	for i, d := range l.derivers {
		finish[i] = d.Prepare(k)
	}
	r := <-done
	if r.err != nil {
		return nil, r.err
	}
	s := &Snapshot{KB: k, Index: r.idx, derived: make(map[any]any, len(l.derivers))}
	for i, d := range l.derivers {
		s.derived[d.Key] = finish[i](r.idx)
	}
	return s, nil
}

// reject logs why a reload failed, each problem on its own line so that
// editors find them in the logs.
func (l *Live) reject(old *Snapshot, err error) {
	var probs *Problems
	if !errors.As(err, &probs) {
		l.log.Warn("kb reload failed, keeping the current version", "kb_version", old.KB.Version(), "err", err)
		return
	}
	for _, p := range probs.List {
		l.log.Warn("kb problem", "at", fmt.Sprintf("%s:%d", p.File, p.Line), "kb_entry", p.ID, "problem", p.Msg)
	}
	l.log.Warn("kb reload rejected, keeping the current version", "kb_version", old.KB.Version(), "problems", len(probs.List))
}

// Close releases the current index. Call it at shutdown, after the servers
// that query it have stopped.
func (l *Live) Close() error {
	if s := l.cur.Load(); s != nil {
		return s.Index.Close()
	}
	return nil
}
