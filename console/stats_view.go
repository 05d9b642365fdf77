package console

import (
	"github.com/guichet/guichet/quality"
)

// statsView is what the dashboard shows for one period, formatted.
type statsView struct {
	Periods      []periodTab
	PeriodLabel  string
	FromText     string
	ToText       string
	Empty        bool // no conversation in the period
	Figures      []figure
	ZoneText     string
	Channels     chartView
	ChannelTable countTable
	Reasons      chartView
	ReasonTable  countTable
	Times        chartView
	TimeRows     []timeRow
	Sat          chartView
	SatRows      []satRow
	Unanswered   []questionRow
	Fallbacks    string
}

type periodTab struct {
	Key, Label string
	Current    bool
}

// figure is one of the key figures at the top.
type figure struct{ ID, Label, Value, Detail string }

type countTable struct {
	ID, Caption, Head string
	Rows              []countRow
}

type countRow struct{ Label, Count, Share string }

type questionRow struct {
	Rank        int
	Text, Count string
}

type timeRow struct{ Label, N, P50, P90 string }

type satRow struct {
	Label, Satisfied, Reference, Gap, Helpful, HelpfulN, Rating, RatingN string
	Overall                                                              bool
}

func tabs(current string) []periodTab {
	out := make([]periodTab, 0, len(periods))
	for _, p := range periods {
		out = append(out, periodTab{Key: p.Key, Label: p.Label, Current: p.Key == current})
	}
	return out
}

func (s *Console) newStatsView(st quality.Stats, key string) *statsView {
	loc := s.loc
	v := &statsView{Periods: tabs(key), FromText: frDateTime(st.From, loc), ToText: frDateTime(st.To, loc),
		ZoneText: "fuseau " + loc.String(), Empty: st.Conversations == 0, Fallbacks: frInt(st.Fallbacks)}
	if loc.String() == "Europe/Paris" {
		v.ZoneText = "heure de Paris"
	}
	for i, q := range st.Unanswered {
		v.Unanswered = append(v.Unanswered, questionRow{Rank: i + 1, Text: q.Text, Count: frInt(q.Count)})
	}
	for _, p := range periods {
		if p.Key == key {
			v.PeriodLabel = p.Label
		}
	}
	v.Figures = figures(st)
	v.Channels, v.ChannelTable.Rows = countChart("chart-channels", "Conversations par canal",
		"Nombre de conversations commencées sur chaque canal.", st.ByChannel, channelLabels)
	v.ChannelTable.ID, v.ChannelTable.Caption, v.ChannelTable.Head = "table-channels", "Conversations par canal", "Canal"
	v.Reasons, v.ReasonTable.Rows = countChart("chart-reasons", "Transferts vers un conseiller par motif",
		"Nombre de conversations transférées, par motif du premier transfert, et part des conversations de la période.",
		st.HandoffsByReason, reasonLabels)
	v.ReasonTable.ID, v.ReasonTable.Head = "table-reasons", "Motif"
	v.ReasonTable.Caption = "Transferts par motif (part des conversations de la période)"
	v.Times, v.TimeRows = timesChart(st)
	v.Sat, v.SatRows = satChart(st)
	return v
}

func figures(st quality.Stats) []figure {
	sat := st.Satisfaction
	return []figure{
		{"fig-conversations", "Conversations", frInt(st.Conversations), "commencées sur la période"},
		{"fig-bot-alone", "Traitées par l'assistant seul", frPercent(st.BotAlone),
			frInt(st.BotAlone.Num) + " conversations sans transfert vers un conseiller"},
		{"fig-handoffs", "Transférées à un conseiller", frPercent(st.Handoffs),
			frInt(st.Handoffs.Num) + " conversations"},
		{"fig-wait", "Attente avant prise en charge (médiane)", frSeconds(st.Wait.P50, st.Wait.N),
			"90" + nbsp + "% en moins de " + frSeconds(st.Wait.P90, st.Wait.N) + " · " + frInt(st.Wait.N) + " demandes"},
		{"fig-first-reply", "Première réponse d'un conseiller (médiane)", frSeconds(st.FirstReply.P50, st.FirstReply.N),
			"90" + nbsp + "% en moins de " + frSeconds(st.FirstReply.P90, st.FirstReply.N) + " · " + frInt(st.FirstReply.N) + " demandes"},
		{"fig-satisfaction", "Satisfaction", frPercent(sat.Satisfied),
			"référence 2020 : " + frPct(sat.Reference) + " · " + frInt(sat.Satisfied.Den) + " réponses"},
		{"fig-incidents", "Signalements d'incident", frInt(st.Incidents), "dossiers bloqués signalés"},
	}
}

// countChart draws counts (channels, reasons) with their share of the
// period's conversations.
func countChart(id, title, desc string, counts []quality.Count, labels map[string]string) (chartView, []countRow) {
	largest := 0
	for _, c := range counts {
		largest = max(largest, c.Count)
	}
	var names []string
	var bars [][]barValue
	var rows []countRow
	for _, c := range counts {
		l := label(labels, c.Key)
		text := frInt(c.Count) + " (" + frPercent(c.Share) + ")"
		names = append(names, l)
		bars = append(bars, []barValue{{Class: "bar-main", Share: shareOf(float64(c.Count), float64(largest)), Text: text}})
		rows = append(rows, countRow{Label: l, Count: frInt(c.Count), Share: frPercent(c.Share)})
	}
	return newChart(id, title, desc, names, bars), rows
}

func timesChart(st quality.Stats) (chartView, []timeRow) {
	series := []struct {
		label string
		d     quality.Durations
	}{{"Attente avant prise en charge", st.Wait}, {"Première réponse d'un conseiller", st.FirstReply}}
	largest := max(st.Wait.P90, st.FirstReply.P90)
	var names []string
	var bars [][]barValue
	var rows []timeRow
	for _, s := range series {
		rows = append(rows, timeRow{Label: s.label, N: frInt(s.d.N), P50: frSeconds(s.d.P50, s.d.N), P90: frSeconds(s.d.P90, s.d.N)})
		if s.d.N == 0 {
			continue
		}
		names = append(names, s.label)
		bars = append(bars, []barValue{
			{Class: "bar-main", Share: shareOf(s.d.P50, largest), Text: "médiane " + frSeconds(s.d.P50, s.d.N)},
			{Class: "bar-alt", Share: shareOf(s.d.P90, largest), Text: "90e centile " + frSeconds(s.d.P90, s.d.N)},
		})
	}
	c := newChart("chart-times", "Temps d'attente et de première réponse",
		"Médiane et 90e centile du temps entre l'ouverture d'une demande et sa prise en charge, puis la première réponse d'un conseiller.",
		names, bars)
	c.Legend = []legendItem{{"bar-main", "Médiane"}, {"bar-alt", "90e centile"}}
	return c, rows
}

// satChart compares satisfaction by procedure with the 2020 survey.
func satChart(st quality.Stats) (chartView, []satRow) {
	all := append([]quality.Satisfaction{st.Satisfaction}, st.ByProcedure...)
	var names []string
	var bars [][]barValue
	var rows []satRow
	for i, s := range all {
		l := "Ensemble"
		if i > 0 {
			l = label(procedureLabels, s.Procedure)
		}
		rows = append(rows, newSatRow(l, s, i == 0))
		v, ok := s.Satisfied.Value()
		if !ok && s.Reference == 0 {
			continue
		}
		names = append(names, l)
		cur := barValue{Class: "bar-main", Share: v, Text: "période : " + frPercent(s.Satisfied)}
		ref := barValue{Class: "bar-ref", Share: s.Reference, Text: "2020 : " + frPct(s.Reference)}
		if s.Reference == 0 {
			ref.Text = "2020 : non mesuré"
		}
		bars = append(bars, []barValue{cur, ref})
	}
	c := newChart("chart-satisfaction", "Satisfaction par démarche, comparée à 2020",
		"Part des usagers satisfaits sur la période (réponses utiles et notes de 4 ou 5), à côté des chiffres de l'enquête 2020 de l'agence.",
		names, bars)
	c.Legend = []legendItem{{"bar-main", "Période"}, {"bar-ref", "Enquête 2020"}}
	return c, rows
}

func newSatRow(l string, s quality.Satisfaction, overall bool) satRow {
	r := satRow{Label: l, Overall: overall, Satisfied: frPercent(s.Satisfied), Reference: "non mesuré", Gap: "—",
		Helpful: frPercent(s.Helpful), HelpfulN: frInt(s.Helpful.Den), Rating: "—", RatingN: frInt(s.Ratings)}
	if s.Reference > 0 {
		r.Reference = frPct(s.Reference)
		if v, ok := s.Satisfied.Value(); ok {
			r.Gap = frGap(v, s.Reference)
		}
	}
	if m, ok := s.MeanRating(); ok {
		r.Rating = frDecimal(m) + nbsp + "/" + nbsp + "5"
	}
	return r
}
