package messenger

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/guichet/guichet"
)

const (
	// maxWebhookBody bounds a POST; Meta's batches are a few kilobytes.
	maxWebhookBody = 1 << 20
	// pushTimeout leaves room under Meta's 5-second expectation.
	pushTimeout = 3 * time.Second
)

// verify answers Meta's subscription handshake.
func (c *Channel) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	token := q.Get("hub.verify_token")
	if q.Get("hub.mode") != "subscribe" ||
		subtle.ConstantTimeCompare([]byte(token), []byte(c.cfg.VerifyToken)) != 1 {
		c.log.Warn("messenger: webhook verification refused", "mode", q.Get("hub.mode"))
		http.Error(w, "verification refused: hub.mode must be subscribe and hub.verify_token must match GUICHET_MESSENGER_VERIFY_TOKEN", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, q.Get("hub.challenge"))
}

// receive stores the events durably, then acknowledges.
func (c *Channel) receive(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status := c.ingest(w, r)
	c.metrics.requests.WithLabelValues(http.StatusText(status)).Inc()
	if status == http.StatusOK {
		c.metrics.ack.Observe(time.Since(start).Seconds())
	}
}

func (c *Channel) ingest(w http.ResponseWriter, r *http.Request) int {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		return bodyFailed(w, err)
	}
	if err := checkSignature(c.cfg.AppSecret, body, r.Header.Get(HeaderSignature256), r.Header.Get(HeaderSignature1)); err != nil {
		c.log.Warn("messenger: webhook signature refused", "err", err)
		return fail(w, http.StatusForbidden, err.Error())
	}
	events, err := c.parse(body)
	if err != nil {
		return fail(w, statusOf(err), err.Error())
	}
	if len(events) > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), pushTimeout)
		defer cancel()
		if err := c.queue.push(ctx, events); err != nil {
			c.log.Error("messenger: webhook events not stored; Meta will retry", "events", len(events), "err", err)
			return fail(w, http.StatusServiceUnavailable, "events could not be stored, retry later")
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "EVENT_RECEIVED")
	return http.StatusOK
}

// bodyFailed says why the body could not be read: too large, too slow
// (the server's read timeout), or cut short.
func bodyFailed(w http.ResponseWriter, err error) int {
	var tooBig *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &tooBig):
		return fail(w, http.StatusRequestEntityTooLarge, "body larger than 1 MiB")
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		return fail(w, http.StatusRequestTimeout, "body not received in time")
	}
	return fail(w, http.StatusBadRequest, "body unreadable: the request was cut short")
}

func fail(w http.ResponseWriter, status int, msg string) int {
	http.Error(w, msg, status)
	return status
}

func statusOf(err error) int {
	if guichet.Is(err, guichet.NotFound) {
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

// parse decodes a webhook body and keeps the events the workers act on:
// messages, postbacks and echoes for our page with a valid PSID.
// Deliveries and reads are only counted.
func (c *Channel) parse(body []byte) ([]inbound, error) {
	const op = "messenger: webhook"
	var b webhookBody
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, guichet.Errorf(guichet.Invalid, op, "body is not a Messenger webhook: %v", err)
	}
	if b.Object != "page" {
		return nil, guichet.Errorf(guichet.NotFound, op, "object %q is not handled here, only \"page\"", b.Object)
	}
	var out []inbound
	for _, e := range b.Entry {
		if string(e.ID) != c.cfg.PageID {
			c.metrics.events.WithLabelValues("other_page").Add(float64(len(e.Messaging) + len(e.Standby)))
			continue
		}
		out = c.keep(out, e.Messaging, false)
		out = c.keep(out, e.Standby, true)
	}
	return out, nil
}

func (c *Channel) keep(out []inbound, raw []rawEvent, standby bool) []inbound {
	for _, r := range raw {
		in := normalise(r, standby, c.cfg.AppID)
		label := string(in.Kind)
		switch {
		case in.Kind == kindDelivery, in.Kind == kindRead, in.Kind == kindOther:
		case !digits(in.PSID) || in.MID == "" && in.Kind != kindEcho:
			label = "invalid"
		default:
			out = append(out, in)
		}
		if standby && label != "invalid" {
			label = "standby_" + label
		}
		c.metrics.events.WithLabelValues(label).Inc()
	}
	return out
}
