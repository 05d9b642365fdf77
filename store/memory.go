package store

import (
	"bytes"
	"context"
	"sync"
	"time"
	"unique"

	"github.com/guichet/guichet"
)

// sweepEvery is how often, by the store's clock, Memory scans for expired
// conversations and claims. Expired items are also dropped when touched, so
// the sweep only bounds memory held by conversations nobody visits again.
const sweepEvery = time.Minute

// Memory is the single-process store: everything lives in maps guarded by
// one mutex. Operations are O(1) or O(page), never O(transcript), so that
// long web conversations stay cheap.
type Memory struct {
	opts Options
	bus  *hub

	mu    sync.Mutex
	convs map[guichet.ConversationID]*memConv
	// idle lists the conversations from the least to the most recently
	// written (a ring through sentinel): since every write pushes the expiry
	// back by the same Retention, it is also the order of expiry, so expiry
	// and the cap on conversations drop from its front without a scan.
	idle      memConv
	claims    map[string]time.Time // key -> expiry
	nextSweep time.Time
	closed    bool
}

// memConv is one conversation. Seq n is events[n-1], so paging is slicing.
type memConv struct {
	events []guichet.Event
	// ids maps event ids to seqs once a conversation holds idsAbove
	// events; below, seqOf scans them, which spares a map per
	// conversation (see BenchmarkMemoryHeld).
	ids     map[string]int64
	state   []byte
	version int64
	expires time.Time
	id      guichet.ConversationID
	// prev and next link the record into Memory.idle.
	prev, next *memConv
}

// unlink takes c out of the idle list.
func (c *memConv) unlink() {
	if c.prev != nil {
		c.prev.next, c.next.prev = c.next, c.prev
		c.prev, c.next = nil, nil
	}
}

// touch records a write to c at now: its expiry moves to now+Retention and
// it goes to the back of the idle list.
func (m *Memory) touch(c *memConv, now time.Time) {
	c.expires = now.Add(m.opts.Retention)
	c.unlink()
	last := m.idle.prev
	c.prev, c.next = last, &m.idle
	last.next, m.idle.prev = c, c
}

// drop removes c from the store.
func (m *Memory) drop(c *memConv) {
	c.unlink()
	delete(m.convs, c.id)
}

var (
	_ Store        = (*Memory)(nil)
	_ AppendLoader = (*Memory)(nil)
)

// NewMemory returns an empty in-process store.
// Options.MaxConversations bounds how many conversations it holds: beyond
// it, the one idle for longest is forgotten.
func NewMemory(opts Options) *Memory {
	m := &Memory{
		opts:   opts.withDefaults(),
		bus:    newHub(busBuffer),
		convs:  make(map[guichet.ConversationID]*memConv),
		claims: make(map[string]time.Time),
	}
	m.idle.prev, m.idle.next = &m.idle, &m.idle
	return m
}

// lock takes the mutex unless the store is closed, and expires what is due.
// On success the caller must unlock.
func (m *Memory) lock(op string) (now time.Time, err error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return now, guichet.Errorf(guichet.Unavailable, op, "store closed")
	}
	now = m.opts.Now()
	// Expired conversations are at the front of the idle list: dropping
	// them costs what they held, never a scan of the live ones.
	for c := m.idle.next; c != &m.idle && !now.Before(c.expires); c = m.idle.next {
		m.drop(c)
	}
	if !now.Before(m.nextSweep) {
		m.sweep(now)
		m.nextSweep = now.Add(sweepEvery)
	}
	return now, nil
}

// sweep drops expired claims.
func (m *Memory) sweep(now time.Time) {
	for k, exp := range m.claims {
		if !now.Before(exp) {
			delete(m.claims, k)
		}
	}
}

// conv returns conv's live record, or nil. With create, a missing record is
// made. Either way a found record expired at now is dropped first.
func (m *Memory) conv(id guichet.ConversationID, now time.Time, create bool) *memConv {
	c := m.convs[id]
	if c != nil && !now.Before(c.expires) {
		m.drop(c)
		c = nil
	}
	if c == nil && create {
		for len(m.convs) >= m.opts.MaxConversations {
			m.drop(m.idle.next) // the longest idle makes room
		}
		c = &memConv{id: id}
		m.convs[id] = c
		m.touch(c, now)
	}
	return c
}

// Append implements Transcripts.
func (m *Memory) Append(_ context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, error) {
	const op = "store: append"
	if err := checkConv(op, conv); err != nil {
		return guichet.Event{}, false, err
	}
	ev = cloneEvent(prepare(ev, m.opts.Now))
	now, err := m.lock(op)
	if err != nil {
		return guichet.Event{}, false, err
	}
	c := m.conv(conv, now, true)
	stored, created := m.append(c, ev)
	m.touch(c, now)
	m.mu.Unlock()
	if created {
		m.announce(conv, []guichet.Event{cloneEvent(stored)})
	}
	return stored, created, nil
}

// AppendLoad implements AppendLoader.
func (m *Memory) AppendLoad(_ context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, []byte, int64, error) {
	const op = "store: append and load"
	if err := checkConv(op, conv); err != nil {
		return guichet.Event{}, false, nil, 0, err
	}
	ev = cloneEvent(prepare(ev, m.opts.Now))
	now, err := m.lock(op)
	if err != nil {
		return guichet.Event{}, false, nil, 0, err
	}
	c := m.conv(conv, now, true)
	stored, created := m.append(c, ev)
	m.touch(c, now)
	var data []byte
	if c.version > 0 {
		data = bytes.Clone(c.state)
	}
	version := c.version
	m.mu.Unlock()
	if created {
		m.announce(conv, []guichet.Event{cloneEvent(stored)})
	}
	return stored, created, data, version, nil
}

// append adds ev to c unless its id is there, and returns a copy of the
// stored event. The caller holds the lock.
func (m *Memory) append(c *memConv, ev guichet.Event) (guichet.Event, bool) {
	if seq := c.seqOf(ev.ID); seq > 0 {
		return cloneEvent(c.events[seq-1]), false
	}
	ev.Seq = int64(len(c.events)) + 1
	if ev.Role == guichet.RoleBot || ev.Role == guichet.RoleSystem {
		// The bot says the same answers to everyone: one copy of each
		// text for all the conversations that hold it, dropped with the
		// last of them.
		ev.Text = unique.Make(ev.Text).Value()
	}
	c.events = append(c.events, ev)
	switch {
	case c.ids != nil && ev.ID != "":
		c.ids[ev.ID] = ev.Seq
	case c.ids == nil && len(c.events) > idsAbove:
		c.ids = make(map[string]int64, len(c.events))
		for _, e := range c.events {
			if e.ID != "" {
				c.ids[e.ID] = e.Seq
			}
		}
	}
	return cloneEvent(ev), true
}

// idsAbove is how many events a conversation holds before its event ids
// get a map: a scan of a few dozen beats a map's memory.
const idsAbove = 48

// seqOf returns the seq of c's event with id, 0 when there is none ("" is
// never an id).
func (c *memConv) seqOf(id string) int64 {
	if id == "" {
		return 0
	}
	if c.ids != nil {
		return c.ids[id]
	}
	for i := len(c.events) - 1; i >= 0; i-- {
		if c.events[i].ID == id {
			return int64(i + 1)
		}
	}
	return 0
}

// announce publishes the notice of new events, stored (copies), after the
// lock is released: the bus has its own.
func (m *Memory) announce(conv guichet.ConversationID, evs []guichet.Event) {
	_ = m.bus.publish("store: append", eventNotice(conv, evs))
}

// Events implements Transcripts.
func (m *Memory) Events(_ context.Context, conv guichet.ConversationID, after int64, limit int) ([]guichet.Event, error) {
	const op = "store: events"
	after, err := checkPage(op, after, limit)
	if err != nil {
		return nil, err
	}
	now, err := m.lock(op)
	if err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	c := m.conv(conv, now, false)
	if c == nil || after >= int64(len(c.events)) {
		return nil, nil
	}
	page := c.events[after:min(int64(len(c.events)), after+int64(limit))]
	out := make([]guichet.Event, len(page))
	for i, ev := range page {
		out[i] = cloneEvent(ev)
	}
	return out, nil
}

// Forget implements Transcripts.
func (m *Memory) Forget(_ context.Context, conv guichet.ConversationID) (int, error) {
	now, err := m.lock("store: forget")
	if err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	c := m.conv(conv, now, false)
	if c == nil {
		return 0, nil
	}
	m.drop(c)
	return len(c.events), nil
}

// LoadState implements States.
func (m *Memory) LoadState(_ context.Context, conv guichet.ConversationID) ([]byte, int64, error) {
	now, err := m.lock("store: load state")
	if err != nil {
		return nil, 0, err
	}
	defer m.mu.Unlock()
	c := m.conv(conv, now, false)
	if c == nil || c.version == 0 {
		return nil, 0, nil
	}
	return bytes.Clone(c.state), c.version, nil
}

// SaveState implements States. Saving counts as activity: it pushes the
// conversation's expiry back like Append does.
func (m *Memory) SaveState(_ context.Context, conv guichet.ConversationID, data []byte, version int64) (int64, error) {
	const op = "store: save state"
	if err := checkConv(op, conv); err != nil {
		return 0, err
	}
	data = append([]byte{}, data...) // never nil: saved state reads back non-nil
	now, err := m.lock(op)
	if err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	c := m.conv(conv, now, true)
	if c.version != version {
		return 0, guichet.Errorf(guichet.Conflict, op, "version %d is stale (stored %d)", version, c.version)
	}
	c.state, c.version = data, c.version+1
	m.touch(c, now)
	return c.version, nil
}

// Commit implements Commits.
func (m *Memory) Commit(_ context.Context, conv guichet.ConversationID, evs []guichet.Event, data []byte, version int64) ([]guichet.Event, int64, error) {
	const op = "store: commit"
	if err := checkConv(op, conv); err != nil {
		return nil, 0, err
	}
	data = append([]byte{}, data...)
	prepared := make([]guichet.Event, len(evs))
	for i, ev := range evs {
		prepared[i] = cloneEvent(prepare(ev, m.opts.Now))
	}
	now, err := m.lock(op)
	if err != nil {
		return nil, 0, err
	}
	c := m.conv(conv, now, true)
	if c.version != version {
		stored := c.version
		m.mu.Unlock()
		return nil, 0, guichet.Errorf(guichet.Conflict, op, "version %d is stale (stored %d)", version, stored)
	}
	var created []guichet.Event
	for i, ev := range prepared {
		var ok bool
		if prepared[i], ok = m.append(c, ev); ok {
			created = append(created, cloneEvent(prepared[i]))
		}
	}
	c.state, c.version = data, c.version+1
	saved := c.version
	m.touch(c, now)
	m.mu.Unlock()
	if len(created) == 0 {
		return nil, saved, nil
	}
	m.announce(conv, created)
	return cloneEvents(created), saved, nil
}

// Claim implements Dedup.
func (m *Memory) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	const op = "store: claim"
	if err := checkClaim(op, key, ttl); err != nil {
		return false, err
	}
	now, err := m.lock(op)
	if err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	if exp, ok := m.claims[key]; ok && now.Before(exp) {
		return false, nil
	}
	m.claims[key] = now.Add(ttl)
	return true, nil
}

// Publish implements Bus.
func (m *Memory) Publish(_ context.Context, n Notice) error {
	n.Data = bytes.Clone(n.Data) // the publisher may reuse its buffer
	return m.bus.publish("store: publish", n)
}

// Subscribe implements Bus.
func (m *Memory) Subscribe(ctx context.Context) (<-chan Notice, error) {
	return m.bus.subscribe(ctx, "store: subscribe")
}

// Ping implements Store: a memory store is reachable until closed.
func (m *Memory) Ping(context.Context) error {
	if _, err := m.lock("store: ping"); err != nil {
		return err
	}
	m.mu.Unlock()
	return nil
}

// Close ends all subscriptions; later calls fail with Unavailable.
func (m *Memory) Close() error {
	m.mu.Lock()
	m.closed = true
	m.mu.Unlock()
	m.bus.close()
	return nil
}
