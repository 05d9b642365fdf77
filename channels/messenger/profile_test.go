package messenger

import (
	"strings"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
)

func TestSetupProfilePushesOnlyChanges(t *testing.T) {
	g := fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: testPage, PageToken: testToken, AppSecret: testSecret})
	defer g.Close()
	c := NewClient(testConfig(g.URL()), nil)
	p := DefaultProfile()
	changed, err := c.SetupProfile(t.Context(), p)
	if err != nil || len(changed) != 4 || g.ProfilePosts() != 1 {
		t.Fatalf("first setup: %v, %v, %d posts", changed, err, g.ProfilePosts())
	}
	changed, err = c.SetupProfile(t.Context(), p)
	if err != nil || len(changed) != 0 || g.ProfilePosts() != 1 {
		t.Fatalf("unchanged profile pushed again: %v, %v", changed, err)
	}
	p.Greeting = "Bonjour ! Posez votre question sur vos titres."
	changed, err = c.SetupProfile(t.Context(), p)
	if err != nil || len(changed) != 1 || changed[0] != "greeting" || g.ProfilePosts() != 2 {
		t.Fatalf("greeting change: %v, %v", changed, err)
	}
	g.Inject(fakegraph.ErrRateCalls, 1)
	if _, err := c.SetupProfile(t.Context(), DefaultProfile()); !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("rate-limited setup: %v", err)
	}
}

func TestProfileLimits(t *testing.T) {
	if err := DefaultProfile().Validate(); err != nil {
		t.Fatalf("default profile: %v", err)
	}
	p := DefaultProfile()
	p.Greeting = strings.Repeat("é", 161)
	p.IceBreakers = append(p.IceBreakers, IceBreaker{Question: "Cinquième ?", Payload: "OTHER"})
	p.Menu = append(p.Menu, MenuItem{Title: "Sans cible"})
	err := p.Validate()
	for _, want := range []string{"greeting: 161 characters, at most 160", "ice breakers: 5, at most 4", `"Sans cible"): set either a payload or a URL`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
}
