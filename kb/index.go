package kb

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/guichet/guichet"
)

// Fields of a paraphrase document.
const (
	fieldEntry    = "entry"    // entry id, not analyzed
	fieldQuestion = "question" // the paraphrase
	fieldTitle    = "title"    // the entry's title, copied into each paraphrase
	fieldKeywords = "keywords" // the entry's keywords, copied likewise
)

// matchFields are searched, each with its own boost (Bleve ignores the
// boost of a disjunction itself). The title and keywords live in one
// document per entry, where BM25 rates their words higher than in the many
// paraphrases: their boosts bring them back below a paraphrase's (measured
// with 'guichet eval' on the cases). The title is a curated summary of the
// entry, so a word of it counts more than a keyword. The answer is not
// indexed: its explanations mention neighbouring procedures and pulled
// wrong entries up.
var matchFields = []struct {
	name  string
	boost float64
}{{fieldQuestion, 1}, {fieldTitle, 0.6}, {fieldKeywords, 0.4}}

// fetchHits is how many documents a search fetches before keeping the best
// per entry: enough for several entries even when one has many close
// paraphrases.
const fetchHits = 50

// Hit is an entry found by Search, with its best paraphrase.
type Hit struct {
	Entry    string  // entry id
	Score    float64 // BM25 score of the best paraphrase plus the entry's title and keywords; comparable within one search only
	Question string  // that paraphrase; empty when only the title or keywords matched
}

// Index is an in-memory Bleve index of a KB: one document per paraphrase,
// and one per entry for its title and keywords.
// It is safe for concurrent use and never changes after NewIndex.
type Index struct {
	kb     *KB
	bi     bleve.Index
	docs   map[string]para // document id → paraphrase (no question: the entry's title and keywords)
	df     map[string]int  // term → documents holding it in a matched field
	vocab  []string        // sorted terms of the matched fields
	closer *closer
}

type para struct{ entry, question string }

// closer closes a Bleve index once. It is separate from Index so that the
// GC cleanup registered in NewIndex does not keep the Index reachable.
type closer struct {
	once sync.Once
	bi   bleve.Index
	err  error
}

// closedIndexes counts closed indexes; tests use it to see that reloads do
// not leak them.
var closedIndexes atomic.Int64

func (c *closer) close() error {
	c.once.Do(func() {
		c.err = c.bi.Close()
		closedIndexes.Add(1)
	})
	return c.err
}

// newMapping describes paraphrase documents. Fields are indexed, not
// stored: hits are resolved through Index.docs, which is cheaper.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalysis(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = Analyzer
	m.ScoringModel = index.BM25Scoring
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	doc := bleve.NewDocumentStaticMapping()
	id := bleve.NewKeywordFieldMapping()
	id.Analyzer = keyword.Name
	doc.AddFieldMappingsAt(fieldEntry, plain(id))
	for _, f := range matchFields {
		text := bleve.NewTextFieldMapping()
		text.Analyzer = Analyzer
		doc.AddFieldMappingsAt(f.name, plain(text))
	}
	m.DefaultMapping = doc
	return m, nil
}

// plain keeps only what matching needs: no stored value, term vectors or
// doc values.
func plain(f *mapping.FieldMapping) *mapping.FieldMapping {
	f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false, false
	return f
}

// NewIndex indexes every paraphrase of k in one batch into a scorch index in
// RAM (one batch, so scorch never merges segments). The index closes itself
// when it becomes unreachable, so a hot reload never closes an index under a
// query that still holds it; Close releases it earlier.
func NewIndex(k *KB) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, guichet.E(guichet.Other, "kb: index", err)
	}
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, guichet.E(guichet.Other, "kb: index", err)
	}
	x := &Index{kb: k, bi: bi, docs: map[string]para{}, df: map[string]int{}, closer: &closer{bi: bi}}
	if err := x.fill(); err != nil {
		bi.Close()
		return nil, guichet.E(guichet.Other, "kb: index", err)
	}
	runtime.AddCleanup(x, func(c *closer) { c.close() }, x.closer)
	return x, nil
}

// fill indexes the paraphrases, one document each, and each entry's title
// and keywords once, in a document of its own: copied into every
// paraphrase they made frequent terms walk thousands of postings per search.
// It records the term statistics the matcher asks for.
func (x *Index) fill() error {
	b := x.bi.NewBatch()
	for _, e := range x.kb.entries {
		title, keywords := x.kb.Expand(e.Title), x.kb.Expand(strings.Join(e.Keywords, " "))
		id := e.ID + "#entry"
		x.docs[id] = para{entry: e.ID}
		if err := b.Index(id, map[string]any{fieldEntry: e.ID, fieldTitle: title, fieldKeywords: keywords}); err != nil {
			return err
		}
		x.countTerms(append(Analyze(title), Analyze(keywords)...))
		for i, q := range e.Questions {
			id := e.ID + "#" + strconv.Itoa(i)
			x.docs[id] = para{e.ID, q}
			eq := x.kb.Expand(q)
			if err := b.Index(id, map[string]any{fieldEntry: e.ID, fieldQuestion: eq}); err != nil {
				return err
			}
			x.countTerms(Analyze(eq))
		}
	}
	if err := x.bi.Batch(b); err != nil {
		return err
	}
	return x.readVocabulary()
}

// countTerms adds one document's distinct terms to the document frequencies.
func (x *Index) countTerms(terms []string) {
	seen := make(map[string]bool, len(terms))
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			x.df[t]++
		}
	}
}

// readVocabulary lists the terms of the matched fields from the index
// itself, the ground truth for typo correction.
func (x *Index) readVocabulary() error {
	set := map[string]bool{}
	for _, f := range matchFields {
		d, err := x.bi.FieldDict(f.name)
		if err != nil {
			return err
		}
		for de, err := d.Next(); de != nil || err != nil; de, err = d.Next() {
			if err != nil {
				d.Close()
				return err
			}
			set[de.Term] = true
		}
		if err := d.Close(); err != nil {
			return err
		}
	}
	for t := range set {
		x.vocab = append(x.vocab, t)
	}
	sort.Strings(x.vocab)
	return nil
}

// Search returns the best hit per entry, best first, at most n (all when
// n <= 0). text goes through the French analyzer: pass it already
// normalised (abbreviations expanded, typos corrected).
func (x *Index) Search(text string, n int) ([]Hit, error) {
	qs := make([]query.Query, 0, len(matchFields))
	for _, f := range matchFields {
		q := bleve.NewMatchQuery(text)
		q.SetField(f.name)
		q.SetBoost(f.boost)
		q.Analyzer = Analyzer
		qs = append(qs, q)
	}
	return x.search(bleve.NewDisjunctionQuery(qs...), n)
}

// SearchTerms is Search for terms already analysed (by Analyze): the
// matcher has them anyway, and skipping a second analysis and repeated
// terms makes each search cheaper.
func (x *Index) SearchTerms(terms []string, n int) ([]Hit, error) {
	qs := make([]query.Query, 0, len(terms)*len(matchFields))
	seen := make(map[string]bool, len(terms))
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		for _, f := range matchFields {
			q := bleve.NewTermQuery(t)
			q.SetField(f.name)
			q.SetBoost(f.boost)
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	return x.search(bleve.NewDisjunctionQuery(qs...), n)
}

func (x *Index) search(q query.Query, n int) ([]Hit, error) {
	// The cleanup that closes the index must not run while Bleve uses it,
	// even if x is otherwise unreachable after its last field access.
	defer runtime.KeepAlive(x)
	req := bleve.NewSearchRequestOptions(q, fetchHits, 0, false)
	res, err := x.bi.Search(req)
	if err != nil {
		return nil, guichet.E(guichet.Unavailable, "kb: search", err)
	}
	// An entry scores its best paraphrase plus its title and keywords.
	byEntry := map[string]*Hit{}
	var hits []*Hit
	for _, h := range res.Hits {
		p, ok := x.docs[h.ID]
		if !ok {
			continue
		}
		hit := byEntry[p.entry]
		if hit == nil {
			hit = &Hit{Entry: p.entry}
			byEntry[p.entry] = hit
			hits = append(hits, hit)
		}
		switch {
		case p.question == "":
			hit.Score += h.Score
		case hit.Question == "":
			hit.Question = p.question
			hit.Score += h.Score
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		if n > 0 && len(out) == n {
			break
		}
		out = append(out, *h)
	}
	return out, nil
}

// DocFreq returns how many documents hold the analysed term: paraphrases,
// and entries' title-and-keywords documents.
func (x *Index) DocFreq(term string) int { return x.df[term] }

// NumDocs returns the number of paraphrase documents.
func (x *Index) NumDocs() int { return len(x.docs) - len(x.kb.entries) }

// Vocabulary returns the sorted analyzed terms of the matched fields. The
// slice is shared: do not modify it.
func (x *Index) Vocabulary() []string { return x.vocab }

// KB returns the knowledge base the index was built from.
func (x *Index) KB() *KB { return x.kb }

// Close releases the index now. Only its owner may call it, when no query
// can use it any more.
func (x *Index) Close() error {
	if err := x.closer.close(); err != nil {
		return fmt.Errorf("kb: close index: %w", err)
	}
	return nil
}
