// Package console is the staff web app of the hand-off: agents log in,
// see the queue and the conversations, claim tickets and answer through
// the citizen's channel; supervisors also get the statistics page and the
// review of unanswered questions. It serves HTML pages under /console/
// and a JSON API under /api/v1/ (docs/api.md), and streams live updates
// to open consoles (Server-Sent Events).
//
// The console owns accounts, sessions, CSRF, login limits and views; the
// ticket domain (states, queue, timers, notices to citizens) stays in
// package handoff, which the console drives through the small interfaces
// declared here.
//
// # Agents
//
// Accounts live in handoff.accounts_file, written by 'guichet agent add'
// (bcrypt password) and 'guichet agent token' (SHA-256 of a random API
// token), and re-read when the file changes. The console uses signed
// HttpOnly SameSite=Strict cookies (Secure over TLS or with an https
// public URL) and a CSRF token derived from the session on every
// mutation; logins are rate-limited per address and per account. An agent
// is present while a console stream is open or API calls arrive.
//
// # What agents see
//
// A ticket's headline and the assistant's proposals come from the
// citizen's substantive messages before the hand-off (headline.go), not
// from the words that asked for a human. Agents label tickets, write
// internal notes (never sent), transfer a ticket to a named colleague,
// see the person's earlier tickets, search tickets and transcripts (a
// request number or a plate without its separators, words without
// accents), and see the citizen typing when the channel publishes
// store.TopicTyping notices. Supervisors follow the queue, the agents
// online and their load on /console/team (GET /api/v1/supervision). The
// API is described in OpenAPI 3 at /api/v1/openapi.json (openapi.json,
// checked against the routes by a test).
//
// # Statistics and review
//
// Supervisors read /console/stats and GET /api/v1/stats, computed from
// the quality facts (the bot's, and the hand-off's through TicketFacts)
// at most once a minute per period and instance, and /console/review,
// the unanswered questions grouped for adding as paraphrases.
package console
