package messenger

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
)

// maxPSIDLen bounds a page-scoped id; real ones have 16 or 17 digits.
const maxPSIDLen = 32

// CheckConfig reports what is missing for the channel to talk to Meta,
// naming the key or environment variable to set.
func CheckConfig(c config.Messenger) error {
	var errs []error
	if u, err := url.Parse(c.GraphURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("messenger.graph_url: want an absolute URL such as https://graph.facebook.com"))
	}
	if !strings.HasPrefix(c.APIVersion, "v") || strings.ContainsAny(c.APIVersion, "/?#") {
		errs = append(errs, fmt.Errorf("messenger.api_version: want a Graph API version such as v21.0"))
	}
	if !digits(c.PageID) {
		errs = append(errs, fmt.Errorf("messenger.page_id: want the page's numeric id"))
	}
	for name, v := range map[string]string{"GUICHET_MESSENGER_APP_SECRET": c.AppSecret,
		"GUICHET_MESSENGER_PAGE_TOKEN": c.PageToken, "GUICHET_MESSENGER_VERIFY_TOKEN": c.VerifyToken} {
		if v == "" {
			errs = append(errs, fmt.Errorf("environment: %s: required", name))
		}
	}
	return errors.Join(errs...)
}

func digits(s string) bool {
	if s == "" || len(s) > maxPSIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// psidOf returns the PSID of a Messenger conversation.
func psidOf(op string, conv guichet.ConversationID) (string, error) {
	if conv.Channel() != guichet.ChannelMessenger {
		return "", guichet.Errorf(guichet.Invalid, op, "conversation %q is not on Messenger", conv)
	}
	psid := conv.Subject()
	if !digits(psid) {
		return "", guichet.Errorf(guichet.Invalid, op, "conversation %q: a Messenger PSID is 1 to %d digits", conv, maxPSIDLen)
	}
	return psid, nil
}
