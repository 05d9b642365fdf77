package quality

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/guichet/guichet/privacy"
)

// The weekly incident report ('guichet incidents export'): the incident
// facts of a period, one row each, for the owner of the information
// system. The request number is kept on purpose (the report exists so
// that the stuck files can be found); the site message is masked.

// IncidentRow is one line of the export.
type IncidentRow struct {
	Time          string `json:"time"`
	Channel       string `json:"channel"`
	Procedure     string `json:"procedure"`
	RequestNumber string `json:"request_number"`
	SiteMessage   string `json:"site_message"`
	Consent       string `json:"consent"`
	Ticket        string `json:"ticket"`
}

var incidentColumns = []string{"time", "channel", "procedure", "request_number", "site_message", "consent", "ticket"}

// IncidentRows turns the incident facts of [from, to) into rows, times in
// loc. Each report names its ticket: the bot records it once the hand-off
// has opened (or named) the ticket. Facts of other kinds are ignored.
func IncidentRows(facts []Fact, from, to time.Time, loc *time.Location) []IncidentRow {
	rows := []IncidentRow{}
	for _, f := range facts {
		if f.Kind != KindIncident || f.Time.Before(from) || !f.Time.Before(to) {
			continue
		}
		proc := f.Fields["procedure"]
		if p, ok := ParseProcedure(proc); ok {
			proc = p
		} else if proc == "" {
			proc = f.Procedure
		}
		rows = append(rows, IncidentRow{Time: f.Time.In(loc).Format(time.RFC3339), Channel: string(f.Channel),
			Procedure: proc, RequestNumber: f.Fields["request_number"],
			SiteMessage: privacy.Mask(f.Fields["site_message"]), Consent: f.Fields["consent"], Ticket: f.Ticket})
	}
	return rows
}

// WriteIncidents writes rows as "csv" (a header line, then one line per
// report, cells safe to open in a spreadsheet) or "json" (the period and
// the rows), times in loc.
func WriteIncidents(w io.Writer, rows []IncidentRow, format string, from, to time.Time, loc *time.Location) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"from": from.In(loc).Format(time.RFC3339),
			"to": to.In(loc).Format(time.RFC3339), "count": len(rows), "incidents": rows})
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write(incidentColumns)
		for _, r := range rows {
			_ = cw.Write([]string{r.Time, r.Channel, cell(r.Procedure), cell(r.RequestNumber), cell(r.SiteMessage), cell(r.Consent), r.Ticket})
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("incident export format %q: want csv or json", format)
}

// cell keeps a spreadsheet from reading citizen text as a formula: a cell
// starting with = + - @ or a control character gets a leading quote.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
