package testenv

import (
	"os/exec"
	"syscall"
	"testing"
)

// dieWithParent has the kernel kill the child when the test binary exits,
// even if it panics or times out before Main can stop it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// Freeze stops the server's process (SIGSTOP): connections stay open and
// nothing answers, as with a server stuck or a network black hole. Thaw
// resumes it; t's cleanup does too, so that the server can be stopped.
func (s *RedisServer) Freeze(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatalf("freeze redis-server: %v", err)
	}
	t.Cleanup(s.Thaw)
}

// Thaw resumes a frozen server (SIGCONT).
func (s *RedisServer) Thaw() { _ = s.cmd.Process.Signal(syscall.SIGCONT) }
