//go:build !linux

package testenv

import (
	"os/exec"
	"testing"
)

// dieWithParent cannot be had here: only Main stops the shared server.
func dieWithParent(*exec.Cmd) {}

// Freeze needs SIGSTOP: the test is skipped here.
func (s *RedisServer) Freeze(t testing.TB) { t.Skip("freezing redis-server needs SIGSTOP (Linux)") }

// Thaw does nothing here.
func (s *RedisServer) Thaw() {}
