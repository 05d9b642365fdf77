// Package bot is the conversation engine: every channel hands it a
// citizen's message, and it answers from the knowledge base, asks which of
// a few entries was meant, or hands the conversation to a human.
//
// For each message Handle records it (a duplicate delivery stops here),
// lets the hand-off take it when a human owns the conversation, then
// decides from the message and the conversation's state, saves the state
// with optimistic concurrency (a conflict means another instance handled a
// message of the same conversation meanwhile: decide again on the new
// state), and only then sends the replies.
//
// The per-conversation state machine (Hand-off is owned by package
// handoff; the bot only asks it whether a human has the conversation):
//
//	          answer (confidence >= answer_threshold)
//	+------+  ------------------------------------->  +---------+
//	| idle |                                          | topic T |  short follow-ups
//	+------+  <-------- context_ttl expires --------  +---------+  resolve against T
//	   |  ^                                             |   ^
//	   |  | option picked (label, number, free text)    |   | entry with choices:
//	   v  |                                             v   | options pending
//	+-----------+  clarify (2-3 close entries)       +-----------+
//	| options   |  "Vouliez-vous dire : ..."         | choices   |
//	+-----------+                                    +-----------+
//	   |
//	   | low confidence: fallback; low_confidence_turns in a row,
//	   | an explicit request, action handoff/incident, "Parler à un conseiller"
//	   v
//	+-----------+   Escalate -> package handoff (ticket waiting/assigned:
//	| hand-off  |   the bot stays quiet until the ticket is resolved)
//	+-----------+
//
// Across these states the conversation also has a language, French or
// English (language.go): each message's language is detected, a request
// ("in English please", "en français") sets it, and every reply, quick
// reply and hand-off follows it. Matching does not depend on it.
//
// An echo from another Messenger app (a person answering in Meta's inbox)
// mutes the bot for the conversation for a while (Mute).
package bot
