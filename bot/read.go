package bot

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// Slots the bot keeps besides the KB's (kb.SlotValues): the country a
// foreign licence or vehicle comes from, and the request number.
const (
	slotCountry = "pays"
	slotNumber  = "numero"
)

// reading is what one message says beyond the words the matcher scores:
// the facet asked, the slot values given, the intent when no procedure is
// named, and the tone. It is computed once per message, from folded words,
// with no index search.
type reading struct {
	words  []string          // folded, SMS spellings and KB abbreviations expanded, "16ans" split
	slots  map[string]string // slot values the message gives
	bad    map[string]string // slot -> the value that made no sense ("300 ans")
	facets []string          // facets asked, in the order asked
	// clauseEnds are the word positions where each clause of the message
	// ends (after , . ; : ! ? or a line break), the last one len(words);
	// nil when the message is one clause.
	clauseEnds []int
	docs       []string // documents named, in order (SlotDocument values)
	docPos     []int    // the word where each of docs is named
	docAt      int      // the word where the first document is named, -1 for none
	// intents when the message names no procedure, or tells a story
	status  bool // where is my request: "où en est", "ça fait 16 jours"
	problem bool // blocked, refused, error
	form    bool // the form: "comment remplir le formulaire"
	angry   bool // frustration, insults
	human   bool // asks for a person
	// whatWeAre: asks whether the assistant is a person or a program
	whatWeAre bool
	// misread is true when the message says the last answer missed the
	// question: "c'est pas ça", "ça répond pas à ma question".
	misread bool
	// correction is true for "non, je parlais du permis", "non pour la
	// carte grise": the question before, about the document named.
	correction bool
	// followUp is true for "et pour une moto ?", "et si c'est volé ?".
	followUp bool
	// waitedOnly is true when status comes only from a time waited ("ça
	// fait 3 semaines"), with no word asking where a request is.
	waitedOnly bool
	// also is true for a message that says "aussi", "également", "also" or
	// "too": what happened before happened to what it names as well ("mon
	// permis était aussi dans le sac").
	also bool
	// pronoun is true for a short message that opens on a word pointing
	// back at the conversation: "c'est ouvert le dimanche ?", "il arrive
	// quand ?".
	pronoun bool
	// scam is true when a site or a message made the citizen pay or asks
	// for money with a link ("un site m'a fait payer 40 euros").
	scam bool
	// townHall: which town hall takes the application ("dans une autre
	// mairie que la mienne ?", "any town hall or only the one where I
	// live?").
	townHall bool
	// writeTo: a short question about writing to the agency ("je peux
	// vous écrire ?", "avant ça je peux écrire à l'ANTS ?"), not a letter
	// that opens with it ("je me permets de vous écrire car...").
	writeTo bool
	// askedIfOurs: whether the agency does it ("c'est pas sur le site de
	// l'ANTS ?", "c'est pas vous qui la délivrez"), a short question.
	askedIfOurs bool
	// undelivered is true when the document was lost on its way to the
	// citizen: "égaré par La Poste", "le facteur l'a perdu".
	undelivered bool
	// sold and bought are the sale words of a story.
	sold, bought bool
	// guessed is the facet the facet model reads in a message where no
	// phrase reads one ("" for none): weaker than facets, it only picks the
	// part of an entry chosen without it (turn.respond), never the entry.
	guessed string
	// gap is true when the message asks about one of knownGaps: what
	// citizens ask that no entry answers yet.
	gap bool
	// otherTitle is true when the message names a licence, card, passport
	// or registration the agency does not issue: a pet's passport, a
	// tachograph card, a boat's registration (otherTitles).
	otherTitle bool
	// question is the sentence that asks, for a message of several
	// sentences ("" otherwise).
	question string
	// starts holds, for each word, the phrase sets with a phrase starting
	// with it (see phraseStarts); nil until firstOf needs it.
	starts []uint64
}

// closing returns the small-talk entry a message that only closes the
// conversation means ("merci, vous êtes bien aimable", "ok je vais
// contacter ma société de leasing, merci", "ok merci bonne journée"):
// "smalltalk.au-revoir" when it says goodbye, "smalltalk.merci" when it
// thanks; "" when it asks or tells anything more ("merci de me dire...",
// a question, a problem, a facet, a loss).
func (r *reading) closing(text string) string {
	thanks, bye := r.anyOf(thanksPhrases), r.anyOf(byePhrases) || r.laterBye()
	if !thanks && !bye || strings.ContainsAny(text, "?¿") || len(r.facets) > 0 || r.status || r.problem ||
		r.human || r.angry || r.form || r.slots[kb.SlotEvent] != "" || len(r.bad) > 0 {
		return ""
	}
	for i, w := range r.words {
		// "merci de m'indiquer...": please, not thanks; "merci de votre aide" thanks.
		if w == "merci" && i+1 < len(r.words) && (r.words[i+1] == "de" || r.words[i+1] == "d") &&
			(i+2 >= len(r.words) || !thanksObjects[r.words[i+2]]) {
			return ""
		}
	}
	switch {
	case r.anyOf(closurePhrases):
		if len(r.words) > 25 {
			return ""
		}
	case r.anyOf(weakClosurePhrases):
		if len(r.docs) > 0 || len(r.words) > 16 {
			return ""
		}
	default:
		// Nothing but thanks, goodbye and politeness: "ok merci
		// beaucoup madame", not "le timbre fiscal merci".
		if !allIn(r.words, politeWords) {
			return ""
		}
	}
	if bye {
		return "smalltalk.au-revoir"
	}
	return "smalltalk.merci"
}

// greetingOnly reports whether the message only greets ("bonsoir
// madame"), asks how the assistant is ("bonjour ça va ?", "Bonjour
// Monsieur, comment allez-vous aujourd'hui ?") or whether someone is there.
func (r *reading) greetingOnly() bool {
	w := r.words
	if len(w) >= 2 && w[0] == "good" && dayParts[w[1]] {
		// "good evening :)", "Good morning everyone": the greeting alone,
		// which "have a good evening" (a goodbye) does not open with.
		for _, x := range w[2:] {
			if !greetingWords[x] && !englishGreetingWords[x] {
				return false
			}
		}
		return true
	}
	// "bonsoir", "bonjour madame", "y a quelqu'un ?", "Bonjour, y a-t-il
	// quelqu'un pour me répondre ?": a greeting, or asking whether someone
	// is there, and nothing else.
	w = r.words
	if r.anyOf(presencePhrases) {
		rest := strings.Fields(r.without(presencePhrases))
		for len(rest) > 0 && presenceTail[rest[len(rest)-1]] {
			rest = rest[:len(rest)-1]
		}
		return allIn(rest, greetingWords)
	}
	asks := false
	for _, x := range w {
		if !greetingWords[x] {
			return false
		}
		asks = asks || x == "va" || x == "allez" || x == "vas"
	}
	return asks || len(w) > 0 && len(w) <= 3 && openingGreetings[w[0]]
}

// asksNext reports whether the message only asks what comes next ("ok et
// après ?", "et ensuite je fais quoi ?", "then what?"): it names nothing,
// and is about the topic's procedure.
func (r *reading) asksNext() bool {
	if !r.anyOf(nextPhrases) {
		return false
	}
	return allIn(strings.Fields(r.without(nextPhrases)), nextFiller)
}

// nextPhrases ask what comes next; nextFiller may stand around them.
var (
	nextPhrases = phrases("et apres", "et ensuite", "et puis", "apres ca", "et apres ca", "then what", "and then",
		"what next", "what s next", "what now", "what do i do next", "next step")
	nextFiller = setOf("ok okay oki d accord daccord dac bon alors donc bien tres super merci je j on fait fais faire quoi " +
		"qu est ce que il faut so what and")
)

// allIn reports whether every word of ws is in set.
func allIn(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if !set[w] {
			return false
		}
	}
	return true
}

// openingGreetings open a greeting; with at most two greeting words after
// ("bonsoir madame") the message is one.
var openingGreetings = setOf("bonjour bonsoir salut coucou hello hi hey")

// presencePhrases ask whether someone is there; presenceTail may end such
// a question ("pour me répondre", "svp").
var (
	presencePhrases = phrases("y a quelqu un", "y a t il quelqu un", "il y a quelqu un", "quelqu un est la",
		"quelqu un peut me repondre", "vous etes la", "anyone there", "is anyone there", "anybody there")
	presenceTail = setOf("pour me m repondre aider la svp stp s il vous plait")
)

// dayParts follow "good" in an English greeting.
var dayParts = setOf("morning afternoon evening day")

// englishGreetingWords may follow it: "good evening everyone".
var englishGreetingWords = setOf("everyone everybody all there sir madam mam guys team folks")

// greetingWords are the words of a greeting that asks how one is.
var greetingWords = setOf("bonjour bonsoir salut coucou hello hi hey madame monsieur mademoiselle comment " +
	"allez vous ca va vas tu bien aujourd hui j espere que et alors tout le monde")

// laterBye reports whether the message ends with "à plus" or "à plus
// tard" after nothing but politeness: a goodbye; within a sentence they
// are "n'a plus" (no more), which byePhrases would read as one.
func (r *reading) laterBye() bool {
	w, n := r.words, len(r.words)
	switch {
	case n >= 2 && w[n-2] == "a" && w[n-1] == "plus":
		return n == 2 || politeWords[w[n-3]]
	case n >= 3 && w[n-3] == "a" && w[n-2] == "plus" && w[n-1] == "tard":
		return n == 3 || politeWords[w[n-4]]
	}
	return false
}

// politeWords are the words of a message that only thanks or says
// goodbye: thanks, goodbye and politeness.
var politeWords = setOf("merci mercii merciii mrc beaucoup bcp infiniment mille fois encore bien tres ok okay oki " +
	"d accord daccord dac madame monsieur mademoiselle vous toi a tous votre aide de pour la le ma mon " +
	"au revoir aurevoir bonne journee soiree nuit fin bientot oui alors bon cool thanks thank you u thx cheers " +
	"much appreciated a lot so very bye goodbye see ya cya have nice good day night later take care mate guys again ty then " +
	"tchao ciao et remercie remercier plus tard prochaine continuation week end semaine " +
	"obrigado obrigada gracias grazie danke schon choukran shukran chokran dziekuje multumesc tesekkurler " +
	"remercions remerciements je vous " +
	// what one thanks for, and what one says on understanding
	"patience aide temps reponse reponses gentillesse disponibilite explications renseignements informations " +
	"precieuse precieuses rapide rapidite conseils compris entendu note parfait super genial nickel impeccable vos")

// thanksObjects follow "merci de" when it thanks: "merci de votre aide".
var thanksObjects = setOf("votre vos ton tes l la le les cette ces tout")

// listedDocuments returns how many different documents the message names
// together, in a list of a few words ("permis cni carte grise", "ma carte
// d'identité, mon permis de conduire, la carte grise"), not each in its
// own part of a story.
func (r *reading) listedDocuments() int {
	best := 0
	for i := range r.docs {
		seen := map[string]bool{}
		for k := i; k < len(r.docs) && r.docPos[k]-r.docPos[i] <= listSpan; k++ {
			if !r.lacks(r.docPos[k]) {
				seen[r.docs[k]] = true
			}
		}
		best = max(best, len(seen))
	}
	return best
}

// lacks reports whether the document named at word i is one the person
// says they do not have: "je n'ai pas de passeport", "sans permis".
func (r *reading) lacks(i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch r.words[k] {
		case "pas", "sans", "aucun", "aucune", "jamais":
			return true
		}
	}
	return false
}

// listSpan is how many words a list of documents spans at most.
const listSpan = 12

// doc is the document named last, or "".
func (r *reading) doc() string {
	if len(r.docs) == 0 {
		return ""
	}
	return r.docs[len(r.docs)-1]
}

func (r *reading) facet() string {
	if len(r.facets) == 0 {
		return ""
	}
	return r.facets[0]
}

// hasSlot reports whether the message gives a value for any slot but the
// request number.
func (r *reading) hasSlot() bool {
	for s := range r.slots {
		if s != slotNumber {
			return true
		}
	}
	return false
}

// readWords folds text into words as read() sees them.
func readWords(text string, abbrevs map[string]string) []string {
	w, _ := readClauses(text, abbrevs)
	return w
}

// readClauses is readWords, with where each clause ends among the words
// (see reading.clauseEnds): the text is cut at , . ; : ! ? and line
// breaks, but not inside a number ("1,5 mois", "3.5 t").
func readClauses(text string, abbrevs map[string]string) ([]string, []int) {
	s := kb.JoinCompounds(fold.Text(text))
	out := make([]string, 0, len(s)/5+4)
	var ends []int
	for len(s) > 0 {
		cut := clauseCut(s)
		piece := s
		if cut >= 0 {
			piece, s = s[:cut], s[cut+1:]
		} else {
			s = ""
		}
		n := len(out)
		out = appendWords(out, piece, abbrevs)
		if len(out) > n {
			ends = append(ends, len(out))
		}
	}
	if len(ends) < 2 {
		ends = nil
	}
	return out, ends
}

// clauseCut returns where the first clause of s ends, or -1.
func clauseCut(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '.':
			if i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
				continue // "1,5 mois"
			}
			return i
		case ';', ':', '!', '?', '\n':
			return i
		}
	}
	return -1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// appendWords appends the words of a folded piece of text to out, SMS
// spellings and abbreviations expanded.
func appendWords(out []string, piece string, abbrevs map[string]string) []string {
	spelled := func(w string) bool { _, ok := abbrevs[w]; return ok }
	for _, w := range match.JoinSpelled(match.Words(piece), spelled) {
		// "16ans", "15ans": a number glued to its unit.
		if i := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }); i > 0 && (w[i:] == "ans" || w[i:] == "an") {
			out = append(out, w[:i], w[i:])
			continue
		}
		if exp, ok := kb.SMS[w]; ok {
			// As the matcher reads it: "licences" → "licence" → "permis".
			for _, x := range match.Words(exp) {
				if exp, ok := abbrevs[x]; ok {
					out = append(out, match.Words(fold.Text(exp))...)
				} else {
					out = append(out, x)
				}
			}
			continue
		}
		if exp, ok := localSpellings[w]; ok {
			out = append(out, strings.Fields(exp)...)
			continue
		}
		if exp, ok := abbrevs[w]; ok {
			out = append(out, match.Words(fold.Text(exp))...)
			continue
		}
		out = append(out, w)
	}
	return out
}

// clauseAt returns the index of the clause word i is in (0 when the
// message has one).
func (r *reading) clauseAt(i int) int {
	for c, end := range r.clauseEnds {
		if i < end {
			return c
		}
	}
	return 0
}

// unglueWords splits the words of w glued to an elision, and moves the
// clause ends with them; w and ends are returned as they are when no word
// is.
func unglueWords(w []string, ends []int, unglue func(string) ([]string, bool)) ([]string, []int) {
	var out []string // nil until a word splits
	var moved []int
	e := 0
	for i, x := range w {
		parts, ok := []string(nil), false
		if len(x) >= 5 {
			parts, ok = unglue(x)
		}
		if ok && out == nil {
			out, moved = slices.Clone(w[:i]), slices.Clone(ends)
		}
		switch {
		case ok:
			out = append(out, parts...)
		case out != nil:
			out = append(out, x)
		}
		for ; e < len(ends) && ends[e] == i+1; e++ {
			if out != nil {
				moved[e] = len(out) // the clause ends after this word, however many it became
			}
		}
	}
	if out == nil {
		return w, ends
	}
	return out, moved
}

// localSpellings are SMS forms the facet and slot phrases need that the
// matcher's list leaves alone.
var localSpellings = map[string]string{
	"cb": "combien", "cmb": "combien", "cbm": "combien", "combin": "combien", "conbien": "combien",
	"koute": "coute", "coutent": "coute", "coûte": "coute", "gratos": "gratuit", "payan": "payant",
	"passport": "passeport", "pasport": "passeport", "passepor": "passeport", "paseport": "passeport",
	"permi": "permis", "permie": "permis", "grize": "grise",
	"docs": "documents", "doc": "document", "papier": "papiers", "tps": "temps", "delais": "delai",
	"tuture": "voiture", "bagnole": "voiture", "scoot": "scooter", "campingcar": "camping car",
	"fiston": "fils", "gamin": "enfant", "gamine": "enfant", "gosse": "enfant", "ado": "adolescent",
	"ados": "adolescent", "kan": "quand", "lontemps": "longtemps", "pt": "peut",
	"quest": "qu est", "questce": "qu est ce", "kesk": "qu est ce", "keske": "qu est ce que", "jusqua": "jusqu a",
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// phrase is a sequence of folded words.
type phrase []string

// at reports whether p occurs in words at position i.
func (p phrase) at(words []string, i int) bool {
	if i+len(p) > len(words) {
		return false
	}
	for j, w := range p {
		if words[i+j] != w {
			return false
		}
	}
	return true
}

// find returns the position of the first occurrence of p in words, or -1.
func (p phrase) find(words []string) int {
	for i := range words {
		if p.at(words, i) {
			return i
		}
	}
	return -1
}

// phraseSet is a list of phrases indexed by their first word, so that a
// message is read in one pass whatever the length of the list.
type phraseSet struct {
	byFirst map[string][]phrase
	bit     uint64 // the set's bit in phraseStarts
	// naming holds the phrases that also name something ("avec le
	// récépissé", "une photo suffit"): their words are no asking words
	// (askingTerms), so "photo" still names the photo's entry.
	naming map[string]bool
}

// phraseStarts maps a word to the phrase sets that have a phrase starting
// with it, as bits: a reading looks each of its words up once (starts)
// instead of once per set it tries.
var (
	phraseStarts = map[string]uint64{}
	phraseBits   uint
)

// alsoNaming adds phrases to s that ask its facet with a word that names
// something (see phraseSet.naming).
func (s phraseSet) alsoNaming(list ...string) phraseSet {
	if s.naming == nil {
		s.naming = map[string]bool{}
	}
	for _, l := range list {
		p := phrase(strings.Fields(l))
		s.byFirst[p[0]] = append(s.byFirst[p[0]], p)
		phraseStarts[p[0]] |= s.bit
		s.naming[strings.Join(p, " ")] = true
	}
	return s
}

func phrases(list ...string) phraseSet {
	if phraseBits == 64 {
		panic("bot: more than 64 phrase sets") // a programming error, found at start-up
	}
	set := phraseSet{byFirst: map[string][]phrase{}, bit: 1 << phraseBits}
	phraseBits++
	for _, l := range list {
		p := phrase(strings.Fields(l))
		set.byFirst[p[0]] = append(set.byFirst[p[0]], p)
		phraseStarts[p[0]] |= set.bit
	}
	return set
}

// firstOf returns the earliest position at which one of ps occurs, or -1.
func firstOf(words []string, ps phraseSet) int {
	for i, w := range words {
		for _, p := range ps.byFirst[w] {
			if p.at(words, i) {
				return i
			}
		}
	}
	return -1
}

func anyOf(words []string, ps phraseSet) bool { return firstOf(words, ps) >= 0 }

// firstOf is firstOf(r.words, ps), looking up only the words some phrase
// of ps starts with.
func (r *reading) firstOf(ps phraseSet) int {
	if r.starts == nil {
		r.starts = make([]uint64, len(r.words))
		for i, w := range r.words {
			r.starts[i] = phraseStarts[w]
		}
	}
	for i, bits := range r.starts {
		if bits&ps.bit == 0 {
			continue
		}
		for _, p := range ps.byFirst[r.words[i]] {
			if p.at(r.words, i) {
				return i
			}
		}
	}
	return -1
}

func (r *reading) anyOf(ps phraseSet) bool { return r.firstOf(ps) >= 0 }

// selfWords name what the assistant might be; someoneWords count only
// after "vrai", "real"... ("une vraie personne", not "une personne âgée").
var (
	selfWords    = setOf("robot robo bot chatbot ia ai machine humain human programme program ordinateur logiciel chatgpt")
	someoneWords = setOf("personne person dame monsieur agent")
	realWords    = setOf("vrai vraie real actual")
	beingFiller  = setOf("un une a an")
)

// requestWords ask for something ("je veux", "passez-moi", "I need").
var requestWords = setOf("veux voudrais souhaite souhaiterais aimerais passez passe mettez mets transferez " +
	"want need talk speak connect transfer get")

// asksWhatWeAre reports whether the message asks whether the assistant is
// a person or a program ("vous êtes un robot ?", "t'es un vrai humain ou
// une IA ?", "is this a bot?") without asking for a person: it is
// answered, not handed off. What is asked about comes right after the
// verb, an article and "vrai" aside: "est-ce que la machine à laver
// abîme le permis ?" asks nothing of the kind.
func (r *reading) asksWhatWeAre() bool {
	if !r.anyOf(beingPhrases) {
		return false // most messages: one look at the phrase starts already read
	}
	found := false
	for i, w := range r.words {
		for _, p := range beingPhrases.byFirst[w] {
			if found || !p.at(r.words, i) {
				continue
			}
			k, real := i+len(p), false
			for ; k < len(r.words) && (beingFiller[r.words[k]] || realWords[r.words[k]]); k++ {
				real = real || realWords[r.words[k]]
			}
			found = k < len(r.words) && (selfWords[r.words[k]] || real && someoneWords[r.words[k]])
		}
	}
	if !found {
		return false
	}
	for _, w := range r.words {
		if requestWords[w] {
			return false
		}
	}
	return true
}

// zeroBalance reports whether the only anger word is "nul" saying a
// number is zero ("solde de points nul", "solde nul", "mon solde est nul").
func (r *reading) zeroBalance() bool {
	i := r.firstOf(angryPhrases)
	if i < 0 || r.words[i] != "nul" {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if r.words[k] == "solde" || r.words[k] == "points" || r.words[k] == "point" {
			return !anyOf(slices.Delete(slices.Clone(r.words), i, i+1), angryPhrases)
		}
	}
	return false
}

// nowhere reports whether the only anger word is the "nulle" of "nulle
// part" ("ma demande n'apparaît plus nulle part").
func (r *reading) nowhere() bool {
	w := slices.Clone(r.words)
	for i := 0; i+1 < len(w); i++ {
		if w[i] == "nulle" && w[i+1] == "part" {
			w = slices.Delete(w, i, i+2)
			i--
		}
	}
	return len(w) < len(r.words) && !anyOf(w, angryPhrases)
}

// without returns the message's words without the phrases of ps, joined:
// what an angry message asks once its anger is set aside.
func (r *reading) without(ps phraseSet) string {
	var out []string
	for i := 0; i < len(r.words); i++ {
		skip := 0
		for _, p := range ps.byFirst[r.words[i]] {
			if p.at(r.words, i) {
				skip = max(skip, len(p))
			}
		}
		if skip > 0 {
			i += skip - 1
			continue
		}
		out = append(out, r.words[i])
	}
	return strings.Join(out, " ")
}

var (
	phFinDeValidite = phrase(strings.Fields("fin de validite"))
	// phDateFinValidite asks the end date: "sa date de fin de validité ?".
	phDateFinValidite = phrase(strings.Fields("date de fin de validite"))
	phOnMA            = phrase(strings.Fields("on m a"))
	phOnMAPris        = phrase(strings.Fields("on m a pris"))
	phOnMAToutPris    = phrase(strings.Fields("on m a tout pris"))
	phOuEnEst         = phrase(strings.Fields("ou en est"))
	phRetrouvePlus    = phrase(strings.Fields("retrouve plus"))
	phTrouvePlus      = phrase(strings.Fields("trouve plus"))
)

// Facet phrases. Validity is told before delay ("valable combien de
// temps"), delay before cost ("combien de temps").
var (
	validityPhrases = phrases("valable combien", "valide combien", "valable pendant combien", "valable jusqu",
		// how old a paper may be ("le contrôle technique doit avoir moins de
		// combien ?", "il doit dater de moins de combien ?")
		"avoir moins de combien", "doit avoir moins de", "dater de moins", "date de moins", "datant de moins",
		"doit dater de quand", "de quand doit dater",
		"il passe encore", "elle passe encore", "ca passe encore", "passe t il encore", "passe t elle encore",
		"valable jusqu a quand", "duree de validite", "date de validite", "combien de temps valable",
		"combien de temps il est valable", "combien de temps elle est valable", "combien de temps est valable",
		"combien de temps c est valable", "expire quand", "il expire quand", "valable 5 ou 10 ans",
		"valable 5 ans ou 10 ans", "valable 10 ans", "valable 5 ans", "valable 15 ans", "valable combien de temps",
		"valable quelle duree", "c est valable combien", "validite de", "sa validite", "la validite",
		"garde combien de temps", "valable encore", "encore bon", "toujours bon", "encore valable", "toujours valable",
		"encore valide", "toujours valide", "reste valable", "valable ou pas", "il est valable", "est il valable",
		"est il encore", "est elle valable", "elle est valable", "valable jusqu a", "encore bonne", "toujours bonne",
		"est elle encore", "encore utilisable", "toujours utilisable", "encore utiliser", "toujours utiliser",
		"marche encore", "marche toujours", "encore en cours de validite", "perime quand", "perimee quand",
		"valable en", "valide en", "reconnu en", "accepte en", "marche en", "vaut combien de temps", "il vaut combien",
		"marche pour aller", "marche pour voyager", "valable pour aller", "valable pour voyager", "suffit pour aller",
		"suffit pour voyager", "suffit pour partir",
		// English
		"valid for", "is it valid", "still valid", "how long is it valid", "how long does it last", "validity",
		"expiry date", "when does it expire", "it expires", "valid until", "still ok", "still good", "still use",
		"still accepted", "does it expire", "keep using", "how long can i use", "how long can i drive with",
		"vaut encore", "vaut toujours",
		"toujours ok", "encore ok", "compte encore", "compte toujours", "conserve une",
		"garde sa validite", "expire t il", "expire t elle", "perime ou pas", "perimee ou pas", "expire ou pas", "expiree ou pas", "expire un jour",
		"does it still count", "still count", "ever expire", "do they expire", "jusqu a quand je peux", "plus valable",
		"date de fin de validite", "expire au bout", "marche combien de temps", "marche jusqu a quand",
		"jusqu a quand puis je", "jusqu a quand on peut",
		// A document lasts: "il dure combien de temps ?"
		"il dure combien", "elle dure combien", "dure combien d annees").alsoNaming(
		"date d expiration", "date de fin", "une date de fin", "expiration date")
	delayPhrases = phrases("combien de temps", "quel delai", "quels delai", "le delai", "les delai", "delai de",
		"delai pour", "delai d", "aussi long", "si long", "trop long", "aussi longtemps", "si longtemps", "en combien de temps", "dans combien de temps", "ca prend combien", "ca met combien",
		"prend combien", "met combien", "combien de jours", "combien de semaines", "combien de mois", "c est long",
		"ca prend du temps", "temps de traitement", "temps d attente", "quand vais je le recevoir",
		"quand vais je la recevoir", "quand je vais le recevoir", "quand je vais la recevoir", "quand est ce que je le recois",
		"quand est ce que je la recois", "delai moyen", "delai", "arrive quand", "arrivera quand",
		"quand arrive", "quand va t il arriver", "quand va t elle arriver", "je l aurai quand", "je la recois quand",
		"je le recois quand",
		"quand est ce que je pourrai", "quand pourrai je", "quand je pourrai", "a partir de quand", "au bout de combien",
		"vers quand", "quand sera", "quand je vais recevoir", "quand on pourra", "quand pourra t on", "arrive bientot",
		"arriver bientot", "tout de suite", "immediatement", "when will", "quand il sera", "quand elle sera", "sera pret quand", "sera prete quand",
		"sera enfin", "met longtemps", "mettre longtemps", "prend longtemps", "encore longtemps", "plus longtemps",
		"durer longtemps", "c est rapide", "c est long ou", "le temps d etre", "aura le temps", "expedie quand",
		"expediee quand", "envoye quand", "envoyee quand", "dispo quand", "disponible quand", "quand est ce qu il sera",
		"quand est ce qu elle sera", "prete quand", "pret quand", "il faut compter combien", "faut compter combien",
		// English
		"how long", "how many days", "how many weeks", "how many months", "processing time", "waiting time",
		"when will i get", "when will i receive", "when do i get", "takes so long", "taking so long",
		"when will it be", "how soon", "in time for")
	costPhrases = phrases("combien ca coute", "ca coute combien", "combien coute", "coute combien", "combien",
		"prix", "tarif", "tarifs", "cout", "coute", "couter", "payant", "payante", "gratuit", "gratuite",
		"gratuitement", "faut il payer", "faut payer", "il faut payer", "je dois payer", "on doit payer",
		"a payer", "c est combien", "quel montant", "montant", "frais", "cher", "chere", "plus cher", "moins cher",
		"dois je payer", "doit on payer", "dois je regler", "sera t il facture", "sera facture", "est il facture", "est facture", "c est facture", "etre facture",
		"sont factures", "est surtaxe", "surtaxe", "facturee", "facturees", "me sera facture", "raquer", "casquer", "a ma charge", "a votre charge", "a la charge",
		"debourser", "a augmente", "font payer", "fait payer", "faire payer", "vont payer", "va payer", "ca se paye",
		"c est paye", "faut il regler",
		// English
		"how much", "cost", "costs", "price", "fee", "fees", "free", "pay", "a charge", "any charge", "the charge",
		"charge for", "charges for", "charged", "extra charge", "charge me").alsoNaming(
		"taxe", "taxes", "droit de timbre", "acheter un timbre", "un timbre fiscal", "sortir la cb")
	documentsPhrases = phrases("quels papiers", "quel papiers", "quels documents", "quel document", "quels document",
		"quelles pieces", "quelle piece", "quelles piece", "pieces a fournir", "piece a fournir", "pieces justificatives",
		"piece justificative", "justificatif", "justificatifs", "documents a fournir", "document a fournir",
		"papiers a fournir", "quoi fournir", "fournir quoi", "il faut quoi", "faut quoi", "apporter quoi",
		"quoi apporter", "ramener quoi", "apporte quoi", "j apporte quoi", "amene quoi", "emmene quoi",
		"prendre quoi", "prends quoi", "quoi ramener", "papiers a ramener", "dossier a fournir",
		"documents necessaires", "pieces necessaires", "liste des pieces", "quels justificatifs", "pieces demandees",
		"quels sont les documents", "quels sont les papiers", "quelles sont les pieces", "quels papier",
		"prevoir quoi", "quoi prevoir", "quels docs", "apporter au rendez vous", "quoi amener", "amener quoi",
		"envoyer quoi", "quoi envoyer", "donner quoi", "quoi donner", "qu est ce qu il me faut", "il me faut quoi",
		"me faut quoi", "qu est ce qu il faut fournir", "faut il fournir", "dois je fournir", "je dois fournir", "faut fournir",
		"quelles preuves", "quelle preuve", "dois je joindre", "faut il joindre", "a joindre", "joindre quoi",
		"comment prouver", "comment justifier", "comment puis je prouver", "puis je prouver", "je peux prouver", "peut on prouver",
		"doit apporter", "dois apporter", "faut apporter", "faut il apporter", "filer quoi", "donner comme", "comme papiers",
		"comme papier", "comme preuve", "comme justificatif", "la liste complete", "liste des papiers", "liste des documents",
		"quoi d autre", "les justif", "quels justif", "besoin d un justificatif", "paps", "papers", "documents required",
		"required documents", "scanner quoi", "quels fichiers", "fichiers je dois", "il manque une piece", "manque quelle piece",
		"what else must i", "must i upload", "upload what",
		// English
		"what documents", "which documents", "what papers", "which papers", "documents do i need", "documents needed",
		"what do i need to bring", "what should i bring", "paperwork", "supporting documents", "proof of address",
		"what do i need to provide", "need to provide", "need to bring", "do i need to bring", "have to bring",
		"what else do i need").alsoNaming("faut il l original", "l original ou", "une photo suffit", "une copie suffit",
		"photocopie suffit", "faut il renvoyer l ancien", "renvoyer l ancien", "rendre l ancien", "faut il une photo",
		"il faut une photo", "faut une photo", "besoin d une photo", "besoin du controle technique",
		"controle technique est il obligatoire", "controle technique obligatoire", "certificat de conformite ou pas")
	wherePhrases = phrases("ou faire", "ou se faire", "ou ca se fait", "ou aller", "ou dois je", "ou est ce qu on",
		"ou est ce que je", "ou je dois", "ou on fait", "en ligne ou", "en mairie ou", "en prefecture ou",
		"a la mairie ou", "a la prefecture ou", "sur quel site", "quel site", "ou je fais", "ou je peux",
		"ou le faire", "ou la faire", "ou les faire", "ou demander", "ou faire la demande", "ca se fait ou",
		"ca se passe ou", "c est ou", "on le fait ou", "a quel guichet", "quel guichet", "ou s adresser",
		"a qui m adresser", "ou se rendre", "ou le demander", "ou la demander", "ou on peut", "ou acheter",
		"ou trouver", "ou prendre", "ou passer", "ou deposer", "ou envoyer", "ou est ce qu", "ou ca", "ou pour", "ou je vois",
		"ou voir", "ou il faut", "ou faut il", "ou est ce qu il faut", "ou peut on", "ou puis je", "ou dois je",
		"ou doit on", "ou se procurer", "ou l acheter", "ou les acheter", "ou le trouver", "ou la trouver",
		"faisable ailleurs", "ailleurs qu", "quelque part pour", "aller jusqu a", "faire en ligne", "refaire en ligne", "fait en ligne", "se fait en ligne", "sur internet", "par internet",
		"faut aller", "faut il aller", "dois aller", "dois je aller", "obligatoirement", "faut se deplacer",
		"se deplacer", "c est en ligne", "ca se fait en ligne", "en ligne ou pas", "est ce en ligne",
		// English
		"where do i", "where can i", "where should i", "which website", "what website", "is it online", "do it online",
		"apply online", "in person")
	// howPhrases ask the procedure itself: on a first message they are the
	// whole question (the full answer is the how), on a follow-up a facet.
	howPhrases = phrases("comment faire", "comment on fait", "je fais comment", "comment ca se passe",
		"quelle demarche", "la demarche", "comment proceder", "on fait comment", "comment je fais", "je fais quoi",
		"comment s y prendre", "c est quoi la demarche", "quelles demarches", "les etapes", "comment", "la procedure",
		"je dois faire quoi", "que dois je faire", "dois je faire quoi", "que faire", "quoi faire", "on fait quoi",
		"il faut faire quoi", "qu est ce que je dois faire", "qu est ce qu il faut faire", "qu est ce que je fais",
		"que puis je faire", "qu est ce que je peux faire", "je peux faire quoi", "quelle solution", "quelles solutions",
		"avec qui", "qui contacter", "contacter qui", "qui je dois contacter", "qui dois je contacter", "je contacte qui",
		"qui appeler", "j appelle qui",
		// English
		"how do i", "how can i", "how to", "what should i do", "what do i do", "the procedure", "the process", "steps",
		"marche a suivre", "la demarche permettant", "c est quoi le delire", "quelle est la marche", "qui je dois appeler",
		"je dois appeler qui", "qui dois je appeler", "another way", "need to contact", "who do i contact", "who should i contact",
		"j en fais quoi", "on en fait quoi", "je dois en faire quoi", "je dois le rendre", "je dois la rendre",
		// Whether a step is needed, asked of the topic: "plainte" names
		// no other procedure here.
		"je dois porter plainte", "faut porter plainte", "faut il porter plainte", "dois je porter plainte")
	meanwhilePhrases = phrases("en attendant", "entre temps", "entretemps", "pendant ce temps", "le temps que",
		"pendant l attente", "je peux conduire", "puis je conduire", "je peux rouler", "puis je rouler",
		"peut on conduire", "on peut conduire", "peux conduire", "peux rouler", "peut conduire", "peut rouler",
		"le droit de conduire", "le droit de rouler", "droit de conduire", "droit de rouler", "autorise a conduire",
		"je peux voyager", "puis je voyager", "peux voyager", "peut voyager", "conduire sans", "rouler sans",
		"voyager sans", "je peux partir", "peux partir",
		"en regle pour rouler", "en regle pour conduire", "pourrai encore conduire", "pourrai conduire", "encore conduire",
		"encore rouler", "en droit de circuler", "en droit de conduire", "en droit de rouler", "peux circuler", "puis je circuler",
		"si je roule", "si je conduis", "voiture quand meme", "y aller en voiture", "avec juste le papier", "c autorise", "c est autorise", "est ce autorise", "pendant que", "avec ce papier",
		// English
		"in the meantime", "meanwhile", "can i drive", "can i still drive", "can i travel", "allowed to drive",
		"drive without", "travel without", "keep driving", "legal to drive", "drive with", "travel with",
		"while the", "while i wait", "while waiting", "while we wait", "while you wait", "can we drive",
		"can we still drive", "still drive the car", "can i use the car", "can we use the car", "until it arrives",
		"until i get", "until we get", "until i receive", "until we receive").alsoNaming("prendre l avion avec", "embarquer avec", "embarquer sur",
		"prendre la voiture avec", "la ramener chez moi", "avec le recepisse", "avec la plainte", "avec la declaration",
		"avec l attestation", "avec le certificat provisoire", "board a plane", "fly with")
	whoPhrases = phrases(append(strongWho, weakWho...)...).alsoNaming(append(strongWhoNaming, "pour ma petite fille",
		"pour mon petit fils")...)
	// strongWhoPhrases ask who, whatever else the message asks.
	strongWhoPhrases = phrases(strongWho...).alsoNaming(strongWhoNaming...)
	// notCost are "combien" questions that are not about money.
	// lengthPhrases ask a length of time; with one of validWords anywhere
	// in the message, they ask how long something is valid.
	lengthPhrases = phrases("combien de temps", "combien d annees", "combien d annee", "combien d ans",
		"combien de mois", "combien de jours", "combien de semaines", "jusqu a quand", "quelle duree", "how long",
		"how many years", "how many months")
	validWords = phrases("valable", "valables", "valide", "valides", "validite", "valid", "est bon", "est bonne",
		"reste bon", "reste bonne", "est good", "good pendant", "good for", "vaut")
	notCostPhrases = phrases("combien d annees", "combien d annee", "combien d ans", "combien de points", "combien de point", "combien il me reste", "combien il reste",
		"combien me reste", "reste combien", "combien de fois", "combien de personnes", "combien de categories",
		"combien de chiffres", "combien de caracteres", "how many points", "combien de fautes", "combien d erreurs",
		"combien de questions")
)

// whoIsPhrases ask who somebody is ("c'est qui l'ANTAI ?", "c'est qui le
// CERT ?"): what a body does, not who may do the procedure.
var whoIsPhrases = phrases("c est qui l", "c est qui le", "c est qui la", "c est qui les", "c est qui ce",
	"c est qui cet", "c est qui cette", "c est qui ces")

// strongWho and weakWho ask who may do something; the weak ones ("pour
// lui", "la demande pour ma fille") only say for whom, and ask who only
// when the message asks nothing else ("et pour lui la carte grise ça
// coûte combien ?" asks a price).
var (
	strongWho = []string{"qui peut", "qui doit", "qui fait", "qui s occupe", "a ma place", "a sa place",
		"a la place", "quelqu un d autre", "un proche peut", "procuration", "qui a le droit", "pour quelqu un d autre",
		"pour un tiers", "c est moi qui", "c est lui qui", "c est elle qui", "c est a moi", "c est a lui", "c est a elle",
		"qui fait la demande", "qui s en occupe", "peut le faire",
		"peut la faire", "envoyer quelqu un",
		"quelqu un peut", "quelqu un d autre peut", "peut deposer", "peut le deposer", "peut la deposer", "peut y aller",
		"peut la recuperer", "peut le recuperer", "peut la retirer", "peut le retirer", "aller la chercher pour",
		"aller le chercher pour", "a qui", "aupres de qui", "c est qui", "qui decide", "qui delivre", "qui s en charge", "qui gere",
		"qui dois je",
		"qui me", "doit il etre present", "doit elle etre presente", "doit etre present", "c est moi ou", "est moi ou",
		"y aller seul", "y aller seule", "que ce soit moi", "que ce soit elle", "que ce soit lui", "ce soit moi qui",
		"venir elle meme", "venir lui meme", "besoin de venir", "est il autorise",
		"est elle autorisee", "est autorise a", "est autorisee a", "peut il faire", "peut elle faire", "peut il demander",
		"peut elle demander", "peut faire la demande", "peut demander", "peuvent demander", "peut il commencer",
		"peut elle commencer", "sans l accord", "sans son accord", "sans mes parents", "sans l autorisation", "a deux noms",
		"a 2 noms", "ou a l acheteur", "au vendeur ou", "ai le droit de faire", "ai encore le droit", "peut il effectuer",
		"peut elle effectuer", "peut etre titulaire", "need to come", "age limit", "doit vraiment etre", "on peut mettre", "peut aller chercher", "peut faire ma",
		"peut faire mon",
		"doit etre presente", "etre son accompagnateur",
		// English
		"who can", "who should", "who must", "on my behalf", "on his behalf", "on her behalf", "someone else",
		"for someone", "who decides", "who issues", "who handles", "who is responsible", "who does", "who is allowed",
		"can anyone", "can a foreigner", "can my", "do you need to be", "do i need to be", "only for"}
	// strongWhoNaming ask who with words that name something.
	strongWhoNaming = []string{"avec un seul parent", "autorite parentale"}
	weakWho         = []string{"faire pour mon", "faire pour ma", "le faire pour", "la faire pour", "les faire pour", "pour elle",
		"pour lui", "lui ou moi", "elle ou moi", "ou moi", "la demande pour", "demande pour mon", "demande pour ma",
		// Who may: an age, a condition met or not.
		"quel age", "age minimum", "age minimal", "age requis", "trop jeune", "suffit il", "suffit elle", "est il suffisant",
		"ai je le droit", "ai je droit", "j ai le droit", "a t il le droit", "a t elle le droit", "a le droit",
		"avons nous le droit", "on a le droit", "eligible", "eligibles", "suis je concerne", "je suis concerne",
		"peut commencer", "peux commencer", "je peux avoir", "peux avoir", "puis je avoir", "je peux obtenir",
		"peux obtenir", "puis je obtenir", "moi meme", "elle meme", "lui meme", "je peux quand meme", "je peux recuperer son", "je peux recuperer sa",
		"peux recup",
		// English
		"how old", "what age", "minimum age", "old enough", "am i eligible", "can i get", "am i allowed"}
)

// Intent phrases.
var (
	statusPhrases = phrases("ou en est", "ou en sont", "en est ou", "en sont ou", "elle en est", "il en est", "ou ca en est", "il est ou", "elle est ou", "ils sont ou",
		"est ou mon", "est ou ma", "ou est mon", "ou est ma", "toujours pas recu", "toujours rien",
		"toujours en attente", "pas encore recu", "rien recu", "pas recu", "pas recue", "jamais recu", "jamais recue",
		"n avance pas",
		"avance pas", "n avance plus", "pas de nouvelles", "aucune nouvelle", "j attends", "j attend",
		"en cours d instruction", "en cours de production", "en cours de traitement", "suivre ma demande",
		"suivi de ma demande", "suivre mon dossier", "quand vais je recevoir", "quand est ce que je vais recevoir",
		"delai depasse", "ca avance", "toujours pas arrive", "pas arrive", "pas encore arrive", "rien arrive",
		"j ai rien recu", "j ai toujours pas", "etat de ma demande", "statut de ma demande", "ou en est ma demande",
		"est pret", "est prete", "sera pret", "sera prete", "c est pret", "est disponible", "sera disponible",
		"des nouvelles de mon", "des nouvelles de ma", "des nouvelles de mes", "des nouvelles du", "des nouvelles pour mon",
		"des nouvelles pour ma", "any news", "any update")
	// unreceivedPhrases say a document never came: its own entry, not
	// where the request is.
	unreceivedPhrases = phrases("pas recu", "pas recue", "jamais recu", "jamais recue", "rien recu", "pas eu",
		"pas arrive", "pas arrivee", "jamais arrive", "jamais arrivee", "rien arrive", "not received", "never received",
		"never arrived", "hasn t arrived", "haven t received", "didn t receive", "not arrived")
	problemPhrases = phrases("bloque", "bloquee", "bloques", "bloquees", "refuse", "refusee", "rejete", "rejetee",
		"probleme", "problemes", "erreur", "bug", "beug", "bugue", "marche pas", "fonctionne pas", "incomplet",
		"incomplete", "irrecevable", "ne passe pas", "plante", "coince", "coincee", "classe sans suite",
		"message d erreur", "souci", "soucis",
		// English
		"blocked", "stuck", "rejected", "refused", "denied", "error", "not working", "doesn t work", "won t let me",
		"keeps failing", "failed")
	humanPhrases = phrases("parler a un responsable", "parler a quelqu un", "parler a un humain", "parler a une personne",
		"parler a un conseiller", "parler a une conseillere", "parler a un agent", "un responsable", "une vraie personne",
		"un vrai conseiller", "un etre humain", "echanger avec un agent", "echanger avec un conseiller",
		"echanger avec une conseillere", "echanger avec quelqu un", "avec un humain", "avec une vraie personne",
		"un operateur", "une operatrice", "un humain", "une humaine", "un vrai humain", "une personne reelle",
		"quelqu un de reel", "un agent humain", "une personne physique",
		// English
		"talk to a human", "speak to a human", "talk to someone", "speak to someone", "talk to a person",
		"speak to a person", "real person", "human agent", "talk to an agent", "speak to an agent",
		"talk to a real", "speak with someone", "speak with a human", "reach a human", "reach a person",
		"reach someone", "human operator")
	// beingPhrases ask what someone is ("vous êtes un robot ?", "c'est
	// une vraie personne qui répond ?", "am I talking to a bot?"); with
	// one of selfWords close after, the question is about the assistant.
	beingPhrases = phrases("tu es", "t es", "vous etes", "es tu", "etes vous", "c est", "c", "est ce", "suis je",
		"je parle a", "je parle avec", "je discute avec", "are you", "r u", "is this", "is it", "am i talking to",
		"am i speaking to", "am i speaking with", "am i chatting with", "is there a")
	formPhrases = phrases("formulaire", "cerfa", "remplir", "rempli", "case", "cases")
	// thanksPhrases and byePhrases close a conversation; closurePhrases
	// say it is over ("tout est réglé", "je vais contacter ma banque").
	thanksPhrases = phrases("merci", "mercii", "merciii", "mrc", "remercie", "remercier", "remercions",
		"remerciements", "thanks", "thank you", "thank u", "thx", "ty", "cheers", "much appreciated",
		// in the languages of people who write in simple French
		"obrigado", "obrigada", "gracias", "grazie", "danke", "choukran", "shukran", "chokran", "dziekuje",
		"multumesc", "tesekkurler")
	byePhrases = phrases("au revoir", "aurevoir", "bonne journee", "bonne soiree", "bonne fin de journee",
		"bonne nuit", "a bientot", "bye", "goodbye", "see you", "see ya", "cya", "take care", "good night", "have a nice day",
		"have a good day", "tchao", "ciao", "a la prochaine", "bonne continuation", "bon week end", "bonne semaine")
	closurePhrases = phrases("tout est regle", "c est regle", "c est tout bon", "laisse tomber", "enfin recu",
		"bien recu", "grace a vous", "grace a vos", "pour votre aide", "pour vos reponses", "pour les infos",
		"pour l info", "pour tout", "aimable", "j ai compris", "c est clair", "that helps", "all sorted", "got it",
		"for your help")
	// weakClosurePhrases close a message that names no document: "ok je
	// vais voir, merci" does, "je vais faire ma carte grise merci" asks.
	weakClosurePhrases = phrases("je vais", "on va", "c est bon", "c est tout", "ca marche", "parfait", "top",
		"super", "nickel", "genial", "i will", "i ll")
	angryPhrases = phrases("merde", "marre", "ras le bol", "raslebol", "nul", "nuls", "nulle", "honte", "honteux",
		"scandale", "scandaleux", "inadmissible", "inacceptable", "incompetent", "incompetents", "n importe quoi",
		"marche jamais", "fonctionne jamais", "bordel", "putain", "chier", "foutage", "foutent", "pff", "pfff",
		"degoute", "degoutee", "j en peux plus", "c est une blague", "lamentable", "pourri", "pourrie", "minable",
		"debile", "abuse", "abusez", "vous foutez", "se fout", "j en ai assez", "c est pas normal", "ridicule",
		"grr", "grrr", "serieux", "enerve", "enervee", "colere", "furieux", "furieuse", "insupportable",
		"vous servez a quoi", "servez a rien", "vous servez a rien", "ca sert a rien", "sert a rien", "vous etes inutiles", "bot inutile", "robot inutile",
		"jpp", "jen peux plus", "c l enfer", "c est l enfer", "un enfer", "la galere", "quelle galere", "galere avec vous")
	soldWords   = setOf("vendu vendue vendus vends vendre vend cede cedee ceder cession sold sell selling sale")
	boughtWords = setOf("achete achetee achetes acheter achat achete acquis acquise bought buy buying purchased purchase")
)

// Event words (kb.SlotEvent). Theft beats loss when both appear.
var (
	theftWords = setOf("vole volee voles volees voler vol volait cambriole cambriolee cambriolage derobe derobee " +
		"derobes pickpocket arrache arrachee piquee pique piques fauche fauchee subtilise fracture fracturee " +
		"fractures effraction braque braquee stolen pickpocketed burgled mugged snatched")
	lossWords   = setOf("perdu perdue perdus perdues perte egare egaree egares paume paumee introuvable disparu disparue lost")
	damageWords = setOf("abime abimee abimes abimer deteriore deterioree deterioration dechire dechiree casse cassee " +
		"casser illisible efface effacee mouille mouillee brule brulee ronge rongee plie pliee use usee delave delavee " +
		"damaged broken torn ripped faded unreadable illegible cracked burnt burned soaked washed")
	// flightWords follow "vol" when it is a flight, not a theft.
	flightWords = setOf("pour vers demain aller retour direct prevu international interieur low annule retarde " +
		"en de du a dans ce cette")
)

// personWords tell that a following "de 16 ans" is someone's age.
var personWords = setOf("fils fille filles enfant enfants adolescent adolescente bebe nourrisson petit petite neveu " +
	"niece frere soeur pere mere papa maman mari femme epoux epouse personne jeune cousin cousine fillette garcon " +
	"moi lui elle fillot beau belle grand grande")

// numberWords are ages written out.
var numberWords = map[string]int{"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
	"huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
	"seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}

// otherPermitWords follow "permis (de)" in the names of permits that are
// not driving licences and have no entry of their own.
const otherPermitWords = "exploitation former cariste detention port etudes etude ulm avion drone pilote tv tele television"

// foreignNational reports whether the message says the person is another
// country's national ("ressortissant sénégalais", "je suis marocaine", "of
// Indian nationality") and never speaks of French nationality, a French
// document or a second nationality: the passport such a person speaks of
// is their country's.
func (r *reading) foreignNational() bool {
	w := r.words
	said := false
	for i, x := range w {
		if frenchNationality[x] {
			return false
		}
		if i+1 < len(w) && (englishForeign[w[i+1]] || foreignAdjectives[w[i+1]]) &&
			(x == "ressortissant" || x == "ressortissante" || x == "nationalite" || x == "suis" || x == "citoyen" ||
				x == "citoyenne" || x == "am" || x == "m" && i > 0 && w[i-1] == "i") {
			said = true
		}
		if x == "nationality" && i > 0 && englishForeign[w[i-1]] {
			said = true
		}
	}
	return said
}

// frenchNationality are the words of a message about French nationality
// or a second one, where a passport may well be French.
var frenchNationality = setOf("francais francaise francaises french franco naturalise naturalisee naturalisation " +
	"binational binationale double nationalites dual")

// barLicence reports whether "permis" followed by a and b is a licence to
// sell drinks, typed "licence IV" or "licence 4" ("permis 4 ans" is not).
func barLicence(a, b string) bool {
	return a == "iv" || a == "4" && !licenceFourNext[b]
}

// licenceQualifiers name, before "licence" (which the KB reads as
// "permis"), licences that are not driving licences.
var licenceQualifiers = setOf("forklift caces cariste pilot pilots pilote ulm drone tv television")

// licenceFourNext follow "permis 4" when the 4 counts something.
var licenceFourNext = setOf("an ans annee annees mois semaine semaines jour jours point points fois h heures")

// notOurPassport reports whether the "passeport" at i is a pet's, a
// scheme's or another country's ("le passeport de mon chat", "passeport
// talent", "mon passeport marocain"), not one the agency issues.
func (r *reading) notOurPassport(i int) bool {
	w := r.words
	if i+1 < len(w) && foreignAdjectives[w[i+1]] {
		return true
	}
	// English puts the owner first: "my dog's passport", "a pet passport",
	// "my American passport".
	if i > 0 && (passportQualifiers[w[i-1]] || englishForeign[w[i-1]]) ||
		i > 1 && w[i-1] == "s" && passportQualifiers[w[i-2]] ||
		i > 1 && ownerWords[w[i-2]] && foreignName(w[i-1]) { // "my US passport", not "give us passport photos"
		return true
	}
	for k := i + 1; k < len(w) && k <= i+4; k++ {
		if k > i+1 && !smallWords[w[k-1]] {
			return false // "passeport perdu ... chien": the words between name more
		}
		if passportQualifiers[w[k]] {
			return true
		}
	}
	return false
}

// licenceFromElsewhere reports whether the licence named is said to be
// another country's by an adjective beside it: "permis polonais", "permis
// de conduire belge", "my Italian driving licence" (read "italian driving
// permis").
func (r *reading) licenceFromElsewhere() bool {
	w := r.words
	for i, x := range w {
		if x != "permis" {
			continue
		}
		k := i + 1
		for k < len(w) && (w[k] == "de" || w[k] == "conduire") {
			k++
		}
		if k < len(w) && foreignAdjectives[w[k]] {
			return true
		}
		k = i - 1
		if k >= 0 && w[k] == "driving" {
			k--
		}
		if k >= 0 && englishForeign[w[k]] {
			return true
		}
	}
	return false
}

// foreignName reports whether x is the one-word name of a country other
// than France ("us", "uk", "maroc").
func foreignName(x string) bool {
	c, ok := countryNames[x]
	return ok && c.name != "France"
}

var (
	passportQualifiers = setOf("chat chats chaton chien chiens chiot chiots animal animaux cheval chevaux furet " +
		"lapin equin talent vaccinal sanitaire covid pet dog cat")
	ownerWords = setOf("my his her our their a an the")
	smallWords = setOf("de d du des mon ma mes ton ta son sa notre votre leur pour le la les l un une europeen " +
		"of my the for")
)

// Document and vehicle words.
var (
	notLicence = setOf("construire chasse chasser bateau peche cotier hauturier demolir amenager travail sejour " +
		"fluvial cotiere " + otherPermitWords)
	// otherPermits are the permits of notLicence no entry redirects
	// (hunting, building and boat licences have theirs): a "permis
	// d'exploitation" is another title (reading.otherTitle).
	otherPermits = setOf(otherPermitWords + " travail sejour")
	vehicleWords = map[string]string{"voiture": "voiture", "voitures": "voiture", "auto": "voiture", "automobile": "voiture",
		"moto": "moto", "motos": "moto", "motocyclette": "moto", "scooter": "scooter", "scooters": "scooter",
		"cyclomoteur": "scooter", "utilitaire": "utilitaire", "camionnette": "utilitaire", "fourgon": "utilitaire",
		"camion": "utilitaire", "remorque": "remorque", "caravane": "remorque", "quad": "quad", "quads": "quad",
		"voiturette": "voiturette", "voiturettes": "voiturette", "trottinette": "trottinette", "trottinettes": "trottinette",
		// English ("car" is also French "because")
		"cars": "voiture", "motorbike": "moto", "motorcycle": "moto", "van": "utilitaire",
		"truck": "utilitaire", "lorry": "utilitaire", "trailer": "remorque", "caravan": "remorque"}
	documentNouns = setOf("permis voiture vehicule moto auto immatriculation plaque scooter camion grise")
	// placeVerbs come before "en Espagne", "au Maroc" when the country
	// says where something happened or comes from.
	placeVerbs = setOf("achete achetee importe importee venu venue vient delivre delivree obtenu obtenue passe " +
		"immatricule immatriculee perdu perdue vole volee")
)

// read works out what text says. abbrevs are the KB's abbreviations;
// known reports whether the KB's vocabulary has a word (nil: assume no).
func read(text string, abbrevs map[string]string, known func(string) bool) *reading {
	return readWith(text, abbrevs, known, nil)
}

// readMessage reads text with m's abbreviations and vocabulary, elisions
// typed without their apostrophe split as the matcher splits them.
func readMessage(m *match.Matcher, text string) *reading {
	return readWith(text, m.KB().Abbreviations(), m.Knows, m.Unglue)
}

// readWith is read, with unglue (nil: none) splitting a word glued to its
// elision ("combien dannees" is "combien d annees").
func readWith(text string, abbrevs map[string]string, known func(string) bool, unglue func(string) ([]string, bool)) *reading {
	words, ends := readClauses(text, abbrevs)
	if unglue != nil {
		words, ends = unglueWords(words, ends, unglue)
	}
	r := &reading{words: words, clauseEnds: ends, slots: map[string]string{}, bad: map[string]string{}, docAt: -1}
	w := r.words
	r.readDocuments()
	r.readEvent()
	r.readFacets()
	r.readVehicle()
	r.readAge()
	r.readCountry(text, known)
	r.readZone()
	r.readNumber()
	if r.anyOf(placePhrases) || r.inForeignCity() {
		r.slots[kb.SlotPlace] = "etranger"
	}
	if r.residesAbroad() {
		r.slots[kb.SlotResidence], r.slots[kb.SlotPlace] = "etranger", "etranger"
	}
	r.status = r.anyOf(statusPhrases)
	r.waitedOnly = !r.status && r.waitedDays()
	r.status = r.status || r.waitedOnly
	r.problem = r.anyOf(problemPhrases)
	r.form = r.anyOf(formPhrases)
	r.angry = r.anyOf(angryPhrases) && !r.zeroBalance() && !r.nowhere()
	r.whatWeAre = r.asksWhatWeAre()
	r.human = r.anyOf(humanPhrases) && !r.whatWeAre
	r.misread = r.anyOf(misreadPhrases)
	for _, x := range w {
		r.sold = r.sold || soldWords[x]
		r.bought = r.bought || boughtWords[x]
	}
	if len(w) > 0 && len(w) <= 14 {
		first := w[0]
		r.followUp = first == "et" || (first == "pour" || first == "avec" || first == "si" || first == "pareil" ||
			first == "idem" || first == "meme") && len(w) <= 8 ||
			first == "and" || len(w) > 1 && (first == "what" || first == "how") && w[1] == "about"
		// "non, je parlais du permis": the same question, about another document.
		r.correction = len(w) <= 8 && len(r.docs) == 1 && (first == "non" || first == "nan" || first == "no" ||
			len(w) > 1 && first == "je" && (w[1] == "parlais" || w[1] == "parle" || w[1] == "voulais"))
		for _, x := range w {
			r.correction = r.correction && correctionWords[x]
		}
		r.followUp = r.followUp || r.correction
	}
	if p := w[openingLength(w):]; len(p) > 0 && len(p) <= 8 {
		// After the discourse markers it opens with: "ok donc c'est pas
		// vous qui la délivrez" points back as "c'est pas vous" does.
		r.pronoun = pointingBack[p[0]] && !impersonal(p) || len(p) > 1 && (p[0] == "c" && p[1] == "est" ||
			(p[0] == "is" || p[0] == "does" || p[0] == "can") && p[1] == "it")
	}
	for _, x := range w {
		r.also = r.also || alsoWords[x]
	}
	r.question = questionSentence(text)
	r.scam = r.readScam()
	r.townHall = r.anyOf(townHallPhrases)
	r.writeTo = len(w) <= 12 && r.anyOf(writeToPhrases) && !r.anyOf(writingOpeners)
	r.askedIfOurs = len(w) <= 12 && r.anyOf(ifOursPhrases)
	if unglue != nil && r.modelMayRead() {
		// No phrase asks a facet: the model may still guess one, only with
		// the KB's words (readMessage), as the engine reads. It reads the
		// words as read here, the KB's abbreviations spelled out where the
		// training messages keep them as typed: that costs less than
		// reading the text again, and the facet tuning sets read alike.
		if f, p := facetClassifier().predictFeatures(featuresOf(r.words, r.clauseEnds, strings.Contains(text, "?"))); f != facetNone && p >= facetModelAt {
			r.guessed = f
		}
	}
	// A title named beside one of the agency's documents is context ("mon
	// titre de séjour étudiant, et mon permis brésilien ?"): the document
	// leads.
	r.otherTitle = (r.otherTitle || r.anyOf(otherTitles)) && r.doc() == "" || r.otherVehicle()
	r.gap = r.anyOf(knownGaps) && !r.anyOf(hostedWords) ||
		r.anyOf(refundWords) && r.doc() == "carte-grise" && !r.anyOf(stampWords) && !r.anyOf(loanWords)
	return r
}

// otherTitles name licences, cards, passports and registrations citizens
// take for the agency's ("la carte chrono", "le titre de séjour", "le
// CACES"). A permit named "permis de ..." is in notLicence, a passport's
// qualifier in notOurPassport: those words alone name other things.
var otherTitles = phrases("chronotachygraphe", "tachygraphe", "carte chrono", "carte conducteur", "tachograph",
	"caces", "cariste", "chariot elevateur", "forklift",
	"debit de boissons",
	"titre de sejour", "titres de sejour", "carte de sejour", "carte de resident", "carte resident",
	"residence permit", "residence card", "work permit", "study permit", "student permit",
	"carte vtc", "carte pro vtc", "carte professionnelle vtc", "carte de vtc", "vtc card", "carte de taxi", "carte taxi",
	"carte professionnelle de taxi", "carte de presse", "press card",
	"telepilote", "licence de pilote", "brevet de pilote", "pilot licence", "pilot license",
	"port d arme", "port d armes", "chien categorise", "chien dangereux",
	"pet passport", "passeport talent",
	"redevance tele", "redevance tv", "redevance audiovisuelle")

// knownGaps are the words of what citizens ask that the KB has no entry
// for yet: the P3 intents of shared/INTENTS.md whose facts are still to
// check (the carte grise's confidential code, a military licence's
// conversion, the alcohol interlock, the code booking's "date de naissance
// bloquante", an ID without a fixed address; a refund of the carte grise's
// taxes is refundWords with the carte grise). A neighbour entry would
// answer them with confidence and wrongly; the bot says it has no checked
// answer and offers a person. Remove an intent's words when its entry is
// written.
var knownGaps = phrases("code confidentiel", "codes confidentiels", "confidential code",
	"ethylotest anti demarrage", "ethylotest antidemarrage", "anti demarrage", "antidemarrage", "interlock", "ead",
	"sans domicile", "sdf", "domiciliation", "sans abri", "sans adresse fixe", "pas d adresse fixe", "homeless",
	"no fixed address",
	// a professional's own authorisation to register vehicles, not a
	// citizen's visit to one
	"devenir habilite", "devient habilite", "devenir professionnel habilite", "agrement siv", "habilitation siv",
	"demande d habilitation", "demander l habilitation", "obtenir l habilitation")

var (
	// hostedWords tell of someone housed by another ("sans domicile à moi,
	// hébergé chez ma sœur"): the hosted person's proof of address, which
	// has its entry.
	hostedWords = phrases("heberge", "hebergee", "heberges", "hebergees", "hebergement", "hebergent")
	// loanWords tell of a loan repaid ("j'ai remboursé mon crédit, le gage
	// est toujours là"), no refund of the carte grise.
	loanWords   = phrases("credit", "pret", "emprunt", "gage", "leasing", "loa", "lld", "loan")
	refundWords = phrases("remboursement", "rembourser", "rembourse", "remboursee", "rembourses", "refund", "refunded",
		"reimbursed", "reimbursement")
	stampWords = phrases("timbre", "timbres", "stamp")
)

// otherVehicles are not registered by the agency: a carte grise "de mon
// bateau" is another administration's.
var otherVehicles = setOf("bateau bateaux voilier voiliers navire jet jetski peniche yacht drone drones ulm avion " +
	"planeur helicoptere boat boats sailboat")

// otherVehicle reports whether the message is about a boat, a drone or an
// aircraft rather than a road vehicle: one of otherVehicles, no road
// vehicle, and no document named but the carte grise.
func (r *reading) otherVehicle() bool {
	if d := r.doc(); d != "" && d != "carte-grise" {
		return false
	}
	other := false
	for i, x := range r.words {
		if _, road := vehicleWords[x]; road || x == "vehicule" || x == "vehicules" || x == "quad" {
			return false
		}
		// "jet ski", "jet-ski": a "jet" alone is no vehicle.
		other = other || otherVehicles[x] && (x != "jet" || i+1 < len(r.words) && r.words[i+1] == "ski")
	}
	return other
}

// modelMayRead reports whether the facet model may read a facet in the
// message: no phrase read one, and the message is none of what the engine
// answers without a facet (a complaint, thanks or goodbye, where a request
// is, a person asked for) nor a "combien" that counts points or tries.
func (r *reading) modelMayRead() bool {
	return len(r.facets) == 0 && !r.followUp && !r.angry && !r.status && !r.human && !r.anyOf(thanksPhrases) &&
		!r.anyOf(byePhrases) && !r.anyOf(notCostPhrases)
}

// alsoWords say that what happened before happened again.
var alsoWords = setOf("aussi egalement also too")

// correctionWords are the words of a message that only points the
// question before at another document: "non, je parlais du permis de
// conduire", "non pour la carte grise", "no, i meant my passport".
var correctionWords = setOf("non nan no mais je parlais parle voulais dire disais c etait est pour de du d la le l " +
	"des ma mon mes pas i meant mean was talking about my the for " + documentWords)

// plateNumber reports whether "immatriculation" at i is the plate or its
// number ("plaque d'immatriculation", "mon numéro d'immatriculation"),
// not the certificate.
func plateNumber(w []string, i int) bool {
	j := i - 1
	if j >= 1 && (w[j] == "d" || w[j] == "de") {
		j--
	}
	return j >= 0 && (w[j] == "plaque" || w[j] == "plaques" || w[j] == "numero" || w[j] == "num" || w[j] == "no")
}

// documentWords are the French words that name the documents
// (readDocuments).
const documentWords = "permis permit conduire carte grise immatriculation immat certificat cni identite nationale " +
	"id passeport passeports"

var pointingBack = setOf("ca il elle ils elles on le la les cela ceci meme aussi it")

// openingLength is how many of the first words are discourse markers
// ("ok", "donc", "du coup": openingSpan), leaving two words at least.
func openingLength(w []string) int {
	n := 0
	for n < len(w) {
		next := ""
		if n+1 < len(w) {
			next = w[n+1]
		}
		k := openingSpan(w[n], next)
		if k == 0 || len(w)-n-k < 2 {
			return n
		}
		n += k
	}
	return n
}

// impersonal reports whether words open on an impersonal "il" ("il me
// faut un acte de naissance ?", "il suffit de...?"), which points back at
// nothing.
func impersonal(w []string) bool {
	if len(w) < 2 || w[0] != "il" {
		return false
	}
	i := 1
	if objectPronouns[w[i]] && len(w) > 2 {
		i++
	}
	return impersonalVerbs[w[i]]
}

var (
	objectPronouns  = setOf("me m te t lui nous vous leur")
	impersonalVerbs = setOf("faut fallait faudra faudrait suffit suffira suffirait")
)

// scamPhrases tell of a payment to a site, or a link sent to pay.
var scamPhrases = phrases("paye sur un site", "paye a un site", "paye un site", "un lien pour payer",
	"un lien pour regler", "lien pour regler", "lien pour payer", "sms avec un lien", "mail avec un lien",
	"courriel avec un lien", "message avec un lien", "sms m annonce", "me demandant de payer", "me demandant de regler",
	// English
	"paid a website", "text with a link", "email with a link", "sms with a link")

// scamSenders are what asks a citizen for money in a scam, and scamVerbs
// what they did: "un site (web) m'a facturé", "un courriel me demandant de
// régler".
var (
	scamSenders  = setOf("site sites sms texto mail email courriel message website")
	scamArticles = setOf("un une des ce a an")
	scamVerbs    = setOf("payer paye facture reclame reclamait vend vendu regler debite preleve charged")
)

// readScam tells whether a site or a message made the citizen pay, or asks
// for money: "un site web m'a fait payer 40 euros", "un SMS me demandant de
// régler une amende".
func (r *reading) readScam() bool {
	if r.anyOf(scamPhrases) {
		return true
	}
	w := r.words
	for i, x := range w {
		// "un site", "un SMS", "reçu un mail": not "le site" of the
		// procedure asking for its fee.
		if !scamSenders[x] || i == 0 || !scamArticles[w[i-1]] {
			continue
		}
		me := false
		for k := i + 1; k < len(w) && k <= i+10; k++ {
			switch {
			case w[k] == "m" || w[k] == "me":
				me = true
			case me && scamVerbs[w[k]]:
				return true
			}
		}
	}
	return false
}

// townHallPhrases ask which town hall takes an application: not only
// one's own, any of those with the fingerprint device.
var townHallPhrases = phrases("autre mairie", "autres mairies", "autre commune", "n importe quelle mairie",
	"mairie de ma commune", "mairie de mon domicile", "celle de ma commune", "celle de mon domicile",
	"mairie de mon lieu de residence", "pas de machine", "machine pour les empreintes",
	"ma mairie ne fait pas", "ma mairie ne les fait pas", "ma mairie ne delivre pas", "ma commune ne fait pas",
	"ma commune ne delivre pas", "ma commune ne les fait pas", "mairie de province", "mairie n est pas equipee",
	"mairie pas equipee", "commune n est pas equipee", "commune pas equipee", "mairies equipees",
	// English
	"any town hall", "any mairie", "another town hall", "another mairie", "other town hall", "the one where i live",
	"town hall where i live", "mairie where i live", "my own town hall")

// ifOursPhrases ask whether the agency is the one that does something;
// only read after a redirection (redirectedAgain), where "vous ne la
// délivrez pas ?" can mean nothing else.
var ifOursPhrases = phrases("c est pas vous", "ce n est pas vous", "c est pas l ants", "ce n est pas l ants",
	"pas sur le site de l ants", "pas sur le site ants", "pas sur votre site", "pas chez vous", "pas a l ants",
	"vous ne la", "vous ne le", "vous la faites pas", "vous le faites pas", "vous la delivrez pas", "vous le delivrez pas",
	"vous vous en occupez pas", "vous vous occupez pas",
	// English
	"not you", "isn t it you", "isn t that you", "isn t it the ants", "not the ants", "not on the ants",
	"not on your website", "you don t issue", "you don t deliver", "you don t do", "you do not issue",
	"you do not deliver", "you do not do")

// writeToPhrases ask to write to the agency; writingOpeners are the
// letter's opening that says it is being done.
var (
	writeToPhrases = phrases("vous ecrire", "ecrire a l ants", "ecrire a lants", "ecrire a l agence", "ecrire a quelqu un",
		"ecrire a vos services", "ecrire a votre service", "ecrire aux services", "ecrire a france titres",
		"vous envoyer un mail", "vous envoyer un email", "vous envoyer un courriel", "vous envoyer un message",
		"envoyer un mail a l ants", "envoyer un email a l ants",
		// English
		"write to you", "write to the ants", "write to ants", "write to someone", "email you", "e mail you",
		"send you an email", "send you an e mail")
	writingOpeners = phrases("permets de vous ecrire", "permet de vous ecrire", "je vous ecris", "vous ecris car",
		"i am writing to you", "i m writing to you")
)

// redoWords say a title is to be made again; reasonWords why (a move,
// its end of validity, a change of name): a loss, a theft or damage is
// the event slot.
var (
	redoWords   = phrases("refaire", "refais", "refait", "refaites", "redemander", "redo", "get a new one")
	reasonWords = phrases(append(slices.Clone(ownReasons), "renouveler", "renouvellement", "renew")...)
)

// ownReasonWords are the reasonWords that tell what happened to a document
// other than a loss, a theft or damage: its end of validity, a move, a
// change of name (renewing it may follow a theft).
var (
	ownReasons = []string{"adresse", "address", "demenage", "demenagement", "demenager", "demenagee", "moved",
		"expire", "expiree", "expirer", "expiration", "expired", "perime", "perimee", "plus valable", "plus valide",
		"fin de validite", "nom", "mariage", "mariee", "divorce", "name"}
	ownReasonWords = phrases(ownReasons...)
)

// postalPhrases name the post and the delivery of a document.
var postalPhrases = phrases("par la poste", "la poste a", "la poste l a", "la poste les a", "la poste me l a",
	"le facteur", "la factrice", "facteur", "factrice", "acheminement", "pendant l envoi", "lors de l envoi",
	"pendant la livraison", "le livreur", "colis",
	// English
	"in the post", "in the mail", "by the post", "by the mail", "postman", "postwoman", "mailman", "in transit",
	"during delivery")

var placePhrases = phrases("a l etranger", "a letranger", "hors de france", "depuis l etranger", "au consulat",
	"a l ambassade", "en vacances a l etranger", "en voyage a l etranger", "hors france",
	// English
	"abroad", "outside france", "outside of france", "overseas", "at the consulate", "at the embassy")

// inForeignCity reports whether the message says something happened in
// a foreign city, or the person is there for a trip: "on m'a volé mon
// permis à Barcelone", "en vacances à Bangkok".
func (r *reading) inForeignCity() bool {
	w := r.words
	for i := 1; i < len(w); i++ {
		if (w[i-1] == "a" || w[i-1] == "in") && foreignCityAt(w, i) &&
			(r.slots[kb.SlotEvent] != "" || i > 1 && tripWords[w[i-2]]) {
			return true
		}
	}
	return false
}

// residencePhrases say where one lives.
var residencePhrases = phrases("j habite", "je vis", "je reside", "on habite", "on vit", "nous habitons", "nous vivons",
	"installe", "installee", "installes", "installees", "expatrie", "expatriee", "expatries", "expat", "residant",
	"residante", "resident", "residente", "domicilie", "domiciliee", "habite a", "habite au", "habite aux", "habite en",
	"habitent a", "habitent au", "habitent aux", "habitent en", "vit a", "vit au", "vit aux", "vit en", "vivent a",
	"vivent au", "vivent aux", "vivent en",
	// English
	"i live", "we live", "living in", "i reside", "based in", "moved to", "relocated to", "expatriate", "live in",
	"lives in", "they live", "he lives", "she lives",
	// working there for a long time says as much ("I've been working in Singapore for four
	// years"); "je travaille en Suisse" does not: many who say it live in France
	"been working in")

// residenceWindow is how many words after a residence phrase may say
// where ("installé depuis plusieurs années dans un autre pays").
const residenceWindow = 7

// residesAbroad reports whether the message says the person lives
// abroad: a residence phrase followed within a few words by a foreign
// country or city, "à l'étranger" or "un autre pays", and not by France.
func (r *reading) residesAbroad() bool {
	w := r.words
	if !r.anyOf(residencePhrases) {
		return false
	}
	for i := range w {
		for _, p := range residencePhrases.byFirst[w[i]] {
			if !p.at(w, i) {
				continue
			}
			end := min(i+len(p)+residenceWindow, len(w))
			for k := i + len(p); k < end; k++ {
				switch {
				case w[k] == "france" || w[k] == "metropole" || w[k] == "french" && k+1 < len(w) && w[k+1] == "territory":
					return false
				case w[k] == "etranger" || w[k] == "letranger" || w[k] == "abroad" || w[k] == "overseas" ||
					w[k] == "autre" && k+1 < len(w) && w[k+1] == "pays" || w[k] == "another" && k+1 < len(w) && w[k+1] == "country":
					return true
				case k > 0 && placeBefore[w[k-1]] && (foreignCityAt(w, k) || foreignCountryAt(w, k)):
					return true
				}
			}
		}
	}
	return false
}

// placeBefore come before a place: "à Montréal", "au Canada", "in Spain".
var placeBefore = setOf("a au aux en in to")

// foreignCountryAt reports whether a country other than France is named
// at w[i].
func foreignCountryAt(w []string, i int) bool {
	c, _, ok := countryAt(w, i)
	return ok && c.name != "France"
}

// countryAt returns the country whose name, in one word or more ("etats
// unis"), starts at w[i], the longest, and how many words it takes.
func countryAt(w []string, i int) (country, int, bool) {
	longest := 1
	if countryFirstWords[w[i]] {
		longest = min(countryMaxWords, len(w)-i)
	}
	for n := longest; n >= 1; n-- {
		name := w[i]
		if n > 1 {
			name = strings.Join(w[i:i+n], " ")
		}
		if c, ok := countryNames[name]; ok {
			return c, n, true
		}
	}
	return country{}, 0, false
}

// tripWords come before "en Espagne", "in Spain" when the person is there
// for a while.
var tripWords = setOf("vacances voyage holiday holidays trip vacation travelling traveling")

func (r *reading) readFacets() {
	w := r.words
	type at struct {
		facet string
		pos   int
	}
	var found []at
	add := func(f string, i int) {
		if i >= 0 {
			found = append(found, at{f, i})
		}
	}
	validity := -1
	endOfValidity := phFinDeValidite.find(w) >= 0 // "à la fin de validité, je dois...": no validity asked
	if i := r.firstOf(validityPhrases); i >= 0 && (!endOfValidity || phDateFinValidite.find(w) >= 0) {
		validity = i
	} else if i := r.firstOf(lengthPhrases); i >= 0 && r.anyOf(validWords) && !endOfValidity {
		// "combien d'années est valable un passeport": a length of time and
		// the word for valid, wherever they fall.
		validity = i
	}
	add(kb.FacetValidity, validity)
	if validity < 0 {
		add(kb.FacetDelay, r.firstOf(delayPhrases))
	}
	if c := r.firstOf(costPhrases); c >= 0 && !r.anyOf(priceOpinionPhrases) {
		// "combien" alone asks a price unless it counts something else
		// ("combien de points") or is the time or validity already found.
		combienOnly := !r.anyOf(costOnly) && !priceAsked(w)
		if !(combienOnly && (r.anyOf(notCostPhrases) || validity >= 0 || r.anyOf(delayPhrases))) {
			add(kb.FacetCost, c)
		}
	}
	add(kb.FacetDocuments, r.firstOf(documentsPhrases))
	meanwhile := r.firstOf(meanwhilePhrases)
	if meanwhile < 0 {
		meanwhile = mayDrive(w)
	}
	where := r.firstOf(wherePhrases)
	if where >= 0 && meanwhile >= 0 && where == r.firstOf(phrMustGo) {
		// "lundi je dois aller au travail, je peux rouler ?": where the
		// person drives to, not where to do the procedure.
		where = -1
	}
	whereTo := whereToDo(w)
	switch i := where; {
	case (phOuEnEst.find(w) >= 0 || r.firstOf(statusPhrases) >= 0) && r.firstOf(howPhrases) >= 0:
		// "comment savoir où en est ma demande ?": how to follow it.
		add(kb.FacetHow, r.firstOf(howPhrases))
	case phOuEnEst.find(w) >= 0 || r.firstOf(statusPhrases) >= 0:
	case i >= 0:
		add(kb.FacetHow, i)
	case len(w) > 1 && w[len(w)-1] == "ou":
		add(kb.FacetHow, len(w)-1) // "je le demande où ?"
	case whereTo >= 0:
		add(kb.FacetHow, whereTo) // "où télécharger le formulaire ?"
	case len(w) > 2 && w[len(w)-2] == "en" && w[len(w)-1] == "ligne":
		add(kb.FacetHow, len(w)-2) // "je peux la refaire en ligne ?"
	case r.firstOf(howPhrases) >= 0 && r.asks() && r.firstOf(howPhrases) != r.firstOf(documentsPhrases):
		// "comment je fais la carte grise ?", but not "comment puis-je
		// prouver mon domicile ?", which asks the papers.
		add(kb.FacetHow, r.firstOf(howPhrases))
	}
	add(kb.FacetMeanwhile, meanwhile)
	if len(found) == 0 || r.anyOf(strongWhoPhrases) {
		who := r.firstOf(whoPhrases)
		if p := personMay(w); p >= 0 && (who < 0 || p < who) {
			who = p
		}
		if who >= 0 && who == r.firstOf(whoIsPhrases) {
			who = -1 // "c'est qui l'ANTAI ?" asks what a body is, not who may act
		}
		add(kb.FacetWho, who)
	}
	// A cue said as known or as not mattering ("je sais que c'est gratuit",
	// "le délai je m'en fiche") asks nothing, when another cue asks.
	if len(found) > 1 {
		kept := found[:0:0]
		for _, f := range found {
			if !r.settled(f.pos) {
				kept = append(kept, f)
			}
		}
		if len(kept) > 0 {
			found = kept
		}
	}
	// The question comes last: the last clause's cues first, in the order
	// they come in it, each facet once ("en attendant votre réponse, c'est
	// combien ?" asks the price).
	for len(found) > 0 {
		best := 0
		for i := range found {
			ci, cb := r.clauseAt(found[i].pos), r.clauseAt(found[best].pos)
			if ci > cb || ci == cb && found[i].pos < found[best].pos {
				best = i
			}
		}
		r.facets = append(r.facets, found[best].facet)
		found = append(found[:best], found[best+1:]...)
	}
}

// settled reports whether the facet cue at word i is said as known or as
// not mattering: a word of knowing or not caring just before it in its
// clause ("je sais que", "on m'a dit", "je m'en fiche du délai"), or a
// word of agreement right after ("le prix c'est bon", "the fee is fine").
func (r *reading) settled(i int) bool {
	w, c := r.words, r.clauseAt(i)
	for k := max(0, i-5); k < i; k++ {
		if knownBefore[w[k]] && r.clauseAt(k) == c {
			return true
		}
	}
	for k := i + 1; k < len(w) && k <= i+5 && r.clauseAt(k) == c; k++ {
		if knownAfter[w[k]] || w[k] == "c" && k+2 < len(w) && w[k+1] == "est" && w[k+2] == "bon" {
			return true
		}
	}
	return false
}

var (
	knownBefore = setOf("sais sait savais connais dit vu parait crois fiche fou fous fout importe osef deja regarde " +
		"know knew paid already")
	knownAfter = setOf("ok okay fine done sais connais deja crois parait fiche fou fous osef")
)

// personMay returns where a message names someone followed by "peut" or
// the like ("mon mari peut le demander ?", "le garage pourrait s'en
// charger ?"), which asks who may do it, or -1.
func personMay(w []string) int {
	for i := 0; i+1 < len(w); i++ {
		if !actorWords[w[i]] {
			continue
		}
		for k := i + 1; k < len(w) && k <= i+2; k++ {
			if mayWords[w[k]] || w[k] == "peuvent" || w[k] == "pourraient" {
				return i
			}
		}
	}
	return -1
}

// actorWords name someone who may act for the person or in their place.
var actorWords = setOf("mari femme epoux epouse conjoint conjointe compagnon compagne concubin pere mere papa maman " +
	"parent parents fils fille frere soeur ami amie pote copain copine voisin voisine garage garagiste proche " +
	"tiers tuteur tutrice curateur notaire heritier heritiers husband wife partner father mother son daughter " +
	"brother sister friend etranger etrangere mineur mineure majeur quelqu")

// whereToDo returns where "ou" comes right before a verb in the
// infinitive ("où télécharger le cerfa ?", "ou s'inscrire"), which asks
// where to do it, or -1; "papier ou ephoto" is no such question.
func whereToDo(w []string) int {
	for i := 0; i+1 < len(w); i++ {
		if w[i] != "ou" || i > 0 && w[i-1] == "par" {
			continue // "par où commencer ?" asks how, on a first message the whole answer
		}
		v := w[i+1]
		if (v == "s" || v == "se" || v == "me" || v == "le" || v == "la" || v == "les") && i+2 < len(w) {
			v = w[i+2]
		}
		if len(v) > 4 && (strings.HasSuffix(v, "er") || strings.HasSuffix(v, "ir") || strings.HasSuffix(v, "dre")) &&
			!notInfinitive[v] {
			return i
		}
	}
	return -1
}

// notInfinitive end like a verb in the infinitive and are not one.
var notInfinitive = setOf("premier dernier hier papier dossier quartier courrier fichier calendrier janvier fevrier " +
	"plusieurs leur leurs pour sur autour plaisir desir avenir ordre autre")

// priceOpinionPhrases ask whether a price is fair ("8 000 € pour une golf
// de 2015, c'est un bon prix ?"): advice on a vehicle, no fee of a
// procedure.
var priceOpinionPhrases = phrases("bon prix", "prix raisonnable", "prix correct", "prix honnete", "prix normal",
	"bonne affaire", "good price", "good deal", "fair price")

// phrMustGo is having to go somewhere, which a wherePhrases match may be.
var phrMustGo = phrases("faut aller", "faut il aller", "dois aller", "dois je aller", "doit aller", "se deplacer",
	"faut se deplacer")

// mayDrive returns where a message asks whether one may still drive or
// travel with a few words between ("puis-je au moins conduire pour
// aller au travail ?"), or -1.
func mayDrive(w []string) int {
	for i, x := range w {
		if !mayWords[x] {
			continue
		}
		for k := i + 1; k < len(w) && k <= i+4; k++ {
			if w[k] == "toujours" || w[k] == "encore" {
				break // "je peux toujours voyager avec ?": still valid
			}
			if w[k] == "conduire" || w[k] == "rouler" || w[k] == "voyager" {
				if k+1 < len(w) && placeWords[w[k+1]] {
					break // "pourra conduire en métropole ?": recognised there
				}
				return i
			}
		}
	}
	return -1
}

var mayWords = setOf("puis peux peut pourrai pourrais pourra pourrons pourrait")

// placeWords introduce where one drives: "conduire en France".
var placeWords = setOf("en au aux dans")

// priceAsked reports whether "c'est combien" asks a price: not "c'est
// combien de temps".
func priceAsked(w []string) bool {
	i := phCestCombien.find(w)
	return i >= 0 && (i+3 >= len(w) || w[i+3] != "de" && w[i+3] != "d")
}

var phCestCombien = phrase(strings.Fields("c est combien"))

// costOnly are cost words that stay a cost question beside "combien de".
var costOnly = phrases("prix", "tarif", "tarifs", "coute", "cout", "couter", "payant", "payante", "gratuit", "gratuite",
	"gratuitement", "payer", "euros", "montant", "frais", "taxe", "timbre fiscal")

// asks reports whether the message asks how to do something rather than
// telling a situation: the how words with no event, problem or status.
func (r *reading) asks() bool {
	return !r.anyOf(problemPhrases) && !r.anyOf(statusPhrases)
}

// howFollowUp reports whether the message asks how to proceed, which on a
// follow-up is the FacetHow of the topic.
func (r *reading) howFollowUp() bool { return r.anyOf(howPhrases) }

func (r *reading) readDocuments() {
	w := r.words
	foreign, foreignRead := false, false // r.foreignNational(), read once if a passport is named
	for i := 0; i < len(w); i++ {
		add := func(doc string) {
			if r.docAt < 0 {
				r.docAt = i
			}
			r.docs = append(r.docs, doc)
			r.docPos = append(r.docPos, i)
		}
		next := func(k int) string {
			if i+k < len(w) {
				return w[i+k]
			}
			return ""
		}
		switch {
		case w[i] == "permis" || w[i] == "permit":
			if i > 0 && licenceQualifiers[w[i-1]] {
				r.otherTitle = true // "forklift licence", "pilot licence": "licence" read as "permis"
				continue
			}
			if i >= 2 && w[i-1] == "sans" && (w[i-2] == "voiture" || w[i-2] == "voitures") {
				continue // "voiture sans permis": a vehicle (readVehicle), not the licence
			}
			if barLicence(next(1), next(2)) {
				r.otherTitle = true // "licence IV": the KB reads "licence" as "permis"
				continue
			}
			if notLicence[next(1)] || (next(1) == "de" || next(1) == "d") && notLicence[next(2)] {
				r.otherTitle = r.otherTitle || otherPermits[next(1)] || otherPermits[next(2)]
				continue
			}
			add("permis")
		case (w[i] == "carte" || w[i] == "cartes") && (next(1) == "grise" || next(1) == "grises"),
			w[i] == "immatriculation" && !plateNumber(w, i),
			w[i] == "immat", w[i] == "certificat" && next(1) == "d" && strings.HasPrefix(next(2), "immat"):
			add("carte-grise")
		case w[i] == "cni", (w[i] == "carte" || w[i] == "cartes") && (next(1) == "identite" || next(1) == "nationale" ||
			next(1) == "d" && (next(2) == "identite" || next(2) == "id")):
			add("cni")
		case w[i] == "passeport" || w[i] == "passeports":
			if !foreignRead {
				foreign, foreignRead = r.foreignNational(), true
			}
			if foreign || r.notOurPassport(i) {
				r.otherTitle = true
				continue
			}
			add("passeport")
		// English: "driving licence", "driver's license", "id card",
		// "registration certificate", "passport".
		case (w[i] == "licence" || w[i] == "license" || w[i] == "licences" || w[i] == "licenses") && i > 0 &&
			(w[i-1] == "driving" || w[i-1] == "driver" || w[i-1] == "drivers" || w[i-1] == "driver s" ||
				i > 1 && w[i-1] == "s" && (w[i-2] == "driver" || w[i-2] == "driving")):
			add("permis")
		case w[i] == "passport" || w[i] == "passports":
			add("passeport")
		case (w[i] == "id" || w[i] == "identity") && (next(1) == "card" || next(1) == "carte" || next(1) == "cards" ||
			next(1) == "cartes"):
			add("cni")
		case w[i] == "registration" && (next(1) == "certificate" || next(1) == "document" || next(1) == "card") ||
			w[i] == "logbook" || w[i] == "v5c":
			add("carte-grise")
		}
	}
	if d := r.doc(); d != "" {
		r.slots[kb.SlotDocument] = d
	}
}

// leadsWithDocument reports whether the message starts by naming a
// document ("c'est pour le permis, le site me met une erreur"): it
// answers "Quelle démarche est concernée ?" before it says more.
func (r *reading) leadsWithDocument() bool { return r.docAt >= 0 && r.docAt <= 4 }

func (r *reading) readEvent() {
	w := r.words
	var theft, loss, damage bool
	for i, x := range w {
		switch {
		case x == "vol":
			// "mon vol pour Montréal" is a flight.
			prev := ""
			if i > 0 {
				prev = w[i-1]
			}
			if i+1 < len(w) && flightWords[w[i+1]] && prev != "de" && prev != "un" || prev == "mon" || prev == "notre" || prev == "votre" || prev == "du" {
				continue
			}
			theft = true
		case theftWords[x]:
			// "il n'a pas été volé, je l'ai perdu"
			if !negated(w, i) {
				theft = true
			}
		case lossWords[x]:
			loss = true
		case damageWords[x]:
			// "la vitre cassée", "jambe cassée": something else is broken.
			if i == 0 || !damagedOther[w[i-1]] {
				damage = true
			}
		}
	}
	if phTrouvePlus.find(w) >= 0 || phRetrouvePlus.find(w) >= 0 ||
		phOnMAPris.find(w) >= 0 || phOnMAToutPris.find(w) >= 0 {
		if phOnMA.find(w) >= 0 {
			theft = true
		} else {
			loss = true
		}
	}
	loss, damage = moreEvent(w, loss, damage)
	if loss && !theft && r.anyOf(postalPhrases) {
		// "mon permis a été égaré par La Poste": never delivered, not lost
		// by its holder.
		loss, r.undelivered = false, true
	}
	switch {
	case theft:
		r.slots[kb.SlotEvent] = "vol"
	case loss:
		r.slots[kb.SlotEvent] = "perte"
	case damage:
		r.slots[kb.SlotEvent] = "deterioration"
	}
}

// damagedOther are the things other than a document that a message says
// are broken, right before the word that says it.
var damagedOther = setOf("vitre vitres brise parebrise serrure serrures retro retroviseur portiere portieres " +
	"phare phares carrosserie moteur jambe bras pied main poignet dos telephone portable ecran lunettes " +
	"window windscreen windshield lock leg arm phone screen")

// negated reports whether one of the three words before position i is a
// negation.
func negated(w []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if w[k] == "pas" || w[k] == "non" || w[k] == "jamais" {
			return true
		}
	}
	return false
}

func (r *reading) readVehicle() {
	w := r.words
	for i, x := range w {
		if v, ok := vehicleWords[x]; ok {
			r.slots[kb.SlotVehicle] = v
		}
		next := ""
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case x == "camping" && (next == "car" || next == "cars"):
			r.slots[kb.SlotVehicle] = "camping-car"
		case x == "voiture" && next == "sans" && i+2 < len(w) && w[i+2] == "permis":
			r.slots[kb.SlotVehicle] = "voiturette"
		case (x == "deux" || x == "2") && next == "roues":
			r.slots[kb.SlotVehicle] = "moto"
		case x == "occasion" || x == "occas" || x == "seconde" && next == "main":
			r.slots[kb.SlotNew] = "occasion"
		case (x == "neuf" || x == "neuve" || x == "neufs" || x == "neuves") && next != "ans" && next != "an" &&
			next != "mois" && next != "jours" && next != "semaines" && next != "heures":
			r.slots[kb.SlotNew] = "neuf"
		}
	}
}

// readAge finds who the document is for: an age next to a person
// ("mon fils de 16 ans", "j'ai 17 ans"), or adult, baby.
func (r *reading) readAge() {
	w := r.words
	for i, x := range w {
		switch x {
		case "adulte", "adultes", "majeur", "majeure", "majeurs":
			r.slots[kb.SlotFor] = "adulte"
		case "bebe", "bebes", "nourrisson", "nouveau":
			if x != "nouveau" || i+1 < len(w) && w[i+1] == "ne" {
				r.slots[kb.SlotFor] = "moins-15"
			}
		}
		var n int
		switch {
		case (x == "ans" || x == "an") && i > 0:
			m, j, ok := ageBefore(w, i)
			if !ok || !personBefore(w, j) {
				continue
			}
			n = m
		case englishAgeWords[x]:
			m, ok := englishAge(w, i)
			if !ok {
				continue
			}
			n = m
		default:
			continue
		}
		delete(r.bad, kb.SlotFor)
		switch {
		case n > 120:
			r.bad[kb.SlotFor] = strconv.Itoa(n) + " ans"
			delete(r.slots, kb.SlotFor)
		case n >= 18:
			r.slots[kb.SlotFor] = "adulte"
		case n >= 15:
			r.slots[kb.SlotFor] = "mineur-15-17"
		default:
			r.slots[kb.SlotFor] = "moins-15"
		}
	}
}

// englishAgeWords are the English words that end or begin an age: "10
// year old", "16 years old", "aged 16", "is 16".
var englishAgeWords = setOf("year years yr yrs aged is turns turned")

// englishPersonWords tell whose age an English number is.
var englishPersonWords = setOf("son sons daughter daughters child children kid kids boy girl baby teen teenager " +
	"he she i im me wife husband mother mum mom father dad brother sister nephew niece grandson granddaughter")

// possessives make "my 16 year old" someone.
var possessives = setOf("my our his her their")

// englishAge reads an English age around w[i]: "my 10 year old son",
// "my daughter is 12", "aged 16", "I'm 17 years old". The number must be
// someone's: "my licence is 10 years old" is not an age of a person.
func englishAge(w []string, i int) (int, bool) {
	person := func(from, to int) bool {
		for k := max(from, 0); k <= to && k < len(w); k++ {
			if englishPersonWords[w[k]] {
				return true
			}
		}
		return false
	}
	number := func(k int) (int, bool) {
		if k < 0 || k >= len(w) || !isDigits(w[k]) || len(w[k]) > 3 {
			return 0, false
		}
		n, _ := strconv.Atoi(w[k])
		return n, true
	}
	switch w[i] {
	case "year", "years", "yr", "yrs":
		n, ok := number(i - 1)
		if !ok {
			return 0, false
		}
		// "10 year old son", "a 16 years old girl" / "my son, 10 years old", "I'm 17 years old"
		old := i+1 < len(w) && w[i+1] == "old"
		if old && (person(i+2, i+3) || i >= 2 && possessives[w[i-2]]) || person(i-4, i-2) {
			return n, true
		}
	case "aged":
		return number(i + 1)
	default: // is, turns, turned
		if n, ok := number(i + 1); ok && person(i-2, i-1) {
			return n, true
		}
	}
	return 0, false
}

// ageBefore reads the number before w[i] ("16", "seize", "dix sept") and
// returns it with the position of its first word.
func ageBefore(w []string, i int) (int, int, bool) {
	p := w[i-1]
	if isDigits(p) {
		if len(p) > 4 {
			return 0, 0, false
		}
		n, _ := strconv.Atoi(p)
		return n, i - 1, true
	}
	n, ok := numberWords[p]
	if !ok {
		return 0, 0, false
	}
	j := i - 1
	if j > 0 && w[j-1] == "dix" && n >= 7 && n <= 9 { // dix sept, dix huit, dix neuf
		return 10 + n, j - 1, true
	}
	if j > 0 && numberWords[w[j-1]] >= 20 { // vingt deux...
		return numberWords[w[j-1]] + n, j - 1, true
	}
	return n, j, true
}

// personBefore reports whether the words before position j say whose age
// it is: "mon fils de", "ma fille a", "j'ai", "il a", "âgé de".
func personBefore(w []string, j int) bool {
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		switch w[k] {
		case "age", "agee", "ages", "agees":
			return true
		case "ai":
			return k > 0 && w[k-1] == "j"
		case "a":
			if k > 0 && (w[k-1] == "il" || w[k-1] == "elle") {
				return true
			}
		}
		if personWords[w[k]] {
			return true
		}
		if w[k] == "depuis" || w[k] == "valable" || w[k] == "pendant" || w[k] == "fait" || w[k] == "y" || w[k] == "dans" {
			return false
		}
	}
	return false
}

// readCountry finds a country by name or adjective ("permis algérien",
// "achetée en Allemagne"), or one that does not exist next to a document
// ("permis wakandais", "acheté au Wakanda").
func (r *reading) readCountry(text string, known func(string) bool) {
	w := r.words
	for i := 0; i < len(w); i++ {
		c, n, ok := countryAt(w, i)
		if !ok {
			continue
		}
		if name := w[i]; n == 1 && (name == "anglais" || name == "anglaise" || name == "us" || name == "english" ||
			name == "turkey" || name == "chad" || name == "kiwi") && !documentNear(w, i) {
			continue
		}
		r.setCountry(c, w, i)
		i += n - 1
	}
	if _, ok := r.slots[slotCountry]; ok {
		return
	}
	// An adjective of nationality the table does not know, right after a
	// document or a vehicle.
	for i := 1; i < len(w); i++ {
		if documentNouns[w[i-1]] && looksLikeNationality(w[i]) && (known == nil || !known(w[i])) {
			r.bad[slotCountry] = w[i]
			return
		}
	}
	// A capitalised name after "acheté en", "vient du"... that no country
	// and no KB word has.
	var caps map[string]bool
	for i := 2; i < len(w); i++ {
		if (w[i-1] == "en" || w[i-1] == "au" || w[i-1] == "aux") && placeVerbs[w[i-2]] && len(w[i]) >= 4 &&
			(known == nil || !known(w[i])) {
			if caps == nil {
				caps = capitalised(text)
			}
			if !caps[w[i]] {
				continue
			}
			r.bad[slotCountry] = w[i]
			return
		}
	}
}

func (r *reading) setCountry(c country, w []string, i int) {
	r.slots[slotCountry] = c.name
	if c.zone == "" {
		return
	}
	r.slots[kb.SlotZone] = c.zone
	// "perdu mon passeport en Espagne": the person is abroad.
	in := i > 0 && (w[i-1] == "en" || w[i-1] == "au" || w[i-1] == "aux" || w[i-1] == "in")
	if in && r.slots[kb.SlotEvent] != "" || in && i > 1 && tripWords[w[i-2]] {
		r.slots[kb.SlotPlace] = "etranger"
	}
}

// Zone phrases: where a licence or a vehicle comes from, said without a
// country. Outside the EU is read first: "hors de l'Union européenne"
// names the Union too.
var (
	outsideEUPhrases = phrases("hors ue", "hors de l ue", "hors union europeenne", "hors de l union europeenne",
		"hors de l union", "hors de l europe", "hors europe", "hors eee", "pays tiers", "non europeen",
		"non europeenne", "pas europeen", "pas europeenne", "extra europeen", "extra europeenne",
		"en dehors de l ue", "en dehors de l union europeenne", "en dehors de l europe", "non ue",
		"outside the eu", "non eu", "outside europe")
	euPhrases = phrases("pays de l ue", "pays de l union europeenne", "de l union europeenne", "dans l ue",
		"pays europeen", "un pays de l eee", "espace economique europeen", "permis europeen", "in the eu",
		"eu licence", "eu country")
)

// readZone reads the zone a licence or a vehicle comes from when no
// country named it.
func (r *reading) readZone() {
	if r.slots[kb.SlotZone] != "" {
		return
	}
	switch {
	case r.firstOf(outsideEUPhrases) >= 0:
		r.slots[kb.SlotZone] = "hors-ue"
	case r.firstOf(euPhrases) >= 0:
		r.slots[kb.SlotZone] = "ue"
	}
}

// documentNear reports whether a document or vehicle word is among the
// three words before position i.
func documentNear(w []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if documentNouns[w[k]] {
			return true
		}
	}
	return false
}

// capitalised returns the folded words of text written with a capital
// letter, other than at the start of a sentence.
func capitalised(text string) map[string]bool {
	out := map[string]bool{}
	start := true
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '\'' || r == '’' }) {
		rs := []rune(f)
		if !start && len(rs) > 0 && unicode.IsUpper(rs[0]) {
			for _, w := range match.Words(fold.Text(f)) {
				out[w] = true
			}
		}
		start = strings.ContainsAny(f[len(f)-1:], ".?!")
	}
	return out
}

// readNumber finds a request number given after "numéro de demande",
// "dossier", "n°": one of the right shape fills the slot, one of the wrong
// shape is a bad value.
func (r *reading) readNumber() {
	w := r.words
	for i, x := range w {
		if x != "numero" && x != "num" && x != "n" && x != "no" && x != "reference" && x != "ref" {
			continue
		}
		// Skip "de demande", "de dossier", "est", "c'est", ":".
		j := i + 1
		for j < len(w) && j <= i+4 && (w[j] == "de" || w[j] == "demande" || w[j] == "dossier" || w[j] == "est" ||
			w[j] == "c" || w[j] == "ma" || w[j] == "mon" || w[j] == "du" || w[j] == "la" || w[j] == "le" || w[j] == "d") {
			j++
		}
		var parts []string
		for k := j; k < len(w) && len(parts) < 6; k++ {
			if !strings.ContainsAny(w[k], "0123456789") && !(len(parts) > 0 && len(w[k]) <= 4) {
				break
			}
			parts = append(parts, w[k])
		}
		for len(parts) > 0 && !strings.ContainsAny(parts[len(parts)-1], "0123456789") {
			parts = parts[:len(parts)-1]
		}
		if len(parts) == 0 {
			continue
		}
		if n, ok := requestNumber(strings.Join(parts, "")); ok {
			r.slots[slotNumber] = n
			delete(r.bad, slotNumber)
			return
		}
		r.bad[slotNumber] = strings.ToUpper(strings.Join(parts, " "))
	}
}

// waitedDays reports "ça fait 16 jours", "depuis 3 semaines" with a word
// of waiting or of not receiving around it.
func (r *reading) waitedDays() bool {
	w := r.words
	for i := 1; i < len(w); i++ {
		switch w[i] {
		case "jours", "jour", "semaines", "semaine", "mois":
		default:
			continue
		}
		if !isDigits(w[i-1]) && numberWords[w[i-1]] == 0 && w[i-1] != "plusieurs" && w[i-1] != "quelques" {
			continue
		}
		for k := i - 2; k >= 0 && k >= i-4; k-- {
			if w[k] == "fait" || w[k] == "depuis" {
				return true
			}
		}
	}
	return false
}

// questionSentence returns the sentence that asks, in a message of several
// sentences: the last one with a question mark, else the last one that
// opens with a question word, else the last one. It returns "" for a
// message of one sentence or fewer than 25 words.
func questionSentence(text string) string {
	if strings.Count(text, " ") < 24 {
		return ""
	}
	sentences := strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == '!' || r == '\n' || r == ';' })
	var parts []string
	for _, s := range sentences {
		// Split after each question mark, keeping it.
		for s != "" {
			i := strings.IndexByte(s, '?')
			if i < 0 {
				parts = append(parts, s)
				break
			}
			parts = append(parts, s[:i+1])
			s = s[i+1:]
		}
	}
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); len(p) > 2 {
			kept = append(kept, p)
		}
	}
	if len(kept) < 2 {
		return ""
	}
	for i := len(kept) - 1; i >= 0; i-- {
		if strings.HasSuffix(kept[i], "?") {
			return kept[i]
		}
	}
	for i := len(kept) - 1; i >= 0; i-- {
		ws := match.Words(fold.Text(kept[i]))
		if len(ws) > 0 && questionWords[ws[0]] {
			return kept[i]
		}
	}
	return kept[len(kept)-1]
}

var questionWords = setOf("comment combien quel quelle quels quelles est pourquoi ou que quand qui puis peut dois " +
	"faut peux pouvez je")

// ReadFacets returns the facets a message asks as the engine reads it
// (kb.FacetNames, the first asked first), with m's abbreviations and
// vocabulary. The engine may still answer another facet in a conversation
// (a follow-up keeps the facet before it); this is the reading alone, which
// `guichet eval --facets` measures. A facet only the model guessed comes
// alone, as the engine answers it when the entry it chose has that facet.
func ReadFacets(m *match.Matcher, text string) []string {
	r := readMessage(m, text)
	if len(r.facets) == 0 && r.guessed != "" {
		return []string{r.guessed}
	}
	return slices.Clone(r.facets)
}
