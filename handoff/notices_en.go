package handoff

import (
	"regexp"
	"strings"

	"github.com/guichet/guichet/internal/lang"
)

// Notices in English, for tickets of conversations held in English
// (Ticket.Lang). The notices are composed in French where they are sent
// (notices.go, change.go, run.go); tell translates them on their way out,
// sentence by sentence, from the French forms below. A French notice this
// file does not know goes out in French.

var englishNotices = map[string]string{
	textAck:      "Your message has been passed on; an advisor will answer you.",
	textClosed:   "The advisor closed the conversation. The assistant is still here for your questions.",
	textAbandon:  "As we did not hear from you, your request for an advisor was closed. The assistant is still here, and you can ask for an advisor again at any time.",
	textContinue: "You can keep writing here: your messages will be passed on to them.",
	textPhones:   "During opening hours, you can also call 34 00 (from France) or 09 70 83 07 07 (from overseas and abroad)",
	textRating:   "How would you rate the help you received? (1 = not at all satisfied, 5 = very satisfied)",
	textResumed:  "Your advisor had to stop: your request is back in its place in the queue.",
}

// textResumed opens the notice of a released ticket (change.go).
const textResumed = "Votre conseiller a dû s'interrompre : votre demande reprend sa place dans la file d'attente."

var (
	queueFR   = regexp.MustCompile(`^Vous êtes en position (\d+) dans la file d'attente(?: \(attente estimée : ([^)]*)\))?\.`)
	absentFR  = regexp.MustCompile(`^Nos conseillers sont absents pour le moment\. Ils seront de retour (.+?) : votre demande est conservée et un conseiller vous répondra ici\.`)
	formFR    = regexp.MustCompile(`^, ou écrire via le formulaire de contact : (\S+)`)
	joinedFR  = regexp.MustCompile(`^(.+) a rejoint la conversation\.$`)
	waitFR    = regexp.MustCompile(`^(?:environ|moins de) (\d+) (minutes|heures?)$`)
	whenFR    = regexp.MustCompile(`^(?:(aujourd'hui|demain)|(\p{L}+) (\d+) (\p{L}+)) à (\d+) h(?: (\d\d))?$`)
	daysEN    = strings.NewReplacer("dimanche", "Sunday", "lundi", "Monday", "mardi", "Tuesday", "mercredi", "Wednesday", "jeudi", "Thursday", "vendredi", "Friday", "samedi", "Saturday")
	monthsEN  = strings.NewReplacer("janvier", "January", "février", "February", "mars", "March", "avril", "April", "mai", "May", "juin", "June", "juillet", "July", "août", "August", "septembre", "September", "octobre", "October", "novembre", "November", "décembre", "December")
	unitsEN   = strings.NewReplacer("minutes", "minutes", "heures", "hours", "heure", "hour")
	sentences = []func(string) (en, rest string, ok bool){knownSentence, queueSentence, absentSentence, formSentence, joinedSentence}
)

// noticeLang is the language of a ticket's notices.
func noticeLang(t Ticket) string {
	if t.Lang == string(lang.English) {
		return t.Lang
	}
	return string(lang.French)
}

// localize returns a notice in the ticket's language.
func localize(t Ticket, fr string) string {
	if noticeLang(t) != string(lang.English) {
		return fr
	}
	return englishNotice(fr)
}

// englishNotice translates a French notice, or returns it unchanged when
// part of it is unknown.
func englishNotice(fr string) string {
	var out strings.Builder
	rest := fr
	for rest != "" {
		en, next, ok := nextSentence(rest)
		if !ok {
			return fr
		}
		out.WriteString(en)
		rest = next
	}
	return out.String()
}

func nextSentence(s string) (string, string, bool) {
	if sep := len(s) - len(strings.TrimLeft(s, " \n")); sep > 0 {
		return s[:sep], s[sep:], true
	}
	if s == "." {
		return ".", "", true
	}
	for _, f := range sentences {
		if en, rest, ok := f(s); ok {
			return en, rest, true
		}
	}
	return "", "", false
}

func knownSentence(s string) (string, string, bool) {
	for fr, en := range englishNotices {
		if rest, ok := strings.CutPrefix(s, fr); ok {
			return en, rest, true
		}
	}
	return "", "", false
}

func queueSentence(s string) (string, string, bool) {
	m := queueFR.FindStringSubmatchIndex(s)
	if m == nil {
		return "", "", false
	}
	en := "You are number " + s[m[2]:m[3]] + " in the queue"
	if m[4] >= 0 {
		en += " (estimated wait: " + englishWait(s[m[4]:m[5]]) + ")"
	}
	return en + ".", s[m[1]:], true
}

func englishWait(fr string) string {
	m := waitFR.FindStringSubmatch(fr)
	if m == nil {
		return fr
	}
	about := "about "
	if strings.HasPrefix(fr, "moins") {
		about = "less than "
	}
	return about + m[1] + " " + unitsEN.Replace(m[2])
}

func absentSentence(s string) (string, string, bool) {
	m := absentFR.FindStringSubmatchIndex(s)
	if m == nil {
		return "", "", false
	}
	return "Our advisors are away at the moment. They will be back " + englishWhen(s[m[2]:m[3]]) +
		": your request is kept and an advisor will answer you here.", s[m[1]:], true
}

func formSentence(s string) (string, string, bool) {
	m := formFR.FindStringSubmatchIndex(s)
	if m == nil {
		return "", "", false
	}
	url := strings.TrimSuffix(s[m[2]:m[3]], ".")
	return ", or write through the contact form: " + url, s[m[2]+len(url):], true
}

func joinedSentence(s string) (string, string, bool) {
	m := joinedFR.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return m[1] + " joined the conversation.", "", true
}

// englishWhen translates frenchWhen's "demain à 8 h 30", "lundi 15 juin à 8 h".
func englishWhen(fr string) string {
	m := whenFR.FindStringSubmatch(fr)
	if m == nil {
		return fr
	}
	clock := m[5] + ":00"
	if m[6] != "" {
		clock = m[5] + ":" + m[6]
	}
	switch m[1] {
	case "aujourd'hui":
		return "today at " + clock
	case "demain":
		return "tomorrow at " + clock
	}
	return "on " + daysEN.Replace(m[2]) + " " + m[3] + " " + monthsEN.Replace(m[4]) + " at " + clock
}

// replyLang is the language of an agent's reply: agents may write in
// either language, so the text says which; a reply with no telling words
// ("ok", a link) is taken to be in the conversation's.
func replyLang(t Ticket, text string) string {
	switch lang.Detect(text).Lang {
	case lang.English:
		return string(lang.English)
	case lang.French:
		return string(lang.French)
	}
	return noticeLang(t)
}

// TicketLang is the language of a ticket's conversation, "fr" or "en":
// the console shows it, and notices and replies follow it.
func TicketLang(t Ticket) string { return noticeLang(t) }
