package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/kb/match"
)

// A resolved ticket ends with "Comment évaluez-vous l'aide reçue ? (1 =
// …, 5 = …)" and buttons 1 to 5 (package handoff). Many people type the
// answer instead: "4", "4/5", "très bien". The bot remembers the ticket of
// its last hand-off (State.Escalated); the first message it hears after
// that ticket closed may rate it. A rating typed then is recorded as a tap
// would be, and never reaches the matcher or the unanswered-question
// review; anything else is read as usual and the rating is no longer
// awaited, unless it was only small talk ("merci").

// rateable returns the ticket that m, a typed message, may rate: escalated,
// the conversation's last hand-off, when the hand-off says it was resolved
// and asked to be rated; "" otherwise. checked keeps the hand-off's
// answers across the retries of one message.
func (e *Engine) rateable(ctx context.Context, m guichet.Message, escalated string, checked map[string]bool) (string, error) {
	if escalated == "" || m.Payload != "" || e.ratings == nil {
		return "", nil
	}
	asked, known := checked[escalated]
	if !known {
		var err error
		if asked, err = e.ratings.RatingAsked(ctx, m.Conversation, escalated); err != nil {
			return "", err
		}
		checked[escalated] = asked
	}
	if !asked {
		return "", nil
	}
	return escalated, nil
}

// typedRating takes the message as the rating of the ticket awaiting one,
// if it is one. It returns false when no rating is awaited or the message
// says something else: the rating is then awaited no longer.
func (t *turn) typedRating(text string) bool {
	ticket := t.st.Escalated
	if ticket == "" {
		return false
	}
	t.st.Escalated = ""
	if t.rateable != ticket {
		return false
	}
	t.awaited = ticket
	n, ok := readRating(match.Canonical(text))
	if !ok {
		return false
	}
	t.ratingAsked = true
	return t.rating(ticket + ":" + strconv.Itoa(n))
}

// keepAwaiting keeps the rating awaited after a message that was only
// small talk ("merci", "bonjour"): the rating may come next.
func (t *turn) keepAwaiting() {
	if t.awaited != "" && t.d.Kind != DecisionHandoff && strings.HasPrefix(t.d.Entry, "smalltalk.") {
		t.st.Escalated = t.awaited
	}
}

// ratingWords are the words of a typed rating, by value on the 1-5 scale
// of the question (1 = pas du tout satisfait, 5 = très satisfait).
var ratingWords = map[string]int{
	"nul": 1, "nulle": 1, "tres mauvais": 1, "horrible": 1, "catastrophique": 1, "lamentable": 1,
	"pas du tout satisfait": 1, "pas du tout satisfaite": 1, "tres decu": 1, "tres decue": 1,
	"very bad": 1, "awful": 1, "terrible": 1, "useless": 1,
	"bof": 2, "pas terrible": 2, "mauvais": 2, "pas bien": 2, "pas top": 2, "decevant": 2, "decu": 2, "decue": 2,
	"insatisfait": 2, "insatisfaite": 2, "pas satisfait": 2, "pas satisfaite": 2, "bad": 2, "poor": 2, "not good": 2,
	"moyen": 3, "bien sans plus": 3, "correct": 3, "passable": 3, "average": 3, "so so": 3, "not bad": 3,
	"bien": 4, "bon": 4, "assez bien": 4, "pas mal": 4, "satisfait": 4, "satisfaite": 4, "good": 4,
	"tres bien": 5, "tres bon": 5, "super": 5, "parfait": 5, "excellent": 5, "genial": 5, "top": 5, "au top": 5,
	"nickel": 5, "tres satisfait": 5, "tres satisfaite": 5, "great": 5, "very good": 5, "perfect": 5,
	"excellent service": 5,
}

// ratingFiller are the words around a rating that say nothing more ("je
// mets 4 étoiles", "4 sur 5", "très bien merci").
var ratingFiller = setOf("je j mets met mettrais donne donnerais note ma mon c est etait ca sa un une sur " +
	"etoile etoiles points point merci beaucoup pour l aide le la vous votre conseiller conseillere " +
	"il elle tout vraiment i d give rate rating it s was the help star stars out of thanks thank you a")

// readRating reads a typed rating from canon (match.Canonical): one digit
// from 1 to 5, or "n sur 5" ("4/5"), or words of ratingWords, with only
// filler around. ok is false when the message says anything else.
func readRating(canon string) (n int, ok bool) {
	var nums []int
	var rest []string
	for _, w := range strings.Fields(canon) {
		switch v, err := strconv.Atoi(w); {
		case err == nil:
			nums = append(nums, v)
		case !ratingFiller[w]:
			rest = append(rest, w)
		}
	}
	if len(nums) == 2 && nums[1] == 5 {
		nums = nums[:1] // "4/5", "4 sur 5"
	}
	switch {
	case len(nums) == 1 && (len(rest) == 0 || ratingWords[strings.Join(rest, " ")] > 0):
		n = nums[0] // "4", "4, très bien"
	case len(nums) == 0 && len(rest) > 0:
		n = ratingWords[strings.Join(rest, " ")]
	}
	return n, n >= 1 && n <= 5
}
