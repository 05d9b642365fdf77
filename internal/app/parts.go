package app

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/web"
	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/clientip"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/review"
)

// mountParts builds the parts in the order their dependencies run: the
// hand-off (which needs only the dispatcher), the bot (which escalates to
// it), the channels (which call the bot), and last the console (which
// reads the Messenger windows and drives the hand-off). Nothing is bound
// late.
func (a *App) mountParts(ctx context.Context, mux *http.ServeMux, srv *Server) error {
	tickets, err := a.newTickets()
	if err != nil {
		return err
	}
	ho, err := handoff.New(handoff.Options{Config: a.Cfg.Handoff, Tickets: tickets, Store: a.Store,
		Sender: a.Dispatch, Recorder: console.TicketFacts{Store: a.Quality}, Log: a.Log, Metrics: a.Reg})
	if err != nil {
		return fmt.Errorf("handoff: %w", err)
	}
	a.StartBot(ho)
	var windows console.WindowChecker
	if a.Cfg.Messenger.Enabled {
		ch, err := a.newMessenger()
		if err != nil {
			return err
		}
		ch.Mount(mux)
		windows = messengerWindows{ch}
		srv.runners = append(srv.runners, runner(ch.Run, a))
	}
	ips, err := clientip.New(a.Cfg.HTTP.TrustedProxies)
	if err != nil {
		return fmt.Errorf("http.trusted_proxies: %w", err)
	}
	wc, err := web.New(web.Options{Config: a.Cfg.Widget, PublicURL: a.Cfg.HTTP.PublicURL, Handler: a.Bot,
		Store: a.Store, Typing: a.Store, Log: a.Log, Metrics: a.Reg, ClientIP: ips.IP,
		MaxMessageChars: a.Cfg.Bot.MaxMessageChars})
	if err != nil {
		return fmt.Errorf("widget: %w", err)
	}
	wc.Mount(mux)
	con, err := a.newConsole(ho, tickets, windows, ips.IP)
	if err != nil {
		return err
	}
	con.Mount(mux)
	rv, err := review.New(review.Options{Facts: a.Quality, KB: func() *kb.KB { return a.KB.Current().KB },
		PendingFile: a.Cfg.KB.PendingFile})
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if err := con.MountReview(mux, rv); err != nil {
		return err
	}
	srv.runners = append(srv.runners, runner(wc.Run, a), runner(ho.Run, a), runner(con.Run, a))
	srv.shutdowns = append(srv.shutdowns, wc.Shutdown)
	return nil
}

// runner adapts a package's Run to the server's background loop, logging
// how it ended.
func runner(run func(context.Context) error, a *App) func(context.Context) {
	return func(ctx context.Context) {
		if err := run(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("background worker stopped", "err", err)
		}
	}
}

func (a *App) newTickets() (handoff.TicketStore, error) {
	opts := handoff.StoreOptions{ClosedRetention: a.Cfg.Store.TranscriptTTL}
	if a.Redis == nil {
		return handoff.NewMemoryTickets(opts), nil
	}
	rt, err := handoff.NewRedisTickets(a.Redis, a.Cfg.Store.KeyPrefix, opts)
	if err != nil {
		return nil, fmt.Errorf("handoff: %w", err)
	}
	return rt, nil
}

func (a *App) newConsole(ho *handoff.Service, tickets handoff.TicketStore, windows console.WindowChecker,
	clientIP func(*http.Request) string) (*console.Console, error) {
	var revocations console.Revocations
	if a.Redis != nil {
		rr, err := console.NewRedisRevocations(a.Redis, a.Cfg.Store.KeyPrefix, nil)
		if err != nil {
			return nil, fmt.Errorf("console: %w", err)
		}
		revocations = rr
	}
	con, err := console.New(console.Options{Config: a.Cfg.Handoff, Desk: ho, Tickets: tickets, Store: a.Store,
		Windows: windows, Answers: answers{a}, Quality: a.Quality, Log: a.Log, Metrics: a.Reg,
		PublicURL: a.Cfg.HTTP.PublicURL, ClientIP: clientIP, Revocations: revocations})
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	return con, nil
}

func (a *App) newMessenger() (*messenger.Channel, error) {
	ch, err := messenger.New(messenger.Options{Config: a.Cfg.Messenger, Handler: a.Bot, Store: a.Store,
		Redis: a.Redis, KeyPrefix: a.Cfg.Store.KeyPrefix, Log: a.Log, Metrics: a.Reg, Muter: a.Bot,
		DedupTTL: a.Cfg.Store.DedupeTTL})
	if err != nil {
		return nil, fmt.Errorf("messenger: %w", err)
	}
	a.Dispatch.Register(guichet.ChannelMessenger, ch.Transport())
	return ch, nil
}

// messengerWindows tells the console how long an agent may still answer
// a Messenger conversation.
type messengerWindows struct{ ch *messenger.Channel }

func (w messengerWindows) WindowLeft(ctx context.Context, conv guichet.ConversationID) (time.Duration, bool, error) {
	if conv.Channel() != guichet.ChannelMessenger {
		return 0, false, nil
	}
	left, _, err := w.ch.WindowLeft(ctx, conv)
	return left, err == nil, err
}

// answers gives the console the text of the bot's candidate entries.
type answers struct{ a *App }

func (s answers) Answer(id string) (string, string, bool) {
	e := s.a.KB.Current().KB.Entry(id)
	if e == nil {
		return "", "", false
	}
	return e.Title, e.Answer, true
}

// EnglishAnswer gives the console an entry's English answer, if written.
func (s answers) EnglishAnswer(id string) (string, bool) {
	e := s.a.KB.Current().KB.Entry(id)
	if e == nil || e.EN == nil || e.EN.Answer == "" {
		return "", false
	}
	return e.EN.Answer, true
}
