package messenger

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guichet/guichet/config"
)

// maxGraphResponse bounds what is read of a Graph response.
const maxGraphResponse = 1 << 20

// Client calls the Graph API on behalf of one page. Every request carries
// the page token and its appsecret_proof; neither ever appears in an error.
type Client struct {
	base    string // graph_url/version
	token   string
	proof   string
	http    *http.Client
	timeout time.Duration
}

// NewClient returns a client for cfg's Graph URL, API version and page
// token. hc may be nil (http.DefaultClient). Each call is bounded by
// cfg.SendTimeout.
func NewClient(cfg config.Messenger, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	timeout := cfg.SendTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return &Client{
		base:  strings.TrimRight(cfg.GraphURL, "/") + "/" + cfg.APIVersion,
		token: cfg.PageToken, proof: AppSecretProof(cfg.AppSecret, cfg.PageToken),
		http: hc, timeout: timeout,
	}
}

// AppSecretProof is hex(HMAC-SHA256(key = app secret, message = token)),
// which Meta requires with every call when the app demands it.
func AppSecretProof(appSecret, token string) string {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil))
}

// GraphError is an error answered by the Graph API.
type GraphError struct {
	Status    int    // HTTP status
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode"`
	Type      string `json:"type"`
	Message   string `json:"message"`
	Trace     string `json:"fbtrace_id"`
	Transient bool   `json:"is_transient"`
}

func (e *GraphError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	s := fmt.Sprintf("graph error code %d", e.Code)
	if e.Subcode != 0 {
		s += fmt.Sprintf(" subcode %d", e.Subcode)
	}
	s += fmt.Sprintf(" (HTTP %d): %s", e.Status, msg)
	if e.Trace != "" {
		s += " [fbtrace_id " + e.Trace + "]"
	}
	return s
}

// call sends one request to path (relative to the version, e.g.
// "/me/messages") with body as JSON (nil for none) and decodes the answer
// into out (nil to discard). Errors: *GraphError, or a transport error
// whose URL has been stripped of its query.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := c.request(ctx, method, path, query, body)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return c.redact(err, path)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxGraphResponse))
	if err != nil {
		return c.redact(err, path)
	}
	if resp.StatusCode/100 != 2 {
		return decodeGraphError(resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decode graph response to %s: %w", path, err)
	}
	return nil
}

func (c *Client) request(ctx context.Context, method, path string, query url.Values, body any) (*http.Request, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("access_token", c.token)
	q.Set("appsecret_proof", c.proof)
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request to %s: %w", path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path+"?"+q.Encode(), rd)
	if err != nil {
		return nil, fmt.Errorf("build request to %s: %v", path, strings.ReplaceAll(err.Error(), c.token, "[token]"))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// redact rebuilds a *url.Error, whose text holds the full URL with the
// access token, around a URL without query. The cause is kept so that
// timeouts are still recognised.
func (c *Client) redact(err error, path string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: c.base + path, Err: scrub(ue.Err, c.token, c.proof)}
	}
	return scrub(err, c.token, c.proof)
}

// scrub is a last guard for causes that might quote the request.
func scrub(err error, secrets ...string) error {
	msg := err.Error()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			return &scrubbedError{msg: strings.ReplaceAll(msg, s, "[redacted]"), err: err}
		}
	}
	return err
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }

// Timeout keeps net.Error's meaning without exposing the raw cause.
func (e *scrubbedError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.err, &t) && t.Timeout()
}

func decodeGraphError(status int, data []byte) error {
	var env struct {
		Error *GraphError `json:"error"`
	}
	if json.Unmarshal(data, &env) == nil && env.Error != nil {
		env.Error.Status = status
		return env.Error
	}
	return &GraphError{Status: status}
}
