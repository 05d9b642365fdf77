package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/redis/go-redis/v9"
)

// redisLogger sends go-redis's own messages (connection pool errors,
// reconnections) to the process logger, so that they are structured and
// masked like every other line instead of printed raw on stderr.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.WarnContext(ctx, "redis client: "+strings.TrimSpace(fmt.Sprintf(format, v...)), "component", "go-redis")
}

// UseRedisLogger makes log the logger of every go-redis client of the
// process (go-redis has one, global).
func UseRedisLogger(log *slog.Logger) { redis.SetLogger(redisLogger{log}) }
