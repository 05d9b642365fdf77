package kb

import (
	"context"
	"fmt"
	"math"
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
	index "github.com/blevesearch/bleve_index_api"

	"github.com/guichet/guichet"
)

// Fields of a paraphrase document.
const (
	fieldEntry    = "entry"    // entry id, not analyzed
	fieldQuestion = "question" // the paraphrase
	fieldTitle    = "title"    // the entry's title, in the entry's own document
	fieldKeywords = "keywords" // the entry's keywords, likewise
)

// matchFields are searched, each with its own boost. The title and keywords live in one
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

// Hit is an entry found by Search, with its best paraphrase.
type Hit struct {
	Entry    string  // entry id
	Score    float64 // BM25 score of the best paraphrase plus the entry's title and keywords; comparable within one search only
	Question string  // that paraphrase; empty when only the title or keywords matched
}

// Index is an in-memory Bleve index of a KB: one document per paraphrase,
// and one per entry for its title and keywords. Searches score the
// postings read from it (see scorer).
// It is safe for concurrent use and never changes after NewIndex.
type Index struct {
	kb     *KB
	bi     bleve.Index
	docs   []para         // document number → paraphrase (no question: the entry's title and keywords)
	df     map[string]int // term → documents holding it in a matched field
	vocab  []string       // sorted terms of the matched fields
	scorer *scorer
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
// stored: what a search needs is read once into the scorer.
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
	x := &Index{kb: k, bi: bi, df: map[string]int{}, closer: &closer{bi: bi}}
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
// It then reads back from the index the postings the scorer weighs, the
// vocabulary and the document frequencies.
func (x *Index) fill() error {
	b := x.bi.NewBatch()
	num := map[string]int{} // Bleve document id → document number
	add := func(id string, p para) {
		num[id] = len(x.docs)
		x.docs = append(x.docs, p)
	}
	for _, e := range x.kb.entries {
		id := e.ID + "#entry"
		add(id, para{entry: e.ID})
		title, keywords := x.kb.Expand(e.Title), x.kb.Expand(strings.Join(e.Keywords, " "))
		if err := b.Index(id, map[string]any{fieldEntry: e.ID, fieldTitle: title, fieldKeywords: keywords}); err != nil {
			return err
		}
		for i, q := range e.Questions {
			id := e.ID + "#" + strconv.Itoa(i)
			add(id, para{e.ID, q})
			if err := b.Index(id, map[string]any{fieldEntry: e.ID, fieldQuestion: x.kb.Expand(q)}); err != nil {
				return err
			}
		}
		if err := x.indexEnglish(b, e, add); err != nil {
			return err
		}
	}
	if err := x.bi.Batch(b); err != nil {
		return err
	}
	return x.readPostings(num)
}

// readPostings walks each matched field's term dictionary and postings in
// the Bleve index: the terms are the vocabulary typo correction trusts,
// and the term frequencies and field lengths give the scorer's weights.
func (x *Index) readPostings(num map[string]int) error {
	adv, err := x.bi.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	entryOf := map[string]int32{}
	for i, e := range x.kb.entries {
		entryOf[e.ID] = int32(i)
	}
	sc := &scorer{nEntry: len(x.kb.entries)}
	last := int32(0)
	for d, p := range x.docs {
		e := entryOf[p.entry]
		if e < last {
			// scorer.search reads an entry's documents together.
			return fmt.Errorf("kb: index: document %d of entry %s comes after entry %s's", d, p.entry, x.kb.entries[last].ID)
		}
		last = e
		if p.question == "" {
			e = ^e
		}
		sc.entry = append(sc.entry, e)
	}
	holders := map[string]map[int32]bool{} // term -> documents, over all fields
	ctx := context.Background()
	for i, f := range matchFields {
		stats := newFieldStats()
		terms, err := x.fieldTerms(f.name)
		if err != nil {
			return err
		}
		for _, term := range terms {
			tfr, err := r.TermFieldReader(ctx, []byte(term), f.name, true, true, false)
			if err != nil {
				return err
			}
			if holders[term] == nil {
				holders[term] = map[int32]bool{}
			}
			for td, err := tfr.Next(nil); td != nil || err != nil; td, err = tfr.Next(nil) {
				if err == nil {
					var ext string
					if ext, err = r.ExternalID(td.ID); err == nil {
						d := int32(num[ext])
						// Bleve keeps 1/sqrt(length) as the norm.
						stats.add(term, d, int(td.Freq), int(math.Round(1/(td.Norm*td.Norm))))
						holders[term][d] = true
						continue
					}
				}
				tfr.Close()
				return err
			}
			if err := tfr.Close(); err != nil {
				return err
			}
		}
		sc.addField(i, len(matchFields), stats.postings(f.boost))
	}
	for t, docs := range holders {
		x.vocab = append(x.vocab, t)
		x.df[t] = len(docs)
	}
	sort.Strings(x.vocab)
	x.scorer = sc
	return nil
}

// fieldTerms lists the terms of one field's dictionary.
func (x *Index) fieldTerms(field string) ([]string, error) {
	d, err := x.bi.FieldDict(field)
	if err != nil {
		return nil, err
	}
	var terms []string
	for de, err := d.Next(); de != nil || err != nil; de, err = d.Next() {
		if err != nil {
			d.Close()
			return nil, err
		}
		terms = append(terms, de.Term)
	}
	return terms, d.Close()
}

// Search returns the best hit per entry, best first, at most n (all when
// n <= 0). text goes through the French analyzer: pass it already
// normalised (abbreviations expanded, typos corrected).
func (x *Index) Search(text string, n int) ([]Hit, error) {
	return x.SearchTerms(Analyze(text), n)
}

// SearchTerms is Search for terms already analysed (by Analyze): the
// matcher has them anyway. Each term counts once.
func (x *Index) SearchTerms(terms []string, n int) ([]Hit, error) {
	// The cleanup that closes the index must not run while it is in use,
	// even if x is otherwise unreachable after its last field access.
	defer runtime.KeepAlive(x)
	found := x.scorer.search(terms, n)
	hits := make([]Hit, len(found))
	for i, s := range found {
		hits[i] = Hit{Entry: x.kb.entries[s.entry].ID, Score: s.score}
		if s.doc >= 0 {
			hits[i].Question = x.docs[s.doc].question
		}
	}
	return hits, nil
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
