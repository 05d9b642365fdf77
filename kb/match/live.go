package match

import (
	"sync/atomic"

	"github.com/guichet/guichet/kb"
)

// Live keeps a matcher in step with a live knowledge base: the first query
// after a reload builds the matcher of the new snapshot, with the model of
// that snapshot (the model file is part of the KB).
type Live struct {
	kb  *kb.Live
	cur atomic.Pointer[built]
}

type built struct {
	snap *kb.Snapshot
	m    *Matcher
}

// NewLive returns a matcher that follows l.
func NewLive(l *kb.Live) *Live {
	return &Live{kb: l}
}

// Current returns the matcher of the current snapshot. Two goroutines may
// both build it right after a reload; one result wins, both are correct.
func (l *Live) Current() *Matcher {
	snap := l.kb.Current()
	if b := l.cur.Load(); b != nil && b.snap == snap {
		return b.m
	}
	b := &built{snap: snap, m: New(snap.KB, snap.Index)}
	l.cur.Store(b)
	return b.m
}

// NewEmbedded builds a matcher over the knowledge base compiled into the
// binary, with its model: what tools and tests use when no KB directory is
// configured.
func NewEmbedded() (*Matcher, error) {
	k, err := kb.Load(kb.Embedded())
	if err != nil {
		return nil, err
	}
	idx, err := kb.NewIndex(k)
	if err != nil {
		return nil, err
	}
	return New(k, idx), nil
}
