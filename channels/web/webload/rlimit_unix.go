//go:build unix

package webload

import "syscall"

// RaiseFileLimit makes room for n open files, raising the hard limit too
// when the process may (root), and reports the soft limit before and after.
func RaiseFileLimit(n uint64) (before, after uint64, err error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, 0, err
	}
	before = lim.Cur
	if lim.Cur >= n {
		return before, before, nil
	}
	want := syscall.Rlimit{Cur: n, Max: max(n, lim.Max)}
	if err = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err != nil {
		want = syscall.Rlimit{Cur: lim.Max, Max: lim.Max}
		if err2 := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err2 != nil {
			return before, before, err2
		}
	}
	return before, want.Cur, err
}
