// Package handoff passes conversations from the bot to human agents: the
// tickets and their state machine, the queue shared by every instance,
// what the citizen is told while waiting, and the timers. The agent
// console and its JSON API (package console) drive it through Change,
// ClaimNext and Reply; handoff knows nothing of HTTP, accounts or the
// quality records.
//
// # Ticket states
//
// A conversation belongs to the bot unless it has an open ticket (waiting
// or assigned). The server enforces the transitions below for every
// channel; anything else is refused (Conflict or Forbidden):
//
//	       Escalate                      claim (any agent)
//	bot ──────────────────► waiting ─────────────────────► assigned
//	 ▲                       │   ▲                          │   │   │
//	 │                       │   └──────────────────────────┘   │   │
//	 │                       │     release (owner)              │   │
//	 │                       │     offline (timer: agent not    │   │
//	 │                       │       seen for agent_offline)    │   │
//	 │      abandon (timer:  ▼                        resolve   ▼   ▼  return
//	 │      citizen silent) abandoned                 resolved    returned
//	 │                       │                          │           │
//	 └───────────────────────┴──────────────────────────┴───────────┘
//	    closed for good: the citizen's next message goes to the bot
//
// transfer (owner) hands an assigned ticket to a named colleague, who holds
// it from then on; the citizen is told who takes over. A supervisor may
// also transfer a waiting ticket, which assigns it.
//
// Supervisors may do what an owner does on any ticket, and may resolve or
// return a waiting ticket nobody claimed. Closed tickets (resolved,
// returned, abandoned) never reopen: a later escalation opens a new one.
//
// While a ticket is open, Take answers true for every citizen message: the
// bot stays quiet, the ticket's activity moves, consoles are told, and a
// waiting citizen gets "Votre message a bien été transmis…" at most every
// three minutes. Abandonment counts only opening hours since the citizen's
// last message (handoff.abandon_after of them), so a request left on
// Saturday evening is still there on Monday morning, as the citizen was
// promised.
//
// # Atomic transitions
//
// Every change is a compare-and-set on the ticket's version: read it, run
// the state machine in Go, store it only if nobody changed it meanwhile,
// otherwise read again. Of two agents claiming the same ticket, one wins
// and the other is told it is already claimed; of two instances running
// the same timer, one moves the ticket and only that one tells the citizen.
// The state machine is written once, in Go (machine.go); the stores only
// guarantee the compare-and-set and keep their indexes in the same step.
//
// # The Redis queue
//
// The queue is a sorted set rather than a stream. A queue of people is
// ordered by priority and age, is read whole by every console, and loses
// members from the middle (claims, abandonment, a supervisor closing a
// ticket): a sorted set scored by (priority ? 0 : 1e13) + creation time in
// milliseconds gives that order, O(log n) removal from anywhere, and the
// citizen's position with ZRANK. A stream would need consumer groups and
// acknowledgements for what is not a work log, and could not say "you are
// third". A released ticket keeps its creation time, hence its place.
//
// Keys, all under one hash tag so that every script runs on Redis Cluster
// (the tag puts them in one slot; 1,000 waiting tickets of about 1 KB each
// are a megabyte, far below what one slot holds):
//
//	{<prefix>handoff}:tickets     hash  id -> ticket JSON
//	{<prefix>handoff}:versions    hash  id -> version (compare-and-set)
//	{<prefix>handoff}:open        hash  conversation -> open ticket id
//	{<prefix>handoff}:queue       zset  waiting ids, queue order
//	{<prefix>handoff}:assigned    zset  assigned ids by claim time
//	{<prefix>handoff}:closed:<s>  zset  closed ids by closing time (trimmed
//	                                    after the retention)
//	{<prefix>handoff}:pickups     list  recent pick-ups (wait estimate)
//	{<prefix>handoff}:agents      zset  agent -> last seen (offline timer)
//
// One Lua script stores a ticket: it checks the version (or, on creation,
// that the conversation has no open ticket, which makes Escalate
// idempotent across instances), writes the JSON and moves the id between
// queue, assigned set and closed lists. A claim is one HGET and one script
// call.
//
// # Delivery between instances
//
// Agent replies and notices go through the guichet.Sender (the
// dispatcher), which records them in the transcript, publishes a notice on
// the store's bus and hands them to the channel: a widget connected to
// another instance follows the bus and reads the transcript from its last
// sequence number, so a lost notice delays a message but never loses it,
// and the transcript's sequence numbers keep it from being shown twice.
// Ticket changes are published as TopicTicket notices; each instance's
// console hub reads the changed ticket once and pushes it to its consoles
// over Server-Sent Events. Consoles reload when their stream reconnects.
//
// # What the citizen is told
//
// On escalation, during opening hours: the position in the queue and an
// estimated wait (the smaller of position × median recent wait and
// position ÷ recent pick-up rate, or nothing when no recent pick-up is
// known); then the new position when it changes, at most once a minute.
// Outside opening hours: when agents are back, the phone numbers and the
// contact form, and that the request is kept. When an agent joins,
// leaves, or closes the ticket, a system message says so. Every notice is
// a RoleSystem reply whose Meta carries Status, Ticket and Position. A
// resolved ticket that an agent had claimed is followed by "Comment
// évaluez-vous l'aide reçue ?" with buttons 1 to 5 (payload
// RATING:<ticket>:<n>, which the bot records; it also takes a rating
// typed in answer, after asking RatingAsked).
//
// # Quality records
//
// With Options.Recorder set, the instance whose compare-and-set moved a
// ticket reports its milestone: opened, the wait at its first claim, the
// first agent reply (remembered on the ticket, so that only one reply is
// first), the resolution. console.TicketFacts turns them into quality
// facts, which supervisors read at /console/stats.
//
// # Agents
//
// An agent silent for handoff.agent_offline (no console stream, no API
// call: package console reports presence through the ticket store) loses
// their tickets back to the queue. Accounts, sessions and logins are
// package console's.
package handoff
