package console

import (
	"errors"
	"fmt"
)

// errorf is fmt.Errorf for messages without wrapped errors; it keeps the
// call sites short where the kind is added by the caller.
func errorf(format string, args ...any) error {
	if len(args) == 0 {
		return errors.New(format)
	}
	return fmt.Errorf(format, args...)
}
