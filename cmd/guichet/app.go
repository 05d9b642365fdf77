package main

import (
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/kb/match"
)

// loadMatcher loads the configuration and the KB and builds the matcher
// for the tools (ask, eval), logging warnings only; problems are printed.
func loadMatcher(e *cli.Env, cfgPath string) (*config.Config, *match.Live, bool) {
	cfg, ok := e.LoadConfig(cfgPath)
	if !ok {
		return nil, nil, false
	}
	_, ml, err := app.LoadMatcher(cfg, app.NewLogger(config.Log{Level: "warn", Format: "text"}, e.Stderr))
	if err != nil {
		e.Failf("guichet: knowledge base:\n%v", err)
		return nil, nil, false
	}
	return cfg, ml, true
}
