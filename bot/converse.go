package bot

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/privacy"
	"github.com/guichet/guichet/quality"
)

// entryFrustration acknowledges a complaint and offers the incident report
// or a person.
const entryFrustration = "smalltalk.frustration"

// entryGreeting answers a greeting.
const entryGreeting = "smalltalk.bonjour"

// entryVehicleAdvice redirects questions about the vehicle itself (its
// price, a breakdown) to garages and dealers.
const entryVehicleAdvice = "hors-champ.vehicule-conseil"

// aboutVehicle reports whether the conversation is about a vehicle: one
// named or remembered, or a topic about registration.
func (t *turn) aboutVehicle(topic string) bool {
	return t.rd.slots[kb.SlotVehicle] != "" || t.st.Slots[kb.SlotVehicle] != "" ||
		t.st.Slots[kb.SlotDocument] == "carte-grise" || t.rd.doc() == "carte-grise" || strings.HasPrefix(topic, "civ.")
}

// entryIncident is where "Signaler un incident" leads.
const entryIncident = "dossier.anomalie"

// entrySeveralLost is what to do first when several documents are lost
// or stolen together.
const entrySeveralLost = "titre.refaire"

// entryScam is the warning about fraudulent sites.
const entryScam = "securite.sites-frauduleux"

// entryEuropeanLicence is a licence from another EU or EEA country held
// by a resident of France.
const entryEuropeanLicence = "permis.europeen"

// entryAppointment is the appointment at the town hall for a card or a
// passport.
const entryAppointment = "titre.rendez-vous"

// entryContactForm is the agency's contact form.
const entryContactForm = "contact.formulaire"

// Payloads of the bot's own questions.
const (
	payloadFacetPrefix = "FACET:" // FACET:<facet>:<entry>
	payloadDocPrefix   = "DOC:"   // DOC:<document>, answers "Pour quelle démarche ?"
)

const (
	textWhich = "Pour quelle démarche ?"
	// textNoFacet introduces the full answer when the entry has no text for
	// the facet asked and its full answer does not speak of it either.
	textNoFacet     = "Je n'ai pas d'indication précise sur ce point (%s) pour « %s ». Voici la réponse complète :\n\n"
	textAcknowledge = "Je comprends votre agacement, je vais faire mon possible pour vous aider.\n\n"
	labelFull       = "Réponse complète"
)

// eventWords say what happened in a question the matcher reads.
var eventWords = map[string]string{"perte": "perdu", "vol": "volé", "deterioration": "abîmé"}

// documentPhrases name each document in a question the matcher reads.
var documentPhrases = map[string]string{
	"permis": "permis de conduire", "carte-grise": "carte grise", "cni": "carte d'identité", "passeport": "passeport",
}

// whichOptions answer "Pour quelle démarche ?".
var whichOptions = []Option{
	{Label: "Permis de conduire", Payload: payloadDocPrefix + "permis"},
	{Label: "Carte grise", Payload: payloadDocPrefix + "carte-grise"},
	{Label: "Carte d'identité", Payload: payloadDocPrefix + "cni"},
	{Label: "Passeport", Payload: payloadDocPrefix + "passeport"},
}

func (t *turn) structure() *structure { return t.e.structs.of(t.kb) }

// understand decides on a typed message that is neither a button nor an
// offered option: slots first, then the question held for them, the
// current topic, and only then the whole knowledge base.
func (t *turn) understand(text string) error {
	t.rd = readMessage(t.m, text)
	if h := t.st.Retry; h != nil {
		t.st.Retry = nil
		if t.retried(h) {
			return t.understand(h.Text)
		}
	}
	if t.reask(text) {
		return nil
	}
	if d, was := t.rd.slots[kb.SlotDocument], t.st.Slots[kb.SlotDocument]; d != "" && was != "" && d != was &&
		!t.rd.followUp && t.rd.slots[kb.SlotEvent] == "" {
		if t.rd.also && !t.rd.anyOf(ownReasonWords) {
			// "mon permis était aussi dans le sac": the same theft, where
			// it happened, for this document too; not "my ID card has
			// expired too", a reason of its own ("comment le renouveler ?"
			// after a theft is still the theft's).
			t.carried = true
		} else {
			// What happened was about the document before (and with none
			// before, as after several papers stolen, about this one too).
			delete(t.st.Slots, kb.SlotEvent)
			delete(t.st.Slots, kb.SlotPlace)
		}
	}
	t.changed = t.st.mergeSlots(t.rd.slots)
	if t.carried {
		t.addHappened(t.changed)
	}
	if h := t.st.Want; h != nil {
		t.st.Want = nil
		if d := t.rd.doc(); d != "" && len(t.rd.words) <= 14 {
			return t.resolveWant(h, d, text)
		}
	}
	prev, topicQuestion := t.st.LastQuestion, t.st.TopicQuestion
	topic := t.st.Topic
	if !t.topicLive() {
		topic = ""
	}
	if t.st.Facet == "" {
		t.asked, t.before = topic, prev
	}
	matched := matchable(text)
	if t.rd.correction {
		// "non, je parlais du permis": the same question for that document.
		matched = "et pour " + documentPhrases[t.rd.doc()]
	}
	t.matched = matched
	r, err := t.matchText(matched, topic)
	if err != nil {
		return err
	}
	if r, _, err = t.unrelated(matched, topic, r); err != nil {
		return err
	}
	if r, err = t.undelivered(r); err != nil {
		return err
	}
	if r, err = t.scam(r); err != nil {
		return err
	}
	r = t.townHall(r)
	r = t.writeTo(r)
	r = t.redoWithoutReason(r)
	r = t.europeanLicenceLost(r)
	r = t.severalLost(r)
	r = t.outOfLanguage(r)
	if r, err = t.calm(r); err != nil {
		return err
	}
	if topic != "" {
		r = t.sameForDocument(r)
	}
	if rc, ok, err := t.withUnsure(prev, text, r); err != nil {
		return err
	} else if ok {
		r, t.completed = rc, true
	}
	if r, err = t.ofConversationDocument(topic, matched, r); err != nil {
		return err
	}
	r = t.ofAnotherCountry(r)
	if r.Contextual && (t.rd.facet() != "" || t.rd.pronoun) && t.namesMore(r) {
		// "et le timbre fiscal je l'achète où ?", "y a un numéro ?" name
		// their subject: read them without the topic's.
		if rp, err := t.m.Match(text); err == nil && rp.Top().Confidence >= t.answerAt() {
			r = rp
		}
	}
	if t.rd.followUp && len(t.rd.facets) == 0 && t.st.Facet != "" && topic != "" && !t.namesMore(r) {
		// "et pour un passeport ?" after the price of an identity card:
		// the price again.
		t.rd.facets = []string{t.st.Facet}
	}
	t.st.LastQuestion = privacy.Mask(truncate(text, 300))
	if !t.rd.followUp && !facetOnly(t.rd) {
		t.st.TopicQuestion = t.st.LastQuestion
	}
	t.d.Result = r
	t.d.Confidence = r.Top().Confidence
	if t.rd.anyOf(priceOpinionPhrases) && t.aboutVehicle(topic) {
		// "8 500 € pour une golf de 2015, c'est un bon prix ?": advice on
		// the vehicle, which is not the agency's to give.
		if e := t.kb.Entry(entryVehicleAdvice); e != nil {
			t.answer(e, max(t.d.Confidence, t.answerAt()))
			return nil
		}
	}
	if t.otherTitle(r) || t.knownGap(r) {
		return nil
	}
	if id := t.rd.closing(text); id != "" || t.rd.greetingOnly() {
		// Thanks or goodbye with a word or two more: the conversation is
		// closing, whatever those words match. A greeting and how are you,
		// nothing else: the greeting ("bonjour, comment allez-vous ?" is no
		// question about how to do something).
		if id == "" {
			id = entryGreeting
		}
		if e := t.kb.Entry(id); e != nil {
			t.answer(e, max(t.d.Confidence, t.answerAt()))
			return nil
		}
	}
	if t.rd.whatWeAre && t.rd.doc() == "" && t.rd.slots[kb.SlotEvent] == "" && len(t.rd.words) <= 12 {
		// "vous êtes un robot ?", "c'est une vraie personne qui répond ?":
		// what the assistant is, and a person one tap away. No entry: its
		// paraphrases would take a share of every message's confidence.
		t.say(DecisionAnswer, textWhatWeAre, []Option{{Label: labelHuman, Payload: guichet.PayloadHandoff},
			{Label: labelOther, Payload: guichet.PayloadOther}})
		return nil
	}
	if t.rd.misread && topic != "" && t.rd.doc() == "" && len(t.rd.words) <= 16 {
		// "c'est pas ça ma question" after an answer.
		return t.misunderstood(prev, topic)
	}
	if topic != "" && t.rd.asksNext() {
		if e := t.kb.Entry(topic); e != nil && e.Action == "" {
			t.next(e)
			return nil
		}
	}
	if e := t.redirectedAgain(topic, r); e != nil {
		t.answer(e, max(t.d.Confidence, t.answerAt()))
		return nil
	}
	if topic != "" && t.answersChoice(topic, r) {
		t.noteNumber()
		return nil
	}
	if plain, ok, err := t.namesElse(topic, r); err != nil || ok {
		if err != nil {
			return err
		}
		// A new question, still about the conversation's document when it
		// names none ("je pars dans une semaine, je peux l'avoir en urgence
		// ?" after the identity card's pre-application).
		plain = t.sameForDocument(plain)
		t.d.Result, t.d.Confidence = plain, plain.Top().Confidence
		err = t.global(text, topic, plain)
		t.noteNumber()
		return err
	}
	if e := t.otherParty(topic); e != nil {
		// The other side's answer; the conversation stays on the
		// person's own side ("et c'est moi qui déclare le don ?" next).
		t.respond(e, max(t.d.Confidence, t.answerAt()))
		t.st.Topic, t.st.Facet = topic, ""
		t.noteNumber()
		return nil
	}
	if e, err := t.counterpart(topic, prev, topicQuestion, r); err != nil || e != nil {
		if err != nil {
			return err
		}
		t.respond(e, max(t.d.Confidence, t.answerAt()))
		t.noteNumber()
		return nil
	}
	if e, c, err := t.relatedAlone(topic, r); err != nil || e != nil {
		if err != nil {
			return err
		}
		t.respond(e, c)
		t.noteNumber()
		return nil
	}
	if e := t.kb.Entry(topic); e != nil && len(t.rd.facets) > 0 && t.rd.doc() == "" && e.Action == "" &&
		t.structure().near[topic][r.Top().Entry] && t.topicsWords(topic, r) {
		// "ça coûte combien le stage ?" after the 48N letter: a facet of
		// the topic's own stage, whose words are all the topic's, not of
		// the voluntary stage near it.
		t.answerFacet(t.slotBranch(e), t.rd.facets, true)
		t.noteNumber()
		return nil
	}
	if topic != "" && t.followUp(topic, r) {
		t.noteNumber()
		return nil
	}
	if e, c := t.nearFollowUp(topic, r); e != nil {
		t.respond(e, c)
		t.noteNumber()
		return nil
	}
	if e := t.lingers(topic, r); e != nil {
		if len(t.rd.facets) > 0 {
			t.answerFacet(t.facetTarget(e, r), t.rd.facets, true)
		} else {
			t.answer(t.slotBranch(e), max(r.Top().Confidence, t.clarifyAt()))
		}
		t.noteNumber()
		return nil
	}
	err = t.global(text, topic, r)
	t.noteNumber()
	return err
}

// otherTitle redirects a message about a title the agency does not issue
// ("j'ai perdu le passeport de mon chat", "la carte grise de mon bateau")
// that r would otherwise answer with one of the agency's procedures, whose
// words it shares, or clarify among them: to the organisation that issues
// it. It reports false, saying nothing, when the message is not about such
// a title, asks for a person, or is confidently redirected already (a
// weaker redirection is often another's: "licence de pilote ULM" leans to
// the boat licence's). The topic stays: "et pour un enfant ?" after "et le
// passeport de mon chien ?".
func (t *turn) otherTitle(r match.Result) bool {
	if !t.rd.otherTitle || !t.mayDecline(r) {
		return false
	}
	t.decline(quality.Fact{Kind: quality.KindFallback, Reason: kb.ActionOutOfScope, Text: t.st.LastQuestion,
		Procedure: quality.ProcAutre, Confidence: r.Top().Confidence}, textOtherTitle,
		Option{Label: labelOther, Payload: guichet.PayloadOther}, Option{Label: labelHuman, Payload: guichet.PayloadHandoff})
	return true
}

// knownGap says that there is no checked answer yet, with a person one
// tap away, for a message about one of knownGaps that r would otherwise
// answer with a neighbouring procedure ("code confidentiel de la carte
// grise perdu" is no lost carte grise). It reports false, saying nothing,
// when the message is about no gap, asks for a person, or is confidently
// small talk or a redirection.
func (t *turn) knownGap(r match.Result) bool {
	if !t.rd.gap || !t.mayDecline(r) {
		return false
	}
	t.decline(quality.Fact{Kind: quality.KindFallback, Text: t.st.LastQuestion, Candidates: candidateIDs(r),
		Confidence: r.Top().Confidence}, textKnownGap,
		Option{Label: labelHuman, Payload: guichet.PayloadHandoff}, Option{Label: labelOther, Payload: guichet.PayloadOther})
	return true
}

// mayDecline reports whether a message the engine knows it should not
// answer from an entry (otherTitle, knownGap) is left to decline: it does
// not ask for a person, and r is not confidently small talk, a
// redirection or a person already.
func (t *turn) mayDecline(r match.Result) bool {
	top := t.kb.Entry(r.Top().Entry)
	return !t.rd.human && !(top != nil && (top.Action != "" || !ownProcedure(top.ID)) && r.Top().Confidence >= t.answerAt())
}

// decline records f and says text with opts, answering from no entry; the
// topic stays, and the turns without an answer start again.
func (t *turn) decline(f quality.Fact, text string, opts ...Option) {
	t.fact(f)
	t.st.LowTurns = 0
	t.say(DecisionFallback, text, opts)
}

// ownProcedure reports whether entry id is one of the agency's procedures,
// not a redirection, an orientation or small talk.
func ownProcedure(id string) bool {
	return !strings.HasPrefix(id, "hors-champ.") && !strings.HasPrefix(id, "orientation.") &&
		!strings.HasPrefix(id, "smalltalk.")
}

// candidateIDs are the entries of r's candidates, best first.
func candidateIDs(r match.Result) []string {
	var ids []string
	for _, c := range r.Candidates {
		ids = append(ids, c.Entry)
	}
	return ids
}

// noteNumber asks, once, to check a request number of the wrong shape,
// after the answer: no answer depends on it.
func (t *turn) noteNumber() {
	v, ok := t.rd.bad[slotNumber]
	if !ok || slices.Contains(t.st.Reasked, slotNumber) || len(t.d.Replies) == 0 || t.d.Kind == DecisionHandoff {
		return
	}
	t.st.Reasked = append(t.st.Reasked, slotNumber)
	t.d.Replies = append(t.d.Replies, guichet.Reply{Role: guichet.RoleBot,
		Text: fmt.Sprintf(slotQuestions[slotNumber], privacy.Mask(v)), Meta: t.meta(t.d.Kind)})
}

// calm reads an angry message without its anger ("demande de carte grise
// REJETÉE pour la 2e fois j'en ai marre": the rejected application, not
// the entry for blocked files that the anger words pull to), when the
// matcher is surer of it; the anger is still acknowledged.
func (t *turn) calm(r match.Result) (match.Result, error) {
	if !t.rd.angry {
		return r, nil
	}
	text := t.rd.without(angryPhrases)
	if text == "" {
		return r, nil
	}
	rc, err := t.m.Match(text)
	if err != nil {
		return r, err
	}
	if rc.Top().Confidence > r.Top().Confidence && !strings.HasPrefix(rc.Top().Entry, "smalltalk.") {
		return rc, nil
	}
	return r, nil
}

// matchText matches the message, reading a story of several sentences for
// what decides the answer: its question sentence, its event words and the
// document named last.
func (t *turn) matchText(text, topic string) (match.Result, error) {
	r, err := t.m.MatchInContext(text, topic, t.st.Slots[kb.SlotDocument])
	if err != nil || t.rd.question == "" {
		return r, err
	}
	focus := []string{t.rd.question}
	switch t.rd.slots[kb.SlotEvent] {
	case "vol":
		focus = append(focus, "volé")
	case "perte":
		focus = append(focus, "perdu")
	case "deterioration":
		focus = append(focus, "abîmé")
	}
	switch {
	case t.rd.problem:
		focus = append(focus, "bloqué")
	case t.rd.sold:
		focus = append(focus, "vendu")
	case t.rd.bought:
		focus = append(focus, "acheté")
	}
	if d := t.rd.doc(); d != "" {
		focus = append(focus, documentPhrases[d])
	}
	rf, err := t.m.Match(strings.Join(focus, " "))
	if err != nil {
		return r, err
	}
	// The whole story wins when the matcher is sure of it; else the focus,
	// when it is surer, or about the document named last when the story's
	// best entry is not.
	top, ftop := r.Top(), rf.Top()
	last := t.rd.doc()
	switch {
	case ftop.Entry == "":
	case top.Confidence < t.answerAt() && ftop.Confidence > top.Confidence && !strings.HasPrefix(top.Entry, "hors-champ.") &&
		slices.ContainsFunc(r.Candidates, func(c match.Candidate) bool { return c.Entry == ftop.Entry }),
		last != "" && len(t.m.Documents(top.Entry)) > 0 && !t.about(top.Entry, last) && t.about(ftop.Entry, last) &&
			ftop.Confidence >= t.answerAt():
		return rf, nil
	}
	return r, nil
}

// undelivered reads a document lost by the post ("mon permis semble avoir
// été égaré par La Poste") as the document never received: the holder did
// not lose it, and the loss procedure (a new application, a new fee) is
// not what to do. The identity titles are collected at the town hall, not
// posted.
func (t *turn) undelivered(r match.Result) (match.Result, error) {
	doc := t.rd.doc()
	if !t.rd.undelivered || doc == "" {
		return r, nil
	}
	e := t.kb.Entry(undeliveredEntries[doc])
	if e == nil || r.Top().Entry == e.ID && r.Top().Confidence >= t.answerAt() {
		return r, nil
	}
	return t.withFirst(r, e), nil
}

// withFirst returns r with e first, at least as sure as the answer
// threshold: what the message means when a rule of reading knows better
// than the matcher.
func (t *turn) withFirst(r match.Result, e *kb.Entry) match.Result {
	return putFirst(r, match.Candidate{Entry: e.ID, Title: e.Title, Confidence: max(confidenceOf(r, e.ID), t.answerAt())})
}

// withEntryFirst is withFirst for the entry id, or r itself when the
// knowledge base has no such entry.
func (t *turn) withEntryFirst(r match.Result, id string) match.Result {
	if e := t.kb.Entry(id); e != nil {
		return t.withFirst(r, e)
	}
	return r
}

// putFirst returns r with first as its best candidate and without any
// other candidate for the same entry.
func putFirst(r match.Result, first match.Candidate) match.Result {
	out := r
	// The matcher's result is shared with its cache: a new slice.
	out.Candidates = append([]match.Candidate{first},
		slices.DeleteFunc(slices.Clone(r.Candidates), func(c match.Candidate) bool { return c.Entry == first.Entry })...)
	return out
}

// severalLost reads a loss or a theft of several documents told in one
// message ("on m'a volé mon portefeuille avec ma carte d'identité, mon
// permis et la carte grise") as the question of redoing several papers,
// whose answer says what to declare once and asks which to redo first,
// rather than the matcher's pick of the document named last.
func (t *turn) severalLost(r match.Result) match.Result {
	ev := t.rd.slots[kb.SlotEvent]
	if ev != "vol" && ev != "perte" || len(t.rd.facets) > 0 {
		return r
	}
	e := t.kb.Entry(entrySeveralLost)
	if t.rd.listedDocuments() < 2 || e == nil {
		return r
	}
	// No one document is the conversation's yet: the answer asks which
	// to redo first.
	delete(t.st.Slots, kb.SlotDocument)
	if r.Top().Entry == e.ID && r.Top().Confidence >= t.answerAt() {
		return r
	}
	return t.withFirst(r, e)
}

// undeliveredEntries are the entries for a document posted and never
// received.
var undeliveredEntries = map[string]string{"permis": "permis.non-recu", "carte-grise": "civ.non-recue"}

// scam reads a message about a site or a message that made the citizen
// pay ("un site m'a fait payer 40 euros pour mon changement d'adresse, est-ce
// normal ?") as the question about fraudulent sites, unless the matcher is
// sure of that already or sends the message to another service.
func (t *turn) scam(r match.Result) (match.Result, error) {
	top := r.Top()
	if !t.rd.scam || top.Entry == entryScam && top.Confidence >= t.answerAt() {
		return r, nil
	}
	if e := t.kb.Entry(top.Entry); e != nil && e.Action == kb.ActionOutOfScope && top.Confidence >= t.clarifyAt() {
		return r, nil
	}
	rs, err := t.m.Match("site frauduleux payant arnaque")
	if err != nil {
		return r, err
	}
	if st := rs.Top(); st.Entry == entryScam && st.Confidence >= t.answerAt() {
		return rs, nil
	}
	return r, nil
}

// townHall reads a question about which town hall takes an application
// for a card or a passport as the appointment's entry, which says any
// equipped one does: "est-ce que je dois faire ma carte d'identité dans la
// mairie de ma commune ?" found the card's application.
func (t *turn) townHall(r match.Result) match.Result {
	rd := t.rd
	if !rd.townHall || rd.status || rd.problem || rd.slots[kb.SlotEvent] != "" ||
		rd.doc() != "" && rd.doc() != "cni" && rd.doc() != "passeport" {
		return r
	}
	return t.withEntryFirst(r, entryAppointment)
}

// writeTo reads a short question about writing to the agency ("je peux
// vous écrire alors ?", "avant ça je peux écrire à l'ANTS ?") as the
// contact form's entry: its few words left the matcher unsure of it, or
// led it to the topic's entry. Not when the person asks for someone to
// talk to, or writes about another document's procedure.
func (t *turn) writeTo(r match.Result) match.Result {
	rd := t.rd
	if !rd.writeTo || rd.human || rd.doc() != "" || rd.slots[kb.SlotEvent] != "" {
		return r
	}
	return t.withEntryFirst(r, entryContactForm)
}

// redoWithoutReason reads "refaire une carte d'identité" that gives no
// reason as the title's application, whose answer holds for any reason:
// the words found the change of address, the loss or the renewal, whose
// paraphrases say "refaire ma carte", and answered it as if the person
// had moved, lost it or seen it expire. A reason said keeps its entry,
// and so does a longer message, which tells what happened in words no
// list foresees ("mon passeport a pris la flotte").
func (t *turn) redoWithoutReason(r match.Result) match.Result {
	rd := t.rd
	application := applicationEntries[rd.doc()]
	top := r.Top().Entry
	if application == "" || len(rd.words) > 12 || !reasonEntries[top] || rd.slots[kb.SlotEvent] != "" ||
		!rd.anyOf(redoWords) || rd.anyOf(reasonWords) || rd.status || rd.problem {
		return r
	}
	return t.withEntryFirst(r, application)
}

// applicationEntries are the identity titles' applications; reasonEntries
// the entries for one reason to redo a title.
var (
	applicationEntries = map[string]string{"cni": "cni.demande", "passeport": "passeport.demande"}
	reasonEntries      = setOf("cni.changement-adresse cni.perte-vol cni.deterioration cni.renouvellement " +
		"passeport.perte-vol passeport.deterioration")
)

// europeanLicenceLost reads the loss, theft or damage in France of a
// licence issued in another EU or EEA country ("mon permis polonais a été
// volé à Lyon") as that licence's entry: it is replaced by exchanging it
// for a French one, not as a French licence is. permis.vol found the words.
func (t *turn) europeanLicenceLost(r match.Result) match.Result {
	rd := t.rd
	ev := rd.slots[kb.SlotEvent]
	if rd.doc() != "permis" || ev != "perte" && ev != "vol" && ev != "deterioration" || rd.slots[kb.SlotPlace] != "" ||
		rd.slots[kb.SlotZone] != "ue" || !rd.licenceFromElsewhere() {
		return r
	}
	return t.withEntryFirst(r, entryEuropeanLicence)
}

// strangerAsked reports whether a facet asked after topic is asked of
// something the KB does not know and the message does not tie to the
// topic by a pronoun or a word many of its paraphrases say: "c'est quoi le
// délai pour un rdv chez le dentiste ?" after a used car is not the car's
// delay.
func (t *turn) strangerAsked(topic string, r match.Result) bool {
	plain, err := t.plainMatch(r)
	if err != nil || plain.Features.Unknown == 0 {
		return false
	}
	if t.rd.doc() != "" || t.pointsAtTopic() {
		return false
	}
	for _, term := range ownTerms(plain) {
		if t.m.Share(topic, term) >= topicShare {
			return false // a word of the topic's ("et la visite chez le médecin, c'est combien ?")
		}
	}
	return true
}

// about reports whether entry is about document doc.
func (t *turn) about(entry, doc string) bool { return slices.Contains(t.m.Documents(entry), doc) }

// followUp answers a message about the current topic: a facet of it ("c'est
// payant ?"), the same question with one slot changed ("et pour une moto
// ?"), or a short message that names nothing else. It returns false when
// the message is a new question.
func (t *turn) followUp(topic string, r match.Result) bool {
	rd := t.rd
	e := t.kb.Entry(topic)
	if e == nil || len(rd.words) > 16 || rd.angry {
		return false
	}
	if d := rd.doc(); d != "" && len(t.m.Documents(e.ID)) > 0 && !t.ownsDocument(e.ID, d) {
		return false // names another document ("et pour la carte grise de la moto ?" after the 125 cm3 licence)
	}
	if d, top := rd.doc(), r.Top(); d != "" && !t.ofDocumentFamily(e.ID) && top.Entry != e.ID &&
		top.Confidence >= t.answerAt() && t.about(top.Entry, d) {
		return false // "et la carte grise elle-même coûte combien ?" after the official sites: the document's own entry
	}
	if t.namesOther(topic, r) {
		return false
	}
	switch {
	case rd.hasSlot() && (rd.followUp || rd.pronoun || len(rd.words) <= 5 || len(rd.facets) > 0) && len(t.changed) > 0 &&
		t.bearsOn(e), rd.followUp && len(rd.bad) > 0:
		// "et pour une moto ?", "et si je l'avais perdu, ça aurait coûté
		// combien ?"
		t.again(e, rd.facets)
		return true
	case t.changed[kb.SlotEvent] != "" && rd.followUp:
		return false // "et si je l'ai perdue entre temps ?": the loss entry, below
	case len(rd.facets) > 0 && t.strangerAsked(topic, r):
		return false
	case len(rd.facets) > 0:
		t.answerFacet(t.facetTarget(e, r), rd.facets, true)
		return true
	case rd.status && !rd.problem && rd.slots[kb.SlotEvent] == "" &&
		!(rd.waitedOnly && !t.structure().eventful[topic] && t.namesMore(r, waitTerms)):
		// "où en est ma demande ?": the status of the topic's document,
		// below; but "ça fait 2 mois, c'est grave ?" after an undeclared
		// sale asks about the topic.
		return false
	case rd.howFollowUp() && len(rd.words) <= 6:
		t.answerFacet(t.slotBranch(e), []string{kb.FacetHow}, true)
		return true
	}
	top := r.Top()
	// The topic's own document named again ("et pour un permis obtenu en
	// 2018 ?" after the 125 cm3 training) names nothing else, unless with
	// a word the topic does not know and another entry does, or when the
	// best entry is one near the topic ("et si j'ai un permis étranger ?"
	// after the international licence: nearFollowUp's).
	otherDoc := rd.doc() != "" && (!t.ownsDocument(topic, rd.doc()) ||
		top.Entry != "" && top.Entry != topic && (t.structure().near[topic][top.Entry] || t.bringsTerm(r, topic, top.Entry)))
	if (top.Entry == topic && top.Confidence >= t.clarifyAt() || rd.followUp && !otherDoc) &&
		top.Confidence < t.answerAt() && len(rd.words) <= 8 {
		// "et le samedi ?": not sure on its own, but about the topic.
		t.sameQuestion(e, top.Confidence)
		return true
	}
	if rd.doc() == "" && top.Entry != "" && t.otherDocuments(topic, top.Entry) &&
		t.pointsAtTopic() {
		// "je peux le changer pour la nouvelle carte ?" after a licence
		// renewal; not "je vends ma voiture à un voisin" after a passport,
		// a new question that points nowhere back.
		t.answer(e, top.Confidence)
		return true
	}
	if top.Entry == "" || top.Entry == topic || t.family(topic, top.Entry) || otherDoc || len(rd.words) > 8 ||
		r.Contextual && top.Confidence >= t.answerAt() {
		return false
	}
	if strings.HasPrefix(top.Entry, "smalltalk.") || top.Entry == "conseiller.humain" {
		return false
	}
	// A short message that shares a word or so with an unrelated entry:
	// stay on the topic rather than jump, when it is tied to the topic
	// ("c'est ouvert le dimanche ?" after the phone number); not "quelle est
	// la meilleure pizzeria de Lyon ?".
	if rd.facet() == "" && len(r.Terms) == 0 || !t.tiedTo(topic, r) {
		return false
	}
	if top.Confidence >= t.answerAt() && t.namesSubjectOf(r, topic, top.Entry, subjectShare) {
		return false // "et il y a un malus ?" after the price: the malus, named
	}
	t.answer(e, top.Confidence)
	return true
}

// sameQuestion answers topic e again for a follow-up that stays on it: "et
// pour un enfant ?" right after the validity of a passport asks the
// validity again, not the whole answer, when the follow-up says what
// changed (a slot, or "et pour …"); "et si je le fais pas ?" asks something
// else and gets the topic's answer.
func (t *turn) sameQuestion(e *kb.Entry, confidence float64) {
	w := t.rd.words
	changes := t.rd.hasSlot() || len(w) > 1 && (w[0] == "et" && w[1] == "pour" || w[0] == "pour")
	if f := t.st.Facet; f != "" && t.rd.followUp && changes && t.slotBranch(e).Facet(f) != "" {
		t.d.Confidence = confidence
		t.answerFacet(e, []string{f}, true)
		return
	}
	t.answer(e, confidence)
}

// naming returns the analysed terms of the message that may name
// something: not the words that ask a facet, a status or for a person,
// nor generic words or documents' names.
func (t *turn) naming(r match.Result) []string {
	var out []string
	for _, term := range r.Terms {
		if !askingTerms()[term] && !genericTerms[term] && !documentTerms[term] {
			out = append(out, term)
		}
	}
	return out
}

// namesOther reports whether the message clearly asks about another
// procedure than topic: the matcher is sure of an unrelated entry that
// shares at least two words with it.
func (t *turn) namesOther(topic string, r match.Result) bool {
	top := r.Top()
	if top.Entry == "" || top.Entry == topic || t.family(topic, top.Entry) || r.Contextual {
		return false
	}
	if strings.HasPrefix(top.Entry, "smalltalk.") && t.rd.facet() == "" && !t.rd.hasSlot() {
		return top.Confidence >= t.answerAt()
	}
	shared := t.m.Shared(r.Terms, top.Entry)
	if t.rd.facet() != "" {
		// Only the words that may name something count: "elle reste
		// valable combien de temps ?" shares its asking words with every
		// entry about validity.
		shared = t.m.Shared(t.naming(r), top.Entry)
		// "c'est payant ?" is about the topic; "et le timbre fiscal je
		// l'achète où ?" names what it is about; "alors je le renouvelle,
		// combien ça coûte ?" does not name another document. Another
		// service's matter only when named for what it is ("et pour la
		// carte bancaire je fais comment ?").
		need := 1
		if t.rd.doc() == "" && t.otherDocuments(topic, top.Entry) {
			need = 2
		}
		return top.Confidence >= t.answerAt() && shared >= need && t.namesMore(r) &&
			(!strings.HasPrefix(top.Entry, "hors-champ.") || t.namesSubjectOf(r, topic, top.Entry, anotherService))
	}
	// A message that names no document is not about another document than
	// the topic's ("je peux le changer pour la nouvelle carte ?").
	if t.rd.doc() == "" && t.otherDocuments(topic, top.Entry) {
		return false
	}
	if t.rd.pronoun {
		// "c'est ouvert le dimanche ?" points back at the topic; "y a un
		// numéro ?" names what it wants.
		if strings.HasPrefix(top.Entry, "hors-champ.") {
			return top.Confidence >= 0.9 && shared >= 3
		}
		return top.Confidence >= t.answerAt() && shared >= 1 && t.rd.facet() == ""
	}
	return top.Confidence >= t.answerAt() && shared >= 2 && t.rd.facet() == "" ||
		top.Confidence >= 0.9 && shared >= 3
}

// family reports whether a and b are one decision tree: one leads to the
// other, or both are branches of the same root.
func (t *turn) family(a, b string) bool {
	s := t.structure()
	for _, p := range s.parents[a] {
		if p.root == b {
			return true
		}
		for _, q := range s.parents[b] {
			if q.root == p.root {
				return true
			}
		}
	}
	for _, p := range s.parents[b] {
		if p.root == a {
			return true
		}
	}
	return false
}

// slotBranch returns the branch of decision tree e that the known slots
// lead to, or e.
func (t *turn) slotBranch(e *kb.Entry) *kb.Entry {
	if i := knownChoice(e.Choices, t.st.Slots); i >= 0 && e.Choices[i].Goto != "" {
		if g := t.kb.Entry(e.Choices[i].Goto); g != nil {
			// As answer does: the branch the slots this message changed
			// lead to ("on m'a volé mon sac avec tous mes papiers, mon
			// permis je fais quoi ?": the licence's branch of the papers
			// to redo, then the theft's of the licence's).
			if r := t.reroute(g, t.changed); r != nil {
				return r
			}
			return g
		}
	}
	return e
}

// answersChoice takes the choice of the topic's pending question that the
// message decides in words ("c'est pour le permis" to "Quelle démarche
// est concernée ?", "il a 16 ans" to "Pour qui est le passeport ?"), or,
// when the person asks for the report ("vous pouvez faire remonter
// l'incident ?"), the choice that starts it for the known document.
func (t *turn) answersChoice(topic string, r match.Result) bool {
	e := t.kb.Entry(topic)
	if e == nil || len(e.Choices) == 0 {
		return false
	}
	pending := false
	for _, o := range t.st.Options {
		if strings.HasPrefix(o.Payload, guichet.PayloadChoicePrefix+topic+"/") {
			pending = true
		}
	}
	report := anyOf(t.rd.words, reportPhrases)
	if !pending && !report || len(t.changed) == 0 && !report || len(t.rd.words) > 16 ||
		t.namesMore(r) && len(t.rd.words) > 5 && !report && !t.rd.leadsWithDocument() {
		return false // a new question that happens to name a document
	}
	best, bestScore := -1, 0
	for i, c := range e.Choices {
		if report && c.Action != kb.ActionIncident {
			continue
		}
		if s := choiceCondition(c).score(t.st.Slots); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return false
	}
	t.d.Confidence = 1
	return t.take(e, strconv.Itoa(best), e.Choices[best], false)
}

// reportPhrases ask for an incident report.
var reportPhrases = phrases("remonter", "signaler", "signalement", "faire remonter", "transmettre le dossier",
	"ouvrir un incident", "declarer un incident", "l incident")

// bearsOn reports whether the slots this message changed can change the
// answer of topic e: the event, the place and the document only when e's
// tree or the tree above it decides on them ("et si c'est volé ?" after an
// address change is a new question); who it is for, the vehicle, new or
// used and the zone always.
func (t *turn) bearsOn(e *kb.Entry) bool {
	for s := range t.changed {
		switch s {
		case kb.SlotEvent, kb.SlotPlace, kb.SlotDocument:
			if t.rootOf(e, s) != nil {
				return true
			}
			for _, c := range e.Choices {
				if _, ok := choiceCondition(c)[s]; ok {
					return true
				}
			}
		case slotCountry, slotNumber:
		case kb.SlotVehicle, kb.SlotNew:
			// A vehicle bears on a carte grise's or a licence's procedure
			// ("et pour une moto ?"), not on a passport's ("j'ai vendu ma
			// voiture" after a passport is a new question).
			if t.about(e.ID, "carte-grise") || t.about(e.ID, "permis") || t.rootOf(e, s) != nil {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// again answers the topic once more after a slot changed: through the
// decision tree that decides on that slot when there is one ("et pour une
// moto ?" after a used car), else the topic itself; the facet asked last
// is asked again.
func (t *turn) again(e *kb.Entry, facets []string) {
	target := e
	for s := range t.changed {
		if root := t.rootOf(e, s); root != nil {
			target = root
			break
		}
	}
	if len(facets) > 0 {
		t.answerFacet(t.slotBranch(target), facets, true)
		return
	}
	if f := t.st.Facet; f != "" {
		t.answerFacet(t.slotBranch(target), []string{f}, true)
		return
	}
	t.answer(target, 1)
}

// global decides on a message that is not about the current topic.
func (t *turn) global(text, topic string, r match.Result) error {
	rd := t.rd
	top := r.Top()
	unnamed := rd.doc() == "" && !t.namesSomething(r)
	// "je veux parler à un responsable"
	if rd.human {
		for _, e := range t.kb.Entries() {
			if e.Action == kb.ActionHandoff {
				t.respond(e, max(top.Confidence, t.answerAt()))
				return nil
			}
		}
	}
	// "carte grise", "j'ai une question sur mon permis": which procedure?
	// An identity card or a passport for someone ("un passeport pour mon
	// fils de 16 ans"): its application, for them.
	if d := rd.onlyDocument(); d != "" && !t.completed {
		if (rd.slots[kb.SlotFor] != "" || rd.anyOf(forSomeonePhrases)) && (d == "cni" || d == "passeport") {
			if e := t.kb.Entry(primaryEntries[d][0]); e != nil {
				t.respond(e, max(top.Confidence, t.answerAt()))
				return nil
			}
		}
		if t.documentMenu(d) {
			return nil
		}
	}
	// A document and what happened to it, when the words around them
	// leave the matcher unsure ("ma fille a perdu son permis AM
	// (scooter)"), or an elliptic follow-up after a loss or theft ("et
	// pour la carte d'identité ?").
	doc := rd.doc()
	if doc == "" && rd.followUp {
		doc = t.st.Slots[kb.SlotDocument]
	}
	// "on m'a volé ma carte bancaire et mon permis": the licence, the
	// bank card's redirection one tap away.
	elsewhere := t.kb.Entry(top.Entry)
	if elsewhere != nil && elsewhere.Action != kb.ActionOutOfScope || rd.doc() == "" || t.about(top.Entry, rd.doc()) {
		elsewhere = nil // a boat licence is no driving licence
	}
	if ev := t.st.Slots[kb.SlotEvent]; ev != "" && doc != "" && !rd.problem && !rd.status &&
		((rd.slots[kb.SlotEvent] != "" || t.carried) && (top.Confidence < t.answerAt() || elsewhere != nil) ||
			rd.followUp && (!t.structure().eventful[top.Entry] || top.Confidence < t.answerAt() || t.eventLeads(top.Entry, false)) &&
				!t.namesMore(r, redoTerms)) {
		re, err := t.m.Match(documentPhrases[doc] + " " + eventWords[ev])
		if err != nil {
			return err
		}
		if rt := re.Top(); rt.Confidence >= t.answerAt() && t.about(rt.Entry, doc) {
			t.d.Result, t.d.Confidence = re, rt.Confidence
			t.respond(t.kb.Entry(rt.Entry), rt.Confidence)
			if elsewhere != nil {
				t.alsoOffer(elsewhere)
			}
			return nil
		}
	}
	// "et la carte grise ?" after an address change on the identity card:
	// the same procedure for the document named.
	if te := t.kb.Entry(topic); te != nil && rd.followUp && rd.doc() != "" && !t.about(topic, rd.doc()) && !t.namesMore(r) &&
		!strings.HasPrefix(topic, "smalltalk.") && (top.Confidence < t.answerAt() || !t.about(top.Entry, rd.doc())) {
		rs, err := t.m.Match(withoutDocuments(te.Title) + " " + documentPhrases[rd.doc()])
		if err != nil {
			return err
		}
		if rt := rs.Top(); rt.Confidence >= t.answerAt() && rt.Confidence > top.Confidence && t.about(rt.Entry, rd.doc()) {
			t.d.Result, t.d.Confidence = rs, rt.Confidence
			t.respond(t.kb.Entry(rt.Entry), rt.Confidence)
			return nil
		}
	}
	// "je voudrais signaler un incident sur mon dossier"
	if anyOf(rd.words, reportPhrases) && top.Confidence < t.answerAt() {
		if e := t.kb.Entry(entryIncident); e != nil {
			t.respond(e, max(top.Confidence, t.answerAt()))
			return nil
		}
	}
	// "carte grise pas reçue" names nothing but a document that never
	// came: its own entry, whatever entry the words found (the card and
	// the passport, collected in person, have none: where the request is,
	// below).
	if e := t.kb.Entry(undeliveredEntries[rd.doc()]); e != nil && rd.status && rd.slots[kb.SlotEvent] == "" &&
		rd.anyOf(unreceivedPhrases) && !slices.Contains(rd.facets, kb.FacetMeanwhile) &&
		!t.namesMore(r, waitTerms, unreceivedTerms) {
		t.respond(e, max(confidenceOf(r, e.ID), t.answerAt()))
		return nil
	}
	// Where is my request, it is blocked: the entry for the document
	// named, else the topic's, else ask which.
	intent := ""
	switch {
	case rd.problem && rd.slots[kb.SlotEvent] == "":
		intent = intentProblem
	case rd.status && rd.slots[kb.SlotEvent] == "" && slices.Contains(rd.facets, kb.FacetMeanwhile):
		// "je n'ai pas reçu mon permis, puis-je conduire ?" asks what to do
		// meanwhile, not where the request is.
		intent = kb.FacetMeanwhile
	case rd.status && rd.slots[kb.SlotEvent] == "":
		intent = intentStatus
	}
	if intent != "" {
		doc := rd.doc()
		if doc == "" && topic != "" && (unnamed || top.Confidence < t.answerAt()) {
			if ds := t.m.Documents(topic); len(ds) == 1 {
				doc = ds[0]
			}
		}
		if doc == "" && (unnamed || top.Confidence < t.answerAt()) {
			doc = t.st.Slots[kb.SlotDocument] // named earlier in the conversation
		}
		weak := top.Confidence < t.answerAt()
		if intent == intentStatus {
			// "des nouvelles de ma carte grise ?" names nothing but the
			// document: where the request is, whatever entry the words found
			// ("nouvelles" is near "nouvelle adresse"). Not a document never
			// received ("je n'ai pas reçu ma carte grise"), its own entry.
			weak = weak || t.structure().eventful[top.Entry] || !t.about(top.Entry, doc) ||
				!t.namesMore(r, waitTerms) && !rd.anyOf(unreceivedPhrases)
		}
		if intent == intentProblem && !weak && doc != "" {
			// "ma demande de permis est bloquée": a stuck file, not where
			// the request is; the tracking entry the words found is the
			// one a status question about the document gets.
			rs, _, err := t.intentMatch(intentStatus, doc)
			if err != nil {
				return err
			}
			weak = rs.Top().Entry == top.Entry
		}
		switch {
		case doc != "" && weak:
			rs, _, err := t.intentMatch(intent, doc)
			if err != nil {
				return err
			}
			enough := t.clarifyAt()
			if intent == kb.FacetMeanwhile {
				enough = t.answerAt() // no tracking entry to fall back on: only a sure one
			}
			if rs.Top().Confidence >= enough {
				t.d.Result, t.d.Confidence = rs, rs.Top().Confidence
				t.respond(t.kb.Entry(rs.Top().Entry), rs.Top().Confidence)
				return nil
			}
		case doc == "" && unnamed && !(top.Confidence >= t.answerAt() && asksDocument(t.kb.Entry(top.Entry))):
			t.askWhich(text)
			return nil
		}
	}
	// "combien coûte une carte d'identité ?": the document's own entry for
	// that facet, not the loss entry whose price the words also fit.
	if e, asked := t.documentFacet(r); e != nil {
		t.d.Confidence = max(top.Confidence, t.answerAt())
		t.answerFacet(e, rd.facets, false)
		return nil
	} else if asked && t.documentMenu(rd.doc()) {
		return nil // "combien coûte un permis ?": which procedure, rather than a stolen licence's price
	}
	// A facet of a document the matcher is unsure of ("d'accord, alors je
	// fais un passeport, c'est combien ?"): asked in the KB's words.
	if f := rd.facet(); f != "" && rd.doc() != "" && top.Confidence < t.answerAt() && r.Features.Unknown == 0 &&
		!t.namesMore(r) {
		if done, err := t.answerSureIntent(f, rd.doc()); done || err != nil {
			return err
		}
	}
	// A facet asked right after "Vouliez-vous dire": of the entry offered
	// first.
	if unnamed && topic == "" && rd.facet() != "" && len(t.st.Options) > 0 &&
		strings.HasPrefix(t.st.Options[0].Payload, guichet.PayloadEntryPrefix) {
		if e := t.kb.Entry(strings.TrimPrefix(t.st.Options[0].Payload, guichet.PayloadEntryPrefix)); e != nil {
			t.answerFacet(e, rd.facets, true)
			return nil
		}
	}
	// A question that names no procedure (unless the entry found asks
	// which itself: "Quelle démarche est concernée ?").
	if unnamed && topic == "" && !rd.angry && (rd.status || rd.problem || rd.form || rd.facet() != "") &&
		!strings.HasPrefix(top.Entry, "smalltalk.") &&
		!(top.Confidence >= t.answerAt() && asksDocument(t.kb.Entry(top.Entry))) {
		t.askWhich(text)
		return nil
	}
	if rd.angry {
		// "ras le bol de ce bot, je veux un humain": the person asked.
		for _, c := range r.Candidates {
			if e := t.kb.Entry(c.Entry); e != nil && e.Action == kb.ActionHandoff && c.Confidence >= t.clarifyAt()/2 {
				t.respond(e, c.Confidence)
				return nil
			}
		}
		switch {
		case top.Entry != "" && top.Confidence >= t.answerAt() && !strings.HasPrefix(top.Entry, "smalltalk."),
			top.Confidence >= t.clarifyAt() && t.kb.Entry(top.Entry).Action == kb.ActionHandoff:
			// A complaint with a question: the answer, acknowledged.
			t.prefix = textAcknowledge
			t.respond(t.kb.Entry(top.Entry), top.Confidence)
			return nil
		case top.Confidence >= t.clarifyAt() && t.kb.Entry(top.Entry).Action == kb.ActionOutOfScope:
			// "ma carte bancaire est bloquée, c'est inadmissible": another
			// service's matter; where to turn, acknowledged, rather than our
			// incident report.
			t.prefix = textAcknowledge
			t.respond(t.kb.Entry(top.Entry), max(top.Confidence, t.answerAt()))
			return nil
		default:
			if e := t.kb.Entry(entryFrustration); e != nil {
				t.d.Confidence = max(t.d.Confidence, t.answerAt())
				t.answer(e, t.d.Confidence)
				return nil
			}
		}
	}
	switch {
	case strings.HasPrefix(top.Entry, "smalltalk.") && top.Entry != entryFrustration && r.Features.Unknown > 0 &&
		!(top.Confidence >= t.answerAt() && len(rd.words) <= 6 && r.Features.Unknown <= 0.5):
		// Small talk only when the message is nothing else: "bonne nuit"
		// is a goodbye, "mon voisin fait du bruit la nuit" is not; a short
		// thanks with a word the KB does not know ("merci beaucoup, very
		// helpful") still is.
		t.lowConfidence(r)
	case top.Entry != "" && top.Confidence >= t.answerAt() && !t.whichDocument(r):
		if e := t.sameForSomeone(topic, r); e != nil && r.Contextual {
			// Sure only with the topic's words added to a message that has
			// none of its own: the topic's.
			t.respond(e, top.Confidence)
			return nil
		}
		t.respond(t.kb.Entry(top.Entry), top.Confidence)
	case top.Entry != "" && top.Confidence >= t.clarifyAt():
		if e := t.sameForSomeone(topic, r); e != nil {
			t.respond(e, max(top.Confidence, t.answerAt()))
			return nil
		}
		if e := t.slotDecided(r); e != nil {
			t.respond(e, top.Confidence)
			return nil
		}
		if e := t.facetDecided(r); e != nil {
			t.respond(e, top.Confidence)
			return nil
		}
		if e := t.topicDecided(topic, r); e != nil {
			t.respond(e, max(top.Confidence, t.answerAt()))
			return nil
		}
		if e := t.documentDecided(r); e != nil {
			t.respond(e, max(top.Confidence, t.answerAt()))
			return nil
		}
		if e := t.subjectDecided(r); e != nil {
			t.respond(e, max(top.Confidence, t.answerAt()))
			return nil
		}
		t.clarify(r)
	case top.Confidence >= t.clarifyAt()/2 && t.changed[kb.SlotResidence] != "" && forResidents(top.Entry):
		// "j'habite à Berlin, je dois refaire mon passeport": the words
		// alone lean to the consulate's entry, living abroad settles it.
		t.respond(t.kb.Entry(entryFrenchAbroad), t.clarifyAt())
	default:
		if e := t.topicFacet(topic, r); e != nil {
			t.d.Confidence = max(t.d.Confidence, t.answerAt())
			t.answerFacet(e, rd.facets, true)
			return nil
		}
		t.lowConfidence(r)
	}
	return nil
}

// topicFacet returns the topic, or the branch of it the slots lead to,
// when the matcher is sure of nothing and the message asks a facet of it
// that it answers, tied to it by a shared word or a pronoun: "En attendant
// de recevoir la carte grise définitive, est-ce que je peux utiliser la
// camionnette pour mes chantiers ?" after a used van's purchase, whose
// unknown words left every entry unsure. The topic's document named ties
// the message to it. Nil otherwise ("combien coûte une pizza ?" after the
// same topic).
func (t *turn) topicFacet(topic string, r match.Result) *kb.Entry {
	f, rd := t.rd.facet(), t.rd
	e := t.kb.Entry(topic)
	if f == "" || !t.mayStayOn(e, r) {
		return nil
	}
	if d := rd.doc(); d != "" && !t.about(topic, d) || d == "" && (!t.tiedTo(topic, r) || t.strangerAsked(topic, r)) {
		return nil // another document's, or no word of the topic's
	}
	if b := t.slotBranch(e); b.Facet(f) != "" {
		return b
	}
	return nil
}

// subjectDecided returns the entry the matcher leans to without being
// sure when the message holds a word that names what that entry is about:
// a word at most two entries of the KB know and a fifth of its paraphrases
// say ("c'est quoi le B96, il faut passer un examen ?", "jviens de
// recevoir une lettre 48N 😰 cest quoi ce truc"); nil otherwise.
func (t *turn) subjectDecided(r match.Result) *kb.Entry {
	top := r.Top()
	e := t.kb.Entry(top.Entry)
	if e == nil || e.Action != "" {
		return nil
	}
	for _, term := range ownTerms(r) {
		if match.IsFiller(term) {
			continue
		}
		if t.m.Rarity(term) >= twoEntriesRarity && t.m.Share(top.Entry, term) >= namingShare {
			return e
		}
	}
	return nil
}

// twoEntriesRarity is the rarity (Matcher.Rarity) of a term that at most
// two entries know; namingShare, the share of an entry's paraphrases that
// say a word for it to name what the entry is about.
const (
	twoEntriesRarity = 0.85
	namingShare      = 0.2
)

// personTerms are the analysed terms of the people a question may be for,
// and of what it asks they may or must do too.
var personTerms = analysedSet("femme mari epoux epouse fils fille enfant enfants pere mere frere soeur conjoint " +
	"conjointe compagnon compagne copain copine ami amie parents doit dois doivent devoir devez peut peux " +
	"peuvent pouvoir pouvez avoir")

// genericTerms are the analysed terms of words that ask something about a
// procedure without naming one: "combien de temps", "quels papiers", "où
// en est ma demande", "problème avec mon dossier".
var genericTerms = analysedSet("combien temps delai delais prix cout coute couter payant payante gratuit gratuite " +
	"papiers papier documents document pieces piece fournir justificatifs justificatif formulaire formulaires " +
	"remplir rempli dossier dossiers demande demandes probleme problemes souci bloque bloquee refuse refusee rejete " +
	"suivi suivre attendre attends attente recu recois recevoir jours jour semaines semaine mois valable validite " +
	"conduire rouler attendant avance avancer nouvelles etat statut erreur marche fonctionne site payer euros " +
	"long longtemps prend met faut falloir compter cerfa case cases procedure demarche demarches " +
	"contre pareil pareille idem sinon meme toujours normal normale comprends comprend comprendre " +
	"droit autorise autorisee etablir etablissement etabli obtenir obtention obligatoire obligatoires oblige obligee " +
	"mandatory compulsory")

// namesSomething reports whether the message holds a word that names what
// it is about (beyond asking a price, a delay, a status...): a word the
// top entry knows, or one the knowledge base has never seen.
func (t *turn) namesSomething(r match.Result) bool {
	for _, term := range r.Terms {
		if !genericTerms[term] && !match.IsFiller(term) {
			return true
		}
	}
	return false
}

// slotDecided returns the close candidate that the slots this message
// gave single out, through the decision tree that leads to it ("j'ai cru
// l'avoir perdu mais on me l'a volé": the theft branch), or nil.
func (t *turn) slotDecided(r match.Result) *kb.Entry {
	if len(t.changed) == 0 {
		return nil
	}
	// Living abroad, said in this message, decides between the town
	// hall's procedure and the consulate's ("I live in Canada, where do I
	// apply for a passport?").
	if t.changed[kb.SlotResidence] != "" {
		for i, c := range r.Candidates {
			if i == t.e.cfg.MaxClarifyOptions || c.Confidence < t.clarifyAt()/2 {
				break
			}
			if forResidents(c.Entry) {
				return t.kb.Entry(entryFrenchAbroad)
			}
		}
	}
	// Only between entries of one tree: the slots tell which branch, not
	// whether the question is about the tree at all.
	top := r.Top().Entry
	var close []match.Candidate
	for i, c := range r.Candidates {
		if i == t.e.cfg.MaxClarifyOptions || c.Confidence < t.clarifyAt()/2 {
			break
		}
		if c.Entry == top || t.family(top, c.Entry) {
			close = append(close, c)
		}
	}
	if len(close) < 2 {
		// The top alone: its own branch picked by this message settles it
		// when the message also names the tree's document ("permis
		// ukrainien, faut-il l'échanger ?"); a country alone does not say
		// the question is about the tree ("marocain, plaques TT").
		if doc := t.rd.doc(); doc == "" || !t.about(top, doc) {
			return nil
		}
		return t.rootDecided(close)
	}
	for _, c := range close {
		for _, p := range t.structure().parents[c.Entry] {
			if _, doc := p.cond[kb.SlotDocument]; !doc && p.cond.score(t.changed) > 0 {
				return t.kb.Entry(c.Entry)
			}
		}
	}
	return t.rootDecided(close)
}

// rootDecided returns the decision tree's root among the close candidates
// when what this message said picks one of its own branches ("a Ukrainian
// licence": the root's answer for licences from outside the EU, not the EU
// licence's entry the words found), or nil.
func (t *turn) rootDecided(close []match.Candidate) *kb.Entry {
	for _, c := range close {
		e := t.kb.Entry(c.Entry)
		if e == nil || len(e.Choices) == 0 || c.Confidence < t.clarifyAt() || t.rd.slots[kb.SlotPlace] != "" {
			continue // a country one travels to says nothing of where a licence or vehicle comes from
		}
		if i := knownChoice(e.Choices, t.st.Slots); i >= 0 {
			if cond := choiceCondition(e.Choices[i]); cond[kb.SlotDocument] == nil && cond.score(t.changed) > 0 {
				return e
			}
		}
	}
	return nil
}

// documentTerms are the analysed terms that name the documents.
var documentTerms = analysedSet("permis conduire carte grise identite nationale cni passeport immatriculation certificat")

// withoutDocuments is a title without the words that name documents:
// what the procedure is ("Changer l'adresse sur sa carte grise" ->
// "Changer l'adresse sur sa").
func withoutDocuments(title string) string {
	var out []string
	for _, w := range strings.Fields(title) {
		terms := kb.Analyze(w)
		if len(terms) == 1 && documentTerms[terms[0]] {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// namesMore reports whether the message says more than a document and
// what it asks ("et pour la carte d'identité ?" does not; "et comment
// changer l'adresse sur ma carte grise ?" does); the terms of also count
// as saying nothing more.
func (t *turn) namesMore(r match.Result, also ...map[string]bool) bool {
	return len(ownTerms(r, also...)) > 0
}

// ownTerms returns the analysed terms of the message that say more than a
// document and what it asks: not generic, filler or a document's name,
// nor in any set of also.
func ownTerms(r match.Result, also ...map[string]bool) []string {
	var out []string
	for _, term := range r.Terms {
		if !genericTerms[term] && !match.IsFiller(term) && !documentTerms[term] &&
			!slices.ContainsFunc(also, func(set map[string]bool) bool { return set[term] }) {
			out = append(out, term)
		}
	}
	return out
}

// analysedSet returns the analysed terms of text, as a set.
func analysedSet(text string) map[string]bool {
	out := map[string]bool{}
	for _, t := range kb.Analyze(text) {
		out[t] = true
	}
	return out
}

// waitTerms are the analysed terms of a time waited ("ça fait 3 semaines
// déjà"): a message with nothing else asks where the request is.
var waitTerms = analysedSet("fait depuis jour jours semaine semaines mois plusieurs quelques deja toujours rien " +
	"attends attente attendre")

// unreceivedTerms are the analysed terms of a document not received, and
// of the vehicle whose carte grise it is ("la carte grise de mon scooter").
var unreceivedTerms = analysedSet("recu recue recus recues arrive arrivee arrives arrivees jamais " +
	"voiture moto scooter vehicule auto")

// redoTerms are the analysed terms of redoing a document, which after a
// loss or a theft names nothing more ("et la carte grise c combien pour la
// refaire ?").
var redoTerms = analysedSet("refaire refait refaite refais remplacer nouvelle nouveau")

// respond answers entry e, or the entry the slots just given lead to
// instead, with the facets asked.
func (t *turn) respond(e *kb.Entry, confidence float64) {
	if e == nil {
		t.lowConfidence(t.d.Result)
		return
	}
	e = t.reroute(e, t.slotsForDocument())
	e = t.livingAbroad(e)
	facets := t.rd.facets
	if len(facets) == 0 && t.rd.guessed != "" && e.Facet(t.rd.guessed) != "" && len(e.Choices) == 0 {
		// The facet the model guessed, when the entry chosen has it: the
		// part asked ("y a des frais ?"), the full answer one tap away.
		facets = []string{t.rd.guessed}
	}
	if len(facets) > 0 && e.Action == "" {
		t.d.Confidence = confidence
		t.answerFacet(e, facets, false)
		return
	}
	t.answer(e, confidence)
}

// residentEntries send an application for an identity document made by
// someone who lives abroad to the entry for French people abroad
// (consulate): the town hall's procedure is not theirs.
var residentEntries = map[string]string{
	"cni.demande": entryFrenchAbroad, "cni.renouvellement": entryFrenchAbroad, "passeport.demande": entryFrenchAbroad,
	"titre.rendez-vous": entryFrenchAbroad,
}

// entryFrenchAbroad is the identity documents of French people who live
// abroad.
const entryFrenchAbroad = "titre.francais-etranger"

// forResidents reports whether entry id is, or leads people who live
// abroad to, the entry for French people abroad.
func forResidents(id string) bool { return id == entryFrenchAbroad || residentEntries[id] != "" }

// livingAbroad returns the entry for people who live abroad instead of e
// when the conversation knows the person does ("I live in Canada, where
// do I apply for a passport?"), else e.
func (t *turn) livingAbroad(e *kb.Entry) *kb.Entry {
	if e == nil || t.st.Slots[kb.SlotResidence] != "etranger" {
		return e
	}
	if g := t.kb.Entry(residentEntries[e.ID]); g != nil {
		return g
	}
	return e
}

// ofConversationDocument reads a short message that names no document,
// and that the matcher can make nothing of, as about the document the
// conversation is about when there is no topic to follow (after a
// clarification or a fallback): "ma carte d'identité est périmée, je pars
// au Maroc", unsure, then "je peux voyager avec ?".
func (t *turn) ofConversationDocument(topic, matched string, r match.Result) (match.Result, error) {
	doc := t.st.Slots[kb.SlotDocument]
	if topic != "" || doc == "" || t.rd.doc() != "" || len(t.rd.words) > 8 || r.Top().Confidence >= t.clarifyAt() {
		return r, nil
	}
	rd, err := t.m.Match(documentPhrases[doc] + " " + matched)
	if err != nil {
		return r, err
	}
	if top := rd.Top(); top.Confidence >= t.clarifyAt() && top.Confidence > r.Top().Confidence && t.about(top.Entry, doc) {
		return rd, nil
	}
	return r, nil
}

// slotsForDocument are the slot values this message changed, and, when
// it named another document than before, what happened and where, which
// the conversation kept for it ("j'ai perdu ma carte d'identité" then "et
// mon permis aussi": a lost licence, whatever entry the words found).
func (t *turn) slotsForDocument() map[string]string {
	if t.changed[kb.SlotDocument] == "" {
		return t.changed
	}
	out := maps.Clone(t.changed)
	t.addHappened(out)
	return out
}

// addHappened sets in slots what the conversation knows happened to its
// document and where (the event and place slots).
func (t *turn) addHappened(slots map[string]string) {
	for _, s := range []string{kb.SlotEvent, kb.SlotPlace} {
		if v := t.st.Slots[s]; v != "" {
			slots[s] = v
		}
	}
}

// next answers "ok et après ?" about topic e: after one of its facets, the
// full answer, which says the whole procedure; after the full answer, the
// procedures the KB gives as related to it, to pick from (the full answer
// again when it names none). Words alone would find whatever entry
// "après" fits best with the topic's document (the carte grise duplicate,
// after a fine received for a sold car).
func (t *turn) next(e *kb.Entry) {
	next := t.relatedIDs(e)
	if t.st.Facet != "" || len(next) == 0 {
		t.answer(t.slotBranch(e), max(t.d.Confidence, t.answerAt()))
		return
	}
	t.d.Entry = e.ID
	t.offerEntries(textNext, next)
	t.st.Topic, t.st.TopicAt = e.ID, t.now
}

// answerFacet answers the facets asked of e (the first two), with the full
// answer one tap away. When e has no text for them, a follow-up is told so
// before the full answer; a first question simply gets the full answer.
func (t *turn) answerFacet(e *kb.Entry, facets []string, followUp bool) {
	target := e
	var texts []string
	var answered []string
	for _, f := range facets {
		text := e.Facet(f)
		if text == "" {
			if b := t.slotBranch(e); b != e && b.Facet(f) != "" {
				target, text = b, b.Facet(f)
			}
		}
		if text != "" && len(texts) < 2 {
			texts = append(texts, text)
			answered = append(answered, f)
		}
	}
	if len(texts) == 0 && followUp && len(facets) > 0 {
		if g := t.facetElsewhere(e, facets[0]); g != nil {
			t.answerFacet(g, facets, false)
			return
		}
		if g := t.facetByMatch(e, facets[0]); g != nil {
			t.answerFacet(g, facets, false)
			return
		}
		if g := t.facetOfEarlier(e, facets[0]); g != nil {
			t.answerFacet(g, facets, false)
			return
		}
	}
	if len(texts) == 0 {
		if followUp && !t.structure().mentions[e.ID][facets[0]] {
			notice, title := textNoFacet, e.Title
			if t.english() {
				notice = textNoFacetEN
				if e.EN != nil && e.EN.Title != "" {
					title = e.EN.Title
				}
			}
			t.prefix = fmt.Sprintf(notice, strings.ToLower(t.text(kb.FacetLabels[facets[0]])), title)
		}
		t.answer(e, max(t.d.Confidence, t.answerAt()))
		t.st.Facet = facets[0]
		t.d.Facet = facets[0]
		t.setMeta()
		return
	}
	t.d.Entry, t.d.Facet = target.ID, answered[0]
	if t.d.Confidence == 0 {
		t.d.Confidence = 1
	}
	t.st.Topic, t.st.TopicAt, t.st.LowTurns, t.st.Facet = target.ID, t.now, 0, answered[0]
	t.fact(quality.Fact{Kind: quality.KindAnswer, Entry: target.ID, Confidence: t.d.Confidence, Path: quality.PathBot})
	opts := []Option{{Label: labelFull, Payload: guichet.PayloadEntryPrefix + target.ID}}
	for _, f := range kb.FacetNames {
		if len(opts) == 3 {
			break
		}
		if !slices.Contains(answered, f) && target.Facet(f) != "" {
			opts = append(opts, Option{Label: kb.FacetLabels[f], Payload: payloadFacetPrefix + f + ":" + target.ID})
		}
	}
	opts = append(opts, Option{Label: labelHuman, Payload: guichet.PayloadHandoff})
	t.say(DecisionAnswer, strings.Join(texts, "\n\n"), opts)
}

// askWhich asks "Pour quelle démarche ?" about a question that names no
// procedure, and holds it until the person says which.
func (t *turn) askWhich(text string) {
	t.st.Want = &Held{Text: privacy.Mask(truncate(text, 300))}
	t.d.Facet = t.rd.facet()
	t.st.Topic = ""
	t.fact(quality.Fact{Kind: quality.KindClarify, Text: t.st.LastQuestion, Confidence: t.d.Confidence})
	t.say(DecisionClarify, textWhich, append(slices.Clone(whichOptions), Option{Label: labelHuman, Payload: guichet.PayloadHandoff}))
}

// primaryEntries are, for each document, the entries that answer a facet
// asked of the document alone ("combien coûte une carte d'identité ?",
// "délai passeport"), first that has it wins. The licence has none: its
// price or delay depends on why it is asked.
var primaryEntries = map[string][]string{
	"cni":         {"cni.demande"},
	"passeport":   {"passeport.demande"},
	"carte-grise": {"civ.cout"},
}

// documentFacets are the facets a document's primary entry answers for
// the document as a whole (who may apply among them); where and how depend
// on the procedure.
var documentFacets = map[string]bool{kb.FacetCost: true, kb.FacetDelay: true, kb.FacetDocuments: true, kb.FacetValidity: true,
	kb.FacetWho: true}

// documentFacet returns the document's primary entry for a message that
// asks one facet of a document and says nothing else (no event, no other
// procedure; whom it is for and their age are no procedure), when the
// matcher is unsure or found an entry about an event the message does not
// mention. asked is true for such a message whose document has no primary
// entry for the facet: which procedure is meant must be asked.
func (t *turn) documentFacet(r match.Result) (e *kb.Entry, asked bool) {
	rd := t.rd
	f, doc := rd.facet(), rd.doc()
	if !documentFacets[f] || doc == "" || rd.slots[kb.SlotEvent] != "" || rd.problem || rd.status || rd.followUp ||
		len(rd.docs) > 1 || t.namesMore(r, askingTerms(), t.ageTerms(r)) {
		return nil, false
	}
	top := r.Top()
	if top.Confidence >= t.answerAt() && !t.structure().eventful[top.Entry] {
		return nil, false
	}
	for _, id := range primaryEntries[doc] {
		if e := t.kb.Entry(id); e != nil && t.slotBranch(e).Facet(f) != "" {
			return e, false
		}
	}
	// No entry answers it for the document as a whole: a price or a delay
	// depends on the procedure ("combien coûte un permis ?" is not a stolen
	// licence's price).
	return nil, f == kb.FacetCost || f == kb.FacetDelay || f == kb.FacetDocuments || t.structure().eventful[top.Entry]
}

// ageTerms are the analysed terms of r that give the age of the person a
// document is for ("mon fils de 16 ans"), when the message gives one: they
// say whom for, not what.
func (t *turn) ageTerms(r match.Result) map[string]bool {
	if t.rd.slots[kb.SlotFor] == "" {
		return nil
	}
	out := map[string]bool{}
	for _, term := range r.Terms {
		if isDigits(term) || ageUnitTerms[term] {
			out[term] = true
		}
	}
	return out
}

// ageUnitTerms are the analysed terms of the words an age is said in.
var ageUnitTerms = analysedSet("ans an years year old")

// intentQueries put a question that named no procedure in the words the
// knowledge base uses, for the document chosen; where there are two
// wordings, the one the matcher is surer of counts (intentMatch).
var intentQueries = map[string][]string{
	kb.FacetCost: {"prix"}, kb.FacetDelay: {"combien de temps pour recevoir", "délai pour recevoir"},
	kb.FacetDocuments: {"pièces à fournir pour"}, kb.FacetHow: {"comment faire"},
	kb.FacetValidity: {"durée de validité"}, kb.FacetMeanwhile: {"en attendant"},
	kb.FacetWho: {"qui peut faire la demande de"}, intentStatus: {"où en est ma demande de"},
	intentProblem: {"dossier bloqué"}, intentForm: {"faire une demande de"},
}

// intentMatch matches what intent asks of doc in the knowledge base's
// words (intentQueries): the surest of its wordings; false when the intent
// has none.
func (t *turn) intentMatch(intent, doc string) (match.Result, bool, error) {
	var best match.Result
	qs := intentQueries[intent]
	for _, q := range qs {
		r, err := t.m.Match(q + " " + documentPhrases[doc])
		if err != nil {
			return r, false, err
		}
		if len(best.Candidates) == 0 || r.Top().Confidence > best.Top().Confidence {
			best = r
		}
	}
	return best, len(qs) > 0, nil
}

// sureIntent matches what intent asks of doc in the knowledge base's words
// (intentMatch) and reports whether the matcher is sure of its best entry
// and that entry is about doc.
func (t *turn) sureIntent(intent, doc string) (match.Result, bool, error) {
	rs, _, err := t.intentMatch(intent, doc)
	if err != nil {
		return rs, false, err
	}
	rt := rs.Top()
	return rs, rt.Confidence >= t.answerAt() && t.about(rt.Entry, doc), nil
}

// answerSureIntent answers what intent asks of doc in the knowledge
// base's words when the matcher is sure of an entry about doc, and
// reports whether it did.
func (t *turn) answerSureIntent(intent, doc string) (bool, error) {
	rs, sure, err := t.sureIntent(intent, doc)
	if !sure || err != nil {
		return false, err
	}
	rt := rs.Top()
	t.d.Result, t.d.Confidence = rs, rt.Confidence
	t.respond(t.kb.Entry(rt.Entry), rt.Confidence)
	return true, nil
}

// Intents of a question held for "Pour quelle démarche ?" besides facets.
const (
	intentStatus  = "suivi"
	intentProblem = "probleme"
	intentForm    = "formulaire"
)

// intent names what a question that names no procedure asks.
func (r *reading) intent() string {
	switch {
	case r.problem:
		return intentProblem
	case r.status:
		return intentStatus
	case r.facet() != "":
		return r.facet()
	case r.form:
		return intentForm
	}
	return ""
}

// resolveWant answers the held question for the document chosen: the
// question as asked with the document, or, when the matcher is not sure
// of it, what it asks in the knowledge base's words.
func (t *turn) resolveWant(h *Held, doc, typed string) error {
	t.st.mergeSlots(map[string]string{kb.SlotDocument: doc})
	held := readMessage(t.m, h.Text)
	intent, facets := held.intent(), held.facets
	if intent == intentForm && len(facets) == 0 {
		facets = []string{kb.FacetHow} // how to fill in the form is how to do it
	}
	text := strings.TrimSpace(h.Text + " " + documentPhrases[doc])
	var r match.Result
	var err error
	if typed != "" {
		// "pour échanger mon permis étranger" says more than the document:
		// it is the question.
		if r, err = t.m.Match(typed); err != nil {
			return err
		}
		if t.namesMore(r) && r.Top().Confidence >= t.clarifyAt() && intent != intentStatus && intent != intentProblem {
			text, intent = typed, ""
		} else {
			text = strings.TrimSpace(h.Text + " " + typed)
			r = match.Result{}
		}
	}
	t.rd = readMessage(t.m, text)
	if len(t.rd.facets) == 0 {
		t.rd.facets = facets
	}
	t.changed = t.st.mergeSlots(t.rd.slots)
	if len(r.Candidates) == 0 {
		if r, err = t.m.Match(text); err != nil {
			return err
		}
	}
	if rq, ok, err := t.intentMatch(intent, doc); err != nil {
		return err
	} else if ok {
		// The question held names nothing but what it asks: its words in
		// the KB's say it better, except for the form, whose words ("remplir
		// le formulaire") are an entry's own.
		prefer := rq.Top().Confidence >= t.clarifyAt()
		if intent == intentForm {
			prefer = r.Top().Confidence < t.answerAt() && rq.Top().Confidence > r.Top().Confidence
		}
		if prefer {
			r = rq
		}
	}
	t.d.Result, t.d.Confidence = r, r.Top().Confidence
	return t.global(text, "", r)
}

// reask asks again, once per slot, a slot value that makes no sense (an
// age of 300, a country that does not exist, a malformed request number),
// holding the message. It returns false when there is none to ask.
func (t *turn) reask(text string) bool {
	for _, s := range []string{kb.SlotFor, slotCountry} {
		v, ok := t.rd.bad[s]
		if !ok || slices.Contains(t.st.Reasked, s) {
			continue
		}
		t.st.Reasked = append(t.st.Reasked, s)
		t.st.Retry = &Held{Text: privacy.Mask(truncate(text, 300)), Slot: s}
		t.st.LastQuestion = privacy.Mask(truncate(text, 300))
		opts := append(slices.Clone(slotOptions[s]), Option{Label: labelHuman, Payload: guichet.PayloadHandoff})
		t.say(DecisionClarify, fmt.Sprintf(slotQuestions[s], privacy.Mask(v)), opts)
		return true
	}
	return false
}

// retried takes the message as the answer to a slot asked again. It
// returns true when the held message is to be decided on now: the answer
// gave the slot, or was no better and the slot is given up; false when the
// message is a new question.
func (t *turn) retried(h *Held) bool {
	rd := t.rd
	got := rd.slots[h.Slot]
	if h.Slot == slotCountry && got == "" {
		got = rd.slots[kb.SlotZone]
	}
	switch {
	case got != "":
		t.st.mergeSlots(rd.slots)
		return true
	case rd.bad[h.Slot] != "" || len(rd.words) <= 4 && rd.doc() == "" && !rd.hasSlot():
		return true // asked once: the slot is given up
	}
	return false
}

// slotAnswer takes a button answering a slot's question.
func (t *turn) slotAnswer(arg string) bool {
	slot, value, _ := strings.Cut(arg, "=")
	if vals, known := kb.SlotValues[slot]; !known || !slices.Contains(vals, value) {
		return false
	}
	h := t.st.Retry
	t.st.Retry = nil
	t.st.mergeSlots(map[string]string{slot: value})
	if h == nil {
		t.notice(textOther)
		return true
	}
	t.err = t.understand(h.Text)
	return true
}

// facetPayload answers FACET:<facet>:<entry>.
func (t *turn) facetPayload(arg string) bool {
	f, id, ok := strings.Cut(arg, ":")
	e := t.kb.Entry(id)
	if !ok || e == nil || !kb.ValidFacet(f) {
		return false
	}
	t.rd = &reading{}
	t.d.Confidence = 1
	t.answerFacet(e, []string{f}, true)
	return true
}

// docPayload answers "Pour quelle démarche ?" by button.
func (t *turn) docPayload(doc string) bool {
	if _, ok := documentPhrases[doc]; !ok {
		return false
	}
	h := t.st.Want
	t.st.Want = nil
	if h == nil {
		// An old button: the document alone.
		h = &Held{}
	}
	t.err = t.resolveWant(h, doc, "")
	return true
}

// setMeta refreshes the meta of the replies already said with the
// decision's entry and facet.
func (t *turn) setMeta() {
	for i := range t.d.Replies {
		if m := t.d.Replies[i].Meta; m != nil {
			m.Entry, m.Facet = t.d.Entry, t.d.Facet
		}
	}
}

// identifierLabels are what privacy.Mask puts in place of a phone number,
// an e-mail address, a plate or a file number.
var identifierLabels = strings.NewReplacer(privacy.LabelPhone, " ", privacy.LabelEmail, " ",
	privacy.LabelPlate, " ", privacy.LabelID, " ")

// matchable is the message without the identifiers citizens add to their
// question ("mon tel 06 12 34 56 78", a file number): they say nothing
// about the procedure, and their digits only dilute the match. The slots
// are read from the message as written.
func matchable(text string) string {
	text = withoutLanguageAside(withoutOpening(text))
	masked := privacy.Mask(text)
	if masked == text {
		return text
	}
	return identifierLabels.Replace(masked)
}

// openingWords are the discourse markers a message may open with ("ok bon
// sinon je cherche le tarif d'une carte grise", "d'accord, alors je fais
// un passeport, c'est combien ?"): they say nothing of the question, and
// as words no entry has they only lower the matcher's confidence.
var openingWords = map[string]bool{"ok": true, "okay": true, "oki": true, "okk": true, "bon": true, "bah": true,
	"ben": true, "bref": true, "alors": true, "donc": true, "sinon": true, "daccord": true, "dac": true,
	"ah": true, "oh": true, "euh": true, "heu": true, "hum": true, "hmm": true, "ouais": true, "oui": true,
	"parfait": true, "super": true, "genial": true, "top": true, "nickel": true, "cool": true, "well": true,
	"so": true, "right": true, "alright": true, "fine": true}

// openingPairs are the two-word markers: "d'accord", "du coup", "en
// fait", "au fait", "par contre", "très bien".
var openingPairs = map[string]string{"d": "accord", "du": "coup", "en": "fait", "au": "fait", "par": "contre",
	"tres": "bien"}

// withoutOpening returns text without the discourse markers it opens with,
// when at least three words remain; else text.
func withoutOpening(text string) string {
	rest := text
	for {
		w, next := firstWord(rest)
		w2, afterPair := firstWord(next)
		switch openingSpan(w, w2) {
		case 0:
			return trimOpening(text, rest)
		case 2:
			next = afterPair
		}
		if len(strings.Fields(next)) < 3 {
			return trimOpening(text, rest)
		}
		rest = next
	}
}

// trimOpening returns rest, what is left of text after its markers,
// without the punctuation that followed them; text when none was left out.
func trimOpening(text, rest string) string {
	if rest == text {
		return text
	}
	return strings.TrimLeft(rest, " ,.;:!?-")
}

// openingSpan is how many words a discourse marker takes at w, next
// ("ok": 1, "du coup": 2), or 0 when w opens none.
func openingSpan(w, next string) int {
	if second, ok := openingPairs[w]; ok {
		if next == second {
			return 2
		}
		return 0
	}
	if openingWords[w] {
		return 1
	}
	return 0
}

// withoutLanguageAside returns text without the clauses that only say how
// well the person speaks French or English ("pardon, je parle un peu
// français. Renouveler passeport, comment ?", "sorry my French is bad"),
// when at least three words remain: "français" there is no French person
// abroad, and the aside's words lower the matcher's confidence in what is
// asked. The aside alone ("je parle un peu français") is left as it is.
func withoutLanguageAside(text string) string {
	low := strings.ToLower(text)
	if !strings.Contains(low, "fran") && !strings.Contains(low, "fren") && !strings.Contains(low, "engl") &&
		!strings.Contains(low, "angl") {
		return text // no language named: the common case, without cutting clauses
	}
	var rest strings.Builder
	removed := false
	start, opening := 0, "" // opening: the "mais" before the clause
	for _, c := range append(clauseSplit.FindAllStringIndex(text, -1), []int{len(text), len(text)}) {
		aside := languageAside(match.Words(fold.Text(text[start:c[0]])))
		removed = removed || aside // with its "mais" and the punctuation that ends it
		if !aside {
			rest.WriteString(opening + text[start:c[0]])
		}
		opening = text[c[0]:c[1]]
		if !strings.ContainsFunc(opening, unicode.IsLetter) {
			if !aside {
				rest.WriteString(opening) // punctuation stays with the clause it ends
			}
			opening = ""
		}
		start = c[1]
	}
	out := strings.Join(strings.Fields(rest.String()), " ")
	if !removed || len(match.Words(fold.Text(out))) < 3 {
		return text
	}
	return out
}

// clauseSplit cuts a message where a clause may end: punctuation, or a
// "mais" / "but" that opens another one.
var clauseSplit = regexp.MustCompile(`[.,;:!?()]+|\s(?:mais|but)\s`)

// languageAside reports whether a clause's folded words only say how well
// the person speaks a language: a language, a verb or a "my French" that
// speaks of it, and a word that says how little.
func languageAside(w []string) bool {
	if len(w) == 0 || len(w) > 10 {
		return false
	}
	var language, speaking, little bool
	for i, x := range w {
		switch {
		case asideLanguages[x]:
			language = true
			speaking = speaking || i > 0 && (w[i-1] == "mon" || w[i-1] == "my")
		case asideSpeaking[x]:
			speaking = true
		case asideLittle[x]:
			little = true
		}
	}
	return language && speaking && little
}

var (
	asideLanguages = setOf("francais french anglais english")
	asideSpeaking  = setOf("parle parles parlons speak speaks comprends understand ecris write")
	asideLittle    = setOf("peu pas mal little bad poor not dont don t sorry desole desolee excuse excusez " +
		"top terrible limited basic")
)

// firstWord returns the first word of s, folded, and what follows it.
func firstWord(s string) (string, string) {
	start := strings.IndexFunc(s, unicode.IsLetter)
	if start < 0 {
		return "", ""
	}
	end := strings.IndexFunc(s[start:], func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		return fold.Text(s[start:]), ""
	}
	return fold.Text(s[start : start+end]), s[start+end:]
}

// sameForSomeone returns the topic's entry for a message that asks the
// same for someone else ("ma femme doit en avoir un aussi ?"): "aussi" or
// a word pointing back, no document named, and no word beyond the
// people's that another entry would answer; nil otherwise.
func (t *turn) sameForSomeone(topic string, r match.Result) *kb.Entry {
	e := t.kb.Entry(topic)
	if e == nil || e.Action != "" || !(t.rd.also || t.rd.pronoun) || t.rd.doc() != "" || t.namesMore(r, personTerms) {
		return nil
	}
	return e
}

// topicDecided returns the one close candidate that the conversation
// singles out, or nil: when the matcher hesitates between entries and
// only one of them is the topic, near it, of its decision tree, or (for a
// message that names no document) about the topic's document, that one
// is meant ("si je le fais pas je perds mon permis ?" after the letter
// 48N: the mandatory course, not the points or the invalidation).
func (t *turn) topicDecided(topic string, r match.Result) *kb.Entry {
	if topic == "" || t.kb.Entry(topic) == nil {
		return nil
	}
	near := t.structure().near[topic]
	var pick string
	for _, c := range r.Candidates {
		if c.Confidence < t.clarifyAt()/2 {
			break
		}
		e := t.kb.Entry(c.Entry)
		if e == nil || e.Action != "" {
			continue
		}
		if c.Entry == topic || near[c.Entry] || t.family(topic, c.Entry) ||
			t.rd.doc() == "" && t.sharesDocument(topic, c.Entry) {
			if pick != "" {
				return nil
			}
			pick = c.Entry
		}
	}
	if pick == "" {
		return nil
	}
	return t.kb.Entry(pick)
}

// documentDecided returns the close candidate about the conversation's
// document when the matcher hesitates between the same procedure for
// several documents and the message names none ("je peux l'avoir en
// urgence ?" after a pre-application for an identity card: the card's
// urgency, not the passport's), or nil.
func (t *turn) documentDecided(r match.Result) *kb.Entry {
	doc := t.st.Slots[kb.SlotDocument]
	top := r.Top()
	_, name, ok := strings.Cut(top.Entry, ".")
	if doc == "" || t.rd.doc() != "" || !ok {
		return nil
	}
	var pick string
	others := false
	for _, c := range r.Candidates {
		if c.Confidence < t.clarifyAt()/2 {
			break
		}
		if _, n, _ := strings.Cut(c.Entry, "."); n != name {
			return nil // another procedure is in the running: the document does not settle it
		}
		switch docs := t.m.Documents(c.Entry); {
		case len(docs) == 1 && docs[0] == doc:
			if pick != "" {
				return nil
			}
			pick = c.Entry
		case !slices.Contains(docs, doc):
			others = true
		default:
			return nil
		}
	}
	if pick == "" || !others {
		return nil
	}
	return t.kb.Entry(pick)
}

// wasUnsure reports whether the bot's last turn was unsure of the
// question: it fell back, or asked "Vouliez-vous dire" with its choices.
func (t *turn) wasUnsure() bool {
	if t.st.LowTurns > 0 {
		return true
	}
	o := t.st.Options
	return len(o) >= 3 && strings.HasPrefix(o[0].Payload, guichet.PayloadEntryPrefix) && o[0].Label != labelFull &&
		o[len(o)-2].Payload == guichet.PayloadOther && o[len(o)-1].Payload == guichet.PayloadHandoff
}

// withUnsure reads a message that follows a question the bot was unsure
// of together with that question: "ils le gardent combien de temps" after
// "les gendarmes m'ont pris mon permis hier" left it between two
// entries. The two together are taken only when the matcher is sure of
// them and the message alone leaves it unsure; after choices, only for one
// of the entries offered.
func (t *turn) withUnsure(prev, text string, r match.Result) (match.Result, bool, error) {
	if prev == "" || !t.wasUnsure() || len(t.rd.words) > 16 ||
		r.Top().Confidence >= t.answerAt() && (len(t.rd.words) > 6 || t.st.LowTurns > 0) {
		return r, false, nil
	}
	rc, err := t.m.Match(prev + " " + text)
	if err != nil {
		return r, false, err
	}
	top := rc.Top()
	if top.Entry == "" || top.Confidence < t.answerAt() || top.Confidence <= r.Top().Confidence {
		return r, false, nil
	}
	if t.st.LowTurns == 0 && !slices.ContainsFunc(t.st.Options, func(o Option) bool {
		return o.Payload == guichet.PayloadEntryPrefix+top.Entry
	}) {
		return r, false, nil
	}
	return rc, true, nil
}

// sureOfDocument is the confidence from which the matcher's pick among
// the same procedure for several documents stands without the document
// named.
const sureOfDocument = 0.7

// whichDocument reports whether the message asks for a procedure the KB
// has for several documents without saying which ("changement adresse":
// the carte grise's is compulsory, the licence's and the identity card's
// are not), the conversation knows no document either, and the matcher
// is not sure enough of one to answer without asking.
func (t *turn) whichDocument(r match.Result) bool {
	top := r.Top()
	if t.rd.doc() != "" || t.st.Slots[kb.SlotDocument] != "" || top.Confidence >= sureOfDocument ||
		len(t.m.Documents(top.Entry)) != 1 {
		return false
	}
	_, name, ok := strings.Cut(top.Entry, ".")
	if !ok {
		return false
	}
	for _, c := range r.Candidates[1:] {
		if _, n, _ := strings.Cut(c.Entry, "."); n == name && c.Confidence >= t.clarifyAt()/2 &&
			!slices.Equal(t.m.Documents(c.Entry), t.m.Documents(top.Entry)) {
			return true
		}
	}
	return false
}
