package handoff

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet"
)

// Texts the citizen reads. They are system messages: the widget and
// Messenger show them as status lines, not as someone speaking.
const (
	textAck      = "Votre message a bien été transmis, un conseiller va vous répondre."
	textClosed   = "Le conseiller a clôturé la conversation. L'assistant reste disponible pour vos questions."
	textAbandon  = "Sans nouvelles de votre part, votre demande de conseiller a été close. L'assistant reste disponible, et vous pouvez redemander un conseiller à tout moment."
	textContinue = "Vous pouvez continuer à écrire ici : vos messages lui seront transmis."
	textPhones   = "Aux heures d'ouverture, vous pouvez aussi appeler le 34 00 (depuis la France) ou le 09 70 83 07 07 (depuis l'outre-mer et l'étranger)"
)

// ackEvery spaces the acknowledgements of messages written while waiting.
const ackEvery = 3 * time.Minute

// positionEvery spaces the position updates sent to one citizen.
const positionEvery = time.Minute

// queueText tells where the citizen stands: "position 3 (attente estimée
// : environ 10 minutes)".
func (s *Service) queueText(ctx context.Context, position int) string {
	text := fmt.Sprintf("Vous êtes en position %d dans la file d'attente", position)
	pickups, err := s.tickets.Pickups(ctx, MaxPickups)
	if err != nil {
		s.log.Warn("handoff: read pickups", "err", err)
	}
	if d, ok := estimateWait(pickups, position, s.now()); ok {
		text += " (attente estimée : " + frenchDuration(d) + ")"
	}
	return text + "."
}

// handoffText is the first notice after an escalation.
func (s *Service) handoffText(ctx context.Context, position int) string {
	now := s.now()
	if !s.hours.IsOpen(now) {
		back := s.hours.frenchWhen(s.hours.NextOpen(now), now)
		text := "Nos conseillers sont absents pour le moment. Ils seront de retour " + back +
			" : votre demande est conservée et un conseiller vous répondra ici.\n" + textPhones
		if s.cfg.ContactFormURL != "" {
			text += ", ou écrire via le formulaire de contact : " + s.cfg.ContactFormURL
		}
		return text + "."
	}
	// The bot has just said it is passing the conversation on; this says
	// where the person stands.
	return s.queueText(ctx, position) + " " + textContinue
}

// tell sends a system notice. A citizen who cannot be reached (Messenger
// window closed, transport down) must not block the agent's action, so a
// failure is logged, not returned.
func (s *Service) tell(ctx context.Context, t Ticket, text string, status Status, position int) {
	r := guichet.Reply{Role: guichet.RoleSystem, Text: localize(t, text),
		Meta: &guichet.Meta{Status: string(status), Ticket: t.ID, Position: position, Lang: noticeLang(t)}}
	if _, err := s.sender.Send(ctx, t.Conversation, r); err != nil {
		level := s.log.Warn
		if guichet.Is(err, guichet.Forbidden) {
			level = s.log.Info // the channel refuses: expected outside a Messenger window
		}
		level("handoff: notice not delivered", "ticket", t.ID, "channel", t.Conversation.Channel(), "status", string(status), "err", err)
		s.metrics.notices.WithLabelValues(string(status), "failed").Inc()
		return
	}
	s.metrics.notices.WithLabelValues(string(status), "sent").Inc()
}

// announce tells a citizen whose ticket was just opened where they stand,
// and remembers the position told so that Run only sends changes.
func (s *Service) announce(ctx context.Context, t Ticket) {
	pos, err := s.tickets.Position(ctx, t.ID)
	if err != nil {
		s.log.Warn("handoff: queue position", "ticket", t.ID, "err", err)
	}
	s.tell(ctx, t, s.handoffText(ctx, pos), Waiting, pos)
	t.NotifiedPosition, t.NotifiedAt = pos, s.now()
	if _, err := s.tickets.Update(ctx, t); err != nil && !guichet.Is(err, guichet.Conflict) {
		s.log.Warn("handoff: remember position", "ticket", t.ID, "err", err)
	}
}
