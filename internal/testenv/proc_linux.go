package testenv

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill the child when the test binary exits,
// even if it panics or times out before Main can stop it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
