package main

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/channels/messenger/fakegraph"
)

var msgrEnv = map[string]string{
	"GUICHET_MESSENGER_PAGE_ID":      "1234567890",
	"GUICHET_MESSENGER_APP_SECRET":   "cmd-test-secret",
	"GUICHET_MESSENGER_PAGE_TOKEN":   "cmd-test-token",
	"GUICHET_MESSENGER_VERIFY_TOKEN": "cmd-test-verify",
}

func msgrEnvWith(k, v string) map[string]string {
	m := map[string]string{k: v}
	for k, v := range msgrEnv {
		m[k] = v
	}
	return m
}

func TestMessengerSetupPushesOnce(t *testing.T) {
	g := fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: "1234567890", PageToken: "cmd-test-token", AppSecret: "cmd-test-secret"})
	defer g.Close()
	env := msgrEnvWith("GUICHET_MESSENGER_GRAPH_URL", g.URL())
	code, out, errs := runCmd(t, env, "messenger", "setup", "--config", "")
	if code != 0 || !strings.Contains(out, "updated: get_started, greeting, persistent_menu, ice_breakers") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCmd(t, env, "messenger", "setup", "--config", "")
	if code != 0 || !strings.Contains(out, "already up to date") || g.ProfilePosts() != 1 {
		t.Fatalf("second setup: exit %d, %s, %d posts", code, out, g.ProfilePosts())
	}
}

func TestMessengerToolsNameMissingSecrets(t *testing.T) {
	code, _, errs := runCmd(t, nil, "messenger", "setup", "--config", "")
	if code != 1 || !strings.Contains(errs, "GUICHET_MESSENGER_APP_SECRET: required") || !strings.Contains(errs, "messenger.page_id") {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
}
