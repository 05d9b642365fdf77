package review

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/guichet/guichet/quality"
)

// Threshold is the similarity at or above which a question joins a group:
// the Jaccard index of the analysed terms of the question and of the
// group's leading question. At 0.5 the two share at least half of the
// terms either of them uses: "permis bateau" and "prix du permis bateau"
// ({permi, bateau} and {prix, permi, bateau}: 2/3) meet, "permis bateau"
// and "permis de chasse" ({permi, bateau} and {permi, chass}: 1/3) do not.
const Threshold = 0.5

// Unanswered reports whether f is a question the bot could not answer
// that the review shows: a fallback, a clarification, or an answer the
// person said did not help, each with its masked text.
func Unanswered(f quality.Fact) bool {
	if strings.TrimSpace(f.Text) == "" {
		return false
	}
	switch f.Kind {
	case quality.KindFallback, quality.KindClarify:
		return true
	case quality.KindHelpful:
		return f.Value == 0
	}
	return false
}

// question is one distinct text (by Key) with what the facts say about it.
type question struct {
	key         string
	forms       map[string]int // raw texts with this key, and their counts
	count       int
	first, last time.Time
	terms       map[string]bool
	cands       map[string]int
}

// text is the form written most often (the smallest on a tie).
func (q *question) text() string {
	best, n := "", -1
	for f, c := range q.forms {
		if c > n || (c == n && f < best) {
			best, n = f, c
		}
	}
	return best
}

// GroupFacts groups the unanswered questions among facts (see Unanswered)
// by similarity, with the greedy leader method: distinct questions are
// taken most frequent first (then earliest, then by key), and each joins
// the existing group whose leading question is the most similar to it, if
// that similarity reaches threshold (use Threshold); otherwise it leads a
// new group. Groups come largest first, then most recently seen, then by
// ID. The result depends only on facts, never on their order.
func GroupFacts(facts []quality.Fact, analyze Analyzer, threshold float64) []Group {
	qs := distinct(facts, analyze)
	sort.Slice(qs, func(i, j int) bool {
		a, b := qs[i], qs[j]
		if a.count != b.count {
			return a.count > b.count
		}
		if !a.first.Equal(b.first) {
			return a.first.Before(b.first)
		}
		return a.key < b.key
	})
	clusters := cluster(qs, threshold)
	groups := make([]Group, 0, len(clusters))
	for _, members := range clusters {
		groups = append(groups, newGroup(members))
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.Size != b.Size {
			return a.Size > b.Size
		}
		if !a.LastSeen.Equal(b.LastSeen) {
			return a.LastSeen.After(b.LastSeen)
		}
		return a.ID < b.ID
	})
	return groups
}

// distinct gathers the unanswered facts by text key.
func distinct(facts []quality.Fact, analyze Analyzer) []*question {
	byKey := map[string]*question{}
	var out []*question
	for _, f := range facts {
		if !Unanswered(f) {
			continue
		}
		text := oneLine(f.Text)
		k := Key(text)
		q := byKey[k]
		if q == nil {
			q = &question{key: k, forms: map[string]int{}, first: f.Time, last: f.Time,
				terms: set(analyze(text)), cands: map[string]int{}}
			byKey[k] = q
			out = append(out, q)
		}
		q.forms[text]++
		q.count++
		if f.Time.Before(q.first) {
			q.first = f.Time
		}
		if f.Time.After(q.last) {
			q.last = f.Time
		}
		// A "Non" to "Cette réponse vous a-t-elle aidé ?" names the entry
		// the bot answered with: that was its candidate.
		for c := range set(append(slices.Clone(f.Candidates), f.Entry)) {
			q.cands[c]++
		}
	}
	return out
}

// cluster runs the leader method on qs, in their order. Comparing each
// question with every leader would be quadratic; instead leaders are
// indexed by a prefix of their terms, rarest first, and a question is only
// compared with the leaders whose prefix meets its own (prefix filtering,
// exact for Jaccard: two sets with J >= t share at least ceil(t*n) of the
// n terms of each, hence one of the n-ceil(t*n)+1 rarest of each).
func cluster(qs []*question, threshold float64) [][]*question {
	x := &leaderIndex{sets: termIDs(qs), threshold: threshold, byTerm: map[int32][]int{}, empty: -1}
	var members [][]*question
	for i, q := range qs {
		g := x.best(i)
		if g < 0 {
			g = x.lead(i)
			members = append(members, nil)
		}
		members[g] = append(members[g], q)
	}
	return members
}

// leaderIndex finds the group a question joins.
type leaderIndex struct {
	sets      [][]int32 // terms of each question, rarest first
	threshold float64
	leaders   []int           // question leading each group
	byTerm    map[int32][]int // term -> groups whose leader's prefix holds it
	stamp     []int           // stamp[g] == i+1: group g already compared with question i
	empty     int             // the group of questions without terms, or -1
}

// best returns the group question i joins, or -1 when it leads a new one:
// the most similar leader at or above the threshold, the oldest on a tie.
func (x *leaderIndex) best(i int) int {
	set := x.sets[i]
	if len(set) == 0 {
		return x.empty
	}
	best, bestSim := -1, 0.0
	for _, t := range set[:prefix(len(set), x.threshold)] {
		for _, g := range x.byTerm[t] {
			if x.stamp[g] == i+1 {
				continue
			}
			x.stamp[g] = i + 1
			lead := x.sets[x.leaders[g]]
			if !sizesAllow(len(set), len(lead), x.threshold) {
				continue
			}
			if s := jaccardSorted(set, lead); s >= x.threshold && (s > bestSim || (s == bestSim && g < best)) {
				best, bestSim = g, s
			}
		}
	}
	return best
}

// lead makes question i the leader of a new group and returns the group.
func (x *leaderIndex) lead(i int) int {
	g := len(x.leaders)
	x.leaders = append(x.leaders, i)
	x.stamp = append(x.stamp, 0)
	set := x.sets[i]
	for _, t := range set[:prefix(len(set), x.threshold)] {
		x.byTerm[t] = append(x.byTerm[t], g)
	}
	if len(set) == 0 {
		x.empty = g
	}
	return g
}

// sizesAllow reports whether sets of sizes a and b can be alike at
// threshold: their Jaccard index is at most min(a, b) / max(a, b).
func sizesAllow(a, b int, threshold float64) bool {
	return float64(min(a, b)) >= threshold*float64(max(a, b))-1e-9
}

// prefix is how many of n terms, rarest first, two sets alike at
// threshold must share one of.
func prefix(n int, threshold float64) int {
	if n == 0 {
		return 0
	}
	need := int(math.Ceil(threshold*float64(n) - 1e-9)) // terms shared at least
	return n - max(need, 1) + 1
}

// termIDs numbers the terms of qs from the rarest to the most common (by
// the number of questions holding them, then alphabetically) and returns
// each question's terms as sorted numbers: rarest first, and quick to
// compare.
func termIDs(qs []*question) [][]int32 {
	df := map[string]int{}
	for _, q := range qs {
		for t := range q.terms {
			df[t]++
		}
	}
	terms := make([]string, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool {
		if df[terms[i]] != df[terms[j]] {
			return df[terms[i]] < df[terms[j]]
		}
		return terms[i] < terms[j]
	})
	id := make(map[string]int32, len(terms))
	for i, t := range terms {
		id[t] = int32(i)
	}
	sets := make([][]int32, len(qs))
	for i, q := range qs {
		set := make([]int32, 0, len(q.terms))
		for t := range q.terms {
			set = append(set, id[t])
		}
		slices.Sort(set)
		sets[i] = set
	}
	return sets
}

// jaccardSorted is |a ∩ b| / |a ∪ b| for sorted term numbers. Two empty
// sets are alike: messages with no meaningful word ("???", "merci") form
// one group, which an editor dismisses in one decision.
func jaccardSorted(a, b []int32) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func newGroup(members []*question) Group {
	sum := sha256.Sum256([]byte(members[0].key))
	g := Group{ID: hex.EncodeToString(sum[:5]), Distinct: len(members),
		FirstSeen: members[0].first, LastSeen: members[0].last}
	cands := map[string]int{}
	for _, q := range members {
		g.Size += q.count
		if q.first.Before(g.FirstSeen) {
			g.FirstSeen = q.first
		}
		if q.last.After(g.LastSeen) {
			g.LastSeen = q.last
		}
		if len(g.Examples) < MaxExamples {
			g.Examples = append(g.Examples, Example{Text: q.text(), Count: q.count})
		}
		for c, n := range q.cands {
			cands[c] += n
		}
	}
	g.Candidates = topCandidates(cands)
	return g
}

// topCandidates returns the entries proposed most often, then by id.
func topCandidates(counts map[string]int) []Candidate {
	out := make([]Candidate, 0, len(counts))
	for e, n := range counts {
		out = append(out, Candidate{Entry: e, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Entry < out[j].Entry
	})
	if len(out) > MaxCandidates {
		out = out[:MaxCandidates]
	}
	return out
}

func set(items []string) map[string]bool {
	s := make(map[string]bool, len(items))
	for _, it := range items {
		if it != "" {
			s[it] = true
		}
	}
	return s
}

// oneLine trims text and collapses its runs of spaces and line breaks to
// one space: a paraphrase is one line.
func oneLine(text string) string {
	return strings.Join(strings.Fields(text), " ")
}
