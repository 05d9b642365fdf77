package soak

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel kill an instance when the process that
// started it dies, so that a crashed soak or test leaves no server behind.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
