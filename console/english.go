package console

import (
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/lang"
)

// EnglishAnswers is what an Answers offers when it also knows the entries'
// English answers: the console then shows and sends those to people who
// write in English.
type EnglishAnswers interface {
	EnglishAnswer(id string) (string, bool)
}

// answerFor is entry id's answer in the ticket's language: the English
// one for an English conversation when there is one, else fr.
func (s *Console) answerFor(t handoff.Ticket, id, fr string) string {
	en, ok := s.answers.(EnglishAnswers)
	if !ok || handoff.TicketLang(t) != string(lang.English) {
		return fr
	}
	if text, ok := en.EnglishAnswer(id); ok {
		return text
	}
	return fr
}
