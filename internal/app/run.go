package app

import (
	"context"
	"fmt"
	"io"

	"github.com/guichet/guichet/config"
)

// Run builds the instance and serves until ctx ends: the whole of
// 'guichet serve', which 'guichet-load serve' runs too. Problems go to
// stderr after program's name; the result is the exit status.
func Run(ctx context.Context, program string, cfg *config.Config, stderr io.Writer) int {
	a, err := New(ctx, cfg, NewLogger(cfg.Log, stderr), stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", program, err)
		return 1
	}
	defer a.Close()
	srv, err := a.BuildServer(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", program, err)
		return 1
	}
	return a.Serve(ctx, srv, stderr)
}
