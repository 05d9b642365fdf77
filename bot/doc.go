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
//	          answer (confidence >= answer_threshold), or a facet of it
//	+------+  ------------------------------------->  +---------+  follow-ups resolve against T
//	| idle |                                          | topic T |  and the slots first: a facet
//	+------+  <-------- context_ttl expires --------  +---------+  ("c'est payant ?"), a slot
//	 |  ^  ^                                           |   ^   |   changed ("et pour une moto ?"),
//	 |  |  | document named or chosen                  |   |   |   a short message pointing back
//	 |  |  |                                           |   |   |   ("c'est ouvert le dimanche ?")
//	 |  | +-------------+  no procedure named:         |   |   |   stay on T; a message that
//	 |  | | which       |  "où en est ma demande ?",   |   |   |   clearly names another
//	 |  | | procedure ? |  "combien de temps ?"        |   |   |   procedure switches topic;
//	 |  | +-------------+  (held question, Want)       |   |   |   "et la carte grise ?" takes
//	 |  |                                              |   |   |   T's counterpart for that
//	 |  |                                              |   |   |   document, and an entry near
//	 |  |                                              |   |   |   T (related, same tree) wins
//	 |  |                                              |   |   |   over an unrelated one that
//	 |  |                                              |   |   |   scores a little higher
//	 |  |                                              |   |   | entry with choices the
//	 |  | option picked (label, number, free text)     v   |   | slots do not decide:
//	 v  |                                          +-----------+ options pending (a choice
//	+-----------+  clarify (2-3 close entries)     | choices   | whose condition the slots
//	| options   |  "Vouliez-vous dire : ..."       +-----------+ fit is taken without asking)
//	+-----------+
//	   |          a nonsense slot value (age 300, unknown country): asked again
//	   |          once (Retry holds the message), then ignored
//	   |
//	   | low confidence: fallback; low_confidence_turns in a row,
//	   | an explicit request, action handoff/incident, "Parler à un conseiller";
//	   | frustration: acknowledged, incident report or a person offered
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
// Each typed message is read once, without the index (read.go), for the
// facet it asks (kb.FacetNames), the slot values it gives (kb.SlotValues:
// document, vehicle, new or used, EU or not from a country or adjective,
// for whom from an age, lost/stolen/damaged, abroad; plus the country and
// the request number), its intent when it names no procedure (status,
// problem, form) and its tone. Slots persist in State.Slots. A choice's
// condition is its `when`, else what its label says ("Volé", "Adulte",
// "Pays hors UE"); an entry reached through a tree under a condition the
// new slots contradict is exchanged for its sibling (a licence "perdu"
// told "volé" gets the theft entry). A story of several sentences is also
// matched on its question sentence, event words and the document named
// last.
//
// An answer to one of the bot's own questions is taken as that answer,
// never matched nor sent to the unanswered-question review: a form step by
// its button's number or label, consent by yes and no words too (form.go),
// and the 1-5 rating the hand-off asks after a resolved ticket, typed
// ("4", "4/5", "très bien") as well as tapped: the bot remembers the ticket
// of its last hand-off and the first message after it closed may rate it
// (rating.go). A hand-off's summary is the person's last substantive
// message, not the words that asked for a human (request.go).
//
// An echo from another Messenger app (a person answering in Meta's inbox)
// mutes the bot for the conversation for a while (Mute).
package bot
