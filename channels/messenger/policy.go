package messenger

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guichet/guichet"
)

// Messenger's messaging windows, counted from the person's last message.
const (
	// StandardWindow: anyone may answer with messaging_type RESPONSE.
	StandardWindow = 24 * time.Hour
	// HumanAgentWindow: a human agent may still answer with the
	// HUMAN_AGENT tag. Automated messages may not use it.
	HumanAgentWindow = 7 * 24 * time.Hour
	// tokenPause is how long sending stops after Meta rejected the page
	// token, before one request tries again.
	tokenPause = 5 * time.Minute
)

// Values of messaging_type and tag in the Send API.
const (
	typeResponse   = "RESPONSE"
	typeMessageTag = "MESSAGE_TAG"
	tagHumanAgent  = "HUMAN_AGENT"
)

// WindowLeft tells the agent console how long an agent may still answer
// conv (zero when the person has not written within 7 days, has blocked
// the page, or the conversation is unknown), and whether the standard
// 24-hour window has closed so that an agent reply goes out with the
// HUMAN_AGENT tag (and the bot may no longer answer).
func (c *Channel) WindowLeft(ctx context.Context, conv guichet.ConversationID) (left time.Duration, humanAgent bool, err error) {
	if _, err := psidOf("messenger: window", conv); err != nil {
		return 0, false, err
	}
	w, err := c.windows.get(ctx, conv)
	if err != nil || w.last.IsZero() || w.blocked {
		return 0, false, err
	}
	age := c.now().Sub(w.last)
	return max(HumanAgentWindow-age, 0), age >= StandardWindow, nil
}

// route decides how a reply by role may reach conv now: the tag to send
// with ("" for RESPONSE), or Forbidden with what the caller can do.
func (c *Channel) route(ctx context.Context, conv guichet.ConversationID, role guichet.Role) (string, error) {
	const op = "messenger: window"
	if _, err := psidOf(op, conv); err != nil {
		return "", err
	}
	if c.token.paused(c.now()) {
		return "", guichet.Errorf(guichet.Unavailable, op, "sending is paused: Meta rejected the page token (replace GUICHET_MESSENGER_PAGE_TOKEN)")
	}
	w, err := c.window(ctx, conv)
	if err != nil {
		return "", err
	}
	return decide(w, c.now(), role)
}

// window is conv's window: the one its event's worker recorded, when ctx
// is that worker's and no send has failed since, else the stored one.
// Another instance could mark the person blocked meanwhile; the Send API
// would then refuse the reply, as it would have a moment later anyway.
func (c *Channel) window(ctx context.Context, conv guichet.ConversationID) (window, error) {
	if k := knownWindowOf(ctx, conv); k != nil && !k.stale.Load() {
		return k.w, nil
	}
	return c.windows.get(ctx, conv)
}

// knownWindow is the window an event's worker has just recorded, handed
// to the handler in its context, so that the replies to the event do not
// read it again (twice each: admitted, then delivered).
type knownWindow struct {
	conv  guichet.ConversationID
	w     window
	stale atomic.Bool // a send failed: the Send API may have taught something
}

type knownWindowKey struct{}

func withWindow(ctx context.Context, conv guichet.ConversationID, w window) context.Context {
	return context.WithValue(ctx, knownWindowKey{}, &knownWindow{conv: conv, w: w})
}

// knownWindowOf is ctx's known window if it is conv's, else nil.
func knownWindowOf(ctx context.Context, conv guichet.ConversationID) *knownWindow {
	k, _ := ctx.Value(knownWindowKey{}).(*knownWindow)
	if k == nil || k.conv != conv {
		return nil
	}
	return k
}

func decide(w window, now time.Time, role guichet.Role) (string, error) {
	const op = "messenger: window"
	if w.blocked {
		return "", guichet.Errorf(guichet.Forbidden, op, "this person no longer receives messages from the page (blocked or unavailable); they must write again first")
	}
	if w.last.IsZero() {
		return "", guichet.Errorf(guichet.Forbidden, op, "this person has not written to the page in the last 7 days: Messenger allows no message until they write again")
	}
	age := now.Sub(w.last)
	switch {
	case age < StandardWindow:
		return "", nil
	case role != guichet.RoleAgent && age < HumanAgentWindow:
		return "", guichet.Errorf(guichet.Forbidden, op,
			"the 24-hour window closed %s ago: automated messages are allowed only within 24 hours of the person's last message; an agent may still answer for %s",
			human(age-StandardWindow), human(HumanAgentWindow-age))
	case role == guichet.RoleAgent && age < HumanAgentWindow:
		return tagHumanAgent, nil
	}
	return "", guichet.Errorf(guichet.Forbidden, op,
		"the person's last message is %s old: Messenger allows agent replies for 7 days after it; wait for them to write again", human(age))
}

// human prints a duration the way an agent reads it: "3d4h", "5h07m", "40m".
func human(d time.Duration) string {
	d = d.Round(time.Minute)
	days, rest := d/(24*time.Hour), d%(24*time.Hour)
	h, m := rest/time.Hour, rest%time.Hour/time.Minute
	switch {
	case days > 0:
		return fmt.Sprintf("%dd%dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	}
	return fmt.Sprintf("%dm", m)
}

// tokenState remembers that Meta rejected the page token (error 190).
type tokenState struct {
	mu    sync.Mutex
	until time.Time
}

func (t *tokenState) paused(now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return now.Before(t.until)
}

func (t *tokenState) pause(until time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.until = until
}
