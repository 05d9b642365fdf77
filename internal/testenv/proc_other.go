//go:build !linux

package testenv

import "os/exec"

// dieWithParent cannot be had here: only Main stops the shared server.
func dieWithParent(*exec.Cmd) {}
