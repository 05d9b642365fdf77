package bot

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/fold"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/privacy"
	"github.com/guichet/guichet/quality"
)

// Form is a short series of questions the bot asks before acting: the
// incident report for a stuck file, or the comment after a rating.
type Form struct {
	Kind     string            `json:"kind"` // formIncident or formComment
	Step     string            `json:"step"`
	Fields   map[string]string `json:"fields,omitempty"`
	Attempts int               `json:"attempts,omitempty"` // wrong request numbers so far
	Entry    string            `json:"entry,omitempty"`
	Ticket   string            `json:"ticket,omitempty"`
}

const (
	formIncident = "incident"
	formComment  = "comment"

	stepNumber  = "request_number"
	stepMessage = "site_message"
	stepConsent = "consent"

	// maxNumberAttempts is how many times a malformed request number is
	// asked again before the report goes on without it.
	maxNumberAttempts = 2
	maxSiteMessage    = 500
	maxComment        = 1000
)

// Payload prefixes of the quality questions.
const (
	payloadFeedbackPrefix = "FEEDBACK:" // FEEDBACK:yes:<entry>, FEEDBACK:no:<entry>
)

// Form payloads.
const (
	payloadFormSkip   = "FORM:skip"
	payloadFormCancel = "FORM:cancel"
	payloadFormYes    = "FORM:yes"
	payloadFormNo     = "FORM:no"
)

const (
	textAskNumber = "Si le problème persiste, je peux transmettre un signalement d'incident à l'équipe qui " +
		"traite les dossiers bloqués. Quel est le numéro de votre demande ? Il figure dans le courriel de " +
		"confirmation ou dans votre espace ANTS."
	textAskNumberNext = "Quel est le numéro de votre demande ? Il figure dans le courriel de confirmation ou " +
		"dans votre espace ANTS."
	textBadNumber = "Ce numéro ne semble pas valide : un numéro de demande compte de 8 à 24 lettres et chiffres, " +
		"dont au moins 4 chiffres. Pouvez-vous le vérifier ? Vous pouvez aussi répondre « Je ne l'ai pas »."
	textAskMessage = "Qu'affiche le site exactement (message d'erreur, étape où la démarche bloque) ?"
	// The person consents: the question is theirs to answer.
	textAskConsent = "Acceptez-vous que ces informations, dont le numéro de votre demande, soient transmises " +
		"à l'équipe chargée des incidents pour l'examen de votre dossier ?"
	textAskConsentNoNumber = "Acceptez-vous que ces informations soient transmises à l'équipe chargée des " +
		"incidents pour l'examen de votre dossier ?"
	textConsentAgain = "Pour transmettre le signalement, j'ai besoin de votre accord : répondez 1 (oui) ou 2 (non)."
	textNoConsent    = "D'accord, je ne transmets pas ce signalement. Un conseiller peut tout de même vous aider."
	textCancelled    = "Signalement annulé. Avez-vous une autre question ?"
	textRated        = "Merci pour votre note ! Vous pouvez ajouter un commentaire si vous le souhaitez, ou poser une autre question."
	textCommented    = "Merci, votre commentaire a bien été enregistré."
	textThanksYes    = "Merci pour votre retour ! Avez-vous une autre question ?"
	textThanksNo     = "Désolé que cette réponse ne vous ait pas aidé. Vous pouvez reformuler votre question " +
		"en quelques mots, ou parler à un conseiller."
	textAskHelpful = "Cette réponse vous a-t-elle aidé ?"
)

// startIncident opens the incident report for a procedure, asking for the
// request number: question is textAskNumber, or textAskNumberNext right
// after an answer that announced the report.
func (t *turn) startIncident(entry, procedure, question string) {
	t.st.Form = &Form{Kind: formIncident, Step: stepNumber, Entry: entry,
		Fields: map[string]string{"procedure": procedure}}
	t.say(DecisionAnswer, question, []Option{{Label: "Je ne l'ai pas", Payload: payloadFormSkip},
		{Label: "Annuler", Payload: payloadFormCancel}})
}

// formStep takes the message as the answer to the form's current step.
// It returns false when there is no form.
func (t *turn) formStep(text string) bool {
	f := t.st.Form
	if f == nil {
		return false
	}
	if t.msg.Payload == "" {
		t.msg.Payload = t.formReply()
	}
	if t.msg.Payload == payloadFormCancel {
		t.st.Form = nil
		t.say(DecisionNotice, textCancelled, nil)
		return true
	}
	if f.Kind == formComment {
		t.st.Form = nil
		if t.msg.Payload == "" && t.asksAnew(text) {
			return false // "ou poser une autre question": answered, not kept as a comment
		}
		if t.msg.Payload == payloadFormSkip {
			t.say(DecisionNotice, textThanksYes, nil)
			return true
		}
		t.fact(quality.Fact{Kind: quality.KindComment, Ticket: f.Ticket,
			Comment: privacy.Mask(truncate(text, maxComment))})
		t.say(DecisionNotice, textCommented, nil)
		return true
	}
	t.d.Entry = f.Entry
	switch f.Step {
	case stepNumber:
		t.incidentNumber(f, text)
	case stepMessage:
		f.Fields["site_message"] = truncate(text, maxSiteMessage)
		f.Step, f.Attempts = stepConsent, 0
		question := textAskConsent
		if f.Fields["request_number"] == "" {
			question = textAskConsentNoNumber
		}
		t.say(DecisionAnswer, question, consentOptions())
	case stepConsent:
		return t.incidentConsent(f)
	default:
		t.st.Form = nil
		return false
	}
	return true
}

func (t *turn) incidentNumber(f *Form, text string) {
	if t.msg.Payload != payloadFormSkip {
		n, ok := requestNumber(text)
		if !ok && f.Attempts < maxNumberAttempts {
			f.Attempts++
			t.say(DecisionAnswer, textBadNumber, []Option{{Label: "Je ne l'ai pas", Payload: payloadFormSkip},
				{Label: "Annuler", Payload: payloadFormCancel}})
			return
		}
		if ok {
			f.Fields["request_number"] = n
		}
	}
	f.Step = stepMessage
	t.say(DecisionAnswer, textAskMessage, []Option{{Label: "Annuler", Payload: payloadFormCancel}})
}

func consentOptions() []Option {
	return []Option{{Label: "Oui, j'accepte", Payload: payloadFormYes}, {Label: "Non", Payload: payloadFormNo}}
}

// incidentConsent takes the answer to the consent question: yes sends the
// report, no drops it. Anything else is asked again once; then the report
// is dropped and the message read as a new one (false).
func (t *turn) incidentConsent(f *Form) bool {
	switch t.msg.Payload {
	case payloadFormYes:
	case payloadFormNo:
		t.st.Form = nil
		t.say(DecisionNotice, textNoConsent, []Option{{Label: labelHuman, Payload: guichet.PayloadHandoff},
			{Label: labelOther, Payload: guichet.PayloadOther}})
		return true
	default:
		if f.Attempts == 0 {
			f.Attempts++
			t.say(DecisionAnswer, textConsentAgain, consentOptions())
			return true
		}
		t.st.Form = nil
		return false
	}
	t.st.Form = nil
	f.Fields["consent"] = "oui"
	t.d.Entry = f.Entry
	t.fact(quality.Fact{Kind: quality.KindIncident, Entry: f.Entry, Procedure: f.Fields["procedure"],
		Fields: map[string]string{"procedure": f.Fields["procedure"], "request_number": f.Fields["request_number"],
			"site_message": privacy.Mask(f.Fields["site_message"]), "consent": "oui"}})
	t.escalate(guichet.ReasonIncident, f.Entry, textIncidentSent)
	t.d.Escalation.Fields = f.Fields
	return true
}

// requestNumber checks a request or file number: 8 to 24 letters and
// digits once spaces and dashes are removed, at least 4 of them digits.
// ANTS numbers vary by procedure, so the check is about shape, not a
// single format.
func requestNumber(text string) (string, bool) {
	var b strings.Builder
	digits := 0
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '/':
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if unicode.IsDigit(r) {
				digits++
			}
			b.WriteRune(unicode.ToUpper(r))
		default:
			return "", false
		}
	}
	n := b.Len()
	return b.String(), n >= 8 && n <= 24 && digits >= 4
}

// feedback records "Cette réponse vous a-t-elle aidé ?".
func (t *turn) feedback(arg string) bool {
	answer, entry, ok := strings.Cut(arg, ":")
	if !ok || (answer != "yes" && answer != "no") || !t.offered(payloadFeedbackPrefix+arg) {
		// Only the question just asked, about the entry just answered,
		// is answered, once: the next reply offers other buttons.
		return false
	}
	if answer == "yes" {
		f := helpfulFact(entry)
		f.Value = 1
		t.fact(f)
		t.say(DecisionNotice, textThanksYes, nil)
		return true
	}
	t.unhelpful(entry, t.st.LastQuestion)
	t.say(DecisionNotice, textThanksNo, rephraseOptions())
	return true
}

// helpfulFact is the record of whether the answer of entry helped.
func helpfulFact(entry string) quality.Fact {
	return quality.Fact{Kind: quality.KindHelpful, Entry: entry, Procedure: quality.ProcedureOf(entry), Path: quality.PathBot}
}

// unhelpful records that the answer of entry did not help with question.
func (t *turn) unhelpful(entry, question string) {
	f := helpfulFact(entry)
	f.Text = question
	t.fact(f)
}

// rephraseOptions follow an answer that did not help.
func rephraseOptions() []Option {
	return []Option{{Label: "Reformuler", Payload: guichet.PayloadOther}, {Label: labelHuman, Payload: guichet.PayloadHandoff}}
}

// rating records the 1-5 rating asked when a ticket is resolved, then
// offers to leave a comment.
func (t *turn) rating(arg string) bool {
	ticket, value, ok := strings.Cut(arg, ":")
	n, err := strconv.Atoi(value)
	if !ok || err != nil || n < 1 || n > 5 || !validTicketID(ticket) || !t.ratingAsked {
		return false // not a rating the hand-off asked of this conversation
	}
	if t.st.Escalated == ticket {
		t.st.Escalated = ""
	}
	if slices.Contains(t.st.Rated, ticket) {
		t.notice(textAlreadyRated)
		return true
	}
	t.st.rated(ticket)
	t.fact(quality.Fact{Kind: quality.KindRating, Ticket: ticket, Value: float64(n), Path: quality.PathEscalated,
		Procedure: quality.ProcedureOf(t.st.Topic), Entry: t.st.Topic})
	t.st.Form = &Form{Kind: formComment, Ticket: ticket}
	t.say(DecisionNotice, textRated, []Option{{Label: "Pas de commentaire", Payload: payloadFormSkip}})
	return true
}

// offered reports whether payload is one of the buttons the bot offered
// last.
func (t *turn) offered(payload string) bool {
	for _, o := range t.st.Options {
		if o.Payload == payload {
			return true
		}
	}
	return false
}

// RatingTicket returns the ticket id of a rating payload
// ("RATING:<ticket>:<1-5>"), if payload is one.
func RatingTicket(payload string) (string, bool) {
	rest, ok := strings.CutPrefix(payload, guichet.PayloadRatingPrefix)
	if !ok {
		return "", false
	}
	ticket, _, ok := strings.Cut(rest, ":")
	return ticket, ok && validTicketID(ticket)
}

// validTicketID accepts what the hand-off issues: 32 lowercase hex digits.
func validTicketID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func truncate(s string, max int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > max {
		return string(r[:max])
	}
	return s
}

// formReply returns the payload of the form's button that a typed answer
// names: its number ("1"), its label ("je ne l'ai pas"), or, for a yes/no
// question, a word of yes or no ("ok", "d'accord", "non merci"); "" for
// anything else.
func (t *turn) formReply() string {
	opts := t.st.Options
	if n, err := strconv.Atoi(t.canon); err == nil && n >= 1 && n <= len(opts) {
		return opts[n-1].Payload
	}
	for _, o := range opts {
		if strings.Join(match.Words(fold.Text(o.Label)), " ") == t.canon {
			return o.Payload
		}
	}
	want := ""
	switch {
	case yesWords[t.canon]:
		want = payloadFormYes
	case noWords[t.canon]:
		want = payloadFormNo
	}
	if want != "" && t.offered(want) {
		return want
	}
	return ""
}

// yesWords and noWords answer a yes/no question of a form (match.Canonical).
var (
	yesWords = phraseSetOf("oui|ok|okay|ok d accord|d accord|daccord|dac|vas y|vasy|allez y|yes|j accepte|oui j accepte|" +
		"j accepte oui|oui d accord|d accord j accepte|bien sur|oui bien sur|ouais|c est bon|ok merci|oui merci|" +
		"volontiers|entendu|absolument|oui oui|go|sure|yes i agree|i agree|yep|yes please|of course")
	noWords = phraseSetOf("non|no|non merci|je refuse|refuse|non je refuse|pas d accord|je ne suis pas d accord|surtout pas|" +
		"no thanks|no thank you|nope|i refuse|i do not agree|i don t agree|non non")
)

// phraseSetOf is the set of the phrases of list, separated by "|".
func phraseSetOf(list string) map[string]bool {
	out := map[string]bool{}
	for _, p := range strings.Split(list, "|") {
		out[p] = true
	}
	return out
}

// questionOpeners open a question.
var questionOpeners = setOf("comment combien quand ou pourquoi quel quelle quels quelles est ce puis je peut on " +
	"faut how what when where why which can do is")

// asksAnew reports whether text, typed where the bot invited a comment,
// is rather a new question: it is put as one ("?" or a question word
// first) and the knowledge base answers it with confidence.
func (t *turn) asksAnew(text string) bool {
	words := strings.Fields(t.canon)
	if len(words) == 0 || !strings.Contains(text, "?") && !questionOpeners[words[0]] {
		return false
	}
	r, err := t.m.Match(text)
	top := r.Top()
	if err != nil || top.Confidence < t.answerAt() || strings.HasPrefix(top.Entry, "smalltalk.") {
		return false
	}
	e := t.kb.Entry(top.Entry)
	return e != nil && e.Action != kb.ActionHandoff
}
