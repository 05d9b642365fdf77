package kb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ModelFile is the file of a KB directory that holds the matcher's
// confidence model and the bot's thresholds. It is data fitted on the
// entries beside it ('guichet eval --fit' writes it), so it is loaded,
// checked and reloaded with them: a KB version and its model always travel
// together.
const ModelFile = "model.json"

// Model is the confidence model of a KB: the weights of a logistic model
// over the matcher's features, and the confidences at which the bot
// answers or offers choices.
type Model struct {
	Weights    Weights    `json:"weights"`
	Thresholds Thresholds `json:"thresholds"`
	Fitted     Fitted     `json:"fitted"`
}

// Weights are the logistic model's coefficients, one per feature of the
// matcher (see kb/match.Features for their meaning).
type Weights struct {
	Bias          float64 `json:"bias"`
	Coverage      float64 `json:"coverage"`
	Known         float64 `json:"known"`
	Mass          float64 `json:"mass"`
	Margin        float64 `json:"margin"`
	Behind        float64 `json:"behind"`
	Unknown       float64 `json:"unknown"`
	Length        float64 `json:"length"`
	ParaCoverage  float64 `json:"para_coverage"`
	ParaPrecision float64 `json:"para_precision"`
	OtherDocument float64 `json:"other_document"`
	Unnamed       float64 `json:"unnamed"`
	ParaWeight    float64 `json:"para_weight"`
	// Class and ClassMargin weigh the text classifier's signals; a model
	// file fitted before they existed lacks them, and they count 0.
	Class       float64 `json:"class"`
	ClassMargin float64 `json:"class_margin"`
	// Linear and LinearMargin weigh the discriminative classifier's
	// probability and margin; they came later still, and count 0 when
	// absent.
	Linear       float64 `json:"linear"`
	LinearMargin float64 `json:"linear_margin"`
}

// Thresholds are the bot's decision points on the confidence. config's
// bot.answer_threshold and bot.clarify_threshold override them when set.
type Thresholds struct {
	Answer  float64 `json:"answer"`  // answer at this confidence or more
	Clarify float64 `json:"clarify"` // offer the closest entries from this one
}

// Fitted says how the model was obtained; it is informative only.
type Fitted struct {
	Command  string `json:"command,omitempty"`
	Date     string `json:"date,omitempty"`            // YYYY-MM-DD
	Entries  string `json:"entries_version,omitempty"` // the EntriesVersion it was fitted on
	Examples int    `json:"examples,omitempty"`
}

// MaxWeight bounds every weight: the features lie in [0, 3], so a fitted
// weight beyond it means a broken fit or a typo.
const MaxWeight = 100

// named lists the weights with their names in the file, in file order.
func (w *Weights) named() []struct {
	name string
	v    *float64
} {
	return []struct {
		name string
		v    *float64
	}{{"bias", &w.Bias}, {"coverage", &w.Coverage}, {"known", &w.Known}, {"mass", &w.Mass},
		{"margin", &w.Margin}, {"behind", &w.Behind}, {"unknown", &w.Unknown}, {"length", &w.Length},
		{"para_coverage", &w.ParaCoverage}, {"para_precision", &w.ParaPrecision},
		{"other_document", &w.OtherDocument}, {"unnamed", &w.Unnamed}, {"para_weight", &w.ParaWeight},
		{"class", &w.Class}, {"class_margin", &w.ClassMargin}, {"linear", &w.Linear}, {"linear_margin", &w.LinearMargin}}
}

// WeightNames are the names of the weights in the model file.
func WeightNames() []string {
	var w Weights
	var names []string
	for _, f := range w.named() {
		names = append(names, f.name)
	}
	return names
}

// Values returns the weights in the order of WeightNames.
func (w Weights) Values() []float64 {
	var vals []float64
	for _, f := range w.named() {
		vals = append(vals, *f.v)
	}
	return vals
}

// MarshalModel renders m as the model file: indented JSON, weights in a
// fixed order, ending in a newline. The result passes ParseModel.
func MarshalModel(m Model) ([]byte, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// Check validates values a program built: every weight finite and within
// MaxWeight, thresholds 0 < clarify <= answer <= 1.
func (m Model) Check() error {
	var msgs []string
	for _, f := range m.Weights.named() {
		if msg := weightProblem(*f.v); msg != "" {
			msgs = append(msgs, "weights: "+f.name+": "+msg)
		}
	}
	if msg := thresholdProblem(m.Thresholds); msg != "" {
		msgs = append(msgs, msg)
	}
	if len(msgs) > 0 {
		return errors.New("kb: model: " + strings.Join(msgs, "; "))
	}
	return nil
}

func weightProblem(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxWeight {
		return fmt.Sprintf("%g is not a weight: want a number between -%d and %d (refit: see kb/README.md, \"Refit\")", v, MaxWeight, MaxWeight)
	}
	return ""
}

func thresholdProblem(t Thresholds) string {
	switch {
	case !(t.Answer > 0 && t.Answer <= 1):
		return fmt.Sprintf("thresholds: answer: %g is not in (0, 1]", t.Answer)
	case !(t.Clarify > 0 && t.Clarify <= t.Answer):
		return fmt.Sprintf("thresholds: clarify: %g is not in (0, answer = %g]", t.Clarify, t.Answer)
	}
	return ""
}

// ParseModel reads a model file. Problems name the file (as given) and the
// line of the value at fault; the model is valid only when none is
// returned.
func ParseModel(name string, data []byte) (Model, []Problem) {
	r := &report{}
	m := parseModel(r, name, data)
	return m, r.list
}

func parseModel(r *report, name string, data []byte) Model {
	var m Model
	if err := jsonSyntax(data); err != nil {
		line, msg := jsonProblem(data, err)
		r.add(name, line, "", "JSON syntax: %s (the file is written by 'guichet eval --fit': restore it with 'git checkout', or refit)", msg)
		return m
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		// JSON that YAML refuses: a key given twice.
		msg := "empty file"
		if err != nil {
			msg = strings.TrimPrefix(err.Error(), "yaml: ")
		}
		r.add(name, 0, "", "%s", msg)
		return m
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		r.add(name, root.Line, "", "want an object with the fields weights, thresholds and fitted")
		return m
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		seen[k.Value] = true
		switch k.Value {
		case "weights":
			modelWeights(r, name, k, v, &m.Weights)
		case "thresholds":
			modelThresholds(r, name, k, v, &m.Thresholds)
		case "fitted":
			modelFitted(r, name, v, &m.Fitted)
		default:
			r.add(name, k.Line, "", "unknown field %q (want weights, thresholds, fitted)", k.Value)
		}
	}
	for _, f := range []string{"weights", "thresholds"} {
		if !seen[f] {
			r.add(name, root.Line, "", "missing field %s (refit: see kb/README.md, \"Refit\")", f)
		}
	}
	return m
}

func jsonSyntax(data []byte) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected content after the top-level object")
	}
	return nil
}

// jsonProblem locates a JSON decoding error.
func jsonProblem(data []byte, err error) (int, string) {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n")), syn.Error()
	}
	if strings.TrimSpace(string(data)) == "" {
		return 0, "empty file"
	}
	return 0, err.Error()
}

// object checks that v is a JSON object and returns its key/value pairs.
func object(r *report, name string, k, v *yaml.Node) ([][2]*yaml.Node, bool) {
	if v.Kind != yaml.MappingNode {
		r.add(name, k.Line, "", "%s: want an object", k.Value)
		return nil, false
	}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(v.Content); i += 2 {
		out = append(out, [2]*yaml.Node{v.Content[i], v.Content[i+1]})
	}
	return out, true
}

// number reads a JSON number.
func number(r *report, name, field string, v *yaml.Node) (float64, bool) {
	if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") {
		got := "an object or a list"
		if v.Kind == yaml.ScalarNode {
			got = strings.TrimPrefix(v.Tag, "!!") + " " + strconv.Quote(v.Value)
		}
		r.add(name, v.Line, "", "%s: want a number, got %s", field, got)
		return 0, false
	}
	x, err := strconv.ParseFloat(v.Value, 64)
	if err != nil {
		r.add(name, v.Line, "", "%s: %q is not a number", field, v.Value)
		return 0, false
	}
	return x, true
}

// optionalWeights are the weights added after model files were first
// fitted: a file without them still loads, with the weight 0.
var optionalWeights = map[string]bool{"class": true, "class_margin": true, "linear": true, "linear_margin": true}

func modelWeights(r *report, name string, k, v *yaml.Node, w *Weights) {
	pairs, ok := object(r, name, k, v)
	if !ok {
		return
	}
	fields := map[string]*float64{}
	for _, f := range w.named() {
		fields[f.name] = f.v
	}
	got := map[string]bool{}
	for _, kv := range pairs {
		p, ok := fields[kv[0].Value]
		if !ok {
			r.add(name, kv[0].Line, "", "weights: %q is not a weight of the model (want %s)", kv[0].Value, strings.Join(WeightNames(), ", "))
			continue
		}
		got[kv[0].Value] = true
		x, ok := number(r, name, "weights: "+kv[0].Value, kv[1])
		if !ok {
			continue
		}
		if msg := weightProblem(x); msg != "" {
			r.add(name, kv[1].Line, "", "weights: %s: %s", kv[0].Value, msg)
			continue
		}
		*p = x
	}
	var missing []string
	for _, n := range WeightNames() {
		if !got[n] && !optionalWeights[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		r.add(name, k.Line, "", "weights: missing %s (every weight is required: refit, see kb/README.md, \"Refit\")", strings.Join(missing, ", "))
	}
}

func modelThresholds(r *report, name string, k, v *yaml.Node, t *Thresholds) {
	pairs, ok := object(r, name, k, v)
	if !ok {
		return
	}
	lines := map[string]int{}
	for _, kv := range pairs {
		var p *float64
		switch kv[0].Value {
		case "answer":
			p = &t.Answer
		case "clarify":
			p = &t.Clarify
		default:
			r.add(name, kv[0].Line, "", "thresholds: unknown field %q (want answer, clarify)", kv[0].Value)
			continue
		}
		lines[kv[0].Value] = kv[1].Line
		x, good := number(r, name, "thresholds: "+kv[0].Value, kv[1])
		if !good {
			ok = false
			continue
		}
		*p = x
	}
	for _, f := range []string{"answer", "clarify"} {
		if _, in := lines[f]; !in {
			r.add(name, k.Line, "", "thresholds: missing %s (a confidence between 0 and 1)", f)
			ok = false
		}
	}
	if !ok {
		return
	}
	if msg := thresholdProblem(*t); msg != "" {
		line := lines["clarify"]
		if strings.HasPrefix(msg, "thresholds: answer") {
			line = lines["answer"]
		}
		r.add(name, line, "", "%s", msg)
	}
}

func modelFitted(r *report, name string, v *yaml.Node, f *Fitted) {
	k := &yaml.Node{Value: "fitted", Line: v.Line}
	pairs, _ := object(r, name, k, v)
	for _, kv := range pairs {
		key, val := kv[0], kv[1]
		field := "fitted: " + key.Value
		switch key.Value {
		case "command", "date", "entries_version":
			if val.Kind != yaml.ScalarNode || val.Tag != "!!str" {
				r.add(name, val.Line, "", "%s: want a string", field)
				continue
			}
			switch key.Value {
			case "command":
				f.Command = val.Value
			case "date":
				if _, err := time.Parse(time.DateOnly, val.Value); err != nil {
					r.add(name, val.Line, "", "%s: %q is not a date (YYYY-MM-DD)", field, val.Value)
				}
				f.Date = val.Value
			default:
				f.Entries = val.Value
			}
		case "examples":
			x, ok := number(r, name, field, val)
			if ok && (x < 0 || x != math.Trunc(x)) {
				r.add(name, val.Line, "", "%s: want a whole number, got %g", field, x)
			}
			f.Examples = int(x)
		default:
			r.add(name, key.Line, "", "fitted: unknown field %q (want command, date, entries_version, examples)", key.Value)
		}
	}
}
