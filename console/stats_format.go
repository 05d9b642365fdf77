package console

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

// French number and time formats for the dashboard: "79 %", "3,5",
// "12 345", "3 min 20 s", with no-break spaces as French typography
// wants.
const (
	nbsp     = "\u00a0"
	thinNbsp = "\u202f"
)

// frPercent formats a share: "79 %"; "—" when there is nothing to divide.
func frPercent(r quality.Ratio) string {
	v, ok := r.Value()
	if !ok {
		return "—"
	}
	return frPct(v)
}

func frPct(v float64) string { return strconv.Itoa(int(math.Round(v*100))) + nbsp + "%" }

// frInt groups thousands: 12 345.
func frInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + frInt(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(thinNbsp)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// frDecimal formats v with one decimal and a comma: 3,5.
func frDecimal(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
}

// frSeconds formats a duration in seconds: "45 s", "3 min 20 s",
// "1 h 05 min"; "—" when n is 0 (no values).
func frSeconds(sec float64, n int) string {
	if n == 0 {
		return "—"
	}
	d := time.Duration(math.Round(sec)) * time.Second
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case h > 0:
		return fmt.Sprintf("%d"+nbsp+"h"+nbsp+"%02d"+nbsp+"min", h, m)
	case m > 0 && s > 0:
		return fmt.Sprintf("%d"+nbsp+"min"+nbsp+"%d"+nbsp+"s", m, s)
	case m > 0:
		return fmt.Sprintf("%d"+nbsp+"min", m)
	}
	return fmt.Sprintf("%d"+nbsp+"s", s)
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre"}

// frDateTime formats t in loc: "8 juin 2026 à 10:05".
func frDateTime(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d à %s", t.Day(), frMonths[t.Month()-1], t.Year(), t.Format("15:04"))
}

// frGap is the difference in points between two shares: "+3 points".
func frGap(v, ref float64) string {
	d := int(math.Round(v*100)) - int(math.Round(ref*100))
	switch {
	case d > 0:
		return fmt.Sprintf("+%d"+nbsp+"points", d)
	case d < 0:
		return fmt.Sprintf("−%d"+nbsp+"points", -d)
	}
	return "0" + nbsp + "point"
}

// Labels of what the facts name with codes.
var (
	channelLabels   = map[string]string{"web": "Site internet", "messenger": "Messenger", "cli": "Ligne de commande"}
	procedureLabels = map[string]string{
		quality.ProcPermis:          "Permis de conduire",
		quality.ProcImmatriculation: "Certificat d'immatriculation",
		quality.ProcCNI:             "Carte nationale d'identité",
		quality.ProcPasseport:       "Passeport",
		quality.ProcAutre:           "Autres demandes",
	}
)

// reasonLabels are the escalation reasons' labels (guichet.Reason.Label).
var reasonLabels = func() map[string]string {
	out := make(map[string]string, len(guichet.Reasons))
	for _, r := range guichet.Reasons {
		out[string(r)] = r.Label()
	}
	return out
}()

// label returns the French label of code, or the code itself.
func label(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	if code == "" {
		return "Non renseigné"
	}
	return code
}
