package match

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
)

// classifier is a supervised text classifier over the KB's entries,
// trained once per snapshot on their paraphrases (French and English),
// titles and keywords: a TF-IDF centroid per entry (Rocchio), compared by
// cosine with the message. It sees the message as a whole rather than
// through its best paraphrase, so it separates close neighbours
// ("cession" and "cession non déclarée") by every word their paraphrases
// use, and its character n-grams still recognise a word the normaliser
// did not correct. The matcher uses it as a feature of each candidate.
//
// Features are hashed (FNV-64): analysed terms and pairs of adjacent
// terms, and character 3- and 4-grams of the folded words with their
// boundaries. The two kinds are weighted as blocks of equal norm.
type classifier struct {
	entries []string       // entry ids, in KB order
	class   map[string]int // entry id -> its index in entries
	// id numbers the features; idf[id] is a feature's IDF over classes,
	// and post[start[id]:start[id+1]] the classes whose centroid holds it,
	// with the centroid's weight.
	id    map[uint64]int32
	idf   []float64
	start []int32
	post  []posting
	// lin is the discriminative classifier over the same examples.
	lin *linear
	// bufs holds *scoreBuf for messages to reuse.
	bufs sync.Pool
}

type posting struct {
	class int32
	w     float32
}

// example is one labelled text: its folded words and analysed terms.
// Examples come grouped by class, in class order. An entry has one class
// per language (class = entry*languages + language): a centroid that
// mixed French and English paraphrases would be far from both.
type example struct {
	class        int
	words, terms []string
}

// languages is the number of classes per entry: French, English.
const languages = 2

// charBlock is the share of the squared norm of a text's vector that its
// character n-grams carry; the terms carry the rest.
const charBlock = 0.2

// feature kinds, hashed in front of the feature's bytes.
const (
	kindTerm byte = iota + 1
	kindPair
	kindChars
)

// newClassifier trains on examples over the given entries.
// Everything is in slices indexed by feature id, filled in the order of
// the examples, so that a build is fast and gives the same bits every
// time.
func newClassifier(entries []string, examples []example) *classifier {
	c := &classifier{entries: entries, class: make(map[string]int, len(entries)), id: make(map[uint64]int32, 1<<16)}
	for i, e := range entries {
		c.class[e] = i
	}
	// Each example's feature ids, end to end: example i has
	// ids[at[i]:at[i+1]].
	// The capacities fit the KB of 2026 (11,000 texts, 60,000 features):
	// growing the slices cost more than filling them.
	const features = 1 << 16
	at := make([]int, 1, len(examples)+1)
	ids := make([]int32, 0, 128*len(examples))
	df := make([]int32, 0, features)
	last := make([]int32, 0, features)      // by id: the last class it was seen in, plus one
	inExample := make([]int32, 0, features) // by id: the last example it was seen in, plus one
	char := make([]bool, 0, features)       // by id: a character n-gram
	var hs []uint64
	for i, ex := range examples {
		hs = appendHashes(hs[:0], ex.words, ex.terms)
		for _, h := range hs {
			id, ok := c.id[h]
			if !ok {
				id = int32(len(df))
				c.id[h] = id
				df, last, char = append(df, 0), append(last, 0), append(char, h&charFlag != 0)
				inExample = append(inExample, 0)
			}
			if inExample[id] == int32(i)+1 {
				continue // a feature counts once per text
			}
			inExample[id] = int32(i) + 1
			ids = append(ids, id)
			if last[id] != int32(ex.class)+1 {
				last[id] = int32(ex.class) + 1
				df[id]++
			}
		}
		at = append(at, len(ids))
	}
	n := float64(languages * len(entries))
	c.idf = make([]float64, len(df))
	for id, d := range df {
		c.idf[id] = math.Log(1 + n/float64(d))
	}
	c.lin = newLinear(len(entries), examples, ids, at, char, c.idf, defaultLinear)
	// Centroids: the sum of each class's normalised vectors, normalised.
	acc := make([]float64, len(df))
	count := make([]int32, len(df)+1)
	type entryWeight struct {
		id int32
		w  float64
	}
	cent := make([][]entryWeight, languages*len(entries))
	for i := 0; i < len(examples); {
		cl := examples[i].class
		var touched []int32
		for ; i < len(examples) && examples[i].class == cl; i++ {
			ex := ids[at[i]:at[i+1]]
			var nt, nc float64
			for _, id := range ex {
				if char[id] {
					nc += c.idf[id] * c.idf[id]
				} else {
					nt += c.idf[id] * c.idf[id]
				}
			}
			st, sc := blockScale(nt, 1-charBlock), blockScale(nc, charBlock)
			for _, id := range ex {
				if acc[id] == 0 {
					touched = append(touched, id)
				}
				if char[id] {
					acc[id] += c.idf[id] * sc
				} else {
					acc[id] += c.idf[id] * st
				}
			}
		}
		cent[cl] = make([]entryWeight, 0, len(touched))
		var norm float64 // summed in the order of the examples: the same bits every build
		for _, id := range touched {
			norm += acc[id] * acc[id]
		}
		norm = math.Sqrt(norm)
		for _, id := range touched {
			if acc[id] != 0 {
				cent[cl] = append(cent[cl], entryWeight{id, acc[id] / norm})
				count[id+1]++
			}
			acc[id] = 0
		}
	}
	c.start = make([]int32, len(df)+1)
	for id := range df {
		c.start[id+1] = c.start[id] + count[id+1]
	}
	c.post = make([]posting, c.start[len(df)])
	next := slices.Clone(c.start[:len(df)])
	for cl, ws := range cent {
		for _, w := range ws {
			c.post[next[w.id]] = posting{class: int32(cl), w: float32(w.w)}
			next[w.id]++
		}
	}
	return c
}

// weighted is a hashed feature with its weight; kind says its block.
type weighted struct {
	h    uint64
	id   int32 // -1: unknown to the classifier
	w    float64
	char bool
}

// charFlag marks the hash of a character n-gram (the top bit; a term's
// hash has it clear).
const charFlag = 1 << 63

// rawFeatures returns the distinct features of a text, unweighted.
func rawFeatures(words, terms []string) []weighted {
	hs := rawHashes(words, terms)
	out := make([]weighted, len(hs))
	for i, h := range hs {
		out[i] = weighted{h: h, char: h&charFlag != 0}
	}
	return out
}

// rawHashes returns the hashes of the distinct features of a text, in
// increasing order.
func rawHashes(words, terms []string) []uint64 {
	hs := appendHashes(make([]uint64, 0, 8*len(words)+2*len(terms)), words, terms)
	slices.Sort(hs)
	return slices.Compact(hs)
}

// appendHashes appends the hashes of a text's features to hs, repeats
// included, in the order of the text.
func appendHashes(hs []uint64, words, terms []string) []uint64 {
	for i, t := range terms {
		hs = append(hs, hashOf(kindTerm, t, "")&^charFlag)
		if i > 0 {
			hs = append(hs, hashOf(kindPair, terms[i-1], t)&^charFlag)
		}
	}
	var buf [64]byte
	for _, w := range words {
		if len(w)+2 > len(buf) {
			continue
		}
		p := append(append(append(buf[:0], '<'), w...), '>')
		for n := 3; n <= 4; n++ {
			for i := 0; i+n <= len(p); i++ {
				hs = append(hs, hashBytes(kindChars, p[i:i+n])|charFlag)
			}
		}
	}
	return hs
}

// weigh gives each feature its IDF (0 for one the classifier does not
// know: it tells nothing) and normalises the two blocks to their shares of
// a unit norm. The features must have their ids.
func (c *classifier) weigh(fs []weighted) []weighted {
	var nt, nc float64
	for i := range fs {
		fs[i].w = 0
		if fs[i].id >= 0 {
			fs[i].w = c.idf[fs[i].id]
		}
		if fs[i].char {
			nc += fs[i].w * fs[i].w
		} else {
			nt += fs[i].w * fs[i].w
		}
	}
	st, sc := blockScale(nt, 1-charBlock), blockScale(nc, charBlock)
	for i := range fs {
		if fs[i].char {
			fs[i].w *= sc
		} else {
			fs[i].w *= st
		}
	}
	return fs
}

func blockScale(norm2, share float64) float64 {
	if norm2 == 0 {
		return 0
	}
	return math.Sqrt(share / norm2)
}

func hashOf(kind byte, a, b string) uint64 {
	h := uint64(fnvOffset)
	h = (h ^ uint64(kind)) * fnvPrime
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * fnvPrime
	}
	if b != "" {
		h = (h ^ 0) * fnvPrime
		for i := 0; i < len(b); i++ {
			h = (h ^ uint64(b[i])) * fnvPrime
		}
	}
	return h
}

const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

func hashBytes(kind byte, p []byte) uint64 {
	h := uint64(fnvOffset)
	h = (h ^ uint64(kind)) * fnvPrime
	for _, c := range p {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// features returns the message's distinct features with their ids and
// weights; nil when the classifier knows none of them.
func (c *classifier) features(words, terms []string) []weighted {
	if c == nil || len(c.entries) == 0 {
		return nil
	}
	fs := rawFeatures(words, terms)
	known := false
	for i := range fs {
		id, ok := c.id[fs[i].h]
		if !ok {
			id = -1
		}
		fs[i].id, known = id, known || ok
	}
	if !known {
		return nil
	}
	return c.weigh(fs)
}

// scores returns the cosine of the message with every entry's closest
// centroid, in the order of entries; nil when the classifier knows none of its features.
func (c *classifier) scores(fs []weighted, buf *scoreBuf) []float64 {
	if fs == nil {
		return nil
	}
	out := grow(buf.centroid, languages*len(c.entries))
	buf.centroid = out
	for _, f := range fs {
		if f.w == 0 {
			continue
		}
		for _, p := range c.post[c.start[f.id]:c.start[f.id+1]] {
			out[p.class] += f.w * float64(p.w)
		}
	}
	for i := range c.entries {
		out[i] = slices.Max(out[i*languages : (i+1)*languages])
	}
	return out[:len(c.entries)]
}

// scoreBuf holds one message's classifier scores. Matcher.score gives it
// back once the candidates have their features, and the next message
// reuses it: the scores were a seventh of the bytes a widget answer
// allocated, and garbage collection a tenth of the server's CPU.
type scoreBuf struct {
	centroid []float64 // languages × entries
	z        []float32 // the discriminative classifier's classes
	linear   []float64
}

// grow returns v with length n, every element 0, reusing its array when
// it is large enough.
func grow[T float32 | float64](v []T, n int) []T {
	if cap(v) < n {
		return make([]T, n)
	}
	v = v[:n]
	clear(v)
	return v
}

// classScores is a message's classifier scores, for the candidates'
// features, with its two best classes; linear are the discriminative
// classifier's scores, with their two best.
type classScores struct {
	c                         *classifier
	buf                       *scoreBuf
	scores                    []float64
	first, second             int
	linear                    []float64
	firstLinear, secondLinear int
}

func (c *classifier) score(words, terms []string) classScores {
	fs := c.features(words, terms)
	if fs == nil {
		return classScores{c: c, first: -1, second: -1, firstLinear: -1, secondLinear: -1}
	}
	buf, _ := c.bufs.Get().(*scoreBuf)
	if buf == nil {
		buf = &scoreBuf{}
	}
	s := classScores{c: c, buf: buf, scores: c.scores(fs, buf), first: -1, second: -1, firstLinear: -1, secondLinear: -1}
	s.first, s.second = bestTwo(s.scores)
	s.linear = c.lin.scores(fs, c.idf, buf)
	s.firstLinear, s.secondLinear = bestTwo(s.linear)
	return s
}

// bestTwo returns the indexes of the two largest values (-1: none).
// release gives the scores' memory back for another message; s must not
// be read after.
func (s classScores) release() {
	if s.buf != nil {
		s.c.bufs.Put(s.buf)
	}
}

func bestTwo(v []float64) (first, second int) {
	first, second = -1, -1
	for i, x := range v {
		switch {
		case first < 0 || x > v[first]:
			first, second = i, first
		case second < 0 || x > v[second]:
			second = i
		}
	}
	return first, second
}

// of returns the entry's cosine and its margin over the best other entry
// (negative when another leads).
func (s classScores) of(entry string) (score, margin float64) {
	return s.lead(entry, s.scores, s.first, s.second)
}

// linearOf returns the entry's score in the discriminative classifier
// and its margin over the best other entry's.
func (s classScores) linearOf(entry string) (score, margin float64) {
	return s.lead(entry, s.linear, s.firstLinear, s.secondLinear)
}

func (s classScores) lead(entry string, v []float64, first, second int) (score, margin float64) {
	if v == nil || second < 0 {
		return 0, 0
	}
	cl, ok := s.c.class[entry]
	if !ok {
		return 0, 0
	}
	score = v[cl]
	if cl == first {
		return score, score - v[second]
	}
	return score, score - v[first]
}

// classify scores a message. Its character n-grams are those of the
// words the KB does not use (typos the normaliser did not correct,
// spellings of its own): a known word is already one of its terms.
func (m *Matcher) classify(words, terms []string) classScores {
	var odd []string
	for _, w := range words {
		if !m.Knows(w) {
			odd = append(odd, w)
		}
	}
	return m.cls.score(odd, terms)
}

// trainClassifier builds the matcher's classifier from k's entries: each
// paraphrase is an example of its entry's class for its language, and so
// are the title and the keywords together (French).
func (m *Matcher) trainClassifier(k *kb.KB) *classifier {
	entries, exs := m.classifierExamples(k, nil)
	return newClassifier(entries, exs)
}

// classifierExamples returns k's entries and the classifier's examples;
// skip, when set, leaves out the i-th paraphrase of an entry in a
// language (0: French).
func (m *Matcher) classifierExamples(k *kb.KB, skip func(entry string, lang, i int) bool) ([]string, []example) {
	var entries []string
	var exs []example
	add := func(cl int, text string, terms []string) {
		if terms == nil {
			terms = kb.Analyze(k.Expand(text))
		}
		exs = append(exs, example{class: cl, words: Words(fold.Text(text)), terms: terms})
	}
	for i, e := range k.Entries() {
		entries = append(entries, e.ID)
		add(languages*i, e.Title, m.paraTerms(e.ID, e.Title))
		for j, q := range e.Questions {
			if skip == nil || !skip(e.ID, 0, j) {
				add(languages*i, q, m.paraTerms(e.ID, q))
			}
		}
		add(languages*i, strings.Join(e.Keywords, " "), nil)
		if e.EN != nil {
			add(languages*i+1, e.EN.Title, m.paraTerms(e.ID, e.EN.Title))
			for j, q := range e.EN.Questions {
				if skip == nil || !skip(e.ID, 1, j) {
					add(languages*i+1, q, m.paraTerms(e.ID, q))
				}
			}
		}
	}
	return entries, exs
}

// paraTerms returns the analysed terms of the entry's paraphrase q, or nil
// when q is none of its paraphrases (its title).
func (m *Matcher) paraTerms(entry, q string) []string {
	if p := m.para[pair{entry, q}]; p != nil {
		return p.terms
	}
	return nil
}
