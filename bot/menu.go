package bot

import (
	"slices"
	"strings"
)

// documentMenus are the procedures offered when a message names a document
// and nothing about it ("carte grise", "j'ai une question sur mon permis"):
// the ones citizens ask most about that document (shared/DOMAIN.md), an
// entry the KB lacks left out.
var documentMenus = map[string][]string{
	"permis":      {"permis.perte", "permis.vol", "permis.renouvellement", "permis.premiere-demande", "permis.suivi", "permis.points"},
	"carte-grise": {"civ.changement-titulaire", "civ.cession", "civ.changement-adresse", "civ.duplicata", "civ.suivi", "civ.cout"},
	"cni":         {"cni.demande", "cni.renouvellement", "cni.perte-vol", "titre.rendez-vous", "titre.suivi"},
	"passeport":   {"passeport.demande", "passeport.perte-vol", "passeport.urgence", "titre.rendez-vous", "titre.suivi"},
}

// menuTexts ask what about the document.
var menuTexts = map[string]string{
	"permis":      "Que souhaitez-vous faire pour votre permis de conduire ?",
	"carte-grise": "Que souhaitez-vous faire pour votre carte grise ?",
	"cni":         "Que souhaitez-vous faire pour votre carte d'identité ?",
	"passeport":   "Que souhaitez-vous faire pour votre passeport ?",
}

// onlyDocumentWords may stand around a document's name in a message that
// says nothing about it.
var onlyDocumentWords = setOf("j ai je une un question questions renseignement renseignements info infos " +
	"information informations concernant sur pour a propos au sujet de du des la le l ma mon mes c est " +
	"bonjour bonsoir salut svp stp s il vous te plait merci madame monsieur besoin d aide " +
	"voudrais souhaiterais aimerais avoir savoir demander poser " + documentWords +
	// for whom: "passeport pour mon fils de 10 ans"
	" " + forSomeone + " ans" +
	" driving driver drivers licence license s card registration document logbook " +
	"hello hi please i have a question about my regarding some help with need")

// forSomeone are the words by which a message says whom a document is
// for.
const forSomeone = "fils fille enfant enfants bebe ado mari femme epouse conjoint pere mere"

// forSomeonePhrases are forSomeone's words as phrases.
var forSomeonePhrases = phrases(strings.Fields(forSomeone)...)

// onlyDocument returns the document a message names when it says nothing
// else about it, "" otherwise.
func (r *reading) onlyDocument() string {
	if len(r.docs) == 0 || r.followUp || r.correction || len(r.facets) > 0 || r.status || r.problem || r.human ||
		r.angry || r.form || len(r.words) > 14 {
		return ""
	}
	for _, d := range r.docs {
		if d != r.docs[0] {
			return "" // two documents: a question about both
		}
	}
	for _, w := range r.words {
		if !onlyDocumentWords[w] && !isDigits(w) {
			return ""
		}
	}
	return r.docs[0]
}

// documentMenu asks what about the document, with its most asked
// procedures as choices.
func (t *turn) documentMenu(doc string) bool {
	var ids []string
	for _, id := range documentMenus[doc] {
		if t.kb.Entry(id) != nil && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) < 2 {
		return false
	}
	t.st.Topic, t.st.Facet = "", ""
	t.offerEntries(menuTexts[doc], ids)
	return true
}
