package match

import (
	"github.com/guichet/guichet/kb"
)

// Live keeps a matcher in step with a live knowledge base. The matcher of
// each snapshot is built once, before the snapshot goes live (at start-up,
// before the service says it is ready, and during a reload, before the new
// KB is swapped in), never by a query.
type Live struct {
	kb *kb.Live
}

// liveKey is the key of the matcher among a snapshot's derived values.
type liveKey struct{}

// NewLive returns a matcher that follows l. Unless l was made with
// Deriver already (the faster way: the first matcher is then built while
// the first index is), it builds the matcher of the current snapshot
// before returning and registers the build of each later one with l.
func NewLive(l *kb.Live) *Live {
	l.Derive(Deriver())
	return &Live{kb: l}
}

// Deriver builds the matcher of each snapshot of a kb.Live: everything
// but the index while the index is built, then the index.
func Deriver() kb.Deriver {
	return kb.Deriver{Key: liveKey{}, Prepare: func(k *kb.KB) func(*kb.Index) any {
		m := prepare(k)
		return func(idx *kb.Index) any {
			m.index = idx
			return m
		}
	}}
}

// Current returns the matcher of the current snapshot.
func (l *Live) Current() *Matcher {
	return l.kb.Current().Derived(liveKey{}).(*Matcher)
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
