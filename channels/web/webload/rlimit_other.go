//go:build !unix

package webload

import "errors"

// RaiseFileLimit is not available on this system.
func RaiseFileLimit(uint64) (before, after uint64, err error) {
	return 0, 0, errors.New("cannot change the open-file limit on this system")
}
