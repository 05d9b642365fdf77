package messenger

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/guichet/guichet"
)

// maxBackoff caps one wait between Send API attempts.
const maxBackoff = 15 * time.Second

// sendRequest is the body of POST /me/messages.
type sendRequest struct {
	Recipient     recipient `json:"recipient"`
	MessagingType string    `json:"messaging_type,omitempty"`
	Tag           string    `json:"tag,omitempty"`
	Message       *message  `json:"message,omitempty"`
	SenderAction  string    `json:"sender_action,omitempty"`
}

type recipient struct {
	ID string `json:"id"`
}

type message struct {
	Text         string       `json:"text"`
	QuickReplies []quickReply `json:"quick_replies,omitempty"`
	// Metadata comes back in the echo, which marks it as ours.
	Metadata string `json:"metadata,omitempty"`
}

// sendJob is one reply waiting for a sender.
type sendJob struct {
	id    string // the recorded event's
	conv  guichet.ConversationID
	psid  string
	tag   string // HUMAN_AGENT, or "" for RESPONSE
	parts []message
	done  chan error // buffered: a sender never waits for a caller that left
}

func newSendJob(conv guichet.ConversationID, tag string, ev guichet.Event) *sendJob {
	texts := splitText(ev.Text, MaxTextChars)
	parts := make([]message, len(texts))
	for i, t := range texts {
		parts[i] = message{Text: t, Metadata: metadataPrefix + ev.ID}
	}
	if n := len(parts); n > 0 {
		parts[n-1].QuickReplies = fitQuickReplies(ev.QuickReplies)
	}
	return &sendJob{id: ev.ID, conv: conv, psid: conv.Subject(), tag: tag, parts: parts, done: make(chan error, 1)}
}

func (j *sendJob) request(m *message) sendRequest {
	r := sendRequest{Recipient: recipient{ID: j.psid}, MessagingType: typeResponse, Message: m}
	if j.tag != "" {
		r.MessagingType, r.Tag = typeMessageTag, j.tag
	}
	return r
}

// serveSends is one sender: it takes jobs until ctx ends; b notes the
// replies that left.
func (c *Channel) serveSends(ctx context.Context, b *behind) {
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-c.sendq:
			job.done <- c.send(ctx, job, b)
		}
	}
}

// send sends a reply's parts. No typing_on goes before them: the reply is
// ready when it is queued, so the indicator would show for milliseconds and
// cost a Send API call (and a share of the page's rate limit) per reply.
func (c *Channel) send(ctx context.Context, job *sendJob, b *behind) error {
	for i := range job.parts {
		req := job.request(&job.parts[i])
		err := c.retry(ctx, job.conv, func(ctx context.Context) error {
			return c.client.call(ctx, http.MethodPost, "/me/messages", nil, req, nil)
		})
		if err != nil {
			return err
		}
	}
	b.noteSent(sentNote{conv: job.conv, id: job.id})
	return nil
}

// retry calls fn until it succeeds or its failure's class allows no more
// attempts.
func (c *Channel) retry(ctx context.Context, conv guichet.ConversationID, fn func(context.Context) error) error {
	for attempt := 0; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			c.metrics.sends.WithLabelValues("ok").Inc()
			c.metrics.tokenOK.Set(1)
			return nil
		}
		cl := classify(err)
		c.metrics.sends.WithLabelValues(cl.String()).Inc()
		if ctx.Err() != nil {
			return guichet.E(guichet.Unavailable, "messenger: send", ctx.Err())
		}
		if attempt >= cl.retries(c.cfg.MaxRetries) {
			return c.giveUp(ctx, conv, cl, err)
		}
		c.metrics.retries.WithLabelValues(cl.String()).Inc()
		if !sleep(ctx, c.backoff(attempt, cl)) {
			return guichet.E(guichet.Unavailable, "messenger: send", ctx.Err())
		}
	}
}

// giveUp records what a final failure teaches about the conversation or
// the page, and returns the error the caller sees.
func (c *Channel) giveUp(ctx context.Context, conv guichet.ConversationID, cl class, err error) error {
	switch cl {
	case classBlocked, classNoUser:
		if berr := c.windows.block(ctx, conv); berr != nil {
			c.log.Warn("messenger: cannot mark person unreachable", "err", berr)
		}
	case classToken:
		c.token.pause(c.now().Add(tokenPause))
		c.metrics.tokenOK.Set(0)
		c.log.Error("messenger: Meta rejected the page token; sending paused", "pause", tokenPause, "err", err)
	}
	c.log.Warn("messenger: send failed", "class", cl.String(), "err", err)
	return sendError(cl, err)
}

// backoff grows exponentially with jitter (half to full), longer for rate
// limits, so that senders do not retry in step.
func (c *Channel) backoff(attempt int, cl class) time.Duration {
	d := c.retryBase << min(attempt, 10)
	if cl == classRateLimit {
		d *= 4
	}
	d = min(d, maxBackoff)
	return d/2 + rand.N(d/2+1)
}

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
