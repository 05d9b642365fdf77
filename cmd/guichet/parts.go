package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/web"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/review"
)

// mountParts builds the hand-off, the bot and the channels, and mounts
// their routes. The hand-off needs the Messenger windows and the Messenger
// channel needs the bot, which needs the hand-off: the windows are looked
// up through the app once everything exists.
func (a *app) mountParts(ctx context.Context, mux *http.ServeMux, srv *server) error {
	ho, err := a.newHandoff()
	if err != nil {
		return err
	}
	a.startBot(ho)
	if a.cfg.Messenger.Enabled {
		if err := a.newMessenger(); err != nil {
			return err
		}
		a.messenger.Mount(mux)
		srv.runners = append(srv.runners, runner(a.messenger.Run, a))
	}
	wc, err := web.New(web.Options{Config: a.cfg.Widget, PublicURL: a.cfg.HTTP.PublicURL, Handler: a.bot,
		Store: a.store, Log: a.log, Metrics: a.reg, TrustProxy: a.cfg.HTTP.TrustProxy,
		MaxMessageChars: a.cfg.Bot.MaxMessageChars})
	if err != nil {
		return fmt.Errorf("widget: %w", err)
	}
	wc.Mount(mux)
	ho.Mount(mux)
	rv, err := review.New(review.Options{Facts: a.quality, KB: func() *kb.KB { return a.kb.Current().KB },
		PendingFile: a.cfg.KB.PendingFile})
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if err := ho.MountReview(mux, rv); err != nil {
		return err
	}
	srv.runners = append(srv.runners, runner(wc.Run, a), runner(ho.Run, a))
	srv.shutdowns = append(srv.shutdowns, wc.Shutdown)
	return nil
}

// runner adapts a package's Run to the server's background loop, logging
// how it ended.
func runner(run func(context.Context) error, a *app) func(context.Context) {
	return func(ctx context.Context) {
		if err := run(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("background worker stopped", "err", err)
		}
	}
}

func (a *app) newHandoff() (*handoff.Service, error) {
	var tickets handoff.TicketStore
	opts := handoff.StoreOptions{ClosedRetention: a.cfg.Store.TranscriptTTL}
	if a.redis != nil {
		rt, err := handoff.NewRedisTickets(a.redis, a.cfg.Store.KeyPrefix, opts)
		if err != nil {
			return nil, fmt.Errorf("handoff: %w", err)
		}
		tickets = rt
	} else {
		tickets = handoff.NewMemoryTickets(opts)
	}
	ho, err := handoff.New(handoff.Options{Config: a.cfg.Handoff, Tickets: tickets, Store: a.store,
		Sender: a.dispatch, Windows: windows{a}, Answers: answers{a}, Quality: a.quality, Log: a.log, Metrics: a.reg,
		PublicURL: a.cfg.HTTP.PublicURL, TrustProxy: a.cfg.HTTP.TrustProxy})
	if err != nil {
		return nil, fmt.Errorf("handoff: %w", err)
	}
	return ho, nil
}

func (a *app) newMessenger() error {
	ch, err := messenger.New(messenger.Options{Config: a.cfg.Messenger, Handler: a.bot, Store: a.store,
		Redis: a.redis, KeyPrefix: a.cfg.Store.KeyPrefix, Log: a.log, Metrics: a.reg, Muter: a.bot,
		DedupTTL: a.cfg.Store.DedupeTTL})
	if err != nil {
		return fmt.Errorf("messenger: %w", err)
	}
	a.messenger = ch
	a.dispatch.Register(guichet.ChannelMessenger, ch.Transport())
	return nil
}

// windows tells the console how long an agent may still answer a Messenger
// conversation.
type windows struct{ a *app }

func (w windows) WindowLeft(ctx context.Context, conv guichet.ConversationID) (time.Duration, bool, error) {
	if conv.Channel() != guichet.ChannelMessenger || w.a.messenger == nil {
		return 0, false, nil
	}
	left, _, err := w.a.messenger.WindowLeft(ctx, conv)
	return left, err == nil, err
}

// answers gives the console the text of the bot's candidate entries.
type answers struct{ a *app }

func (s answers) Answer(id string) (string, string, bool) {
	e := s.a.kb.Current().KB.Entry(id)
	if e == nil {
		return "", "", false
	}
	return e.Title, e.Answer, true
}

// EnglishAnswer gives the console an entry's English answer, if written.
func (s answers) EnglishAnswer(id string) (string, bool) {
	e := s.a.kb.Current().KB.Entry(id)
	if e == nil || e.EN == nil || e.EN.Answer == "" {
		return "", false
	}
	return e.EN.Answer, true
}
