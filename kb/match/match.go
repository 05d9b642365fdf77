// Package match finds the knowledge-base entry a citizen's message is
// about, and says how sure it is.
//
// A message is normalised (accents, SMS spellings, abbreviations, typos),
// searched in the KB's index (BM25 over the postings of its Bleve index; an
// entry scores its best paraphrase plus its title and keywords), then
// scored on signals that separate right from wrong answers: the
// IDF-weighted share of the message's words that the top entry covers, the
// score ratio to its nearest rival (not its own decision tree, nor an entry
// about another document than the one named), the share of words the
// knowledge base has never seen, and the length. A logistic model, data
// of the KB (kb.ModelFile, fitted by package kb/fit with 'guichet eval
// --fit'), turns them into a confidence in [0, 1]; the bot's thresholds,
// in the same file, act on it.
package match

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/internal/lang"
	"github.com/guichet/guichet/kb"
)

// Searcher is the part of the index the matcher uses.
type Searcher interface {
	SearchTerms(terms []string, n int) ([]kb.Hit, error)
}

// Candidate is one entry with the confidence that it is the right one.
type Candidate struct {
	Entry      string
	Title      string
	Score      float64 // raw search score
	Coverage   float64
	Confidence float64
	Features   Features
}

// Result is what the matcher found for one message.
type Result struct {
	Words      []string    // the normalised message
	Terms      []string    // the analysed terms searched
	Candidates []Candidate // best first; empty when nothing matched
	Features   Features    // of the top candidate
	// Contextual is true when the current topic resolved a short follow-up.
	Contextual bool
}

// Top returns the best candidate, or a zero one.
func (r Result) Top() Candidate {
	if len(r.Candidates) == 0 {
		return Candidate{}
	}
	return r.Candidates[0]
}

// Matcher matches messages against one snapshot of the knowledge base. It
// is immutable and safe for concurrent use; build a new one per snapshot.
type Matcher struct {
	kb     *kb.KB
	index  Searcher
	norm   *Normalizer
	model  Model
	terms  map[string]map[string]bool // entry id -> analysed terms of its paraphrases, title, keywords
	idf    map[string]float64         // analysed term -> log(1 + entries / entries with the term)
	maxIDF float64
	cache  *resultCache
	// para maps an entry's paraphrase to its analysed terms.
	para map[pair]*paraphrase
	// docs maps an entry id to the documents its paraphrases are about
	// (a bit set of documents; 0 for entries about none in particular).
	docs map[string]docSet
	// family holds {a, b} when a is a decision tree's root and b one of
	// its branches, or the other way round: they do not compete.
	family map[pair]bool
	cls    *classifier
	// lang tells a message's language, knowing the KB's French words.
	lang *lang.Detector
	// analysis holds the analysed terms of the KB's words.
	analysis analysis
	// lexicon numbers the KB's terms, for scoring.
	lexicon lexicon
	// holders counts an entry's French paraphrases that hold a term:
	// entry id -> analysed term -> paraphrases.
	holders map[string]map[string]int
}

// pair is two strings as one map key: an entry and one of its
// paraphrases, or two entries.
type pair struct{ a, b string }

// New builds a matcher over k and its index with k's model.
func New(k *kb.KB, index Searcher) *Matcher {
	m := prepare(k)
	m.index = index
	return m
}

// prepare builds everything of a matcher over k but its index: it reads
// the KB alone, so that a snapshot's matcher is built while its index is
// (see Deriver).
func prepare(k *kb.KB) *Matcher {
	m := &Matcher{kb: k, model: k.Model().Weights, terms: map[string]map[string]bool{}, idf: map[string]float64{},
		cache: newResultCache(), para: map[pair]*paraphrase{}, docs: map[string]docSet{}, family: map[pair]bool{}}
	vocab := newVocabulary()
	df := map[string]int{}
	for _, e := range k.Entries() {
		for _, b := range e.Branches() {
			m.family[pair{e.ID, b}], m.family[pair{b, e.ID}] = true, true
		}
		set := map[string]bool{}
		texts := append([]string{e.Title}, e.Questions...)
		texts = append(texts, e.Keywords...)
		named := map[docSet]int{}
		for _, q := range e.Questions {
			terms := kb.Analyze(k.Expand(q))
			m.para[pair{e.ID, q}] = &paraphrase{terms: terms}
			docs := documentsOf(terms)
			for d := docSet(1); d < docAll; d <<= 1 {
				if docs&d != 0 {
					named[d]++
				}
			}
		}
		m.docs[e.ID] = entryDocuments(named, len(e.Questions))
		for _, t := range texts {
			for _, w := range Words(fold.Text(t)) {
				if strings.HasPrefix(e.ID, "smalltalk.") {
					// A typo is never corrected into a greeting: "ravoir"
					// must not become the "revoir" of "au revoir".
					vocab.addKnown(w)
				} else {
					vocab.add(w)
				}
			}
			terms := m.paraTerms(e.ID, t) // a paraphrase's, analysed above
			if terms == nil {
				terms = kb.Analyze(k.Expand(t))
			}
			for _, term := range terms {
				set[term] = true
			}
		}
		m.addEnglish(e, set, vocab)
		m.terms[e.ID] = set
		for term := range set {
			df[term]++
		}
	}
	n := float64(len(m.terms))
	m.maxIDF = math.Log(1 + n)
	for term, c := range df {
		m.idf[term] = math.Log(1 + n/float64(c))
	}
	m.lexicon = newLexicon(m.idf, m.terms)
	for _, p := range m.para {
		m.lexicon.weigh(p)
	}
	vocab.seal()
	m.norm = NewNormalizer(k.Abbreviations(), vocab)
	// The classifier, the longest part, trains on its own goroutine: it
	// only reads the KB and the paraphrases' terms, done above, as the
	// rest below does.
	trained := make(chan *classifier, 1)
	go func() { trained <- m.trainClassifier(k) }()
	m.analysis = newAnalysis(vocab)
	m.lang = lang.NewDetector(lang.FrenchTexts(k)...)
	m.holders = holders(k, m.para)
	m.cls = <-trained
	return m
}

// holders counts, for each entry, the French paraphrases that hold each
// analysed term, a paraphrase once per term (Share's numerator).
func holders(k *kb.KB, para map[pair]*paraphrase) map[string]map[string]int {
	out := make(map[string]map[string]int, len(k.Entries()))
	for _, e := range k.Entries() {
		n := map[string]int{}
		for _, q := range e.Questions {
			p := para[pair{e.ID, q}]
			if p == nil {
				continue
			}
			for i, t := range p.terms {
				if !slices.Contains(p.terms[:i], t) {
					n[t]++
				}
			}
		}
		out[e.ID] = n
	}
	return out
}

// Language returns a language detector that knows the French words of the
// matcher's knowledge base, built with the matcher so that no message
// waits for it.
func (m *Matcher) Language() *lang.Detector {
	if m.lang == nil {
		return lang.NewDetector() // a matcher built by hand (tests)
	}
	return m.lang
}

// KB returns the knowledge base the matcher was built on.
func (m *Matcher) KB() *kb.KB { return m.kb }

// Thresholds returns the answer and clarify thresholds of the KB's model.
func (m *Matcher) Thresholds() kb.Thresholds { return m.kb.Model().Thresholds }

// Normalize exposes the normaliser (for tests and 'guichet ask --json').
func (m *Matcher) Normalize(text string) []string { return m.norm.Normalize(text) }

// maxCandidates is how many entries a result keeps.
const maxCandidates = 5

// Match scores text alone. It never fails on odd input: text that holds no
// word returns a Result with no candidates. Results are cached by
// normalised text; the caller must not modify a result's slices.
func (m *Matcher) Match(text string) (Result, error) {
	words := m.norm.Normalize(text)
	if len(words) > 200 {
		words = words[:200] // a wall of text: its start says what it is about
	}
	query := strings.Join(words, " ")
	if r, ok := m.cache.get(query); ok {
		return r, nil
	}
	r := Result{Words: words, Terms: m.analysis.terms(words, query)}
	if len(r.Terms) == 0 {
		return r, nil
	}
	hits, err := m.index.SearchTerms(searchTerms(r.Terms), maxCandidates)
	if err != nil {
		return r, err
	}
	m.score(&r, hits)
	m.cache.put(query, r)
	return r, nil
}

// MatchInContext scores text, and when it is a short follow-up that is not
// clear on its own ("et si c'est volé ?", "combien ça coûte ?"), scores it
// again with the subject of the current topic and keeps the better result.
// doc is the conversation's document (a kb.SlotDocument value) or "": for
// a topic about both identity titles it is the subject, since both titles
// together name the entry about applying for the two at once.
func (m *Matcher) MatchInContext(text, topic, doc string) (Result, error) {
	r, err := m.Match(text)
	if err != nil || topic == "" || len(r.Terms) > 6 {
		return r, err
	}
	subject := subjectOf(topic)
	if d := docSubjects[doc]; d != "" && strings.HasPrefix(topic, "titre.") {
		subject = d
	}
	if subject == "" || r.Top().Confidence >= 0.8 || m.mentionsSubject(r.Terms) {
		return r, nil
	}
	rc, err := m.Match(text + " " + subject)
	if err != nil {
		return r, err
	}
	if rc.Top().Confidence > r.Top().Confidence {
		rc.Contextual = true
		rc.Words = r.Words
		return rc, nil
	}
	return r, nil
}

// searchTerms leaves filler out of the search (it matches much of the KB
// and ranks nothing) unless the message is nothing but filler ("bonjour",
// "merci"); coverage still counts it, at its low weight.
func searchTerms(terms []string) []string {
	var out []string
	for _, t := range terms {
		if !fillerTerms[t] {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return terms
	}
	return out
}

// subjects are the words that name each procedure: a follow-up that names
// none of them inherits the current topic's.
var subjects = map[string]string{
	"permis":    "permis de conduire",
	"civ":       "carte grise",
	"cni":       "carte d'identite",
	"passeport": "passeport",
	"titre":     "carte d'identite passeport",
}

// docSubjects are the words of each identity title for the topics about
// both.
var docSubjects = map[string]string{"cni": "carte d'identite", "passeport": "passeport"}

func subjectOf(entryID string) string {
	prefix, _, _ := strings.Cut(entryID, ".")
	return subjects[prefix]
}

// filler lists everyday words that the French stop list keeps but that say
// nothing about which procedure is meant; they count little in coverage.
const filler = "si ca cela ceci comme alors donc aussi tres plus deja encore tout toute tous rien " +
	"comment quoi quel quelle quels pourquoi ou oui non bien faire fait veux voudrais vouloir peux " +
	"pouvoir dois devoir faut falloir svp merci bonjour bonsoir salut madame monsieur aide aider besoin " +
	"question savoir sais demande demander avoir etre mon ma mes"

const fillerWeight = 0.25

// IsFiller reports whether an analysed term is filler: it says nothing
// about which procedure a question is about (the review groups questions
// without it, too).
func IsFiller(term string) bool { return fillerTerms[term] }

var fillerTerms = func() map[string]bool {
	set := map[string]bool{}
	for _, t := range kb.Analyze(filler + " " + englishFiller) {
		set[t] = true
	}
	return set
}()

var subjectTerms = func() map[string]bool {
	set := map[string]bool{}
	for _, s := range subjects {
		for _, t := range kb.Analyze(s) {
			set[t] = true
		}
	}
	return set
}()

func (m *Matcher) mentionsSubject(terms []string) bool {
	for _, t := range terms {
		if subjectTerms[t] {
			return true
		}
	}
	return false
}

func (m *Matcher) score(r *Result, hits []kb.Hit) {
	if len(hits) == 0 {
		return
	}
	named := documentsOf(r.Terms)
	cls := m.classify(r.Words, r.Terms)
	defer cls.release()
	q := m.lexicon.query(r.Terms, m.maxIDF)
	r.Candidates = make([]Candidate, 0, len(hits))
	for i, h := range hits {
		f := m.coverage(q, h.Entry)
		f.ParaCoverage, f.ParaPrecision, f.ParaWeight = m.paraphraseFit(q, h.Entry, h.Question)
		f.Unknown = float64(q.unknown) / float64(len(r.Terms))
		f.Terms = len(r.Terms)
		f.OtherDocument, f.Unnamed = m.documentFeatures(named, h.Entry)
		f.Ratio, f.Behind = m.standing(hits, i, named)
		f.Class, f.ClassMargin = cls.of(h.Entry)
		f.Linear, f.LinearMargin = cls.linearOf(h.Entry)
		c := Candidate{Entry: h.Entry, Score: h.Score, Coverage: f.Coverage, Confidence: Confidence(m.model, f), Features: f}
		if e := m.kb.Entry(h.Entry); e != nil {
			c.Title = e.Title
		}
		r.Candidates = append(r.Candidates, c)
	}
	// The search ranks by score; the model may trust a runner-up more (it
	// covers more of the message): rank by confidence.
	sort.SliceStable(r.Candidates, func(i, j int) bool { return r.Candidates[i].Confidence > r.Candidates[j].Confidence })
	m.preferLeaf(r.Candidates)
	r.Features = r.Candidates[0].Features
}

// standing measures hit i against its rivals: the hits that are not its
// decision tree's root or branches ("refaire mon permis" does not compete
// with "permis volé"; the message that matches both says which branch).
// A hit that leads its rivals gets the next rival's score over its own as
// Ratio; one behind gets Ratio 1 and Behind, its shortfall from the first
// rival ahead.
func (m *Matcher) standing(hits []kb.Hit, i int, named docSet) (ratio, behind float64) {
	h := hits[i]
	if h.Score <= 0 {
		return 1, 1
	}
	for j, r := range hits {
		if j == i || m.family[pair{h.Entry, r.Entry}] || m.otherDocument(named, r.Entry) {
			continue
		}
		if j < i {
			return 1, 1 - h.Score/r.Score
		}
		return r.Score / h.Score, 0
	}
	return 0, 0
}

// otherDocument reports whether the message names documents (named) and
// the entry is about others only.
func (m *Matcher) otherDocument(named docSet, entry string) bool {
	own := m.docs[entry]
	return named != 0 && own != 0 && named&own == 0
}

// documentFeatures compares the documents the message names with the
// entry's: OtherDocument when they differ, Unnamed when the message names
// none and the entry is about one ("ma mutuelle rembourse pas mes lunettes"
// shares only everyday words with a passport entry).
func (m *Matcher) documentFeatures(named docSet, entry string) (other, unnamed float64) {
	if m.otherDocument(named, entry) {
		other = 1
	}
	if named == 0 && m.docs[entry] != 0 {
		unnamed = 1
	}
	return other, unnamed
}

// preferLeaf puts first a runner-up that the leader's decision tree leads
// to ("refaire mon permis" -> "permis volé") when the message matched it
// nearly as well: the person already said which branch they are in. The
// leaf takes the leader's confidence, which was that this family of
// answers is right.
func (m *Matcher) preferLeaf(cs []Candidate) {
	top := m.kb.Entry(cs[0].Entry)
	if top == nil {
		return
	}
	branches := top.Branches()
	for i := 1; i < len(cs) && i < 3 && len(branches) > 0; i++ {
		if slices.Contains(branches, cs[i].Entry) && cs[i].Confidence >= cs[0].Confidence/2 && cs[i].Coverage >= cs[0].Coverage {
			leaf := cs[i]
			leaf.Confidence = cs[0].Confidence
			copy(cs[1:i+1], cs[0:i])
			cs[0] = leaf
			return
		}
	}
}

// Knows reports whether the knowledge base uses the folded word w.
func (m *Matcher) Knows(w string) bool { return m.norm.vocab != nil && m.norm.vocab.has(w) }

// Unglue splits a folded word typed with an elision and no apostrophe
// ("dannees", "dadresse") into the two words, as the matcher reads it, or
// reports false: the conversation's own reading (facets, slots) sees the
// same words.
func (m *Matcher) Unglue(w string) ([]string, bool) { return m.norm.unglue(w) }

// Foreign returns the rarest analysed term of a message that entry's
// paraphrases, title and keywords do not hold but the knowledge base
// does, with its rarity (its IDF over the largest, in [0, 1]); "" and 0
// when every term is the entry's, filler or unknown. A follow-up that
// brings such a word ("et le certificat de non gage ?" after the transfer
// code) names something else than the topic.
func (m *Matcher) Foreign(terms []string, entry string) (string, float64) {
	known := m.terms[entry]
	best, rarity := "", 0.0
	for _, t := range terms {
		if known[t] || fillerTerms[t] || m.maxIDF == 0 {
			continue
		}
		if r := m.Rarity(t); r > rarity {
			best, rarity = t, r
		}
	}
	return best, rarity
}

// Rarity returns an analysed term's IDF over the largest, in [0, 1]: 1
// for a term a single entry knows, 0 for one no entry knows.
func (m *Matcher) Rarity(term string) float64 {
	if m.maxIDF == 0 {
		return 0
	}
	return m.idf[term] / m.maxIDF
}

// Share returns the share of entry's paraphrases that hold the analysed
// term: how much the term is what the entry is about.
func (m *Matcher) Share(entry, term string) float64 {
	e := m.kb.Entry(entry)
	if e == nil || len(e.Questions) == 0 {
		return 0
	}
	return float64(m.holders[entry][term]) / float64(len(e.Questions))
}

// Shared counts the analysed terms of a message, filler left out, that
// the entry's paraphrases, title or keywords hold: a follow-up that shares
// one word with an unrelated entry is not about it.
func (m *Matcher) Shared(terms []string, entry string) int {
	known := m.terms[entry]
	n := 0
	for i, t := range terms {
		if known[t] && !fillerTerms[t] && !slices.Contains(terms[:i], t) {
			n++
		}
	}
	return n
}
