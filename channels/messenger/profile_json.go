package messenger

// profileField is one top-level field of the messenger_profile API.
type profileField struct {
	name  string
	value any
}

// The Graph shapes of the profile fields, in the form Meta returns them.
type (
	payloadJSON struct {
		Payload string `json:"payload"`
	}
	greetingJSON struct {
		Locale string `json:"locale"`
		Text   string `json:"text"`
	}
	menuJSON struct {
		Locale        string       `json:"locale"`
		InputDisabled bool         `json:"composer_input_disabled"`
		Actions       []actionJSON `json:"call_to_actions"`
	}
	actionJSON struct {
		Type    string `json:"type"`
		Title   string `json:"title"`
		Payload string `json:"payload,omitempty"`
		URL     string `json:"url,omitempty"`
	}
	iceJSON struct {
		Locale  string         `json:"locale"`
		Actions []questionJSON `json:"call_to_actions"`
	}
	questionJSON struct {
		Question string `json:"question"`
		Payload  string `json:"payload"`
	}
)

func (p Profile) fields() []profileField {
	var out []profileField
	if p.GetStarted != "" {
		out = append(out, profileField{"get_started", payloadJSON{p.GetStarted}})
	}
	if p.Greeting != "" {
		out = append(out, profileField{"greeting", []greetingJSON{{Locale: "default", Text: p.Greeting}}})
	}
	if len(p.Menu) > 0 {
		m := menuJSON{Locale: "default"}
		for _, it := range p.Menu {
			a := actionJSON{Type: "postback", Title: it.Title, Payload: it.Payload}
			if it.URL != "" {
				a = actionJSON{Type: "web_url", Title: it.Title, URL: it.URL}
			}
			m.Actions = append(m.Actions, a)
		}
		out = append(out, profileField{"persistent_menu", []menuJSON{m}})
	}
	if len(p.IceBreakers) > 0 {
		ice := iceJSON{Locale: "default"}
		for _, b := range p.IceBreakers {
			ice.Actions = append(ice.Actions, questionJSON{b.Question, b.Payload})
		}
		out = append(out, profileField{"ice_breakers", []iceJSON{ice}})
	}
	return out
}
