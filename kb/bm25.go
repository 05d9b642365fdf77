package kb

import (
	"math"
	"math/bits"
	"sort"
	"sync"
)

// BM25 parameters, Bleve's defaults.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// scorer ranks documents by BM25 summed over the query's terms, without
// the coordination factor of Bleve's disjunction. Bleve multiplies a
// document's score by the share of the query's clauses it matched, which
// counts "carte" (in a third of the documents) as much as "vendu": a short
// paraphrase holding "carte grise" then outranked one holding the rare
// word that says what the message is about. The postings are read from
// the Bleve index once, when it is built; scoring them in memory is also
// several times faster than a disjunction search.
type scorer struct {
	// postings maps a term to its postings in each matched field, in the
	// order of matchFields: one map lookup per term and search.
	postings map[string][][]impact
	// entry maps a document to its entry's number, or for the entry's
	// title-and-keywords document (not a paraphrase) to ^number.
	entry  []int32
	nEntry int
	pool   sync.Pool // *scratch
}

// addField adds one matched field's postings, the fields in the order of
// matchFields; field is its position.
func (s *scorer) addField(field, fields int, postings map[string][]impact) {
	if s.postings == nil {
		s.postings = map[string][][]impact{}
	}
	for t, list := range postings {
		lists := s.postings[t]
		if lists == nil {
			lists = make([][]impact, fields)
			s.postings[t] = lists
		}
		lists[field] = list
	}
}

type impact struct {
	doc    int32
	weight float32 // boost × idf × saturated term frequency
}

// scratch is one search's per-document and per-entry accumulators.
type scratch struct {
	doc []float64
	// touched has a bit per document a posting reached: read in document
	// order, the documents of one entry come together.
	touched []uint64
	entry   []entryScore
	hit     []int32 // entries touched, in KB order
}

// entryScore is what a search found of one entry.
type entryScore struct {
	best    float64 // best paraphrase score
	own     float64 // title-and-keywords document score
	bestDoc int32   // the best paraphrase (-1: none)
}

// noScore is an entry no document of the search reached.
var noScore = entryScore{bestDoc: -1}

// fieldStats gathers one field's postings as they are read, before the
// weights can be computed: they need every document's length.
type fieldStats struct {
	tf  map[string]map[int32]int // term -> document -> frequency
	len map[int32]int            // document -> terms in the field
}

func newFieldStats() *fieldStats {
	return &fieldStats{tf: map[string]map[int32]int{}, len: map[int32]int{}}
}

func (s *fieldStats) add(term string, doc int32, freq, length int) {
	m := s.tf[term]
	if m == nil {
		m = map[int32]int{}
		s.tf[term] = m
	}
	m[doc] = freq
	s.len[doc] = max(length, 1)
}

// postings computes the BM25 weights of a field: Lucene's and Bleve's
// idf, log(1 + (N - df + 0.5) / (df + 0.5)), over the documents that have
// the field.
func (s *fieldStats) postings(boost float64) map[string][]impact {
	n := float64(len(s.len))
	var total int
	for _, l := range s.len {
		total += l
	}
	avg := 1.0
	if n > 0 {
		avg = float64(total) / n
	}
	fp := make(map[string][]impact, len(s.tf))
	for t, docs := range s.tf {
		df := float64(len(docs))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		list := make([]impact, 0, len(docs))
		for d, tf := range docs {
			norm := bm25K1 * (1 - bm25B + bm25B*float64(s.len[d])/avg)
			w := boost * idf * float64(tf) * (bm25K1 + 1) / (float64(tf) + norm)
			list = append(list, impact{doc: d, weight: float32(w)})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].doc < list[j].doc })
		fp[t] = list
	}
	return fp
}

// search scores terms (each counted once) and returns the best n entries
// (all when n <= 0) as entry numbers with their scores, best first; an
// entry scores its best paraphrase plus its title-and-keywords document.
func (s *scorer) search(terms []string, n int) []scored {
	sc, _ := s.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{doc: make([]float64, len(s.entry)), touched: make([]uint64, (len(s.entry)+63)/64),
			entry: make([]entryScore, s.nEntry)}
		for e := range sc.entry {
			sc.entry[e] = noScore
		}
	}
	defer s.pool.Put(sc)
	for i, t := range terms {
		if seenBefore(terms, i) {
			continue
		}
		for _, list := range s.postings[t] {
			for _, p := range list {
				sc.doc[p.doc] += float64(p.weight)
				sc.touched[p.doc>>6] |= 1 << (p.doc & 63)
			}
		}
	}
	// Each document touched counts in its entry's score, and is cleared
	// for the next search. An entry's documents are numbered together (its
	// title-and-keywords document, then its paraphrases): read in document
	// order, the entries come one after the other, in KB order, so the
	// entry being scored is kept in locals and stored once it is done.
	cur, es := int32(-1), noScore
	for i, word := range sc.touched {
		if word == 0 {
			continue
		}
		sc.touched[i] = 0
		for ; word != 0; word &= word - 1 {
			d := int32(i<<6 + bits.TrailingZeros64(word))
			v := sc.doc[d]
			sc.doc[d] = 0
			e := s.entry[d]
			title := e < 0
			if title {
				e = ^e
			}
			if e != cur {
				if cur >= 0 {
					sc.entry[cur] = es
					sc.hit = append(sc.hit, cur)
				}
				cur, es = e, noScore
			}
			if title {
				es.own = v
			} else if v > es.best { // ties: the first paraphrase, read first
				es.best, es.bestDoc = v, d
			}
		}
	}
	if cur >= 0 {
		sc.entry[cur] = es
		sc.hit = append(sc.hit, cur)
	}
	out := sc.top(n)
	for _, e := range sc.hit {
		sc.entry[e] = noScore
	}
	sc.hit = sc.hit[:0]
	return out
}

// top returns the n best entries touched (all when n <= 0), best first.
// Only a handful are wanted out of hundreds touched: they are kept sorted
// as they are found rather than sorting them all.
func (sc *scratch) top(n int) []scored {
	if n <= 0 || n >= len(sc.hit) {
		out := make([]scored, 0, len(sc.hit))
		for _, e := range sc.hit {
			out = append(out, sc.scored(e))
		}
		sort.Slice(out, func(i, j int) bool { return out[i].before(out[j]) })
		return out
	}
	out := make([]scored, 0, n)
	for _, e := range sc.hit {
		s := sc.scored(e)
		if len(out) == n {
			if !s.before(out[n-1]) {
				continue
			}
			out = out[:n-1]
		}
		i := len(out)
		out = append(out, s)
		for ; i > 0 && s.before(out[i-1]); i-- {
			out[i] = out[i-1]
		}
		out[i] = s
	}
	return out
}

func (sc *scratch) scored(e int32) scored {
	es := &sc.entry[e]
	return scored{entry: e, doc: es.bestDoc, score: es.best + es.own}
}

// before orders search results: by score, ties in KB order, the same every run.
func (s scored) before(o scored) bool {
	if s.score != o.score {
		return s.score > o.score
	}
	return s.entry < o.entry
}

// scored is an entry's score in one search, with its best paraphrase
// document (-1 when only its title or keywords matched).
type scored struct {
	entry int32
	doc   int32
	score float64
}

// seenBefore reports whether terms[i] already occurred in terms[:i].
func seenBefore(terms []string, i int) bool {
	for _, t := range terms[:i] {
		if t == terms[i] {
			return true
		}
	}
	return false
}
