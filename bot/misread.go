package bot

import "strings"

// What the assistant says when the person says its answer was not what
// they asked.
const (
	textMisread = "Désolé, j'ai mal compris votre question. Pouvez-vous la reformuler en quelques mots, " +
		"ou préférez-vous parler à un conseiller ?"
	textMisreadChoices = "Désolé, j'ai mal compris. Vouliez-vous dire :"
)

// misreadPhrases say that the last answer missed the question: "c'est pas
// ça", "ça répond pas à ma question", "vous avez rien compris". Not "je
// comprends pas comment faire", which asks.
var misreadPhrases = phrases("c est pas ca", "ce n est pas ca", "non pas ca", "pas ca du tout", "mais non",
	"pas ma question", "ne repond pas", "repond pas a", "repond pas du tout", "rien a voir", "hors sujet",
	"comprenez rien", "comprends rien", "compris rien", "rien compris", "comprenez pas", "avez pas compris",
	"as pas compris", "pas ce que j ai demande", "pas ce que je demande", "pas ce que je cherche",
	"pas la question", "pas la bonne reponse", "mauvaise reponse", "a cote de la plaque",
	// English
	"not what i asked", "not my question", "doesn t answer", "does not answer", "didn t answer",
	"wrong answer", "you don t understand", "you didn t understand", "not what i meant", "that s not it",
	"not what i m asking")

// misunderstood answers "c'est pas ça" after an answer: the answer is
// recorded as unhelpful, like the "Non" button, the topic dropped (the
// next message is no follow-up of a wrong answer), and the question
// before is offered its other candidates, or else rephrasing and a person.
func (t *turn) misunderstood(prev, topic string) error {
	t.unhelpful(topic, prev)
	t.st.Topic, t.st.Facet, t.st.LastQuestion = "", "", prev
	var ids []string
	if prev != "" {
		r, err := t.m.Match(prev)
		if err != nil {
			return err
		}
		for _, c := range r.Candidates {
			if len(ids) == t.e.cfg.MaxClarifyOptions || c.Confidence < t.clarifyAt()/2 {
				break
			}
			if c.Entry != topic && !strings.HasPrefix(c.Entry, "smalltalk.") {
				ids = append(ids, c.Entry)
			}
		}
	}
	if len(ids) == 0 {
		t.say(DecisionFallback, textMisread, rephraseOptions())
		return nil
	}
	t.offer(DecisionClarify, textMisreadChoices, ids)
	t.d.Options = ids
	return nil
}
