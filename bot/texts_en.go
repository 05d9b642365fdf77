package bot

// englishTexts are the English versions of what the assistant says when it
// is not answering from an entry, keyed by the French text. Kept beside
// texts.go so that editors review both tones together.
var englishTexts = map[string]string{
	textTooLong: "Your message is too long for me (%d characters). Could you sum it up in a few " +
		"sentences, %d characters at most?",
	textEmpty:       "I did not receive any text. Ask your question in a few words, for example “lost registration certificate”.",
	textAttachments: "I cannot read attachments (photos, files, voice messages). Please describe your question in writing; an advisor can ask you for a document if needed.",
	textClarify:     "I want to be sure I understand. Did you mean:",
	textClarify1:    "I am not certain I understood. Did you mean:",
	textFallback: "I am not sure I understand. I answer questions about driving licences, vehicle " +
		"registration certificates (carte grise), ID cards and passports. Could you rephrase in a few words " +
		"(for example “lost driving licence” or “change of address on a carte grise”)?",
	textOutOfScope: "I am afraid this question is outside what I can help with: I answer questions about " +
		"driving licences, vehicle registration certificates, ID cards and passports. You can rephrase, " +
		"or talk to an advisor.",
	textOtherTitle: "This title is not issued by the ANTS (France Titres), which only handles the driving " +
		"licence, the vehicle registration certificate (carte grise), the identity card and the French passport. " +
		"Please contact the body that issues it: https://www.service-public.fr/ explains the procedure and " +
		"which service handles it. Do you have a question about one of these four documents?",
	textKnownGap: "I do not have a checked answer on this precise point yet, and I would rather not give you " +
		"a wrong one. An advisor can answer you: choose “Talk to an advisor”, or ask another question.",
	textEscalateLow: "I cannot find a reliable answer to your question. I am passing it on to an advisor, " +
		"with our conversation so that you do not have to repeat everything.",
	textEscalateAsk: "I am passing your request on to an advisor, with our conversation.",
	textNoHumans: "No advisor can be reached from this channel. You can call 34 00 (from mainland France) " +
		"or 09 70 83 07 07 (overseas and abroad), Monday to Saturday.",
	textOther:     "I am listening: ask your question in a few words.",
	textTrack:     "Which request do you want to follow?",
	textNext:      "The answer above describes the whole procedure. Depending on your situation, what comes next may be one of these:",
	textGreeting:  "Hello, I am the Guichet assistant (a bot). I answer questions about driving licences, vehicle registration certificates, ID cards and passports. An advisor can take over if needed. What is your question?",
	textWhatWeAre: "I am the Guichet assistant, a bot: my answers are automatic. I answer questions about driving licences, vehicle registration certificates (carte grise), ID cards and passports. If you would rather talk to a person, choose “Talk to an advisor”.",
	labelHuman:    "Talk to an advisor",
	labelOther:    "Another question",
	labelOptionNo: "None of these",

	textAskNumber: "If the problem persists, I can send an incident report to the team that handles " +
		"blocked files. What is your request number? It is in the confirmation e-mail or in your ANTS account.",
	textAskNumberNext: "What is your request number? It is in the confirmation e-mail or in your ANTS account.",
	textBadNumber: "This number does not look valid: a request number has 8 to 24 letters and digits, " +
		"at least 4 of them digits. Could you check it? You can also answer “I don't have it”.",
	textAskMessage: "What exactly does the site show (error message, step where the procedure is blocked)?",
	textAskConsent: "Do you agree that this information, including your request number, is sent to the team " +
		"in charge of incidents so that they can look into your file?",
	textAskConsentNoNumber: "Do you agree that this information is sent to the team in charge of incidents " +
		"so that they can look into your file?",
	textConsentAgain:   "To send the report I need your agreement: answer 1 (yes) or 2 (no).",
	textNoConsent:      "All right, I will not send this report. An advisor can still help you.",
	textCancelled:      "Report cancelled. Do you have another question?",
	textRated:          "Thank you for your rating! You can add a comment if you wish, or ask another question.",
	textCommented:      "Thank you, your comment has been saved.",
	textThanksYes:      "Thank you for your feedback! Do you have another question?",
	textThanksNo:       "Sorry this answer did not help. You can rephrase your question in a few words, or talk to an advisor.",
	textMisread:        "Sorry, I misunderstood your question. Could you rephrase it in a few words, or would you rather talk to an advisor?",
	textMisreadChoices: "Sorry, I misunderstood. Did you mean:",
	"Que souhaitez-vous faire pour votre permis de conduire ?": "What would you like to do about your driving licence?",
	"Que souhaitez-vous faire pour votre carte grise ?":        "What would you like to do about your vehicle registration certificate (carte grise)?",
	"Que souhaitez-vous faire pour votre carte d'identité ?":   "What would you like to do about your ID card?",
	"Que souhaitez-vous faire pour votre passeport ?":          "What would you like to do about your passport?",
	textAskHelpful:   "Did this answer help?",
	textAcknowledge:  "I understand your frustration; I will do my best to help you.\n\n",
	textIncidentSent: "Thank you. I am passing your report on to an advisor, as a priority.",

	"Oui, merci":         "Yes, thanks",
	"Non":                "No",
	"Je ne l'ai pas":     "I don't have it",
	"Annuler":            "Cancel",
	"Oui, j'accepte":     "Yes, I agree",
	"Reformuler":         "Rephrase",
	"Pas de commentaire": "No comment",

	// Facet buttons (kb.FacetLabels).
	"Prix":              "Price",
	"Délai":             "Time to wait",
	"Pièces à fournir":  "Documents needed",
	"Comment faire":     "How to do it",
	"Validité":          "Validity",
	"En attendant":      "Meanwhile",
	"Qui peut le faire": "Who can do it",
}

// yesNo are the answers that pick the offered option starting with them
// ("oui" picks "Oui, merci", "yes" picks "Yes, thanks").
var yesNo = map[string]bool{"oui": true, "non": true, "yes": true, "no": true}

// Texts of the language switch and of answers that exist only in French.
const (
	textEnglishNow = "All right, I will answer in English. What is your question?"
	textFrenchNow  = "D'accord, je vous réponds en français. Quelle est votre question ?"
	textFrenchOnly = "This answer is only available in French:"
	// textNoFacetEN is textNoFacet in English.
	textNoFacetEN    = "I have no precise information on this point (%s) for “%s”. Here is the full answer:\n\n"
	textSituationFR  = " : précisez votre situation."
	textSituationEN  = ": please tell me more about your situation."
	textIncidentSent = "Merci. Je transmets votre signalement à un conseiller, en priorité."
)
