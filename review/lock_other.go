//go:build !unix

package review

import "errors"

// lockFile needs flock, which this system lacks: writing the pending file
// without a lock could lose a decision, so it is refused.
func lockFile(path string) (func(), error) {
	return nil, errors.New("lock " + path + ": file locking is only supported on Unix systems")
}
