package bot

import (
	"slices"
	"strings"
	"sync"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// nearShare is how close to the best candidate an entry near the topic
// must come for a follow-up to mean it: in a conversation about a
// suspension, "je peux contester ?" means the contest of that decision
// even when a general complaint scores higher on the words alone.
const nearShare = 0.2

// nearFollowUp returns the entry near topic (see structure.near) that a
// follow-up means, or nil: the best candidate when it is near and the
// matcher hesitates, else the best near candidate ranked above the topic
// that comes close enough to an unrelated best one (one on the topic's
// document only when the matcher is unsure of it). A message that names
// a document only considers entries about it; a message the matcher is
// sure of, or one that asks for a person, is left to the global match.
func (t *turn) nearFollowUp(topic string, r match.Result) (*kb.Entry, float64) {
	rd := t.rd
	near := t.structure().near[topic]
	top := r.Top()
	if len(near) == 0 || top.Entry == "" || top.Entry == topic || top.Confidence >= 0.8 ||
		len(rd.words) > 16 || rd.angry || rd.human || strings.HasPrefix(top.Entry, "smalltalk.") {
		return nil, 0
	}
	fits := func(id string) bool {
		e := t.kb.Entry(id)
		return e != nil && e.Action != kb.ActionHandoff && (rd.doc() == "" || t.about(id, rd.doc()))
	}
	if near[top.Entry] {
		if top.Confidence >= t.clarifyAt() && fits(top.Entry) {
			return t.kb.Entry(top.Entry), max(top.Confidence, t.answerAt())
		}
		return nil, 0
	}
	if top.Confidence >= t.answerAt() && t.sharesDocument(topic, top.Entry) {
		return nil, 0 // sure of another question on the same document
	}
	for _, c := range r.Candidates[1:] {
		if c.Entry == topic {
			return nil, 0
		}
		if near[c.Entry] && fits(c.Entry) && c.Confidence >= top.Confidence*nearShare && c.Confidence >= t.clarifyAt()/4 {
			return t.kb.Entry(c.Entry), max(c.Confidence, t.answerAt())
		}
	}
	return nil, 0
}

// topicsWords reports whether every word of the message that may name
// something (not one that asks a facet, nor a generic one) is a word of
// the topic's own paraphrases, held by topicShare of them or more.
func (t *turn) topicsWords(topic string, r match.Result) bool {
	plain, err := t.plainMatch(r)
	if err != nil {
		return false
	}
	named := 0
	for _, term := range plain.Terms {
		if genericTerms[term] || askingTerms()[term] || match.IsFiller(term) {
			continue
		}
		if t.m.Share(topic, term) < topicShare {
			return false
		}
		named++
	}
	return named > 0
}

// topicShare is how many of an entry's paraphrases must hold a word for
// it to be a word of that entry.
const topicShare = 0.2

// plainMatch is the message matched alone, without the topic's words: r
// itself when it was, else a search of the message as the matcher reads
// it (the matcher caches it for the rules that ask again).
func (t *turn) plainMatch(r match.Result) (match.Result, error) {
	if !r.Contextual {
		return r, nil
	}
	return t.m.Match(t.matched)
}

// relatedAlone returns the entry the topic names as related that the
// message read alone is about, when the topic itself is not among what
// the message alone may mean ("et le rdv je le prends où ?" after a
// passport's application: the appointment, not the passport again), with
// the confidence to answer it at; nil when the message names nothing of
// the kind.
func (t *turn) relatedAlone(topic string, r match.Result) (*kb.Entry, float64, error) {
	e := t.kb.Entry(topic)
	if e == nil || len(e.Related) == 0 || t.rd.angry || t.rd.human || len(t.rd.words) > 30 {
		return nil, 0, nil
	}
	if !t.asksQuestion() {
		return nil, 0, nil // a statement goes on with the topic's story ("j'avais bien fait la déclaration")
	}
	plain, err := t.plainMatch(r)
	if err != nil {
		return nil, 0, err
	}
	top := plain.Top()
	if top.Entry == "" || top.Confidence < t.clarifyAt()/4 {
		return nil, 0, nil
	}
	// The words that may name something: not those that ask a facet
	// ("c'est payant ?" is asked of the topic).
	var named []string
	for _, term := range plain.Terms {
		if !genericTerms[term] && !askingTerms()[term] {
			named = append(named, term)
		}
	}
	if len(named) == 0 {
		return nil, 0, nil
	}
	moreAbout := func(id string) bool {
		for _, term := range named {
			if t.m.Share(id, term) > t.m.Share(topic, term)+relatedMargin {
				return true
			}
		}
		return false
	}
	for _, c := range plain.Candidates {
		if c.Entry == topic || t.family(topic, c.Entry) {
			return nil, 0, nil // the topic may be what the message means
		}
	}
	// A candidate far below the best still counts when the best is no
	// neighbour of the topic ("est-ce que je peux contester cette décision
	// ?" after a 48SI: contesting it, not a complaint about the service).
	stranger := !slices.Contains(e.Related, top.Entry) && !t.rd.pronoun
	for _, c := range plain.Candidates {
		if c.Confidence < top.Confidence*relatedShare && !(stranger && c.Confidence >= t.clarifyAt()/4) {
			break
		}
		g := t.kb.Entry(c.Entry)
		if g == nil || g.Action == kb.ActionHandoff || !slices.Contains(e.Related, c.Entry) || !moreAbout(g.ID) ||
			t.rd.doc() != "" && len(t.m.Documents(g.ID)) > 0 && !t.about(g.ID, t.rd.doc()) {
			continue
		}
		t.d.Result = plain
		return g, max(c.Confidence, t.answerAt()), nil
	}
	return nil, 0, nil
}

// asksQuestion reports whether the message asks something: a question
// mark, a question word first, or "on peut", "on doit" first ("on peut
// contester ou c'est mort").
func (t *turn) asksQuestion() bool {
	w := t.rd.words
	return strings.Contains(t.msg.Text, "?") || len(w) > 0 && questionWords[w[0]] ||
		len(w) > 1 && w[0] == "on" && (mayWords[w[1]] || w[1] == "doit" || w[1] == "devrait")
}

// relatedShare is how close to the best candidate of a message read alone
// a related entry of the topic must come to be what the message means.
const relatedShare = 0.7

// relatedMargin is how much larger a share of a related entry's
// paraphrases than of the topic's must hold a word of the message for
// that word to name the related entry (match.Matcher.Share).
const relatedMargin = 0.05

// otherDocuments reports whether entries a and b are each about some
// document, and none in common.
func (t *turn) otherDocuments(a, b string) bool {
	return len(t.m.Documents(a)) > 0 && len(t.m.Documents(b)) > 0 && !t.sharesDocument(a, b)
}

// sharesDocument reports whether entries a and b are about a document in
// common.
func (t *turn) sharesDocument(a, b string) bool {
	for _, d := range t.m.Documents(a) {
		if t.about(b, d) {
			return true
		}
	}
	return false
}

// entryPrefixes are the id prefixes of each document's entries.
var entryPrefixes = map[string]string{"permis": "permis", "carte-grise": "civ", "cni": "cni", "passeport": "passeport"}

// titlePrefixes are the id prefixes of the entries about both identity
// titles.
var titlePrefixes = map[string]string{"cni": "titre", "passeport": "titre"}

// prefixDocuments are the documents each family of entries is about, by
// id prefix (entryPrefixes and titlePrefixes the other way round).
var prefixDocuments = func() map[string][]string {
	out := map[string][]string{}
	for doc, p := range entryPrefixes {
		out[p] = append(out[p], doc)
	}
	for doc, p := range titlePrefixes {
		out[p] = append(out[p], doc)
	}
	return out
}()

// ownsDocument reports whether entry is about document doc by its id: the
// entries of a document's family (entryPrefixes, titlePrefixes) are about
// it and no other, whatever their paraphrases mention ("moto" makes the
// 125 cm3 licence entry look like a registration one); an entry of no
// document's family is about what its paraphrases name (Documents).
func (t *turn) ownsDocument(entry, doc string) bool {
	prefix, _, _ := strings.Cut(entry, ".")
	if docs, ok := prefixDocuments[prefix]; ok {
		return slices.Contains(docs, doc)
	}
	return t.about(entry, doc)
}

// sameForDocument puts first, for a message that names no document in a
// conversation about one, the entry of that document's family with the
// name of the entry the matcher found for another ("je peux l'avoir en
// urgence ?" about an identity card: cni.urgence, not passeport.urgence),
// at its confidence, when the matcher leans to it at all.
func (t *turn) sameForDocument(r match.Result) match.Result {
	doc := t.st.Slots[kb.SlotDocument]
	top := r.Top()
	if t.rd.doc() != "" || doc == "" || top.Entry == "" || top.Confidence < t.clarifyAt() || t.ownsDocument(top.Entry, doc) {
		return r
	}
	prefix, name, ok := strings.Cut(top.Entry, ".")
	if !ok || len(prefixDocuments[prefix]) != 1 {
		return r // not an entry of one document's family
	}
	same := t.kb.Entry(entryPrefixes[doc] + "." + name)
	if same == nil || same.Action != "" {
		return r
	}
	first := top
	first.Entry, first.Title = same.ID, same.Title
	return putFirst(r, first)
}

// A seller's declaration (entrySale) is followed by questions about the
// buyer's registration (entryPurchase), asked of by the words that name
// the buyer (buyerPhrases). The other way round is left out: a buyer's
// story names the seller all along ("le vendeur m'a donné la carte
// barrée").
const (
	entrySale     = "civ.cession"
	entryPurchase = "civ.changement-titulaire"
)

var buyerPhrases = phrases("l acheteur", "lacheteur", "le nouveau proprietaire", "la nouvelle proprietaire", "pour lui",
	"pour elle", "et lui", "et elle", "de son cote", "the buyer", "for him", "for her")

// otherParty returns the other side's entry of a sale when a short
// follow-up asks about the other party ("et lui il a combien de temps pour
// faire la carte grise ?" after selling: the buyer's registration), or nil.
func (t *turn) otherParty(topic string) *kb.Entry {
	if topic != entrySale || len(t.rd.words) > 16 || t.rd.angry || t.rd.human || !t.rd.anyOf(buyerPhrases) ||
		t.rd.doc() != "" && t.rd.doc() != "carte-grise" {
		return nil
	}
	return t.kb.Entry(entryPurchase)
}

// facetOnly reports whether a reading asks a facet and names no document.
func facetOnly(r *reading) bool { return len(r.facets) > 0 && r.doc() == "" }

// counterpart returns the same procedure as topic for the document a
// follow-up names and nothing more ("et la carte grise ?" after an address
// change on the licence, "et un passeport alors ?" after an urgent identity
// card), or nil: topic itself when it covers that document too, the entry
// of the same name for that document, else the one entry near topic about
// it, else the near entry the topic's title finds for it. prev is the
// question before, read for the document named when the title is not
// enough, or when it only asked a facet of the topic ("je dois fournir quoi
// ?"), the question before it that named what it asked (topicQuestion).
func (t *turn) counterpart(topic, prev, topicQuestion string, r match.Result) (*kb.Entry, error) {
	rd := t.rd
	doc := rd.doc()
	te := t.kb.Entry(topic)
	if te == nil || doc == "" || len(rd.words) > 10 || !rd.followUp && !rd.pronoun && len(rd.words) > 5 ||
		t.namesMore(r) || strings.HasPrefix(topic, "smalltalk.") || len(t.m.Documents(topic)) == 0 {
		return nil, nil
	}
	if t.ownsDocument(topic, doc) {
		if top := r.Top(); !t.ofDocumentFamily(topic) && top.Entry != topic && top.Confidence >= t.answerAt() &&
			t.about(top.Entry, doc) {
			// "et la carte grise elle-même coûte combien ?" after the
			// official sites, an entry of no document's family: the
			// document's own entry.
			return nil, nil
		}
		if len(t.m.Documents(topic)) > 1 {
			return te, nil // "et pour la carte d'identité c'est pareil ?" about both titles
		}
		return nil, nil
	}
	if _, name, ok := strings.Cut(topic, "."); ok {
		for _, prefix := range []string{entryPrefixes[doc], titlePrefixes[doc]} {
			if e := t.kb.Entry(prefix + "." + name); e != nil && prefix != "" {
				return e, nil
			}
		}
	}
	// The topic's title for the document named: "Carte grise numérique
	// dans l'application France Identité" and "et la carte d'identité ?"
	// find the identity card's entry for the app, when the matcher is sure.
	rs, err := t.m.Match(withoutDocuments(te.Title) + " " + documentPhrases[doc])
	if err != nil {
		return nil, err
	}
	if rt := rs.Top(); rt.Confidence >= t.answerAt() && t.ownsDocument(rt.Entry, doc) && t.kb.Entry(rt.Entry).Action == "" {
		return t.kb.Entry(rt.Entry), nil
	}
	// Else the question before, asked of the document named: "je voudrais
	// mettre mon nom d'épouse sur mon permis" and "et pour ma carte
	// d'identité ?" ask the married name on the identity card.
	if topicQuestion != "" && prev != topicQuestion && facetOnly(readMessage(t.m, prev)) {
		prev = topicQuestion
	}
	if prev != "" {
		rp, err := t.m.Match(withoutDocuments(prev) + " " + documentPhrases[doc])
		if err != nil {
			return nil, err
		}
		if rt := rp.Top(); rt.Confidence >= t.answerAt() && t.ownsDocument(rt.Entry, doc) && t.kb.Entry(rt.Entry).Action == "" {
			return t.kb.Entry(rt.Entry), nil
		}
	}
	var about []string
	for id := range t.structure().near[topic] {
		if t.about(id, doc) && t.kb.Entry(id).Action == "" {
			about = append(about, id)
		}
	}
	switch len(about) {
	case 0:
		// No entry near the topic is about the document: the one entry
		// about it that the topic's title finds ("Changer de nom sur son
		// permis" and "et pour ma carte d'identité c'est pareil ?": the
		// married name on the identity card).
		var found *kb.Entry
		for _, c := range rs.Candidates {
			if c.Confidence < t.clarifyAt()/2 {
				break
			}
			if e := t.kb.Entry(c.Entry); e != nil && e.Action == "" && t.ownsDocument(c.Entry, doc) {
				if found != nil {
					return nil, nil // two: the matcher will offer them
				}
				found = e
			}
		}
		return found, nil
	case 1:
		return t.kb.Entry(about[0]), nil
	}
	for _, c := range rs.Candidates {
		if slices.Contains(about, c.Entry) {
			return t.kb.Entry(c.Entry), nil
		}
	}
	return nil, nil
}

// facetDecided returns the best candidate when the message asks a facet
// (a price, a delay, documents, a validity: "how" and "who" are asked of
// too many questions to decide anything)
// that it alone of the close candidates answers ("prix passeport enfant 8
// ans": the passport's price, not whether the child must come) about the
// document it names in a few words, or nil.
func (t *turn) facetDecided(r match.Result) *kb.Entry {
	f := t.rd.facet()
	top := t.kb.Entry(r.Top().Entry)
	if f == "" || f == kb.FacetHow || f == kb.FacetWho || len(t.rd.words) > 12 || top == nil || top.Action != "" || top.Facet(f) == "" || t.rd.doc() == "" || !t.about(top.ID, t.rd.doc()) {
		return nil
	}
	for _, c := range r.Candidates[1:] {
		if c.Confidence < t.clarifyAt()/2 {
			break
		}
		if e := t.kb.Entry(c.Entry); e == nil || e.Facet(f) != "" {
			return nil
		}
	}
	return top
}

// redirectedAgain returns the out-of-scope entry just redirected when a
// short follow-up points back at it ("et pour la Tunisie ?" after the
// travel advice, "c'est pas sur le site de l'ANTS ?" after the Crit'Air
// sticker), names none of our documents and the matcher is sure of
// nothing else (whatever it is sure of when the message asks whether the
// agency does it), or nil.
func (t *turn) redirectedAgain(topic string, r match.Result) *kb.Entry {
	rd := t.rd
	if topic != "" || t.st.Redirected == "" || !t.topicLive() ||
		!rd.followUp && !rd.pronoun && !rd.askedIfOurs || len(rd.words) > 10 || rd.doc() != "" || rd.human || rd.angry ||
		r.Top().Confidence >= t.answerAt() && r.Top().Entry != t.st.Redirected && !rd.askedIfOurs {
		return nil
	}
	return t.kb.Entry(t.st.Redirected)
}

// foreignRarity is how rare (match.Matcher.Foreign) a word the topic does
// not know must be for a follow-up that brings it to be a new question.
const foreignRarity = 0.5

// foreignShare is the share of the best entry's paraphrases that must hold
// that word: the word is what that entry is about, not a word it happens
// to use once.
const foreignShare = 0.15

// namesElse returns the message matched without the topic when it brings
// a rare word that the topic does not know and the best entry does ("et le
// certificat de non gage je le trouve où ?" after the transfer code, "je
// peux faire un stage pour l'éviter ?" after a suspension): a new
// question, not a follow-up. matched is the message as matched (matchable).
func (t *turn) namesElse(topic string, r match.Result) (match.Result, bool, error) {
	if topic == "" || t.rd.angry || t.rd.human {
		return r, false, nil
	}
	plain, err := t.plainMatch(r)
	if err != nil {
		return r, false, err
	}
	top := plain.Top()
	if top.Entry == "" || top.Entry == topic || t.family(topic, top.Entry) || top.Confidence < t.clarifyAt() {
		return r, false, nil
	}
	near := t.structure().near[topic][top.Entry]
	if near && (top.Confidence < t.answerAt() || r.Top().Entry != top.Entry) {
		return r, false, nil // an entry near the topic the matcher is unsure of is nearFollowUp's
	}
	term, rarity := t.m.Foreign(plain.Terms, topic)
	if term == "" || rarity < foreignRarity || genericTerms[term] || documentTerms[term] || askingTerms()[term] ||
		t.m.Share(top.Entry, term) < foreignShare {
		return r, false, nil
	}
	return plain, true, nil
}

// askingTerms are the analysed terms of the words that ask a facet, a
// status or for a person ("combien ça coûte", "how much does it cost",
// "où en est"): they ask something of the topic, they name nothing else.
var askingTerms = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, set := range []phraseSet{validityPhrases, delayPhrases, costPhrases, documentsPhrases, wherePhrases,
		howPhrases, meanwhilePhrases, whoPhrases, statusPhrases, problemPhrases, humanPhrases} {
		for _, ps := range set.byFirst {
			for _, p := range ps {
				if set.naming[strings.Join(p, " ")] {
					continue // "avec le récépissé": "récépissé" names something
				}
				for _, t := range kb.Analyze(strings.Join(p, " ")) {
					out[t] = true
				}
			}
		}
	}
	return out
})

// facetCues are the words by which a full answer speaks of a facet: an
// entry whose answer has them tells that facet itself.
var facetCues = map[string]phraseSet{
	kb.FacetCost: phrases("euros", "gratuit", "gratuite", "gratuits", "payant", "payante", "timbre fiscal",
		"prix", "cout", "coute", "tarif", "frais", "taxe", "taxes"),
	kb.FacetDelay: phrases("jours", "jour", "semaines", "semaine", "mois", "delai", "delais", "heures"),
	kb.FacetValidity: phrases("valable", "valables", "validite", "valide", "expire", "perime", "perimee",
		"ans"),
	kb.FacetDocuments: phrases("piece", "pieces", "justificatif", "justificatifs", "photo", "fournir", "documents"),
}

// facetElsewhere returns the entry near e that answers facet f when e
// has no text for it and its full answer does not speak of it ("alors je le renouvelle, combien ça coûte ?" after
// the validity of a passport: the price of a passport), or nil. The
// matcher's candidates for the message come first, then the entries e
// names as related; either must be about the document of the
// conversation when one is known, and about one of e's documents.
func (t *turn) facetElsewhere(e *kb.Entry, f string) *kb.Entry {
	if facetCues[f].byFirst == nil || t.structure().mentions[e.ID][f] {
		return nil // e's full answer tells it, or the facet is not one a neighbour answers better
	}
	near := t.structure().near[e.ID]
	doc := t.st.Slots[kb.SlotDocument]
	fits := func(id string) *kb.Entry {
		c := t.kb.Entry(id)
		if c == nil || c.Action != "" || !near[id] || doc != "" && !t.about(id, doc) ||
			len(t.m.Documents(e.ID)) > 0 && !t.sharesDocument(e.ID, id) || t.eventLeads(id, false) {
			return nil
		}
		if b := t.slotBranch(c); b.Facet(f) != "" {
			return b
		}
		return nil
	}
	// A message that asks the facet and names nothing else ("c'est payant
	// ?") is about the topic: a neighbour the words happen to fit is not
	// what was asked (the price of correcting an error, after a change of
	// name on the carte grise).
	for _, c := range t.d.Result.Candidates {
		if c.Confidence < t.clarifyAt()/4 || !t.namesMore(t.d.Result, askingTerms()) {
			break
		}
		if g := fits(c.Entry); g != nil {
			return g
		}
	}
	// The entries e names as related that are for the conversation's
	// event, when the message ("c'est combien ?") matched none of them: a
	// licence lost abroad is then replaced as a lost one.
	for _, id := range e.Related {
		if t.eventLeads(id, true) {
			if g := fits(id); g != nil {
				return g
			}
		}
	}
	// What happened to the conversation's document, as the KB asks of it
	// ("c'est gratuit pour elle ?" after a lost card and the child's
	// presence at the appointment: the lost card's price). Without an
	// event, a facet asked of nothing else stays with the topic: "elle
	// reste valable combien de temps ?" after the pre-application is not
	// the passport's validity.
	doc = t.st.Slots[kb.SlotDocument]
	ev := t.st.Slots[kb.SlotEvent]
	if id := issuingEntries[doc]; ev == "" && issuingFacets[f] && id != "" && id != e.ID && t.about(e.ID, doc) {
		// No event: the price or delay of the document itself ("ça coûte
		// combien pour elle, elle a 11 ans ?" after a child's proof of
		// address: the price of her passport).
		if g := t.kb.Entry(id); g != nil {
			if b := t.slotBranch(g); b.Facet(f) != "" {
				return b
			}
		}
	}
	if doc == "" || ev == "" || !documentFacets[f] || !t.about(e.ID, doc) {
		return nil
	}
	r, err := t.m.Match(documentPhrases[doc] + " " + eventWords[ev])
	if err != nil || r.Top().Confidence < t.answerAt() {
		return nil
	}
	if g := t.kb.Entry(r.Top().Entry); g != nil && g.ID != e.ID && t.about(g.ID, doc) {
		if b := t.slotBranch(g); b.Facet(f) != "" {
			return b
		}
	}
	return nil
}

// issuingFacets are the facets of a document's issuing itself, and
// issuingEntries the entries that answer them for the documents whose
// procedures share one price and one delay (an identity title; a licence's
// or a carte grise's depend on the procedure).
var (
	issuingFacets  = map[string]bool{kb.FacetCost: true, kb.FacetDelay: true}
	issuingEntries = map[string]string{"passeport": "passeport.demande", "cni": "cni.demande"}
)

// facetByMatch returns the entry the message read alone is about when
// the message brings a word topic e does not know and that entry answers
// facet f, which e cannot ("et pour mon déménagement c'est payant ?"
// after the sale of a car: the price of the change of address), or nil.
// The matcher may be unsure of it: the word and the facet decide, and the
// alternative is a full answer the person has just read.
func (t *turn) facetByMatch(e *kb.Entry, f string) *kb.Entry {
	if t.matched == "" || t.structure().mentions[e.ID][f] {
		return nil
	}
	r, err := t.m.Match(t.matched)
	if err != nil {
		return nil
	}
	term, _ := t.m.Foreign(r.Terms, e.ID)
	if term == "" || genericTerms[term] || askingTerms()[term] {
		return nil // nothing but the facet asked of the topic ("elle reste valable combien de temps ?")
	}
	doc := t.st.Slots[kb.SlotDocument]
	for _, c := range r.Candidates {
		if c.Confidence < t.clarifyAt()/2 {
			break
		}
		g := t.kb.Entry(c.Entry)
		if g == nil || g.ID == e.ID || g.Action != "" || doc != "" && len(t.m.Documents(g.ID)) > 0 && !t.about(g.ID, doc) {
			continue
		}
		if b := t.slotBranch(g); t.m.Share(g.ID, term) > 0 && (b.Facet(f) != "" || t.structure().mentions[b.ID][f]) {
			return b
		}
	}
	return nil
}

// facetOfEarlier returns the conversation's topic, or the topic before
// it, when e has no word on facet f and that topic answers it: "c lui qui
// fait la carte grise ou moi ?" after a new car, which the words alone
// take for the tracking of a request; "et après il est bon pour combien
// d'années ?" after a heavy-vehicle licence's medical check and then its
// price. Nil when neither does, or the message names a document the topic
// is not about, or the topic is about another document than e.
func (t *turn) facetOfEarlier(e *kb.Entry, f string) *kb.Entry {
	if t.structure().mentions[e.ID][f] || !t.topicLive() {
		return nil
	}
	doc := t.rd.doc()
	for _, id := range []string{t.st.Topic, t.st.Before} {
		if id == "" || id == e.ID || doc != "" && !t.about(id, doc) ||
			len(t.m.Documents(e.ID)) > 0 && !t.sharesDocument(e.ID, id) {
			continue // another document's procedure (a passport's papers after a car's sale)
		}
		if g := t.kb.Entry(id); g != nil && g.Action == "" {
			if b := t.slotBranch(g); b.Facet(f) != "" {
				return b
			}
		}
	}
	return nil
}

// eventLeads reports whether a decision tree leads to entry under the
// conversation's event (same true: the lost licence's entry after a
// loss) or only under another one (same false: the theft entry's price is
// not a lost licence's).
func (t *turn) eventLeads(entry string, same bool) bool {
	ev := t.st.Slots[kb.SlotEvent]
	if ev == "" {
		return false
	}
	for _, p := range t.structure().parents[entry] {
		if vals, ok := p.cond[kb.SlotEvent]; ok && slices.Contains(vals, ev) == same {
			return true
		}
	}
	return false
}

// facetTarget is the entry a facet asked as a follow-up of topic e is
// about, else the branch of e the slots lead to. Another entry r is sure
// of is meant (and e's share of r less than half of it) when:
//   - it is near e, and the message, read in context, brings a word of it
//     that e does not know ("elle est en garde alternée, je mets quel
//     justificatif de domicile ?" after parental authority: the minor's
//     proof of address);
//   - the message holds a word that entry is about and e is not, other than
//     a verb whose object points back at e ("et le rdv on le prend comment
//     ?" after a passport's papers; not "je peux le retrouver où ?" after
//     the transfer code);
//   - the message names a document and, read alone, is clearly about
//     that entry, outside e's tree ("et la carte grise elle arrive quand ?"
//     after the provisional certificate).
func (t *turn) facetTarget(e *kb.Entry, r match.Result) *kb.Entry {
	top := r.Top()
	if top.Entry != e.ID && top.Confidence >= t.answerAt() && confidenceOf(r, e.ID) < top.Confidence/2 &&
		(r.Contextual && t.structure().near[e.ID][top.Entry] && t.bringsTerm(r, e.ID, top.Entry) ||
			t.holdsSubjectOf(notPointingBack(ownTerms(r), t.rd.words), e.ID, top.Entry, subjectShare) ||
			!r.Contextual && top.Confidence >= clearElsewhere && t.rd.doc() != "" && !t.family(e.ID, top.Entry)) {
		if g := t.kb.Entry(top.Entry); g != nil && g.Action == "" {
			return g
		}
	}
	e = t.slotBranch(e)
	if g := t.meanwhileElsewhere(e); g != nil {
		return g
	}
	return e
}

// meanwhileElsewhere returns the entry that says what to do meanwhile
// for the document of e, when e does not and the message asks only that:
// "je pourrai conduire après ?" after the licence's tracking gets driving
// while waiting for the licence, not "no precise indication". Nil when
// the KB is not sure of one.
func (t *turn) meanwhileElsewhere(e *kb.Entry) *kb.Entry {
	if len(t.rd.facets) != 1 || t.rd.facets[0] != kb.FacetMeanwhile || e.Facet(kb.FacetMeanwhile) != "" {
		return nil
	}
	docs := t.m.Documents(e.ID)
	if len(docs) != 1 {
		return nil
	}
	rs, sure, err := t.sureIntent(kb.FacetMeanwhile, docs[0])
	if !sure || err != nil {
		return nil // the topic's own answer, as before
	}
	g := t.kb.Entry(rs.Top().Entry)
	if g == nil || g.ID == e.ID || g.Action != "" || g.Facet(kb.FacetMeanwhile) == "" {
		return nil
	}
	return g
}

// notPointingBack returns terms without those of a verb whose object is a
// pronoun pointing back at the topic ("où est-ce que je peux le retrouver
// ?" asks where to find the topic's thing, not about finding things).
func notPointingBack(terms, words []string) []string {
	var back map[string]bool
	for i := 0; i+1 < len(words); i++ {
		if objectPronounAt(words, i) {
			if back == nil {
				back = map[string]bool{}
			}
			for _, a := range kb.Analyze(words[i+1]) {
				back[a] = true
			}
		}
	}
	if back == nil {
		return terms
	}
	var out []string
	for _, term := range terms {
		if !back[term] {
			out = append(out, term)
		}
	}
	return out
}

// bringsTerm reports whether the message holds a rare word that names
// something (not a facet, a status, a document or filler) that entry
// other knows and topic does not.
func (t *turn) bringsTerm(r match.Result, topic, other string) bool {
	for _, term := range r.Terms {
		if genericTerms[term] || match.IsFiller(term) || documentTerms[term] || askingTerms()[term] {
			continue
		}
		one := []string{term}
		if _, rarity := t.m.Foreign(one, topic); rarity >= foreignRarity && t.m.Shared(one, other) == 1 {
			return true
		}
	}
	return false
}

// namesSubjectOf reports whether the message names what entry other is
// about and topic only mentions: a word that names something, held by at
// least share of other's paraphrases and almost none of topic's ("malus"
// for the malus entry, in passing in the price's).
func (t *turn) namesSubjectOf(r match.Result, topic, other string, share float64) bool {
	return t.holdsSubjectOf(t.naming(r), topic, other, share)
}

// holdsSubjectOf is namesSubjectOf over the given terms.
func (t *turn) holdsSubjectOf(terms []string, topic, other string, share float64) bool {
	for _, term := range terms {
		if match.IsFiller(term) {
			continue
		}
		if t.m.Share(other, term) >= share && t.m.Share(topic, term) < subjectShare/5 {
			return true
		}
	}
	return false
}

// subjectShare is the share of an entry's paraphrases that hold a word it
// is about; anotherService, the share that names another service's
// matter once the matcher is sure of it ("carte bancaire": a quarter of
// its redirection's paraphrases say "bancaire", the others "CB").
//
// clearElsewhere is the confidence from which a follow-up naming a
// document, read alone, is about its own entry rather than the topic's
// facet.
const (
	clearElsewhere = 0.6
	subjectShare   = 0.5
	anotherService = 0.25
)

// confidenceOf is entry's confidence among r's candidates, 0 when absent.
func confidenceOf(r match.Result, entry string) float64 {
	for _, c := range r.Candidates {
		if c.Entry == entry {
			return c.Confidence
		}
	}
	return 0
}

// ofDocumentFamily reports whether entry belongs to a document's family
// of entries (permis.*, civ.*, cni.*, passeport.*, titre.*), not to the
// entries about the agency, its sites and accounts.
func (t *turn) ofDocumentFamily(entry string) bool {
	prefix, _, _ := strings.Cut(entry, ".")
	return len(prefixDocuments[prefix]) > 0
}

// lingers returns the topic entry for a follow-up the whole knowledge base
// has no sure answer for, when the message is tied to the conversation: it
// points back at it ("je l'ai faite il y a une heure, faut attendre avant
// de l'utiliser ?", "et on est pacsés, ça marche aussi ?") or shares a word
// of its own with the topic ("sinon l'acheteur peut passer par un pro sans
// le code ?"). It names no other document, is no complaint, status or
// request for a person, and the matcher does not send it elsewhere with
// confidence: the topic's answer, with its buttons, then serves better
// than "reformulez". nil otherwise.
func (t *turn) lingers(topic string, r match.Result) *kb.Entry {
	rd := t.rd
	e := t.kb.Entry(topic)
	if !t.mayStayOn(e, r) {
		return nil
	}
	if d := rd.doc(); d != "" && !t.ownsDocument(topic, d) {
		return nil
	}
	if r.Top().Confidence >= t.clarifyAt() {
		return nil // likely enough to be offered, the topic's answer among others
	}
	if t.tiedTo(topic, r) && !(len(rd.facets) > 0 && t.strangerAsked(topic, r)) {
		return e
	}
	return nil
}

// mayStayOn reports whether a message the matcher is unsure of may still
// be read as about topic e (lingers, topicFacet): e is a procedure, and
// the message is not long, angry, a request for a person, a status or a
// problem, nor a complaint that the last answer missed; and the matcher
// does not lean to another service's matter ("where to turn" then).
func (t *turn) mayStayOn(e *kb.Entry, r match.Result) bool {
	rd := t.rd
	if e == nil || e.Action != "" || strings.HasPrefix(e.ID, "smalltalk.") || strings.HasPrefix(e.ID, "hors-champ.") ||
		len(rd.words) > 25 || rd.angry || rd.human || rd.status || rd.problem || rd.misread {
		return false
	}
	top := r.Top()
	o := t.kb.Entry(top.Entry)
	return o == nil || o.Action != kb.ActionOutOfScope || top.Confidence < t.clarifyAt()/2
}

// unrelated returns the message matched without the topic when the topic's
// words made the match and the message is not tied to the topic: it asks
// no facet, or one of something the KB does not know (strangerAsked),
// points nowhere back, shares no word of its own with the topic,
// holds words the knowledge base does not know, and on its own matches
// nothing well enough to be offered ("quelle est la meilleure pizzeria de
// Lyon ?" after the photo-signature code is no question about licences).
func (t *turn) unrelated(matched, topic string, r match.Result) (match.Result, bool, error) {
	if !r.Contextual || t.rd.status || t.rd.problem || t.rd.human {
		return r, false, nil
	}
	if len(t.rd.facets) > 0 && !t.strangerAsked(topic, r) || len(t.rd.facets) == 0 && t.tiedTo(topic, r) {
		return r, false, nil // a facet of the topic, or a message tied to it
	}
	plain, err := t.m.Match(matched)
	if err != nil || plain.Features.Unknown == 0 || plain.Top().Confidence >= t.clarifyAt() {
		return r, false, err
	}
	return plain, true, nil
}

// tiedTo reports whether the message is tied to the topic: it points back
// at the conversation (a follow-up's "et", a pronoun, a demonstrative) or
// holds a word of its own (not a facet's, a document's or filler) that the
// topic's paraphrases hold.
func (t *turn) tiedTo(topic string, r match.Result) bool {
	return t.pointsAtTopic() || t.m.Shared(ownTerms(r), topic) > 0
}

// pointsAtTopic reports whether the message refers to what was said
// before: a follow-up's "et", a pronoun, a demonstrative.
func (t *turn) pointsAtTopic() bool {
	return t.rd.followUp || t.rd.pronoun || pointsBack(t.rd.words)
}

// pointsBack reports whether words refer to something said before:
// "ça", a demonstrative ("ce certificat", "cette visite") or an object
// pronoun after its subject ("je l'ai faite", "on en fait quoi", "je peux
// la renouveler").
func pointsBack(words []string) bool {
	for i, w := range words {
		switch w {
		case "ca", "cela", "ceci", "celui", "celle", "it", "this", "that":
			return true
		case "ce", "cette", "ces", "cet":
			if i+1 < len(words) && !notPointing[words[i+1]] {
				return true
			}
		default:
			if objectPronounAt(words, i) {
				return true
			}
		}
	}
	return false
}

// objectPronounAt reports whether words[i] is an object pronoun standing
// for something said before, the object of the verb after it ("je l'ai
// faite", "on en fait quoi", "je peux la renouveler", "pour l'éviter"),
// not an article ("et le rdv", "pour la lettre").
func objectPronounAt(words []string, i int) bool {
	w := words[i]
	switch w {
	case "l", "le", "la", "les", "en", "y", "lui":
	default:
		return false
	}
	next := ""
	if i+1 < len(words) {
		next = words[i+1]
	}
	if i > 0 && objectHosts[words[i-1]] && !(w == "en" && next == "ligne") &&
		!(w == "y" && (next == "a" || next == "avait" || next == "aura" || next == "aurait")) {
		return true
	}
	// "pour l'éviter", "de la changer", not "pour la lettre".
	return i > 0 && infinitiveHosts[words[i-1]] && w != "en" && w != "y" && infinitive(next)
}

// infinitiveHosts come before an object pronoun and its infinitive: "pour
// l'éviter", "de le refaire", "sans la perdre".
var infinitiveHosts = setOf("pour de d sans avant apres")

// infinitive reports whether w looks like an infinitive, the nouns of the
// domain that end like one left out.
func infinitive(w string) bool {
	return (strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir") || strings.HasSuffix(w, "re")) && len(w) > 3 &&
		!nounsLikeInfinitives[w]
}

var nounsLikeInfinitives = setOf("dossier dossiers papier papiers timbre titre lettre fichier courrier premier " +
	"dernier cadre centre heure mere pere frere livre numero chiffre ordre notaire prefecture voiture carte " +
	"mairie foire facture signature nature cylindre sinistre registre")

// notPointing follow "ce", "cette" without pointing back: "ce que",
// "ce matin", "cette semaine".
var notPointing = setOf("qu que qui matin soir midi week end weekend mois semaine annee jour lundi mardi mercredi " +
	"jeudi vendredi samedi dimanche")

// objectHosts are the words an object pronoun follows: subjects ("je
// l'ai") and the verbs that take an infinitive ("je peux la renouveler").
var objectHosts = setOf("je j on il elle tu vous nous ils elles peux peut pouvez dois doit devez faut veux " +
	"vais va pourrai pourrais dois faudra ne n")
