package app

import (
	"fmt"
	"io"
	"strings"

	"github.com/guichet/guichet/config"
)

// LoadConfig reads and validates the configuration at path (see
// config.Load), printing every problem to stderr under "program:
// configuration:", one per line. ok is false when the program must stop.
func LoadConfig(program, path string, getenv func(string) string, stderr io.Writer) (*config.Config, bool) {
	cfg, err := config.Load(path, getenv)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintln(stderr, program+": configuration:")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stderr, "  "+line)
		}
		return nil, false
	}
	return cfg, true
}
