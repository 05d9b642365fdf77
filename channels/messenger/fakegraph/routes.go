package fakegraph

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Send API limits the fake enforces.
const (
	maxText         = 2000
	maxQuickReplies = 13
	maxQRTitle      = 20
	maxQRPayload    = 1000
)

type sendBody struct {
	Recipient     struct{ ID string } `json:"recipient"`
	MessagingType string              `json:"messaging_type"`
	Tag           string              `json:"tag"`
	SenderAction  string              `json:"sender_action"`
	Message       *struct {
		Text         string       `json:"text"`
		QuickReplies []QuickReply `json:"quick_replies"`
		Metadata     string       `json:"metadata"`
	} `json:"message"`
}

func (s *Server) messagesRoute(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var keys map[string]json.RawMessage
	var b sendBody
	if json.Unmarshal(raw, &keys) != nil || json.Unmarshal(raw, &b) != nil {
		s.count()
		graphError(w, 400, 100, 0, "(#100) Invalid JSON body")
		return
	}
	route := RouteMessages
	if b.SenderAction != "" {
		route = RouteActions
	}
	if !s.admit(w, r, route) {
		return
	}
	if msg := checkSend(keys, b); msg != "" {
		graphError(w, 400, 100, 0, "(#100) "+msg)
		return
	}
	if b.SenderAction != "" {
		s.mu.Lock()
		s.seq++
		s.actions = append(s.actions, Action{Recipient: b.Recipient.ID, Action: b.SenderAction, Seq: s.seq})
		s.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]string{"recipient_id": b.Recipient.ID})
		return
	}
	m := Message{Recipient: b.Recipient.ID, MessagingType: b.MessagingType, Tag: b.Tag,
		Text: b.Message.Text, QuickReplies: b.Message.QuickReplies, Metadata: b.Message.Metadata}
	s.mu.Lock()
	s.seq++
	m.Seq = s.seq
	s.messages = append(s.messages, m)
	id := len(s.messages)
	hook := s.onMessage
	s.mu.Unlock()
	if hook != nil {
		hook(m)
	}
	json.NewEncoder(w).Encode(map[string]string{"recipient_id": b.Recipient.ID, "message_id": "m_fake" + strconv.Itoa(id)})
}

// checkSend returns what Meta would object to, or "".
func checkSend(keys map[string]json.RawMessage, b sendBody) string {
	if !digits(b.Recipient.ID) {
		return "recipient.id must be a PSID"
	}
	if b.SenderAction != "" {
		if len(keys) != 2 {
			return "sender_action must be sent with recipient only"
		}
		switch b.SenderAction {
		case "typing_on", "typing_off", "mark_seen":
			return ""
		}
		return "unknown sender_action " + b.SenderAction
	}
	switch {
	case b.MessagingType == "RESPONSE" || b.MessagingType == "UPDATE":
		if b.Tag != "" {
			return "tag is only valid with messaging_type MESSAGE_TAG"
		}
	case b.MessagingType == "MESSAGE_TAG":
		if b.Tag != "HUMAN_AGENT" && b.Tag != "ACCOUNT_UPDATE" && b.Tag != "CONFIRMED_EVENT_UPDATE" && b.Tag != "POST_PURCHASE_UPDATE" {
			return "MESSAGE_TAG needs a valid tag"
		}
	default:
		return "messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG"
	}
	if b.Message == nil {
		return "message is required"
	}
	return checkMessage(b)
}

func checkMessage(b sendBody) string {
	n := utf8.RuneCountInString(b.Message.Text)
	if n == 0 || n > maxText {
		return fmt.Sprintf("message.text must have 1 to %d characters, got %d", maxText, n)
	}
	if len(b.Message.QuickReplies) > maxQuickReplies {
		return fmt.Sprintf("at most %d quick replies, got %d", maxQuickReplies, len(b.Message.QuickReplies))
	}
	for _, q := range b.Message.QuickReplies {
		t := utf8.RuneCountInString(q.Title)
		if q.ContentType != "text" || t == 0 || t > maxQRTitle || q.Payload == "" || utf8.RuneCountInString(q.Payload) > maxQRPayload {
			return fmt.Sprintf("quick reply %q: content_type text, title 1 to %d characters, payload 1 to %d", q.Title, maxQRTitle, maxQRPayload)
		}
	}
	return ""
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	if !s.admit(w, r, RouteProfile) {
		return
	}
	s.mu.Lock()
	data := map[string]json.RawMessage{}
	for _, f := range strings.Split(r.URL.Query().Get("fields"), ",") {
		if v, ok := s.profile[f]; ok {
			data[f] = v
		}
	}
	s.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]any{"data": []any{data}})
}

func (s *Server) postProfile(w http.ResponseWriter, r *http.Request) {
	if !s.admit(w, r, RouteProfile) {
		return
	}
	var fields map[string]json.RawMessage
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&fields); err != nil || len(fields) == 0 {
		graphError(w, 400, 100, 0, "(#100) a profile field is required")
		return
	}
	if msg := checkProfile(fields); msg != "" {
		graphError(w, 400, 100, 0, "(#100) "+msg)
		return
	}
	s.mu.Lock()
	for k, v := range fields {
		s.profile[k] = v
	}
	s.profilePosts++
	s.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]string{"result": "success"})
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkProfile enforces the greeting and ice-breaker limits.
func checkProfile(fields map[string]json.RawMessage) string {
	var greeting []struct{ Text string }
	if raw, ok := fields["greeting"]; ok {
		if json.Unmarshal(raw, &greeting) != nil {
			return "greeting must be a list of {locale, text}"
		}
		for _, g := range greeting {
			if utf8.RuneCountInString(g.Text) > 160 {
				return "greeting text must have at most 160 characters"
			}
		}
	}
	var ice []struct {
		Actions []json.RawMessage `json:"call_to_actions"`
	}
	if raw, ok := fields["ice_breakers"]; ok {
		if json.Unmarshal(raw, &ice) != nil {
			return "ice_breakers must be a list of {locale, call_to_actions}"
		}
		for _, i := range ice {
			if len(i.Actions) > 4 {
				return "at most 4 ice breakers"
			}
		}
	}
	return ""
}
