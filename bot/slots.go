package bot

import (
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// condition is what a choice stands for: slot -> the values it fits.
type condition map[string][]string

// labelConditions are the conditions read from the labels of choices that
// have no `when`, so that a KB written before slots existed ("Perdu",
// "Adulte", "Pays hors UE") still lets a known answer skip the question.
// Keys are canonical labels (match.Canonical).
var labelConditions = func() map[string]condition {
	out := map[string]condition{}
	add := func(slot string, values []string, labels ...string) {
		for _, l := range labels {
			out[l] = condition{slot: values}
		}
	}
	one := func(v string) []string { return []string{v} }
	add(kb.SlotEvent, one("perte"), "perdu", "perdue", "perte", "perdus", "egare", "egaree")
	add(kb.SlotEvent, one("vol"), "vole", "volee", "vol", "voles")
	add(kb.SlotEvent, one("deterioration"), "abime", "abimee", "deterioration", "deteriore", "deterioree", "abime illisible")
	add(kb.SlotFor, one("adulte"), "adulte", "majeur", "majeure", "pour un adulte", "18 ans et plus", "plus de 18 ans")
	add(kb.SlotFor, one("mineur-15-17"), "15 17 ans", "de 15 a 17 ans", "mineur de 15 a 17 ans", "15 a 17 ans")
	add(kb.SlotFor, one("moins-15"), "moins de 15 ans", "enfant de moins de 15 ans", "moins 15 ans")
	add(kb.SlotFor, []string{"mineur-15-17", "moins-15"}, "mineur", "mineure", "enfant")
	add(kb.SlotNew, one("occasion"), "occasion", "vehicule d occasion", "d occasion")
	add(kb.SlotNew, one("neuf"), "neuf", "vehicule neuf", "neuve")
	add(kb.SlotZone, one("ue"), "pays de l ue", "permis ue eee", "ue", "ue eee", "union europeenne", "pays de l ue eee", "permis ue")
	add(kb.SlotZone, one("hors-ue"), "pays hors ue", "permis hors ue", "hors ue", "hors ue eee", "autre pays")
	add(kb.SlotPlace, one("etranger"), "a l etranger", "etranger")
	add(kb.SlotDocument, one("permis"), "permis de conduire", "permis")
	add(kb.SlotDocument, one("carte-grise"), "carte grise")
	add(kb.SlotDocument, one("cni"), "carte d identite", "cni")
	add(kb.SlotDocument, one("passeport"), "passeport")
	add(kb.SlotDocument, []string{"cni", "passeport"}, "cni ou passeport", "carte d identite ou passeport")
	return out
}()

// choiceCondition is a choice's `when`, else what its label says.
func choiceCondition(c kb.Choice) condition {
	if len(c.When) > 0 {
		out := condition{}
		for s := range c.When {
			out[s] = c.WhenValues(s)
		}
		return out
	}
	return labelConditions[match.Canonical(c.Label)]
}

// slotWeight makes being abroad decide over the kind of event: a card
// stolen abroad is first a matter for the consulate.
func slotWeight(slot string) int {
	switch slot {
	case kb.SlotResidence:
		return 4 // living abroad decides over being abroad with a loss
	case kb.SlotPlace:
		return 2
	}
	return 1
}

// score is how well the known slots fit c: 0 when a slot c names is
// unknown or has another value.
func (c condition) score(slots map[string]string) int {
	if len(c) == 0 {
		return 0
	}
	n := 0
	for s, vals := range c {
		v, ok := slots[s]
		if !ok || !slices.Contains(vals, v) {
			return 0
		}
		n += slotWeight(s)
	}
	return n
}

// single returns the slot values c fixes (those with one value).
func (c condition) single() map[string]string {
	out := map[string]string{}
	for s, vals := range c {
		if len(vals) == 1 {
			out[s] = vals[0]
		}
	}
	return out
}

// knownChoice returns the index of the choice the known slots decide, or
// -1: the best fit, the first on a tie.
func knownChoice(cs []kb.Choice, slots map[string]string) int {
	best, bestScore := -1, 0
	for i, c := range cs {
		if c.Action != "" {
			continue // a report or a hand-off is offered, not started unasked
		}
		if s := choiceCondition(c).score(slots); s > bestScore {
			best, bestScore = i, s
		}
	}
	return best
}

// structure is what the bot derives from a KB's decision trees: for each
// entry, the trees that lead to it and under which condition.
type structure struct {
	kb      *kb.KB
	parents map[string][]parentLink
	// eventful entries are about a loss, theft or damage: a status
	// question ("ça fait 16 jours") is not one of them.
	eventful map[string]bool
	// near lists, for each entry, the entries a follow-up to it most
	// likely means when it means another one: the entries it names as
	// related, those that name it, and its decision tree's.
	near map[string]map[string]bool
	// mentions lists, for each entry, the facets its full answer speaks
	// of without a text of their own (a price in euros, "gratuit"...).
	mentions map[string]map[string]bool
	// countries caches, per entry, the one country most of its
	// paraphrases name (permis.britannique: Royaume-Uni), "" for none:
	// read the first time it is asked (countryOf), as reading every
	// paraphrase up front would cost the first message 50 ms.
	countries sync.Map
}

// countryOf returns the country entry id is about, or "".
func (s *structure) countryOf(id string) string {
	if c, ok := s.countries.Load(id); ok {
		return c.(string)
	}
	c := ""
	if e := s.kb.Entry(id); e != nil {
		c = entryCountry(e)
	}
	s.countries.Store(id, c)
	return c
}

type parentLink struct {
	root string
	cond condition
}

func newStructure(k *kb.KB) *structure {
	s := &structure{kb: k, parents: map[string][]parentLink{}, eventful: map[string]bool{},
		near: map[string]map[string]bool{}, mentions: map[string]map[string]bool{}}
	link := func(a, b string) {
		if a == b || k.Entry(a) == nil || k.Entry(b) == nil {
			return
		}
		for _, p := range [][2]string{{a, b}, {b, a}} {
			if s.near[p[0]] == nil {
				s.near[p[0]] = map[string]bool{}
			}
			s.near[p[0]][p[1]] = true
		}
	}
	for _, e := range k.Entries() {
		words := readWords(e.Answer, nil)
		for f, cues := range facetCues {
			if anyOf(words, cues) || f == kb.FacetCost && strings.Contains(e.Answer, "€") {
				if s.mentions[e.ID] == nil {
					s.mentions[e.ID] = map[string]bool{}
				}
				s.mentions[e.ID][f] = true
			}
		}
		for _, r := range e.Related {
			link(e.ID, r)
		}
		for _, c := range e.Choices {
			cond := choiceCondition(c)
			if _, ok := cond[kb.SlotEvent]; ok {
				s.eventful[e.ID] = true
				if c.Goto != "" {
					s.eventful[c.Goto] = true
				}
			}
			if c.Goto != "" {
				s.parents[c.Goto] = append(s.parents[c.Goto], parentLink{root: e.ID, cond: cond})
				link(e.ID, c.Goto)
			}
		}
	}
	return s
}

// structureCache holds the structure of the KB last used.
type structureCache struct{ p atomic.Pointer[structure] }

// entryCountries keeps entryCountry's answers by the entry's id and
// paraphrases, so that a KB reloaded with the same paraphrases (every
// reload but the entries edited) does not read them all again.
var entryCountries sync.Map // uint64 -> string

// entryCountry returns the country that countryShare of e's paraphrases
// or more name, "" when there is none.
func entryCountry(e *kb.Entry) string {
	if len(e.Questions) == 0 {
		return ""
	}
	h := fnv.New64a()
	h.Write([]byte(e.ID))
	for _, q := range e.Questions {
		h.Write([]byte{0})
		h.Write([]byte(q))
	}
	key := h.Sum64()
	if c, ok := entryCountries.Load(key); ok {
		return c.(string)
	}
	c := readEntryCountry(e)
	entryCountries.Store(key, c)
	return c
}

// readEntryCountry is entryCountry, read from the paraphrases.
func readEntryCountry(e *kb.Entry) string {
	n := map[string]int{}
	for _, q := range e.Questions {
		for c := range countriesNamed(readWords(q, nil)) {
			n[c]++
		}
	}
	for c, k := range n {
		if float64(k) >= countryShare*float64(len(e.Questions)) {
			return c
		}
	}
	return ""
}

// countriesNamed returns the countries other than France that words name.
func countriesNamed(w []string) map[string]bool {
	out := map[string]bool{}
	for i := range w {
		if c, _, ok := countryAt(w, i); ok && c.name != "France" {
			out[c.name] = true
		}
	}
	return out
}

// countryShare is the share of an entry's paraphrases that must name one
// country for the entry to be about it.
const countryShare = 0.5

// ofAnotherCountry returns r without its candidates about one country when
// the message names another ("permis émirati" is no British licence), when
// the best is one of them; r itself otherwise.
func (t *turn) ofAnotherCountry(r match.Result) match.Result {
	if t.rd.slots[slotCountry] == "" {
		return r
	}
	st := t.structure()
	ec := st.countryOf(r.Top().Entry)
	if ec == "" {
		return r
	}
	named := countriesNamed(t.rd.words)
	if len(named) == 0 || named[ec] {
		return r
	}
	out := r
	out.Candidates = make([]match.Candidate, 0, len(r.Candidates))
	for _, cand := range r.Candidates {
		if ec := st.countryOf(cand.Entry); ec == "" || named[ec] {
			out.Candidates = append(out.Candidates, cand)
		}
	}
	return out
}

func (c *structureCache) of(k *kb.KB) *structure {
	if s := c.p.Load(); s != nil && s.kb == k {
		return s
	}
	s := newStructure(k)
	c.p.Store(s)
	return s
}

// reroute returns the entry that the slots changed in this message lead
// to instead of e, through a decision tree that leads to e under a
// condition they contradict ("permis perdu" told it was stolen: the tree
// that offers Perdu / Volé leads to the theft entry; "hors de l'Union
// européenne" about the EU licence: the exchange tree, which answers that
// case itself), or e. The document is left to the matcher, which weighs
// it already.
func (t *turn) reroute(e *kb.Entry, changed map[string]string) *kb.Entry {
	if e == nil || len(changed) == 0 {
		return e
	}
	for _, p := range t.structure().parents[e.ID] {
		contradicted := false
		for s, vals := range p.cond {
			if v, ok := changed[s]; ok && s != kb.SlotDocument && !slices.Contains(vals, v) {
				contradicted = true
			}
		}
		root := t.kb.Entry(p.root)
		if root == nil {
			continue
		}
		if !contradicted {
			// "on m'a volé mon permis en Espagne": the theft's entry, but
			// the tree has a branch for being abroad, which weighs more
			// than the event (slotWeight).
			if g := t.abroadBranch(root, p.cond, changed); g != nil && g != e {
				return g
			}
			continue
		}
		if i := knownChoice(root.Choices, t.st.Slots); i >= 0 {
			if root.Choices[i].Goto == "" {
				return root // the tree answers that case itself
			}
			if g := t.kb.Entry(root.Choices[i].Goto); g != nil {
				return g
			}
		}
	}
	return e
}

// abroadBranch returns the entry of tree root's branch for living abroad,
// else for being abroad, when this message said so (changed) and cond,
// the condition leading to the entry answered, says nothing of it; nil
// otherwise.
func (t *turn) abroadBranch(root *kb.Entry, cond condition, changed map[string]string) *kb.Entry {
	for _, slot := range []string{kb.SlotResidence, kb.SlotPlace} {
		v, ok := changed[slot]
		if _, known := cond[slot]; known {
			return nil // the entry is this branch already, which decides over the next
		}
		if !ok {
			continue
		}
		for _, c := range root.Choices {
			if c.Action != "" || !slices.Contains(c.WhenValues(slot), v) {
				continue
			}
			if c.Goto == "" {
				return root
			}
			return t.kb.Entry(c.Goto)
		}
	}
	return nil
}

// rootOf returns the decision tree that leads to e with a condition on
// slot, or nil.
func (t *turn) rootOf(e *kb.Entry, slot string) *kb.Entry {
	for _, p := range t.structure().parents[e.ID] {
		if _, ok := p.cond[slot]; ok {
			return t.kb.Entry(p.root)
		}
	}
	return nil
}

// Slot value texts for the bot's questions.
var slotQuestions = map[string]string{
	kb.SlotFor: "Je n'ai pas bien compris l'âge indiqué (%s). Pour qui est la demande : un adulte, un mineur de 15 à 17 ans, " +
		"ou un enfant de moins de 15 ans ?",
	slotCountry: "Je ne connais pas le pays « %s ». Dans quel pays le permis ou le véhicule a-t-il été délivré ou acheté : " +
		"un pays de l'Union européenne (ou de l'EEE), ou un autre pays ?",
	slotNumber: "Le numéro « %s » ne semble pas être un numéro de demande : il compte de 8 à 24 lettres et chiffres, " +
		"dont au moins 4 chiffres. Pouvez-vous le vérifier ?",
}

// slotOptions are the buttons offered with a slot's question.
var slotOptions = map[string][]Option{
	kb.SlotFor: {{Label: "Adulte", Payload: payloadSlotPrefix + kb.SlotFor + "=adulte"},
		{Label: "15-17 ans", Payload: payloadSlotPrefix + kb.SlotFor + "=mineur-15-17"},
		{Label: "Moins de 15 ans", Payload: payloadSlotPrefix + kb.SlotFor + "=moins-15"}},
	slotCountry: {{Label: "Pays de l'UE / EEE", Payload: payloadSlotPrefix + kb.SlotZone + "=ue"},
		{Label: "Autre pays", Payload: payloadSlotPrefix + kb.SlotZone + "=hors-ue"}},
}

// payloadSlotPrefix + slot=value answers a slot's question.
const payloadSlotPrefix = "SLOT:"

// mergeSlots keeps the slot values a message gave and returns those that
// changed.
func (st *State) mergeSlots(found map[string]string) map[string]string {
	changed := map[string]string{}
	for s, v := range found {
		if st.Slots == nil {
			st.Slots = map[string]string{}
		}
		if st.Slots[s] != v {
			changed[s] = v
		}
		st.Slots[s] = v
	}
	// A country without a zone (France) leaves no foreign zone behind.
	if c, ok := found[slotCountry]; ok {
		if _, z := found[kb.SlotZone]; !z && c != "" {
			delete(st.Slots, kb.SlotZone)
		}
	}
	return changed
}
