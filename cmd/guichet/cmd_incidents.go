package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/quality"
)

func init() {
	commands["incidents"] = command{summary: "incident reports of stuck files: export", run: runIncidents}
}

func runIncidents(e *env) int {
	return subcommands(e, "incidents", map[string]func(*env, []string) int{"export": incidentsExport}, incidentsUsage)
}

func incidentsUsage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  guichet incidents export [--since 7d] [--until TIME] [--format csv|json] [--out FILE] [--config FILE]
      the incident reports (dossier.anomalie) for the owner of the information system:
      time (RFC 3339, Europe/Paris), channel, procedure, request_number, site_message,
      consent, ticket. The request number is kept on purpose: the report exists so that
      the stuck files can be found. The site message is masked (numbers, plates, phones,
      e-mails). Only reports made with the person's consent are recorded.
      --since: a duration back from now (7d, 24h, 90m) or a date (2026-06-01, RFC 3339);
      --until: the same, default now. The facts are read from store.redis_url: with the
      in-memory store they live only inside the serve process.`)
}

// synopsisIncidentsExport is the group's usage without its "usage:".
func synopsisIncidentsExport() string {
	var b strings.Builder
	incidentsUsage(&b)
	return strings.TrimSpace(strings.TrimPrefix(b.String(), "usage:"))
}

// incidentsExport writes the incident reports of a period.
func incidentsExport(e *env, args []string) int {
	fs, cfgPath := e.flagSet("incidents export")
	since := fs.String("since", "7d", "start: a duration back from now (7d, 24h) or a date (2026-06-01, RFC 3339)")
	until := fs.String("until", "", "end, excluded: like --since (default now)")
	format := fs.String("format", "csv", "csv or json")
	out := fs.String("out", "", "file to write (default standard output); created readable by its owner only")
	if code, ok := e.parse(fs, args, synopsisIncidentsExport()); !ok {
		return code
	}
	p, err := exportParams(*since, *until, *format, fs.NArg(), time.Now())
	if err != nil {
		fmt.Fprintf(e.stderr, "guichet incidents export: %v\n", err)
		return 2
	}
	if err := exportIncidents(e, *cfgPath, *out, p); err != nil {
		fmt.Fprintf(e.stderr, "guichet incidents export: %v\n", err)
		return 1
	}
	return 0
}

// exportPeriod is what to export.
type exportPeriod struct {
	from, to time.Time
	format   string
}

func exportParams(since, until, format string, extra int, now time.Time) (exportPeriod, error) {
	p := exportPeriod{to: now, format: format}
	var err error
	switch {
	case extra > 0:
		return p, errors.New("unexpected arguments: every option is a flag (--since, --format, --out)")
	case format != "csv" && format != "json":
		return p, fmt.Errorf("--format %q: want csv or json", format)
	}
	if p.from, err = parseWhen(since, now); err != nil {
		return p, fmt.Errorf("--since: %w", err)
	}
	if until != "" {
		if p.to, err = parseWhen(until, now); err != nil {
			return p, fmt.Errorf("--until: %w", err)
		}
	}
	if !p.from.Before(p.to) {
		return p, fmt.Errorf("--since (%s) must be before --until (%s)", p.from.Format(time.RFC3339), p.to.Format(time.RFC3339))
	}
	return p, nil
}

// parseWhen reads a duration back from now ("7d", "24h", "1d12h") or a
// date ("2026-06-01", midnight in Paris) or an RFC 3339 time.
func parseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, parisZone()); err == nil {
		return t, nil
	}
	d, err := parseDays(s)
	if err != nil || d <= 0 {
		return time.Time{}, fmt.Errorf("%q: want a positive duration such as 7d, 24h or 90m, a date such as 2026-06-01, or an RFC 3339 time", s)
	}
	return now.Add(-d), nil
}

// parseDays is time.ParseDuration with days: "7d", "1d12h".
func parseDays(s string) (time.Duration, error) {
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		return time.ParseDuration(s)
	}
	n, err := strconv.Atoi(days)
	if err != nil || n < 0 || n > 3660 {
		return 0, fmt.Errorf("bad number of days %q", days)
	}
	d := time.Duration(n) * 24 * time.Hour
	if rest == "" {
		return d, nil
	}
	r, err := time.ParseDuration(rest)
	return d + r, err
}

func parisZone() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC // unreachable: cmd_serve.go embeds time/tzdata
	}
	return loc
}

func exportIncidents(e *env, cfgPath, outPath string, p exportPeriod) error {
	// The configuration is loaded but not validated as a whole, so that an
	// operator's shell without the Messenger secrets can export.
	cfg, err := config.Load(cfgPath, e.getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	if cfg.Store.RedisURL == "" {
		return errors.New("store.redis_url is empty: with the in-memory store, incident reports live only inside the running server; configure Redis (GUICHET_STORE_REDIS_URL) to export them")
	}
	client, err := app.DialRedis(e.ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer client.Close()
	qs, err := app.QualityStore(cfg, client)
	if err != nil {
		return err
	}
	facts, err := qs.Facts(e.ctx, p.from, quality.KindIncident)
	if err != nil {
		return err
	}
	paris := parisZone()
	rows := quality.IncidentRows(facts, p.from, p.to, paris)
	write := func(w io.Writer) error { return quality.WriteIncidents(w, rows, p.format, p.from, p.to, paris) }
	if err := writeTo(outPath, e.stdout, write); err != nil {
		return err
	}
	if outPath != "" {
		fmt.Fprintf(e.stderr, "%d incident reports from %s to %s written to %s\n", len(rows),
			p.from.In(paris).Format(time.RFC3339), p.to.In(paris).Format(time.RFC3339), outPath)
	}
	return nil
}

// writeTo writes to path (created with mode 0600: the export holds
// request numbers), or to stdout when path is empty.
func writeTo(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
