package match

import "sync"

// cacheSize bounds the results a matcher remembers. Citizens ask the same
// few things over and over ("bonjour", "carte grise perdue"); a hit skips
// the index search, which is most of a match's cost.
const cacheSize = 4096

// resultCache maps a normalised message to its result, evicting the
// oldest entry when full. It belongs to one Matcher, so a KB reload starts
// with an empty cache. Cached results are shared: callers must not modify
// their slices.
type resultCache struct {
	mu    sync.Mutex
	m     map[string]Result
	order []string // ring of keys in insertion order
	next  int
}

func newResultCache() *resultCache {
	return &resultCache{m: make(map[string]Result, cacheSize), order: make([]string, 0, cacheSize)}
}

func (c *resultCache) get(key string) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[key]
	return r, ok
}

func (c *resultCache) put(key string, r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return
	}
	if len(c.order) < cacheSize {
		c.order = append(c.order, key)
	} else {
		delete(c.m, c.order[c.next])
		c.order[c.next] = key
		c.next = (c.next + 1) % cacheSize
	}
	c.m[key] = r
}
