// Package web is the website chat widget: the script a site embeds with one
// tag (widget.js, its CSS and a demo page, all embedded in the binary) and
// the /ws WebSocket endpoint it talks to. The protocol is described in
// docs/widget-protocol.md.
//
// The widget never receives a reply directly from the bot. A citizen's
// message goes to the guichet.Handler; whatever the bot, an agent or the
// hand-off writes lands in the conversation's transcript, and the store's
// bus tells every instance that the transcript grew. Each connection keeps
// the sequence number of the last event it sent and, when told, sends every
// event after it. A connection that drops resumes from the last sequence
// number its client saw, so nothing is lost and nothing is shown twice,
// whichever instance the client reconnects to.
//
// Costs per connection are kept small so that one instance holds tens of
// thousands of idle sockets: one goroutine reads; a writer goroutine exists
// only while there is something to send; write buffers come from a shared
// pool; pings are runtime timers, not goroutines; events are read from the
// store when they are sent rather than queued in memory.
package web
