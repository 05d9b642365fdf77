package bot_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/bot/dialogue"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// The fixture KB (testdata/kb): a frozen part of the live KB with facets
// and slot conditions of its own, so that these tests do not move with the
// editors' content.
var fixture = sync.OnceValue(func() *match.Matcher { return matcherOf("testdata/kb") })

// matcherOf builds the matcher of the fixture KB in dir.
func matcherOf(dir string) *match.Matcher {
	k, err := kb.LoadDir(dir)
	if err != nil {
		panic(err)
	}
	idx, err := kb.NewIndex(k)
	if err != nil {
		panic(err)
	}
	return match.New(k, idx)
}

func fixtureEngine(askFeedback bool) *bot.Engine {
	return bot.New(config.Default().Bot, bot.Deps{Matcher: fixture, AskFeedback: askFeedback})
}

// conversations are the mechanics of issue 15, one dialogue each.
const conversations = `
{"name": "facet on a first message", "turns": [{"say": "combien coûte un passeport pour un adulte", "expect": {"id": "passeport.demande", "facet": "cout", "decision": "answer", "contains": "86"}}]}
{"name": "facet then full answer button", "turns": [{"say": "c'est combien un passeport", "expect": {"id": "passeport.demande", "facet": "cout"}}, {"choose": "Réponse complète", "expect": {"id": "passeport.demande", "facet": "none", "contains": "pré-demande"}}]}
{"name": "stolen licence: price", "turns": [{"say": "on m'a volé mon permis de conduire", "expect": {"id": "permis.vol"}}, {"say": "combien ça coûte ?", "expect": {"id": "permis.vol", "facet": "cout", "contains": "gratuit"}}, {"say": "c'est gratuit ?", "expect": {"id": "permis.vol", "facet": "cout", "contains": "gratuit"}}]}
{"name": "address change: payant", "turns": [{"say": "je déménage, comment changer l'adresse de ma carte grise", "expect": {"id": "civ.changement-adresse"}}, {"say": "c'est payant ?", "expect": {"id": "civ.changement-adresse", "facet": "cout", "contains": "gratuit"}}]}
{"name": "used car then motorbike", "turns": [{"say": "j'ai acheté une voiture d'occasion, comment faire la carte grise", "expect": {"id": "civ.changement-titulaire"}}, {"say": "et pour une moto ?", "expect": {"id": "civ.changement-titulaire", "decision": "answer"}}]}
{"name": "renewal then motorbike", "turns": [{"say": "mon permis arrive en fin de validité, comment le renouveler", "expect": {"id": "permis.renouvellement"}}, {"say": "et pour une moto ?", "expect": {"id": "permis.renouvellement"}}]}
{"name": "first licence: drive meanwhile", "turns": [{"say": "j'ai réussi mon permis, comment faire la demande de fabrication ?", "expect": {"id": "permis.premiere-demande"}}, {"say": "je peux conduire en attendant ?", "expect": {"id": "permis.premiere-demande", "facet": "en-attendant", "contains": "4 mois"}}]}
{"name": "phone then sunday", "turns": [{"say": "quel est le numéro de téléphone de l'ANTS", "expect": {"id": "contact.telephone"}}, {"say": "c'est ouvert le dimanche ?", "expect": {"id": "contact.telephone"}}]}
{"name": "passport adult then son of 16", "turns": [{"say": "je veux faire un passeport, je suis adulte", "expect": {"id": "passeport.demande", "contains": "86 €"}}, {"say": "et pour mon fils de 16 ans ?", "expect": {"id": "passeport.demande", "contains": "42 €"}}]}
{"name": "passport price for a child slot", "turns": [{"say": "combien coute un passeport pour un adulte", "expect": {"facet": "cout"}}, {"say": "et pour ma fille de 12 ans ?", "expect": {"id": "passeport.demande", "facet": "cout", "contains": "17 €"}}]}
{"name": "algerian licence", "turns": [{"say": "j'ai un permis algérien, je dois l'échanger ?", "expect": {"id": "permis.echange-etranger", "decision": "answer", "contains": "1 an"}}]}
{"name": "car bought in Germany", "turns": [{"say": "voiture achetée en Allemagne, comment l'immatriculer en France", "expect": {"id": "civ.vehicule-importe", "decision": "answer", "contains": "quitus fiscal"}}]}
{"name": "british licence", "turns": [{"say": "mon permis britannique est-il valable en France, faut-il l'échanger", "expect": {"id": "permis.echange-etranger", "contains": "hors de l'Union européenne"}}]}
{"name": "long story ending stolen", "turns": [{"say": "Bonjour, je vous écris parce que je suis perdu dans toutes ces démarches. L'année dernière j'ai déjà perdu ma carte d'identité et j'ai dû la refaire, ce qui m'a pris des semaines. Ensuite j'ai déménagé et j'ai changé l'adresse de ma carte grise. Hier soir en sortant du travail on a cassé la vitre de ma voiture et on a pris mon sac. Que dois-je faire maintenant que mon permis a été volé ?", "expect": {"id": "permis.vol"}}]}
{"name": "identity card stolen in the metro", "turns": [{"say": "on m'a volé ma carte d'identité dans le metro", "expect": {"id": "cni.perte-vol", "decision": "answer", "contains": "commissariat"}}]}
{"name": "theft beats loss", "turns": [{"say": "j'ai cru avoir perdu mon permis mais en fait on me l'a volé", "expect": {"id": "permis.vol"}}]}
{"name": "status without a document", "turns": [{"say": "où en est ma demande ?", "expect": {"decision": "clarify", "contains": "Pour quelle démarche"}}, {"choose": "Passeport", "expect": {"id": "titre.suivi"}}]}
{"name": "delay without a document, typed", "turns": [{"say": "combien de temps ?", "expect": {"decision": "clarify", "facet": "delai"}}, {"say": "pour le permis de conduire", "expect": {"id": "permis.suivi", "facet": "delai", "contains": "16 jours"}}]}
{"name": "form without a document", "turns": [{"say": "comment remplir le formulaire ?", "expect": {"decision": "clarify"}}, {"choose": "2", "expect": {"decision": "answer"}}]}
{"name": "status, then the same for other documents", "turns": [{"say": "où en est ma demande de permis ?", "expect": {"id": "permis.suivi"}}, {"say": "et pour la carte grise ?", "expect": {"id": "civ.suivi"}}, {"say": "et pour le passeport ?", "expect": {"id": "titre.suivi"}}]}
{"name": "sale, then the buyer's side (a related entry)", "turns": [{"say": "j'ai vendu ma voiture, je fais quoi", "expect": {"id": "civ.cession"}}, {"say": "et l'acheteur il doit faire quoi de son côté ?", "expect": {"id": "civ.changement-titulaire", "decision": "answer"}}]}
{"name": "international licence, then a foreign one (a related entry)", "turns": [{"say": "je veux faire un permis international", "expect": {"id": "permis.international"}}, {"say": "et si j'ai un permis étranger ?", "expect": {"id": "permis.echange-etranger", "decision": "answer"}}]}
{"name": "nothing received, no document named", "turns": [{"say": "j'ai toujours rien reçu", "expect": {"decision": "clarify", "contains": "Pour quelle démarche"}}]}
{"name": "a facet asked in English", "turns": [{"say": "I want to change the address on my carte grise", "expect": {"id": "civ.changement-adresse"}}, {"say": "is it free?", "expect": {"id": "civ.changement-adresse", "facet": "cout"}}]}
{"name": "a follow-up to a redirection", "turns": [{"say": "je cherche une assurance pas chère pour ma voiture", "expect": {"decision": "fallback", "id": "hors-champ.assurance"}}, {"say": "et pour mon fils de 19 ans ?", "expect": {"decision": "fallback", "id": "hors-champ.assurance"}}, {"say": "et ma carte grise ?", "expect": {"decision": "answer"}}]}
{"name": "a facet of a redirection", "turns": [{"say": "je cherche une assurance pas chère pour ma voiture", "expect": {"decision": "fallback", "id": "hors-champ.assurance", "facet": "none"}}, {"say": "et pour la résilier je fais comment ?", "expect": {"decision": "fallback", "id": "hors-champ.assurance", "facet": "demarche", "contains": "assureur", "lacks": "Bureau central"}}, {"choose": "Réponse complète", "expect": {"decision": "fallback", "id": "hors-champ.assurance", "facet": "none", "contains": "Bureau central"}}]}
{"name": "ours and another service's in one message", "turns": [{"say": "résilier mon assurance auto, et on m'a volé mon permis", "expect": {"id": "permis.vol", "decision": "answer"}}, {"choose": "Assurance auto", "expect": {"decision": "fallback", "id": "hors-champ.assurance"}}]}
{"name": "a person asked formally", "turns": [{"say": "Je souhaiterais échanger avec un agent, s'il vous plaît.", "expect": {"decision": "handoff"}}]}
{"name": "what the assistant is, then a person", "turns": [{"say": "vous êtes un robot ?", "expect": {"decision": "answer", "id": "none", "contains": ["robot", "Parler à un conseiller"]}}, {"choose": "Parler à un conseiller", "expect": {"decision": "handoff"}}]}
{"name": "a bot, and a person asked for", "turns": [{"say": "c'est un robot ? je veux quelqu'un de réel", "expect": {"decision": "handoff"}}]}
{"name": "a person asked in English", "turns": [{"say": "is there a real person I could speak to", "expect": {"decision": "handoff"}}]}
{"name": "the document named first answers the pending question", "turns": [{"say": "j'ai un problème avec mon dossier", "expect": {"id": "dossier.anomalie"}}, {"say": "c'est pour le permis, le site me met une erreur quand je valide", "expect": {"id": "dossier.anomalie"}}]}
{"name": "a short thanks with an unknown word", "turns": [{"say": "merci beaucoup, very helpful", "expect": {"id": "smalltalk.merci", "decision": "answer"}}]}
{"name": "problem with the registration", "turns": [{"say": "j'ai un probleme avec ma carte grise, le dossier est bloqué", "expect": {"id": "dossier.anomalie", "decision": "clarify"}}, {"choose": "Carte grise", "expect": {"id": "dossier.anomalie", "contains": "immatriculation"}}]}
{"name": "frustration", "turns": [{"say": "votre site de merde marche jamais j'en ai marre", "expect": {"id": "smalltalk.frustration", "contains": "conseiller"}}, {"choose": "Parler à un conseiller", "expect": {"decision": "handoff"}}]}
{"name": "frustration with a question", "turns": [{"say": "j'en ai marre, ça fait 3 semaines que j'attends mon permis, il arrive quand ?", "expect": {"id": "permis.suivi", "contains": "agacement"}}]}
{"name": "status, not a loss", "turns": [{"say": "il est où mon permis là, ça fait 16 jours jour pour jour", "expect": {"id": "permis.suivi"}}]}
{"name": "age 300 asked again", "turns": [{"say": "un passeport pour mon fils de 300 ans", "expect": {"decision": "clarify", "contains": "300"}}, {"say": "il a 16 ans", "expect": {"id": "passeport.demande", "contains": "42 €"}}]}
{"name": "age 300 asked once only", "turns": [{"say": "un passeport pour mon fils de 300 ans", "expect": {"decision": "clarify"}}, {"say": "400 ans", "expect": {"id": "passeport.demande", "contains": "Pour qui"}}, {"say": "et pour mon fils de 500 ans ?", "expect": {"id": "passeport.demande"}}]}
{"name": "unknown country asked again", "turns": [{"say": "j'ai un permis wakandais, je dois l'échanger ?", "expect": {"decision": "clarify", "contains": "wakandais"}}, {"choose": "Autre pays", "expect": {"id": "permis.echange-etranger", "contains": "hors de l'Union européenne"}}]}
{"name": "malformed request number", "turns": [{"say": "ou en est ma demande de permis numero 12AB", "expect": {"id": "permis.suivi", "contains": "ne semble pas"}}]}
{"name": "an unsure question completed by the next message", "turns": [{"say": "ma voiture", "expect": {"decision": "clarify"}}, {"say": "je l'ai vendue hier", "expect": {"id": "civ.cession", "decision": "answer"}}]}
{"name": "a fallback completed by the document", "turns": [{"say": "on me l'a pris", "expect": {"decision": "fallback"}}, {"say": "mon permis", "expect": {"id": "permis.vol", "decision": "answer"}}]}
{"name": "choices completed by the document", "turns": [{"say": "j'ai déménagé le mois dernier", "expect": {"decision": "clarify"}}, {"say": "pour la carte grise", "expect": {"id": "civ.changement-adresse", "decision": "answer"}}]}
{"name": "a new question after choices is read alone", "turns": [{"say": "ma voiture", "expect": {"decision": "clarify"}}, {"say": "on m'a volé mon permis de conduire hier soir", "expect": {"id": "permis.vol", "decision": "answer"}}]}
{"name": "the answer missed the question", "turns": [{"say": "j'ai perdu mon permis", "expect": {"id": "permis.perte"}}, {"say": "non c'est pas ça ma question", "expect": {"decision": "clarify", "contains": "mal compris", "lacks": "la perte se déclare"}}]}
{"name": "the answer missed the question, nothing else close", "turns": [{"say": "quel est le numéro de téléphone de l'ANTS", "expect": {"id": "contact.telephone"}}, {"say": "vous avez rien compris", "expect": {"decision": "fallback", "contains": "reformuler"}}, {"say": "c'est payant ?", "expect": {"decision": "clarify"}}]}
{"name": "the question before, about another document", "turns": [{"say": "où en est ma demande de carte grise ?", "expect": {"id": "civ.suivi"}}, {"say": "non je parlais du permis", "expect": {"id": "permis.suivi", "decision": "answer"}}]}
{"name": "a document and nothing about it", "turns": [{"say": "bonjour j'ai une question sur ma carte grise", "expect": {"decision": "clarify", "contains": "Que souhaitez-vous faire pour votre carte grise"}}, {"choose": "Changer l'adresse sur sa carte grise", "expect": {"id": "civ.changement-adresse"}}]}
{"name": "a document and what happened to it is no menu", "turns": [{"say": "mon passeport", "expect": {"decision": "clarify"}}, {"say": "je l'ai perdu", "expect": {"id": "passeport.perte-vol"}}]}
{"name": "a document and nothing about it, in English", "turns": [{"say": "hi, I have a question about my driving licence", "expect": {"decision": "clarify", "contains": "What would you like to do about your driving licence"}}]}
{"name": "topic switch on another procedure", "turns": [{"say": "j'ai perdu mon permis", "expect": {"id": "permis.perte"}}, {"say": "et comment changer l'adresse sur ma carte grise ?", "expect": {"id": "civ.changement-adresse"}}]}
{"name": "choices by number", "turns": [{"say": "refaire mon permis", "expect": {"id": "permis.refaire", "decision": "clarify"}}, {"choose": "2", "expect": {"id": "permis.vol"}}, {"say": "c'est payant ?", "expect": {"facet": "cout", "contains": "gratuit"}}]}
{"name": "a facet the topic lacks, from the entry near it", "turns": [{"say": "un passeport dure 10 ans pour tout le monde ?", "expect": {"id": "passeport.duree-validite"}}, {"say": "alors je le refais, combien ça coûte ?", "expect": {"id": "passeport.demande", "facet": "cout", "contains": "86"}}]}
{"name": "a facet the topic's answer tells", "turns": [{"say": "mon permis est abîmé, comment le refaire", "expect": {"id": "permis.deterioration"}}, {"say": "c'est payant ?", "expect": {"id": "permis.deterioration", "lacks": "indication précise"}}]}
{"name": "stolen abroad", "turns": [{"say": "on m'a volé ma carte d'identité pendant mes vacances à l'étranger", "expect": {"id": "cni.perte-vol", "contains": "consulat"}}]}
{"name": "facet missing on follow-up", "turns": [{"say": "je viens de vendre ma voiture, comment déclarer la cession", "expect": {"id": "civ.cession"}}, {"say": "c'est payant ?", "expect": {"id": "civ.cession", "facet": "cout", "contains": "Voici la réponse complète"}}]}
{"name": "facet after thanks", "turns": [{"say": "je déménage, comment changer l'adresse de ma carte grise"}, {"say": "merci"}, {"say": "c'est gratuit ?", "expect": {"id": "civ.changement-adresse", "facet": "cout"}}]}
{"name": "theft stays with its document", "turns": [{"say": "on m'a volé mon permis", "expect": {"id": "permis.vol"}}, {"say": "comment faire un passeport pour un adulte ?", "expect": {"id": "passeport.demande", "contains": "86 €"}}, {"say": "j'ai perdu ma carte d'identité", "expect": {"id": "cni.perte-vol", "contains": "inutile d'aller au commissariat"}}]}
{"name": "online? stays on topic", "turns": [{"say": "je viens de vendre ma voiture, comment déclarer la cession", "expect": {"id": "civ.cession"}}, {"say": "c'est en ligne ?", "expect": {"id": "civ.cession", "facet": "demarche"}}]}
{"name": "stolen: the next document too", "turns": [{"say": "on m'a volé mon sac avec mon permis", "expect": {"id": "permis.vol"}}, {"say": "et pour la carte d'identité ?", "expect": {"id": "cni.perte-vol", "contains": "commissariat"}}]}
{"name": "which procedure answered in words", "turns": [{"say": "mon dossier est bloqué", "expect": {"id": "dossier.anomalie", "decision": "clarify"}}, {"say": "c'est pour le permis", "expect": {"id": "dossier.anomalie", "contains": "NEPH"}}]}
{"name": "where names its subject", "turns": [{"say": "j'ai perdu mon permis", "expect": {"id": "permis.perte"}}, {"say": "et le changement d'adresse de la carte grise, ça se fait où ?", "expect": {"id": "civ.changement-adresse", "facet": "demarche"}}]}
{"name": "pronoun without another document", "turns": [{"say": "mon permis arrive en fin de validité, comment le renouveler", "expect": {"id": "permis.renouvellement"}}, {"say": "je peux le changer pour la nouvelle carte ?", "expect": {"id": "permis.renouvellement"}}]}
{"name": "the price again for another document", "turns": [{"say": "combien coûte un passeport pour un adulte", "expect": {"facet": "cout"}}, {"say": "et pour une carte d'identité ?", "expect": {"id": "cni.demande", "facet": "cout"}}]}
{"name": "the same topic again gets what to do, not the same answer", "turns": [{"say": "je viens de vendre ma voiture", "expect": {"id": "civ.cession", "facet": "none"}}, {"say": "et la déclaration de vente, le vendeur ?", "expect": {"id": "civ.cession", "facet": "demarche", "lacks": "Barrez la carte grise"}}, {"choose": "Réponse complète", "expect": {"id": "civ.cession", "facet": "none"}}]}
{"name": "thanks stays small talk", "turns": [{"say": "j'ai perdu mon permis", "expect": {"id": "permis.perte"}}, {"say": "merci beaucoup", "expect": {"id": "smalltalk.merci"}}]}
{"name": "a facet the topic has no text for, asked with a word of another entry", "turns": [{"say": "je vends ma voiture", "expect": {"id": "civ.cession"}}, {"say": "et pour mon déménagement c'est payant ?", "expect": {"id": "civ.changement-adresse", "facet": "cout", "contains": "gratuit"}}]}
{"name": "a facet the topic has no text for, asked with its own words only", "turns": [{"say": "je vends ma voiture", "expect": {"id": "civ.cession"}}, {"say": "et c'est payant ?", "expect": {"id": "civ.cession", "facet": "cout"}}]}
`

func TestConversations(t *testing.T) {
	ds, err := dialogue.Read(strings.NewReader(conversations), "conversations")
	if err != nil {
		t.Fatal(err)
	}
	if err := dialogue.CheckEntries(ds, fixture().KB()); err != nil {
		t.Fatal(err)
	}
	for _, feedback := range []bool{false, true} {
		rep, err := dialogue.Run(fixtureEngine(feedback), ds, time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Results {
			if !r.Pass {
				t.Errorf("feedback %v: %q turn %d: said %q: got %s %s (%s): %s\n%s", feedback, r.Dialogue, r.Turn, r.Said,
					r.Got.Decision, r.Got.ID, r.Got.Facet, r.Why, r.Got.Text)
			}
		}
	}
}

// Buttons of the bot's own questions carry values from outside: forged or
// stale ones are not trusted, and the message is read as text.
func TestForgedPayloads(t *testing.T) {
	eng := fixtureEngine(false)
	for _, p := range []string{"SLOT:pour=vieux", "SLOT:inconnu=x", "SLOT:skip", "FACET:prix:passeport.demande",
		"FACET:cout:nulle.part", "DOC:velo", "DOC:"} {
		var st bot.State
		d, err := eng.Decide(&st, guichet.Message{ID: "m", Text: "faire un passeport", Payload: p, Time: time.Now()})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if d.Kind != bot.DecisionAnswer || d.Entry != "passeport.demande" || d.Facet != "" {
			t.Errorf("%s: got %s %s (%s), want the text 'faire un passeport' answered", p, d.Kind, d.Entry, d.Facet)
		}
		if st.Slots["pour"] != "" || st.Slots["inconnu"] != "" {
			t.Errorf("%s: slots %v kept from a forged button", p, st.Slots)
		}
	}
	// A genuine one.
	var st bot.State
	d, err := eng.Decide(&st, guichet.Message{ID: "m", Text: "Prix", Payload: "FACET:cout:passeport.demande", Time: time.Now()})
	if err != nil || d.Entry != "passeport.demande" || d.Facet != "cout" {
		t.Errorf("FACET:cout:passeport.demande: got %s %s (%s), %v; want the cost of the passport", d.Kind, d.Entry, d.Facet, err)
	}
}

// The topic before the current one is kept only while a topic replaces it
// in a live conversation: a conversation that leaves its topics, or one
// whose topic has expired, keeps none.
func TestBeforeTopic(t *testing.T) {
	eng := fixtureEngine(false)
	now := time.Now()
	st := bot.State{Topic: "permis.perte", TopicAt: now}
	if _, err := eng.Decide(&st, guichet.Message{ID: "m1", Text: "faire un passeport", Time: now}); err != nil {
		t.Fatal(err)
	}
	if st.Topic == "" || st.Topic == "permis.perte" || st.Before != "permis.perte" {
		t.Fatalf("after a new topic: topic %q before %q, want a passport's entry after permis.perte", st.Topic, st.Before)
	}
	if _, err := eng.Decide(&st, guichet.Message{ID: "m2", Text: "Autre question", Payload: guichet.PayloadOther, Time: now}); err != nil {
		t.Fatal(err)
	}
	if st.Topic != "" || st.Before != "" {
		t.Errorf("after 'Autre question': topic %q before %q, want none", st.Topic, st.Before)
	}
	st = bot.State{Topic: "permis.perte", TopicAt: now.Add(-48 * time.Hour)}
	if _, err := eng.Decide(&st, guichet.Message{ID: "m3", Text: "faire un passeport", Time: now}); err != nil {
		t.Fatal(err)
	}
	if st.Before != "" {
		t.Errorf("after an expired topic: before %q, want none", st.Before)
	}
}

// TestConversationsRealKB runs conversations whose mechanics only the real
// knowledge base shows.
func TestConversationsRealKB(t *testing.T) {
	const real = `
{"name": "a car bought 'd'occase' (SMS for second-hand)", "turns": [{"say": "jai achete une clio doccase hier la carte grise je fais comment", "expect": {"id": "civ.changement-titulaire"}}]}
{"name": "the loss carried to a document named next", "turns": [{"say": "j'ai paumé ma carte mutuelle, je fais comment ?"}, {"say": "et mon permis aussi", "expect": {"id": "permis.perte"}}]}
{"name": "the same app for another document", "turns": [{"say": "je peux avoir ma carte grise sur mon téléphone ?", "expect": {"id": "civ.carte-grise-numerique"}}, {"say": "et le permis ?", "expect": {"id": "permis.numerique-france-identite"}}, {"say": "et ma carte d'identité ?", "expect": {"id": "cni.france-identite"}}]}
{"name": "urgency for the document of the conversation", "turns": [{"say": "j'ai fait ma pré-demande de carte d'identité hier"}, {"say": "je pars dans une semaine, je peux l'avoir en urgence ?", "expect": {"id": "cni.urgence"}}]}
{"name": "a stuck file is the incident report, not where the request is", "turns": [{"say": "le dossier pour ma carte grise est bloqué", "expect": {"id": "dossier.anomalie"}}, {"say": "où en est ma demande de carte grise ?", "expect": {"id": "civ.suivi"}}]}
{"name": "a delay asked of no procedure, then the document typed: that document's delay", "turns": [{"say": "quel est le délai ?", "expect": {"decision": "clarify"}}, {"say": "la carte grise", "expect": {"id": "civ.suivi", "facet": "delai"}}]}
{"name": "'compter' names no procedure", "turns": [{"say": "il faut compter combien de temps ?", "expect": {"decision": "clarify"}}, {"say": "pour le permis", "expect": {"id": "permis.suivi", "facet": "delai"}}]}
{"name": "news of a document is where its request is", "turns": [{"say": "des nouvelles pour ma carte grise ?", "expect": {"id": "civ.suivi"}}]}
{"name": "driving meanwhile, asked of a licence not received yet, is not where the request is", "turns": [{"say": "je n'ai pas reçu mon permis, puis-je continuer à conduire ?", "expect": {"id": "permis.conduire-en-attendant"}}]}
{"name": "a licence lost in the mail was never received", "turns": [{"say": "my new licence got lost in the mail", "expect": {"id": "permis.non-recu"}}]}
{"name": "a licence from a US state is from outside the EU", "turns": [{"say": "I moved from Texas, can I drive on my Texas driver's license or must I exchange it?", "expect": {"id": "permis.echange-etranger"}}]}
{"name": "a document not received, said with nothing else, is its own entry whatever the words found", "turns": [{"say": "carte grise pas reçue", "expect": {"id": "civ.non-recue"}}, {"say": "permis pas reçu", "expect": {"id": "permis.non-recu"}}, {"say": "la carte grise de ma moto toujours pas reçue", "expect": {"id": "civ.non-recue"}}]}
{"name": "a passport not received has no such entry: where the request is", "turns": [{"say": "mon passeport toujours pas reçu, ça avance ?", "expect": {"id": "titre.suivi"}}]}
{"name": "driving meanwhile asked after an entry that does not say: the entry that does", "turns": [{"say": "où en est ma demande de permis ? examen réussi il y a 3 semaines", "expect": {"id": "permis.suivi"}}, {"say": "mon papier de l'examen expire bientôt, je pourrai conduire après ?", "expect": {"id": "permis.conduire-en-attendant"}}]}
{"name": "driving meanwhile asked after an entry that says: that entry", "turns": [{"say": "où en est ma carte grise ?", "expect": {"id": "civ.suivi"}}, {"say": "je peux rouler en attendant ?", "expect": {"id": "civ.suivi", "facet": "en-attendant"}}]}
{"name": "which town hall takes a card or a passport is the appointment's entry", "turns": [{"say": "je peux faire mon passeport dans une autre mairie que celle de ma commune ?", "expect": {"id": "titre.rendez-vous"}}]}
{"name": "the same asked after a passport's application, in English", "turns": [{"say": "how do I apply for a French passport?", "expect": {"id": "passeport.demande"}}, {"say": "any town hall or only the one where I live?", "expect": {"id": "titre.rendez-vous"}}]}
{"name": "writing to the agency, asked in a few words after another topic, is the contact form", "turns": [{"say": "ma carte grise n'est jamais arrivée"}, {"say": "je peux écrire à quelqu'un ?", "expect": {"id": "contact.formulaire"}}]}
{"name": "a letter that opens by saying it writes is about what it tells", "turns": [{"say": "Bonjour, je me permets de vous écrire car j'ai perdu mon permis", "expect": {"id": "permis.perte"}}]}
{"name": "a document asked of with an impersonal il is that document for the topic's title", "turns": [{"say": "premiere carte d'identite a 25 ans, il faut quoi ?"}, {"say": "il me faut un acte de naissance ?", "expect": {"id": "titre.acte-naissance"}}]}
{"name": "asked whether the agency does it after a redirection: the redirection again, whatever else the words fit", "turns": [{"say": "ou acheter la vignette crit'air ?", "expect": {"id": "orientation.crit-air"}}, {"say": "c'est pas sur le site de l'ANTS ?", "expect": {"id": "orientation.crit-air"}}]}
{"name": "the same after a discourse marker", "turns": [{"say": "ou acheter la vignette crit'air ?"}, {"say": "ok donc c'est pas vous qui la délivrez", "expect": {"id": "orientation.crit-air"}}]}
{"name": "a card or a passport to redo, with no reason given, is its application", "turns": [{"say": "refaire une carte d'identité", "expect": {"id": "cni.demande"}}, {"say": "refaire mon passeport", "expect": {"id": "passeport.demande"}}]}
{"name": "a reason given keeps its entry", "turns": [{"say": "refaire ma cni après déménagement", "expect": {"id": "cni.changement-adresse"}}, {"say": "refaire ma cni, je l'ai perdue", "expect": {"id": "cni.perte-vol"}}]}
{"name": "the papers of a title to establish, in an official's words, are the application's", "turns": [{"say": "Quels justificatifs dois-je présenter pour faire établir un passeport ?", "expect": {"id": "passeport.demande", "facet": "pieces"}}]}
{"name": "the papers for a carte grise depend on the procedure: which one", "turns": [{"say": "Quels documents faut-il fournir pour obtenir l'établissement d'une carte grise ?", "expect": {"decision": "clarify"}}, {"choose": "Carte grise d'un véhicule d'occasion (changement de titulaire)", "expect": {"id": "civ.changement-titulaire"}}]}
{"name": "a town hall that lost a file is not which town hall to go to", "turns": [{"say": "la mairie de ma commune a perdu mon dossier de passeport", "expect": {"decision": "answer"}}]}
{"name": "another EU country's licence stolen in France is that licence's entry", "turns": [{"say": "my Italian driving licence was stolen in Paris", "expect": {"id": "permis.europeen"}}]}
{"name": "a licence lost in an EU country is the loss abroad, whoever holds it", "turns": [{"say": "j'ai perdu mon permis en Allemagne", "expect": {"id": "permis.perte-vol-etranger"}}]}
{"name": "a Belgian who lost a licence named no other country's licence", "turns": [{"say": "je suis belge et j'ai perdu mon permis", "expect": {"id": "permis.perte"}}]}
{"name": "a document never received is not where the request is", "turns": [{"say": "carte grise jamais reçue, que faire", "expect": {"id": "civ.non-recue"}}]}
{"name": "anger set aside to read the question", "turns": [{"say": "ma demande de carte grise a encore été rejetée, ras le bol", "expect": {"id": "civ.statuts-demande", "contains": "agacement"}}]}
{"name": "a follow-up tied by a pronoun stays on the topic the KB has no better entry for", "turns": [{"say": "mon code photo signature est refusé sur le site", "expect": {"id": "permis.photo-signature"}}, {"say": "je l'ai eu chez le photographe ce matin, combien de temps je peux m'en servir ?", "expect": {"id": "permis.photo-signature"}}]}
{"name": "a message with no tie to the topic is not answered with it", "turns": [{"say": "mon code photo signature est refusé sur le site", "expect": {"id": "permis.photo-signature"}}, {"say": "quelle est la meilleure pizzeria de lyon", "expect": {"decision": "fallback"}}]}
{"name": "a short question pointing back keeps the topic", "turns": [{"say": "quel est le numéro de téléphone de l'ANTS", "expect": {"id": "contact.telephone"}}, {"say": "c'est ouvert le dimanche ?", "expect": {"id": "contact.telephone"}}]}
{"name": "a licence lost by the post was never received", "turns": [{"say": "la factrice a égaré mon nouveau permis, que dois-je faire", "expect": {"id": "permis.non-recu"}}]}
{"name": "a facet the matched entry cannot answer goes to the topic that does", "turns": [{"say": "j'achète une voiture neuve chez le concessionnaire", "expect": {"id": "civ.vehicule-neuf"}}, {"say": "c'est lui qui fait la carte grise ou c'est moi ?", "expect": {"id": "civ.vehicule-neuf", "facet": "qui"}}]}
{"name": "or to the topic before it", "turns": [{"say": "permis C, visite médicale à faire pour le renouveler", "expect": {"id": "permis.poids-lourd-medical"}}, {"say": "combien coûte la visite chez le médecin ?", "expect": {"id": "permis.controle-medical", "facet": "cout"}}, {"say": "ensuite c'est valable combien d'années ?", "expect": {"id": "permis.poids-lourd-medical", "facet": "validite"}}]}
{"name": "'et ensuite ?' after a facet is the topic's whole answer, not what 'après' fits", "turns": [{"say": "j'ai reçu un PV pour une voiture vendue le mois dernier", "expect": {"id": "civ.amende-apres-vente"}}, {"say": "je le conteste comment ?", "expect": {"id": "civ.amende-apres-vente", "facet": "demarche"}}, {"say": "d'accord et ensuite ?", "expect": {"id": "civ.amende-apres-vente", "decision": "answer"}}]}
{"name": "after the whole answer, the procedures that follow it", "turns": [{"say": "j'ai reçu un PV pour une voiture vendue le mois dernier", "expect": {"id": "civ.amende-apres-vente"}}, {"say": "ok et après ?", "expect": {"decision": "clarify", "contains": "toute la démarche"}}]}
{"name": "a facet of the topic, its document named, with words the KB does not know: the topic's facet, not a fallback", "turns": [{"say": "j'ai acheté un fourgon d'occasion à un particulier", "expect": {"id": "civ.changement-titulaire"}}, {"say": "En attendant de recevoir la carte grise définitive, est-ce que je peux prendre le fourgon pour mes livraisons ?", "expect": {"id": "civ.changement-titulaire", "facet": "en-attendant"}}]}
{"name": "a facet asked of something the KB does not know is not the topic's", "turns": [{"say": "j'ai acheté une voiture d'occasion", "expect": {"id": "civ.changement-titulaire"}}, {"say": "c'est quoi le délai pour un rdv chez le dentiste ?", "expect": {"decision": "fallback"}}, {"say": "et ça prend combien de temps pour la carte grise ?", "expect": {"id": "civ.changement-titulaire", "facet": "delai"}}]}
{"name": "the same for a price", "turns": [{"say": "j'ai acheté une voiture d'occasion", "expect": {"id": "civ.changement-titulaire"}}, {"say": "combien coûte une pizza margherita ?", "expect": {"decision": "fallback"}}]}
{"name": "'on peut' asks without a question mark: the related entry it names", "turns": [{"say": "j'ai reçu la lettre 48SI, plus aucun point", "expect": {"id": "permis.invalidation"}}, {"say": "on peut contester ou c'est foutu", "expect": {"id": "permis.contestation-invalidation"}}]}
{"name": "whether it is compulsory for another document asks the same procedure of it", "turns": [{"say": "j'ai déménagé, je dois changer l'adresse sur ma carte d'identité ?", "expect": {"id": "cni.changement-adresse"}}, {"say": "et sur la carte grise c'est obligatoire ?", "expect": {"id": "civ.changement-adresse"}}]}
{"name": "an ID card named in English after a licence abroad is that card's, and its expiry carries no loss", "turns": [{"say": "I live in Canada and I lost my French driving licence", "expect": {"id": "permis.expatrie"}}, {"say": "my id card has expired too, where do I renew it?", "expect": {"id": "titre.francais-etranger"}}]}
{"name": "a military licence and a blocked birth date at the code's booking have their entries", "turns": [{"say": "j'ai eu mon permis poids lourd à l'armée, comment j'en fais un permis civil ?", "expect": {"id": "permis.brevet-militaire"}}, {"say": "c'est payant ?", "expect": {"id": "permis.brevet-militaire", "facet": "cout", "contains": "gratuite"}}, {"say": "autre chose : pour réserver le code le site refuse ma date de naissance 00/00/1985", "expect": {"id": "permis.inscription-code-date-bloquante"}}]}
{"name": "a vehicle named after a passport is a new question, not the passport for it", "turns": [{"say": "je veux faire un passeport", "expect": {"id": "passeport.demande"}}, {"say": "je vends ma voiture à un voisin", "expect": {"id": "civ.cession"}}]}
{"name": "the same said shortly: not the passport again", "turns": [{"say": "je veux faire un passeport", "expect": {"id": "passeport.demande"}}, {"say": "j'ai vendu ma voiture", "expect": {"decision": "clarify"}}]}
{"name": "renewing a document that was in the stolen bag is the theft's", "turns": [{"say": "on m'a volé mon sac avec mon permis dedans", "expect": {"id": "permis.vol"}}, {"say": "mon passeport était aussi dans le sac, comment le renouveler ?", "expect": {"id": "passeport.perte-vol"}}]}
{"name": "a site that charged for a free procedure is the warning about fraud", "turns": [{"say": "un site web m'a facturé 60 euros pour mon changement d'adresse de carte grise", "expect": {"id": "securite.sites-frauduleux"}}]}
{"name": "the price of a licence lost abroad is the lost licence's, not the stolen one's", "turns": [{"say": "j'ai perdu mon permis en vacances en Grèce", "expect": {"id": "permis.perte-vol-etranger"}}, {"say": "c'est combien ?", "expect": {"id": "permis.perte", "facet": "cout"}}]}
{"name": "a facet asked with its own words only stays on the topic", "turns": [{"say": "la pré-demande de passeport est obligatoire ?", "expect": {"id": "titre.pre-demande"}}, {"say": "et elle reste valide combien de temps ?", "expect": {"id": "titre.pre-demande", "facet": "validite"}}]}
{"name": "a dearer price asked after the professional's entry is its price", "turns": [{"say": "je veux faire ma carte grise chez un garagiste", "expect": {"id": "civ.professionnel-habilite"}}, {"say": "c'est plus cher ?", "expect": {"id": "civ.professionnel-habilite", "facet": "cout"}}]}
{"name": "the topic's own document named again is the same question", "turns": [{"say": "j'ai le permis B depuis 1995, la formation de 7 heures pour conduire une 125 est obligatoire ?", "expect": {"id": "permis.formation-125"}}, {"say": "et pour un permis eu en 2019 ?", "expect": {"id": "permis.formation-125"}}]}
{"name": "the same change for another document, found by the topic's title", "turns": [{"say": "je viens de me marier, comment changer le nom sur mon permis de conduire", "expect": {"id": "permis.changement-etat-civil"}}, {"say": "et pour ma carte d'identité ?", "expect": {"id": "titre.nom-usage"}}]}
{"name": "a follow-up naming what another entry is about", "turns": [{"say": "je voudrais savoir le prix d'une carte grise pour ma voiture", "expect": {"id": "civ.cout"}}, {"say": "et il y aura un malus ?", "expect": {"id": "civ.malus"}}]}
{"name": "a document's own facet after an entry about the agency's sites", "turns": [{"say": "c'est quoi le vrai site officiel de l'ANTS ?", "expect": {"id": "site.adresses-officielles"}}, {"say": "et une carte grise ça coûte combien alors ?", "expect": {"id": "civ.cout", "facet": "cout"}}]}
{"name": "how to, after a theft told with every paper lost: the licence's theft, its steps", "turns": [{"say": "on m'a piqué mon portefeuille avec tous mes papiers, pour le permis je fais comment ?", "expect": {"id": "permis.vol", "facet": "demarche", "contains": "gendarmerie"}}]}
{"name": "several papers stolen together, then the first to redo", "turns": [{"say": "on m'a volé ma sacoche avec mon passeport, ma carte d'identité et mon permis", "expect": {"id": "titre.refaire"}}, {"say": "je commence par le permis, je fais comment ?", "expect": {"id": "permis.vol", "facet": "demarche"}}]}
{"name": "another service's matter named in a follow-up asking how", "turns": [{"say": "on m'a volé mon portefeuille avec mon permis et ma carte bancaire", "expect": {"id": "permis.vol"}}, {"say": "et pour la carte bancaire je fais comment ?", "expect": {"id": "hors-champ.carte-bancaire", "decision": "fallback"}}]}
{"name": "a question about what a related entry is about, which the topic is not", "turns": [{"say": "ma carte d'identité date de 2012, elle est encore valable pour voyager en Grèce ?", "expect": {"id": "cni.validite-voyage"}}, {"say": "par précaution, puis-je la renouveler alors qu'elle est encore valide ?", "expect": {"id": "cni.renouvellement-anticipe"}}]}
{"name": "a loss abroad is the abroad branch of its tree, whatever the event's entry the words found", "turns": [{"say": "j'ai perdu mon permis en Allemagne hier soir", "expect": {"id": "permis.perte-vol-etranger"}}]}
{"name": "a licence from outside the EU picks the exchange tree's own branch over the EU licence's entry", "turns": [{"say": "permis ukrainien, faut-il l'échanger ?", "expect": {"id": "permis.echange-etranger", "contains": "1 an"}}]}
{"name": "the same in English", "turns": [{"say": "My driving licence is from Ukraine, I live in Lille since 2024, do I need to exchange it?", "expect": {"id": "permis.echange-etranger"}}]}
{"name": "a loss carried to the next document stays a loss, whatever entry the words found", "turns": [{"say": "j'ai perdu ma carte d'identité", "expect": {"id": "cni.perte-vol"}}, {"say": "et mon permis aussi", "expect": {"id": "permis.perte", "contains": "inutile de passer par le commissariat"}}]}
{"name": "a theft abroad carried to a document named with 'aussi'", "turns": [{"say": "on m'a volé mon sac à Rome avec mon passeport dedans", "expect": {"id": "passeport.perte-vol"}}, {"say": "mon permis de conduire était aussi dans le sac, je fais quoi pour lui ?", "expect": {"id": "permis.perte-vol-etranger"}}]}
{"name": "a price asked of a document alone is the document's, not a lost one's", "turns": [{"say": "prix carte d'identité", "expect": {"id": "cni.demande", "facet": "cout", "contains": "gratuite"}}]}
{"name": "a price asked with no other word stays on a topic that has none, rather than a neighbour's", "turns": [{"say": "je veux refaire ma carte grise, j'ai changé de nom en me mariant", "expect": {"id": "civ.changement-etat-civil"}}, {"say": "c'est payant ?", "expect": {"id": "civ.changement-etat-civil", "facet": "cout"}}]}
{"name": "a time waited with another question stays on a topic that awaits nothing", "turns": [{"say": "j'ai vendu ma voiture mais j'ai oublié de la déclarer", "expect": {"id": "civ.cession-non-declaree"}}, {"say": "ça fait 2 mois, c'est grave ?", "expect": {"id": "civ.cession-non-declaree"}}]}
{"name": "a time waited alone after a document not received asks where the request is", "turns": [{"say": "ma carte grise n'est jamais arrivée", "expect": {"id": "civ.non-recue"}}, {"say": "ça fait 3 semaines", "expect": {"id": "civ.suivi"}}]}
{"name": "a price asked of nothing else, after a lost card and a neighbouring question, is the lost card's", "turns": [{"say": "ma fille de 15 ans a perdu sa carte d'identité", "expect": {"id": "cni.perte-vol"}}, {"say": "elle doit venir au rendez-vous ?", "expect": {"id": "titre.mineur-presence"}}, {"say": "c'est gratuit pour elle ?", "expect": {"id": "cni.perte-vol", "facet": "cout", "contains": "25"}}]}
{"name": "an English reply made of a tree's lead and its branch, then a notice before a full answer, all in English", "turns": [{"say": "I moved to France from Canada, can I drive with my Ontario licence?", "expect": {"id": "permis.echange-etranger", "contains": ["depend on the country", "1 year"], "lacks": ["dépendent", "reconnu"]}}, {"say": "how long?", "expect": {"contains": "no precise information", "lacks": ["Je n'ai pas", "dépendent"]}}]}
{"name": "after a clarification, a short question naming no document is read about the conversation's document", "turns": [{"say": "je pars au Maroc la semaine prochaine et ma carte d'identité est périmée", "expect": {"decision": "clarify"}}, {"say": "je peux voyager avec ?", "expect": {"decision": "clarify"}}]}
{"name": "contesting, after an invalidation, is contesting it, though the words alone fit a complaint better", "turns": [{"say": "mon solde est à zéro, j'ai reçu la lettre 48SI"}, {"say": "je peux contester la décision ?", "expect": {"id": "permis.contestation-invalidation"}}]}
{"name": "where to declare a loss stays on the loss when a pronoun ties it", "turns": [{"say": "j'ai perdu mon passeport hier"}, {"say": "la déclaration de perte, je la fais où ?", "expect": {"id": "passeport.perte-vol"}}]}
{"name": "a human asked for in other words", "turns": [{"say": "ma carte grise est rejetée"}, {"say": "je voudrais qu'un humain regarde", "expect": {"decision": "handoff"}}]}
{"name": "who may apply, asked of a document alone, is the document's own entry", "turns": [{"say": "carte d'identité : qui peut la déposer ?", "expect": {"id": "cni.demande", "facet": "qui"}}]}
{"name": "the same change for another document after a facet of it was asked: the change, not the document's papers", "turns": [{"say": "je viens de me marier, je veux changer mon nom sur mon permis"}, {"say": "il faut quels papiers ?"}, {"say": "et pour mon passeport ?", "expect": {"id": "titre.nom-usage"}}]}
{"name": "travelling abroad is no licence lost abroad", "turns": [{"say": "voyage aux Etats-Unis en juillet, faut-il un permis international ?", "expect": {"id": "permis.international"}}, {"say": "et ma femme, elle en a besoin aussi ?", "expect": {"lacks": ["Déclarez la perte"]}}]}
{"name": "who does it, asked of the topic: who", "turns": [{"say": "je viens de vendre ma voiture", "expect": {"id": "civ.cession", "facet": "none"}}, {"say": "et la déclaration, le vendeur doit la faire lui-même ?", "expect": {"id": "civ.cession", "facet": "qui", "contains": "Le vendeur déclare"}}, {"say": "et la déclaration, le vendeur s'en charge ?", "expect": {"lacks": "prix"}}]}
{"name": "a pet's passport is no passport of the agency's, and the topic stays for the next follow-up", "turns": [{"say": "combien coûte un passeport ?", "expect": {"id": "passeport.demande"}}, {"say": "et le passeport de mon chien ?", "expect": {"decision": "fallback", "contains": "n'est pas délivré par l'ANTS"}}, {"say": "ok et pour un enfant de 10 ans ?", "expect": {"id": "passeport.demande"}}]}
{"name": "a facet no phrase reads, guessed by the model, picks the part of the entry chosen", "turns": [{"say": "faut un acte de naissance pour refaire mon passeport ?", "expect": {"id": "titre.acte-naissance", "facet": "pieces"}}]}
{"name": "what no entry answers yet gets no neighbour's answer, and a person is offered", "turns": [{"say": "j'ai égaré le code confidentiel reçu avec ma carte grise, je fais comment ?", "expect": {"decision": "fallback", "contains": "pas encore de réponse vérifiée"}}, {"choose": "Parler à un conseiller", "expect": {"decision": "handoff"}}]}
{"name": "the same in English; a lost carte grise itself is answered", "turns": [{"say": "the court says I must drive with an alcohol interlock, how does it work?", "expect": {"decision": "fallback", "contains": "checked answer"}}, {"say": "j'ai perdu ma carte grise", "expect": {"id": "civ.duplicata"}}]}
{"name": "a refund of the tax stamp is the stamp's, not a gap", "turns": [{"say": "le timbre fiscal de ma carte grise peut-il être remboursé ?", "expect": {"lacks": "pas encore de réponse vérifiée"}}]}
{"name": "the same for someone else, with no word of its own, stays on the topic", "turns": [{"say": "on part en road trip aux Etats-Unis cet été, il faut un permis international ?", "expect": {"id": "permis.international"}}, {"say": "ma femme doit en avoir un aussi ?", "expect": {"id": "permis.international"}}]}
{"name": "a boat's carte grise is another administration's", "turns": [{"say": "bjr jai acheté un bateau d'occas jdoi faire une carte grise ?", "expect": {"decision": "fallback", "contains": "n'est pas délivré par l'ANTS"}}]}
{"name": "a trailer for a boat is a road vehicle", "turns": [{"say": "carte grise pour une remorque de bateau", "expect": {"decision": "answer", "lacks": "n'est pas délivré par l'ANTS"}}]}
{"name": "a bar licence read as 'permis' by the KB's abbreviations is no driving licence", "turns": [{"say": "j'ai perdu mon permis d'exploitation de licence 4, comment obtenir un duplicata ?", "expect": {"decision": "fallback", "contains": "n'est pas délivré par l'ANTS"}}]}
{"name": "a residence permit told beside the licence is context", "turns": [{"say": "je suis étudiant brésilien avec un titre de séjour, je peux conduire avec mon permis brésilien ?", "expect": {"lacks": "n'est pas délivré par l'ANTS"}}]}
{"name": "the same in English, and the passport lost with the dog is the person's", "turns": [{"say": "I lost my cat's pet passport, how do I get a new one?", "expect": {"decision": "fallback", "contains": "is not issued by the ANTS"}}, {"say": "j'ai perdu mon passeport et mon chien", "expect": {"id": "passeport.perte-vol"}}]}
{"name": "the same question for someone else after a facet: that facet again", "turns": [{"say": "combien d'années dure la validité d'un passeport ?", "expect": {"id": "passeport.duree-validite", "facet": "validite"}}, {"say": "et pour un mineur ?", "expect": {"id": "passeport.duree-validite", "facet": "validite"}}]}
{"name": "a facet asked of a word the topic is about stays on the topic, not on its neighbour of the same word", "turns": [{"say": "jeune conducteur, j'ai reçu la lettre 48N", "expect": {"id": "permis.stage-obligatoire-48n"}}, {"say": "le stage est payant ?", "expect": {"id": "permis.stage-obligatoire-48n"}}]}
{"name": "a passport for someone, and nothing else, is its application", "turns": [{"say": "passeport pour ma fille de 12 ans", "expect": {"id": "passeport.demande"}}]}
{"name": "a licence for someone, and nothing else, is asked which procedure", "turns": [{"say": "permis pour mon fils de 17 ans", "expect": {"decision": "clarify"}}]}
{"name": "whether a vehicle's price is fair is advice on the vehicle, not a fee", "turns": [{"say": "je vais acheter une voiture d'occasion, comment vérifier qu'elle n'est pas gagée ?"}, {"say": "le vendeur en veut 4000 euros, c'est une bonne affaire ?", "expect": {"id": "hors-champ.vehicule-conseil", "decision": "fallback"}}]}
{"name": "a licence stolen from someone who lives abroad is an expatriate's, not one stolen on a trip", "turns": [{"say": "j'habite au Canada, on m'a volé mon permis", "expect": {"id": "permis.expatrie"}}]}
{"name": "a licence stolen on a trip is the theft abroad", "turns": [{"say": "en vacances à Dakar, on m'a volé mon permis", "expect": {"id": "permis.perte-vol-etranger"}}]}
{"name": "after a sale, the buyer's side asked of, then the seller's own again", "turns": [{"say": "j'ai vendu ma voiture à ma voisine, je dois faire quoi ?", "expect": {"id": "civ.cession"}}, {"say": "et pour elle, la carte grise coûte combien ?", "expect": {"id": "civ.changement-titulaire", "facet": "cout"}}, {"say": "et moi je déclare la vente en ligne ?", "expect": {"id": "civ.cession"}}]}
{"name": "a passport renewed by someone who lives abroad is the consulate's", "turns": [{"say": "j'habite à Berlin, je dois refaire mon passeport, je vais où ?", "expect": {"id": "titre.francais-etranger"}}]}
{"name": "living abroad, said first, decides the identity card's procedure asked next", "turns": [{"say": "bonjour, je vis à Dakar depuis deux ans"}, {"say": "comment faire une première carte d'identité pour moi ?", "expect": {"id": "titre.francais-etranger"}}]}
{"name": "the price of a licence, asked of nothing else, is asked which procedure", "turns": [{"say": "combien coute un permis", "expect": {"decision": "clarify", "lacks": "volé coûte"}}]}
{"name": "a follow-up asking where, naming what another entry is about, is that entry's", "turns": [{"say": "quels papiers pour refaire mon passeport ?", "expect": {"id": "passeport.demande", "facet": "pieces"}}, {"say": "et le rdv on le prend comment ?", "expect": {"id": "titre.rendez-vous"}}]}
{"name": "a verb whose object points back at the topic names nothing else, though another entry is about it", "turns": [{"say": "le vendeur m'a donné un code de cession, ça sert à quoi ?", "expect": {"id": "civ.code-cession"}}, {"say": "je peux le retrouver où ?", "expect": {"id": "civ.code-cession"}}]}
{"name": "a follow-up naming a document, clearly about that document's own entry when read alone, is that entry's", "turns": [{"say": "le vendeur m'a donné un code de cession, ça sert à quoi ?", "expect": {"id": "civ.code-cession"}}, {"say": "et la carte grise elle arrive quand ?", "expect": {"id": "civ.suivi", "facet": "delai"}}]}
{"name": "another kind of vehicle, elliptic, asks the topic again for it", "turns": [{"say": "est-ce qu'un quad doit être immatriculé ?", "expect": {"id": "civ.vehicules-concernes"}}, {"say": "et une trottinette ?", "expect": {"id": "civ.vehicules-concernes"}}]}
{"name": "the price asked after a part of an identity title's procedure that has none is the title's", "turns": [{"say": "pour le passeport de ma fille, quel justificatif de domicile si elle vit chez son père une semaine sur deux ?", "expect": {"id": "titre.mineur-justificatif-domicile"}}, {"say": "et pour elle c'est payant ?", "expect": {"id": "passeport.demande", "facet": "cout", "contains": "17 €"}}]}
{"name": "the same for the delay of an identity card", "turns": [{"say": "pour la carte d'identité de mon fils, quel justificatif de domicile si on est séparés ?", "expect": {"id": "titre.mineur-justificatif-domicile"}}, {"say": "et ça prend combien de temps ?", "expect": {"id": "cni.demande", "facet": "delai"}}]}
{"name": "a word only the entry the matcher leans to is about decides, rather than a choice of one", "turns": [{"say": "le B96 c'est quoi au juste, faut repasser un examen ?", "expect": {"id": "permis.remorque-b96-be", "decision": "answer"}}]}
{"name": "the same with a letter's name", "turns": [{"say": "lettre 48SI c'est quoi ce machin", "expect": {"id": "permis.invalidation", "decision": "answer"}}]}
{"name": "a licence's price for someone of an age is asked which procedure, the age naming none", "turns": [{"say": "permis pour mon fils de 17 ans combien ça coûte", "expect": {"decision": "clarify", "lacks": "volé"}}]}
{"name": "a greeting that asks how the assistant is gets the greeting", "turns": [{"say": "coucou ça va ?", "expect": {"id": "smalltalk.bonjour", "decision": "answer"}}]}
{"name": "another document after an entry about vehicles", "turns": [{"say": "j'ai mon permis B depuis 5 ans, je peux rouler en moto 125 ?", "expect": {"id": "permis.formation-125"}}, {"say": "et la carte grise pour une moto d'occasion ?", "expect": {"lacks": ["125"]}}]}
`
	ds, err := dialogue.Read(strings.NewReader(real), "real")
	if err != nil {
		t.Fatal(err)
	}
	if err := dialogue.CheckEntries(ds, matcher().KB()); err != nil {
		t.Fatal(err)
	}
	rep, err := dialogue.Run(bot.New(config.Default().Bot, bot.Deps{Matcher: matcher}), ds, time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if !r.Pass {
			t.Errorf("%q turn %d: said %q: got %s %s (%s): %s", r.Dialogue, r.Turn, r.Said, r.Got.Decision, r.Got.ID, r.Got.Facet, r.Why)
		}
	}
}
