package main

import (
	"strings"
	"testing"
)

// The commands that reach Redis themselves never print its password, in
// the URL or beside it, whatever is wrong with the URL (issue 14, item 9).
func TestRedisPasswordNeverPrinted(t *testing.T) {
	envs := []map[string]string{
		{"GUICHET_STORE_REDIS_URL": "redis://:s3cret@127.0.0.1:notaport/0"},
		{"GUICHET_STORE_REDIS_URL": "redis://admin:s3cret@127.0.0.1:1/0"},
		{"GUICHET_STORE_REDIS_URL": "http://:s3cret@127.0.0.1:6379/0"},
		{"GUICHET_STORE_REDIS_URL": "redis://127.0.0.1:1/0", "GUICHET_STORE_REDIS_PASSWORD": "s3cret"},
	}
	cmds := [][]string{
		{"privacy", "forget", "web:abc", "--config", ""},
		{"incidents", "export", "--config", ""},
	}
	for _, env := range envs {
		for _, args := range cmds {
			code, out, errs := runCmd(t, env, args...)
			if code != 1 || errs == "" {
				t.Errorf("%v with %v: exit %d, stderr %q; want exit 1 and a reason", args, env, code, errs)
			}
			if strings.Contains(out+errs, "s3cret") {
				t.Errorf("%v with %v printed the password:\n%s%s", args, env, out, errs)
			}
		}
	}
}
