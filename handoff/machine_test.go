package handoff

import (
	"testing"
	"time"

	"github.com/guichet/guichet"
)

func TestStateMachine(t *testing.T) {
	alice := Actor{Name: "alice"}
	bob := Actor{Name: "bob"}
	sup := Actor{Name: "sue", Supervisor: true}
	tests := []struct {
		from    Status
		holder  string
		action  Action
		actor   Actor
		want    Status
		kind    guichet.Kind // expected error kind, Other for success
		changed bool
	}{
		{Waiting, "", ActClaim, alice, Assigned, guichet.Other, true},
		{Waiting, "", ActClaim, sup, Assigned, guichet.Other, true},
		{Waiting, "", ActClaim, SystemActor, Waiting, guichet.Forbidden, false},
		{Waiting, "", ActAbandon, SystemActor, Abandoned, guichet.Other, true},
		{Waiting, "", ActAbandon, alice, Waiting, guichet.Forbidden, false},
		{Waiting, "", ActResolve, alice, Waiting, guichet.Forbidden, false},
		{Waiting, "", ActResolve, sup, Resolved, guichet.Other, true},
		{Waiting, "", ActReturn, sup, Returned, guichet.Other, true},
		{Waiting, "", ActRelease, alice, Waiting, guichet.Conflict, false},
		{Waiting, "", ActOffline, SystemActor, Waiting, guichet.Conflict, false},
		{Assigned, "alice", ActClaim, alice, Assigned, guichet.Other, false}, // double click
		{Assigned, "alice", ActClaim, bob, Assigned, guichet.Conflict, false},
		{Assigned, "alice", ActRelease, alice, Waiting, guichet.Other, true},
		{Assigned, "alice", ActRelease, bob, Assigned, guichet.Forbidden, false},
		{Assigned, "alice", ActRelease, sup, Waiting, guichet.Other, true},
		{Assigned, "alice", ActOffline, SystemActor, Waiting, guichet.Other, true},
		{Assigned, "alice", ActOffline, alice, Assigned, guichet.Forbidden, false},
		{Assigned, "alice", ActResolve, alice, Resolved, guichet.Other, true},
		{Assigned, "alice", ActResolve, bob, Assigned, guichet.Forbidden, false},
		{Assigned, "alice", ActReturn, alice, Returned, guichet.Other, true},
		{Assigned, "alice", ActReturn, sup, Returned, guichet.Other, true},
		{Assigned, "alice", ActAbandon, SystemActor, Assigned, guichet.Conflict, false},
		{Resolved, "alice", ActClaim, bob, Resolved, guichet.Conflict, false},
		{Resolved, "alice", ActResolve, alice, Resolved, guichet.Conflict, false},
		{Returned, "alice", ActRelease, alice, Returned, guichet.Conflict, false},
		{Abandoned, "", ActClaim, alice, Abandoned, guichet.Conflict, false},
		{Waiting, "", "dance", alice, Waiting, guichet.Invalid, false},
	}
	now := time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC)
	for _, tc := range tests {
		name := string(tc.from) + "/" + string(tc.action) + "/" + tc.actor.Name
		t.Run(name, func(t *testing.T) {
			tk := Ticket{ID: "t1", Status: tc.from, Agent: tc.holder}
			changed, err := apply(&tk, Change{Action: tc.action, Actor: tc.actor, Now: now, Reason: "r"})
			if tc.kind == guichet.Other && err != nil || tc.kind != guichet.Other && guichet.KindOf(err) != tc.kind {
				t.Fatalf("error %v, want kind %s", err, tc.kind)
			}
			if changed != tc.changed || tk.Status != tc.want {
				t.Fatalf("status %s changed %v, want %s changed %v", tk.Status, changed, tc.want, tc.changed)
			}
		})
	}
}

func TestTransitionsRecordWhoAndWhen(t *testing.T) {
	now := time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC)
	tk := Ticket{ID: "t1", Status: Waiting}
	apply(&tk, Change{Action: ActClaim, Actor: Actor{Name: "alice"}, Now: now})
	if tk.Agent != "alice" || !tk.Claimed.Equal(now) || tk.Claims != 1 {
		t.Fatalf("after claim: %+v", tk)
	}
	apply(&tk, Change{Action: ActRelease, Actor: Actor{Name: "alice"}, Now: now})
	if tk.Agent != "" || !tk.Claimed.IsZero() {
		t.Fatalf("after release the ticket still names an agent: %+v", tk)
	}
	apply(&tk, Change{Action: ActClaim, Actor: Actor{Name: "bob"}, Now: now})
	apply(&tk, Change{Action: ActResolve, Actor: Actor{Name: "bob"}, Now: now.Add(time.Minute), Reason: "Réponse apportée"})
	if tk.Status != Resolved || tk.Resolution != "Réponse apportée" || !tk.Closed.Equal(now.Add(time.Minute)) || tk.Claims != 2 {
		t.Fatalf("after resolve: %+v", tk)
	}
}
