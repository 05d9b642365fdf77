// Package messenger is the Facebook Messenger channel: the webhook Meta
// calls when someone writes to the agency's page, and the Send API client
// that answers.
//
// Inbound, an event goes through three steps so that Meta always gets its
// 200 quickly and nothing is lost once it has it:
//
//	POST /webhooks/messenger
//	  -> signature checked on the raw body (X-Hub-Signature-256, sha1 fallback)
//	  -> events parsed, normalised, pushed to the ingestion queue   (durable with Redis)
//	  -> 200 EVENT_RECEIVED
//	Run: workers read the queue (a Redis consumer group shared by all
//	instances), sort each sender's events by timestamp, process one
//	sender's events serially (workers are sharded by PSID), deduplicate by
//	mid, call the guichet.Handler, and acknowledge.
//
// Over Redis a worker takes the events waiting in its shard together and
// records their windows and claims their mids in one pipeline (one script
// each); the replies to an event reuse the window so recorded; the notes
// that replies left and the acknowledgements are written behind, all
// waiting ones in one pipeline (see behind). An event then costs, besides
// what its handler writes, the webhook's push and a share of those
// pipelines. The bot writes a question and the state it reads (one
// script), then its replies with the state that holds them pending (one
// script: see bot.PendingCommitter), delivers them and writes nothing
// more: the note of its last reply and the event's acknowledgement
// come a moment apart and usually share a round trip.
//
// Every consumer beats (a Redis key living Options.AliveTTL, 8 s, renewed
// every quarter of it) and says when it stops. The entries a dead
// consumer left pending (an instance killed after Meta had its 200) go to
// a live one as soon as its beat is gone for half the TTL more: about
// 12 s after a kill -9, at once after a clean stop. They come marked
// Message.Redelivered, and the bot decides on such a message if it never
// did, whatever its age; its transcript and state make the answer happen
// once. An entry a live consumer keeps unacknowledged longer than
// Options.ClaimIdle (2 min: it is stuck) is claimed too.
//
// The in-memory queue used without Redis keeps the same contract but is
// not crash-safe: events acknowledged to Meta and not yet processed are
// lost if the process dies.
//
// What each event does:
//
//	message, postback (incl. quick replies)  -> window opened, Handler called
//	standby (another app owns the thread)    -> window opened, no answer
//	echo of our app                          -> nothing (never answer an echo)
//	echo of another app (Meta's inbox)       -> Muter.Mute: a person answered, the bot goes quiet
//	delivery, read                           -> counted, not queued
//
// Outbound, the Transport registered with the dispatcher first admits a
// reply against the messaging windows (bot: 24 h after the person's last
// message; agent: RESPONSE within 24 h, HUMAN_AGENT tag up to 7 days), then
// queues it on a bounded send queue. Senders (no typing_on: a queued reply
// is ready) split the text
// at 2,000 characters, fit quick replies to Meta's limits and retry by the
// class of Graph error (code, subcode, is_transient), never for permanent
// ones. Tokens never appear in logs or error strings.
package messenger
