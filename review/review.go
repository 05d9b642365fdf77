// Package review turns the questions the bot could not answer into
// knowledge-base changes an editor applies.
//
// The bot records each fallback, clarification and "Non, ça ne m'a pas
// aidé" as a quality.Fact holding the masked message. GroupFacts gathers
// similar messages into groups; in the console a supervisor assigns a group
// to an entry (its texts become new paraphrases) or marks it out of scope
// (paraphrases of a hors-champ entry, or simply ignored). Decide writes each
// decision to the pending-changes file (kb.pending_file), never to the KB
// itself: 'guichet kb pending check' validates that file and 'guichet kb
// pending apply' merges it into the KB's YAML files once the result passes
// the same checker as 'guichet kb check'.
//
//	bot ─facts─▶ quality store ─GroupFacts─▶ console ─Decide─▶ kb/pending.yaml
//	                                                               │ kb pending apply
//	                                                               ▼
//	                                                            kb/data/*.yaml
package review

import "time"

// Group is a set of similar unanswered messages.
type Group struct {
	// ID names the group for the page; it is derived from the leading
	// question, so it stays the same while that question leads.
	ID         string
	Size       int         // messages in the group
	Distinct   int         // distinct texts in the group (Examples may hold fewer)
	Examples   []Example   // distinct texts, most frequent first, at most MaxExamples
	Candidates []Candidate // entries the bot proposed most often, at most MaxCandidates
	FirstSeen  time.Time
	LastSeen   time.Time
}

// Example is one distinct masked text and how often it was written.
type Example struct {
	Text  string
	Count int
}

// Candidate is an entry the bot proposed for messages of a group.
type Candidate struct {
	Entry string
	Title string // filled by Service from the current KB; "" when unknown
	Count int    // messages for which the bot proposed it (or answered with it, before a "Non")
}

// Limits of a group as shown to editors.
const (
	MaxExamples   = 20
	MaxCandidates = 3
)
