package messenger

import (
	"context"
	"errors"
	"net"

	"github.com/guichet/guichet"
)

// class is what a Send API failure means for the sender. It is decided
// from the Graph code, subcode and is_transient, not the HTTP status:
// transient errors have come back as HTTP 400.
type class int

const (
	classPermanent  class = iota // unknown refusal: retrying changes nothing
	classUnexpected              // code 2: a few retries
	classTransient               // 1200, is_transient, 5xx, connection failures
	classRateLimit               // 4, 17, 32, 613: back off with jitter
	classTimeout                 // no answer: the message may have left, retry once at most
	classWindow                  // 10/2018278: outside the messaging window
	classBlocked                 // 551, 200/1545041, 10/2018108: person not receiving
	classNoUser                  // 100/2018001: no matching user
	classToken                   // 190: token invalid or expired
)

var classNames = [...]string{"permanent", "unexpected", "transient", "rate_limit", "timeout",
	"window", "blocked", "no_user", "token"}

func (c class) String() string { return classNames[c] }

func classify(err error) class {
	var ge *GraphError
	if errors.As(err, &ge) {
		return classifyGraph(ge)
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return classTimeout
	}
	if errors.Is(err, context.Canceled) {
		return classPermanent
	}
	// The connection failed before an answer: refused, reset, DNS.
	return classTransient
}

func classifyGraph(e *GraphError) class {
	switch {
	case e.Code == 10 && e.Subcode == 2018278:
		return classWindow
	case e.Code == 551, e.Code == 200 && e.Subcode == 1545041, e.Code == 10 && e.Subcode == 2018108:
		return classBlocked
	case e.Code == 100 && e.Subcode == 2018001:
		return classNoUser
	case e.Code == 190:
		return classToken
	case e.Code == 4, e.Code == 17, e.Code == 32, e.Code == 613:
		return classRateLimit
	case e.Code == 1200:
		return classTransient
	case e.Code == 2:
		return classUnexpected
	case e.Transient, e.Code == 0 && e.Status >= 500:
		return classTransient
	}
	return classPermanent
}

// retries is how many times a failure of class c is retried, at most max.
func (c class) retries(max int) int {
	switch c {
	case classTransient, classRateLimit:
		return max
	case classUnexpected:
		return min(2, max)
	case classTimeout:
		// The Send API has no idempotency key: a retry after a timeout may
		// duplicate the message.
		return min(1, max)
	}
	return 0
}

// sendError gives a final failure its kind and a message an agent can act
// on; the Graph details stay in the chain for the logs.
func sendError(c class, err error) error {
	const op = "messenger: send"
	switch c {
	case classWindow:
		return guichet.Errorf(guichet.Forbidden, op, "Meta refused the message: the messaging window with this person is closed (%w)", err)
	case classBlocked:
		return guichet.Errorf(guichet.Forbidden, op, "this person no longer receives messages from the page (blocked or unavailable) (%w)", err)
	case classNoUser:
		return guichet.Errorf(guichet.Forbidden, op, "no Messenger user matches this conversation (%w)", err)
	case classToken:
		return guichet.Errorf(guichet.Unavailable, op, "Meta rejected the page token (expired or revoked): sending is paused until GUICHET_MESSENGER_PAGE_TOKEN is replaced (%w)", err)
	case classRateLimit:
		return guichet.Errorf(guichet.TooMany, op, "Meta's rate limit for the page is reached (%w)", err)
	}
	return guichet.E(guichet.Unavailable, op, err)
}
