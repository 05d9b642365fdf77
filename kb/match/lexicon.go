package match

import "slices"

// lexicon numbers the analysed terms of a knowledge base, once per
// snapshot, so that scoring a message's hits compares numbers: a term is
// looked up once per message instead of once per hit and set.
type lexicon struct {
	id     map[string]int32
	idf    []float64 // by term number
	weight []float64 // by term number: its IDF, filler discounted
	// known maps an entry id to the set of its terms (Matcher.terms).
	known map[string]termSet
}

// termSet is a set of term numbers, as bits.
type termSet []uint64

func (s termSet) has(id int32) bool {
	return id >= 0 && int(id>>6) < len(s) && s[id>>6]&(1<<(id&63)) != 0
}

func newLexicon(idf map[string]float64, terms map[string]map[string]bool) lexicon {
	l := lexicon{id: make(map[string]int32, len(idf)), known: make(map[string]termSet, len(terms))}
	for t, w := range idf {
		l.id[t] = int32(len(l.idf))
		l.idf = append(l.idf, w)
		if fillerTerms[t] {
			w *= fillerWeight
		}
		l.weight = append(l.weight, w)
	}
	for entry, set := range terms {
		s := make(termSet, (len(l.idf)+63)/64)
		for t := range set {
			if id, ok := l.id[t]; ok {
				s[id>>6] |= 1 << (id & 63)
			}
		}
		l.known[entry] = s
	}
	return l
}

// paraphrase is what paraphraseFit needs of a paraphrase, computed once per
// snapshot.
type paraphrase struct {
	terms  []string  // analysed, in order, repeats included
	ids    []int32   // the numbers of its distinct terms
	weight []float64 // of each distinct term: its IDF, filler discounted
	total  float64   // sum of weight
}

// weigh fills in a paraphrase's distinct terms and their weights.
func (l *lexicon) weigh(p *paraphrase) {
	for _, t := range p.terms {
		id, ok := l.id[t]
		if !ok || slices.Contains(p.ids, id) {
			continue // every term of a paraphrase has a number: New counts them all
		}
		p.ids = append(p.ids, id)
		p.weight = append(p.weight, l.weight[id])
		p.total += l.weight[id]
	}
}

// query is a message's analysed terms with their numbers and weights.
type query struct {
	ids     []int32   // -1 for a term the KB does not hold
	idf     []float64 // its IDF; maxIDF when unknown
	weight  []float64 // its IDF, filler discounted; maxIDF when unknown
	unknown int       // terms the KB does not hold
}

func (l *lexicon) query(terms []string, maxIDF float64) query {
	n := len(terms)
	q := query{ids: make([]int32, n), idf: make([]float64, 2*n)}
	q.idf, q.weight = q.idf[:n:n], q.idf[n:]
	for i, t := range terms {
		id, ok := l.id[t]
		if !ok {
			q.ids[i], q.idf[i], q.weight[i] = -1, maxIDF, maxIDF
			q.unknown++
			continue
		}
		q.ids[i], q.idf[i], q.weight[i] = id, l.idf[id], l.weight[id]
	}
	return q
}

// coverage measures how much of the message the entry knows: as a share
// where a term no entry knows weighs the most ("permis de construire" is
// mostly about the word the knowledge base has never seen), as a share of
// the known terms only, and as an absolute IDF mass.
func (m *Matcher) coverage(q query, entry string) Features {
	known := m.lexicon.known[entry]
	var have, total, knownTotal float64
	for i, id := range q.ids {
		w := q.weight[i]
		total += w
		if id < 0 {
			continue
		}
		knownTotal += w
		if known.has(id) {
			have += w
		}
	}
	var f Features
	if total > 0 {
		f.Coverage = have / total
	}
	if knownTotal > 0 {
		f.Known = have / knownTotal
	}
	f.Mass = have / m.maxIDF
	return f
}

// paraphraseFit compares the message with the entry's best paraphrase: the
// IDF-weighted share of the message's terms it holds, and the share of its
// own terms the message holds.
func (m *Matcher) paraphraseFit(q query, entry, question string) (cov, prec, weighted float64) {
	p := m.para[pair{entry, question}]
	if p == nil || len(p.terms) == 0 || len(q.ids) == 0 {
		return 0, 0, 0
	}
	var have, total float64
	for i, id := range q.ids {
		total += q.idf[i]
		if id >= 0 && slices.Contains(p.ids, id) {
			have += q.idf[i]
		}
	}
	shared := 0
	var pHave float64
	for i, id := range p.ids {
		if slices.Contains(q.ids, id) {
			shared++
			pHave += p.weight[i]
		}
	}
	if p.total > 0 {
		weighted = pHave / p.total
	}
	return have / total, float64(shared) / float64(len(p.ids)), weighted
}
