package handoff

import (
	"fmt"
	"time"

	"github.com/guichet/guichet"
)

// Action is something that happens to a ticket.
type Action string

// Ticket actions; see doc.go for the drawing.
const (
	ActClaim   Action = "claim"   // an agent takes a waiting ticket
	ActRelease Action = "release" // the agent puts it back in the queue
	ActOffline Action = "offline" // the agent stopped answering: back in the queue
	ActResolve Action = "resolve" // closed with a reason
	ActReturn  Action = "return"  // handed back to the bot
	ActAbandon Action = "abandon" // the citizen left while waiting
	// ActTransfer hands the ticket to a named colleague (Change.To).
	ActTransfer Action = "transfer"
)

// Actor is who asks for an action: an agent, or the service itself (timers).
type Actor struct {
	Name       string
	Display    string // shown to the citizen when claiming
	Supervisor bool
	System     bool
}

// SystemActor runs the timers.
var SystemActor = Actor{Name: "system", System: true}

// who says which actors may perform a transition.
type who uint8

const (
	anyAgent   who = iota // any agent or supervisor
	owner                 // the agent holding the ticket, or a supervisor
	supervisor            // supervisors only
	system                // the service's timers only
)

type rule struct {
	to Status
	by who
}

// transitions is the ticket state machine. Anything not listed is refused.
var transitions = map[Status]map[Action]rule{
	Waiting: {
		ActClaim:   {Assigned, anyAgent},
		ActAbandon: {Abandoned, system},
		ActResolve: {Resolved, supervisor},
		ActReturn:  {Returned, supervisor},
		// assigning a waiting ticket to someone else is a supervisor's call
		ActTransfer: {Assigned, supervisor},
	},
	Assigned: {
		ActRelease:  {Waiting, owner},
		ActOffline:  {Waiting, system},
		ActResolve:  {Resolved, owner},
		ActReturn:   {Returned, owner},
		ActTransfer: {Assigned, owner},
	},
}

// Change is one action on a ticket.
type Change struct {
	Action Action
	Actor  Actor
	Reason string // resolution reason
	// To is the colleague who receives the ticket (ActTransfer).
	To  Actor
	Now time.Time
}

// apply moves t by c. It returns changed=false, with no error, when the
// action is already done (the same agent claiming twice, a double click).
// Errors: Conflict (the ticket is elsewhere: claimed by another agent,
// closed), Forbidden (this actor may not), Invalid (unknown action).
func apply(t *Ticket, c Change) (changed bool, err error) {
	const op = "handoff: ticket"
	r, ok := transitions[t.Status][c.Action]
	if !ok {
		return false, refuse(t, c)
	}
	if err := allowed(t, c.Actor, r.by); err != nil {
		return false, guichet.E(guichet.Forbidden, op, err)
	}
	if c.Action == ActTransfer {
		return transfer(t, c)
	}
	t.Status = r.to
	switch c.Action {
	case ActClaim:
		t.Agent, t.Claimed = c.Actor.Name, c.Now
		t.Claims++
	case ActRelease, ActOffline:
		t.Agent, t.Claimed = "", time.Time{}
	case ActResolve, ActReturn, ActAbandon:
		t.Closed, t.Resolution = c.Now, c.Reason
		if !c.Actor.System {
			t.Agent = c.Actor.Name
		}
	}
	return true, nil
}

// transfer gives t to c.To. Transferring to the agent who already holds
// it changes nothing.
func transfer(t *Ticket, c Change) (bool, error) {
	switch {
	case c.To.Name == "" || c.To.System:
		return false, guichet.Errorf(guichet.Invalid, "handoff: transfer", "name the colleague who receives ticket %s", t.ID)
	case t.Status == Assigned && t.Agent == c.To.Name:
		return false, nil
	}
	if t.Status == Waiting {
		t.Claims++
	}
	t.Status, t.Agent, t.Claimed = Assigned, c.To.Name, c.Now
	return true, nil
}

// refuse explains why an action does not apply to t's status.
func refuse(t *Ticket, c Change) error {
	const op = "handoff: ticket"
	switch {
	case c.Action == ActClaim && t.Status == Assigned && t.Agent == c.Actor.Name:
		return nil // already ours
	case c.Action == ActClaim && t.Status == Assigned:
		return guichet.Errorf(guichet.Conflict, op, "ticket %s is already claimed by %s", t.ID, t.Agent)
	case !isAction(c.Action):
		return guichet.Errorf(guichet.Invalid, op, "unknown action %q", c.Action)
	}
	return guichet.Errorf(guichet.Conflict, op, "cannot %s ticket %s: it is %s", c.Action, t.ID, t.Status)
}

func allowed(t *Ticket, a Actor, by who) error {
	switch {
	case by == system && !a.System:
		return fmt.Errorf("only the service may do this")
	case by != system && a.System:
		return fmt.Errorf("an agent must do this")
	case by == supervisor && !a.Supervisor:
		return fmt.Errorf("only a supervisor may close a ticket nobody has claimed")
	case by == owner && t.Agent != a.Name && !a.Supervisor:
		return fmt.Errorf("ticket %s is assigned to another agent", t.ID)
	}
	return nil
}

func isAction(a Action) bool {
	switch a {
	case ActClaim, ActRelease, ActOffline, ActResolve, ActReturn, ActAbandon, ActTransfer:
		return true
	}
	return false
}
