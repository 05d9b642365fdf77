package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/internal/cliflag"
	"github.com/guichet/guichet/quality"
)

func init() {
	commands["incidents"] = cli.Command{Summary: "incident reports of stuck files: export", Run: runIncidents}
}

func runIncidents(e *cli.Env) int {
	return e.Subcommands("incidents", map[string]func(*cli.Env, []string) int{"export": incidentsExport}, incidentsUsage)
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

// groupSynopsis is a group's usage without its "usage:", for the -h of
// its only subcommand.
func groupSynopsis(usage func(io.Writer)) string {
	var b strings.Builder
	usage(&b)
	return strings.TrimSpace(strings.TrimPrefix(b.String(), "usage:"))
}

// incidentsExport writes the incident reports of a period.
func incidentsExport(e *cli.Env, args []string) int {
	fs, cfgPath := e.FlagSet("incidents export")
	since := fs.String("since", "7d", "start: a duration back from now (7d, 24h) or a date (2026-06-01, RFC 3339)")
	until := fs.String("until", "", "end, excluded: like --since (default now)")
	format := fs.String("format", "csv", "csv or json")
	out := fs.String("out", "", "file to write (default standard output); created readable by its owner only")
	if code, ok := e.Parse(fs, args, groupSynopsis(incidentsUsage)); !ok {
		return code
	}
	p, err := exportParams(*since, *until, *format, fs.NArg(), time.Now())
	if err != nil {
		e.Failf("guichet incidents export: %v", err)
		return cli.ExitUsage
	}
	if err := exportIncidents(e, *cfgPath, *out, p); err != nil {
		return e.Failf("guichet incidents export: %v", err)
	}
	return cli.ExitOK
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
	if p.from, err = cliflag.When(since, now, parisZone()); err != nil {
		return p, fmt.Errorf("--since: %w", err)
	}
	if until != "" {
		if p.to, err = cliflag.When(until, now, parisZone()); err != nil {
			return p, fmt.Errorf("--until: %w", err)
		}
	}
	if !p.from.Before(p.to) {
		return p, fmt.Errorf("--since (%s) must be before --until (%s)", p.from.Format(time.RFC3339), p.to.Format(time.RFC3339))
	}
	return p, nil
}

func parisZone() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC // unreachable: cmd_serve.go embeds time/tzdata
	}
	return loc
}

func exportIncidents(e *cli.Env, cfgPath, outPath string, p exportPeriod) error {
	cfg, err := config.Load(cfgPath, e.Getenv) // not validated: see app.Incidents
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	paris := parisZone()
	rows, err := app.Incidents(e.Ctx, cfg, p.from, p.to, paris)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return quality.WriteIncidents(w, rows, p.format, p.from, p.to, paris) }
	if err := writeTo(outPath, e.Stdout, write); err != nil {
		return err
	}
	if outPath != "" {
		fmt.Fprintf(e.Stderr, "%d incident reports from %s to %s written to %s\n", len(rows),
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
