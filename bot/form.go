package bot

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/guichet/guichet"
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
	textBadNumber = "Ce numéro ne semble pas valide : un numéro de demande compte de 8 à 24 lettres et chiffres, " +
		"dont au moins 4 chiffres. Pouvez-vous le vérifier ? Vous pouvez aussi répondre « Je ne l'ai pas »."
	textAskMessage = "Qu'affiche le site exactement (message d'erreur, étape où la démarche bloque) ?"
	textAskConsent = "J'accepte que ces informations, dont le numéro de demande, soient transmises à l'équipe " +
		"chargée des incidents pour l'examen de mon dossier."
	textNoConsent = "D'accord, je ne transmets pas ce signalement. Un conseiller peut tout de même vous aider."
	textCancelled = "Signalement annulé. Avez-vous une autre question ?"
	textRated     = "Merci pour votre note ! Vous pouvez ajouter un commentaire si vous le souhaitez, ou poser une autre question."
	textCommented = "Merci, votre commentaire a bien été enregistré."
	textThanksYes = "Merci pour votre retour ! Avez-vous une autre question ?"
	textThanksNo  = "Désolé que cette réponse ne vous ait pas aidé. Vous pouvez reformuler votre question " +
		"en quelques mots, ou parler à un conseiller."
	textAskHelpful = "Cette réponse vous a-t-elle aidé ?"
)

// startIncident opens the incident report for a procedure.
func (t *turn) startIncident(entry, procedure string) {
	t.st.Form = &Form{Kind: formIncident, Step: stepNumber, Entry: entry,
		Fields: map[string]string{"procedure": procedure}}
	t.say(DecisionAnswer, textAskNumber, []Option{{Label: "Je ne l'ai pas", Payload: payloadFormSkip},
		{Label: "Annuler", Payload: payloadFormCancel}})
}

// formStep takes the message as the answer to the form's current step.
// It returns false when there is no form.
func (t *turn) formStep(text string) bool {
	f := t.st.Form
	if f == nil {
		return false
	}
	if t.msg.Payload == payloadFormCancel {
		t.st.Form = nil
		t.say(DecisionNotice, textCancelled, nil)
		return true
	}
	if f.Kind == formComment {
		t.st.Form = nil
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
		f.Step = stepConsent
		t.say(DecisionAnswer, textAskConsent, []Option{{Label: "Oui, j'accepte", Payload: payloadFormYes},
			{Label: "Non", Payload: payloadFormNo}})
	case stepConsent:
		t.incidentConsent(f)
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

func (t *turn) incidentConsent(f *Form) {
	yes := t.msg.Payload == payloadFormYes || t.canon == "oui" || strings.HasPrefix(t.canon, "oui j accepte") ||
		t.canon == "yes" || strings.HasPrefix(t.canon, "yes i agree")
	t.st.Form = nil
	if !yes {
		t.say(DecisionNotice, textNoConsent, []Option{{Label: labelHuman, Payload: guichet.PayloadHandoff},
			{Label: labelOther, Payload: guichet.PayloadOther}})
		return
	}
	f.Fields["consent"] = "oui"
	t.d.Entry = f.Entry
	t.fact(quality.Fact{Kind: quality.KindIncident, Entry: f.Entry, Procedure: f.Fields["procedure"],
		Fields: map[string]string{"procedure": f.Fields["procedure"], "request_number": f.Fields["request_number"],
			"site_message": privacy.Mask(f.Fields["site_message"]), "consent": "oui"}})
	t.escalate(guichet.ReasonIncident, f.Entry, textIncidentSent)
	t.d.Escalation.Fields = f.Fields
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
	f := quality.Fact{Kind: quality.KindHelpful, Entry: entry, Procedure: quality.ProcedureOf(entry), Path: quality.PathBot}
	if answer == "yes" {
		f.Value = 1
		t.fact(f)
		t.say(DecisionNotice, textThanksYes, nil)
		return true
	}
	f.Text = t.st.LastQuestion
	t.fact(f)
	t.say(DecisionNotice, textThanksNo, []Option{{Label: "Reformuler", Payload: guichet.PayloadOther},
		{Label: labelHuman, Payload: guichet.PayloadHandoff}})
	return true
}

// rating records the 1-5 rating asked when a ticket is resolved, then
// offers to leave a comment.
func (t *turn) rating(arg string) bool {
	ticket, value, ok := strings.Cut(arg, ":")
	n, err := strconv.Atoi(value)
	if !ok || err != nil || n < 1 || n > 5 || !validTicketID(ticket) || !t.ratingAsked {
		return false // not a rating the hand-off asked of this conversation
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
