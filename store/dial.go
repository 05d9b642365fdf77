package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// DialOptions say how to reach Redis.
type DialOptions struct {
	// URL is redis://[:password@]host:port/db, rediss:// for TLS or
	// unix:///path.
	URL string
	// Password, when set, replaces the URL's (GUICHET_STORE_REDIS_PASSWORD).
	Password string
	// Timeout bounds the first PING (default 5 s).
	Timeout time.Duration
	// Cluster reads URL as the seed nodes of a Redis Cluster: its host and
	// its addr= parameters (store.redis_cluster).
	Cluster bool
}

// Dial is the program's one way to Redis: it checks the URL, connects and
// checks that the server answers. Errors never hold the password, whether
// it came in the URL or in Password: Invalid for a malformed URL,
// Unavailable when the server does not answer. The caller closes the
// client.
func Dial(ctx context.Context, o DialOptions) (redis.UniversalClient, error) {
	client, addr, secrets, err := newClient(o)
	if err != nil {
		return nil, redact(err, append(secrets, o.Password)...)
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	pctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if err := client.Ping(pctx).Err(); err != nil {
		client.Close()
		err = guichet.E(guichet.Unavailable, "store", fmt.Errorf("redis at %s is unreachable: %w", addr, netCause(err)))
		return nil, redact(err, secrets...)
	}
	return client, nil
}

// newClient builds the client of o without connecting: one server, or a
// Redis Cluster. Every call on a request path carries a deadline
// (readiness 2 s, webhook 3 s): go-redis honours it only when told to,
// else a frozen server holds the call for the read timeout and retries.
func newClient(o DialOptions) (redis.UniversalClient, string, []string, error) {
	if o.Cluster {
		return newClusterClient(o)
	}
	ropts, secrets, err := parseRedisURL(o.URL)
	if err != nil {
		return nil, "", secrets, err
	}
	if o.Password != "" {
		ropts.Password = o.Password
	}
	ropts.ContextTimeoutEnabled = true
	return redis.NewClient(ropts), ropts.Addr, append(secrets, ropts.Password), nil
}

// newClusterClient builds a Redis Cluster client from the URL's host and
// its addr= parameters (which a single-server URL may not have).
func newClusterClient(o DialOptions) (redis.UniversalClient, string, []string, error) {
	const op = "store.redis_url"
	secrets := urlSecrets(o.URL)
	u, err := url.Parse(o.URL)
	switch {
	case err != nil:
		return nil, "", secrets, guichet.E(guichet.Invalid, op, redactURLError(err))
	case u.Scheme != "redis" && u.Scheme != "rediss":
		return nil, "", secrets, guichet.Errorf(guichet.Invalid, op, "scheme %q: want redis://host:port?addr=host:port for a cluster", u.Scheme)
	case u.Host == "":
		return nil, "", secrets, guichet.Errorf(guichet.Invalid, op, "no host: want redis://host:port?addr=host:port for a cluster")
	}
	copts, err := redis.ParseClusterURL(o.URL)
	if err != nil {
		return nil, "", secrets, guichet.E(guichet.Invalid, op, redactURLError(err))
	}
	if o.Password != "" {
		copts.Password = o.Password
	}
	copts.ContextTimeoutEnabled = true
	return redis.NewClusterClient(copts), strings.Join(copts.Addrs, ","), append(secrets, copts.Password), nil
}

// parseRedisURL checks rawURL and returns the client options and the
// secrets it holds (to keep out of messages).
func parseRedisURL(rawURL string) (*redis.Options, []string, error) {
	const op = "store.redis_url"
	secrets := urlSecrets(rawURL)
	u, err := url.Parse(rawURL)
	switch {
	case err != nil:
		return nil, secrets, guichet.E(guichet.Invalid, op, redactURLError(err))
	case u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix":
		return nil, secrets, guichet.Errorf(guichet.Invalid, op, "scheme %q: want redis://host:port/db, rediss://... or unix:///path", u.Scheme)
	case u.Scheme != "unix" && u.Host == "":
		return nil, secrets, guichet.Errorf(guichet.Invalid, op, "no host: want redis://host:port/db")
	}
	ropts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, secrets, guichet.E(guichet.Invalid, op, redactURLError(err))
	}
	return ropts, secrets, nil
}

// urlSecrets finds the password of rawURL by hand, since a URL that does
// not parse may still hold one.
func urlSecrets(rawURL string) []string {
	_, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		rest = rawURL
	}
	rest, _, _ = strings.Cut(rest, "/")
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return nil
	}
	_, pass, ok := strings.Cut(rest[:at], ":")
	if !ok || pass == "" {
		return nil
	}
	out := []string{pass}
	if dec, err := url.PathUnescape(pass); err == nil && dec != pass {
		out = append(out, dec)
	}
	return out
}

// redactedError hides secrets in an error's text but keeps the error for
// errors.Is, errors.As and guichet.KindOf.
type redactedError struct {
	err error
	msg string
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err with every non-empty secret replaced by "xxxxx".
func redact(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	changed := false
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			msg, changed = strings.ReplaceAll(msg, s, "xxxxx"), true
		}
	}
	if !changed {
		return err
	}
	var ge *guichet.Error
	if errors.As(err, &ge) {
		return &guichet.Error{Kind: guichet.KindOf(err), Err: &redactedError{err: err, msg: msg}}
	}
	return &redactedError{err: err, msg: msg}
}
