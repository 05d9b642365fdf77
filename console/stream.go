package console

import (
	"fmt"
	"net/http"
	"time"

	"github.com/guichet/guichet"
)

// streamPing keeps proxies from closing an idle stream and marks the agent
// present while the console is open.
const streamPing = 15 * time.Second

// handleStream serves GET /api/v1/stream[?conv=channel:subject] as
// Server-Sent Events: "ticket" (a ticket summary changed), "event" (the
// watched conversation's transcript grew: {"conv","seq"}), "typing"
// (its citizen started or stopped typing: {"conv","on"}), "resync"
// (updates were missed: reload). A console reloads its lists whenever the
// stream (re)connects, so nothing missed during a reconnection is lost.
func (s *Console) handleStream(w http.ResponseWriter, r *http.Request, p principal) {
	var conv guichet.ConversationID
	if c := r.URL.Query().Get("conv"); c != "" {
		var err error
		if conv, err = guichet.ParseConversationID(c); err != nil {
			writeError(w, s.log, err, "")
			return
		}
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the server's write timeout would cut the stream
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	c := s.hub.add(conv)
	defer s.hub.remove(c)
	fmt.Fprint(w, "retry: 3000\nevent: hello\ndata: {}\n\n")
	if rc.Flush() != nil {
		return
	}
	s.pump(w, r, rc, c, p)
}

// pump writes the client's events until it goes away.
func (s *Console) pump(w http.ResponseWriter, r *http.Request, rc *http.ResponseController, c *streamClient, p principal) {
	ping := time.NewTicker(streamPing)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			s.see(r.Context(), p.Name)
			fmt.Fprint(w, ": ping\n\n")
		case ev := <-c.ch:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
		}
		if c.lagged.Swap(false) {
			fmt.Fprint(w, "event: resync\ndata: {}\n\n")
		}
		if rc.Flush() != nil {
			return
		}
	}
}
