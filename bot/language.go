package bot

import (
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/lang"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

// The conversation's language. Each message's language is detected
// (French, English or mixed); the conversation follows English or French
// messages, and mixed ones that are mostly English. A request ("in
// English please", "en français") sets it until a message clearly in the
// other language comes. Matching does not depend on it: the index holds
// the paraphrases of both languages. The replies are written in French,
// then translated on their way out (localize): a new reply text needs its
// English in texts_en.go, and an entry its English in english.yaml.

// langKB is what the language needs of one KB snapshot besides the
// matcher's detector: the English of its texts.
type langKB struct {
	kb      *kb.KB
	english map[string]string // French answer, facet, choice text → what an English reader gets
	// paragraphs maps each paragraph of a translated text to its English
	// paragraph, when both have as many paragraphs: a reply may quote one
	// paragraph of an answer (a decision tree's lead before its branch).
	paragraphs map[string]string
}

// langCache holds the data of the last KB used: snapshots change rarely.
var langCache atomic.Pointer[langKB]

func languageOf(k *kb.KB) *langKB {
	if d := langCache.Load(); d != nil && d.kb == k {
		return d
	}
	d := &langKB{kb: k, english: englishOfKB(k)}
	d.paragraphs = paragraphsOf(d.english)
	langCache.Store(d)
	return d
}

// englishOfKB maps each French text of k to its English: the translation,
// or for an answer that has none, the French preceded by one English
// sentence that says so.
func englishOfKB(k *kb.KB) map[string]string {
	out := map[string]string{}
	frenchOnly := func(fr string) string { return textFrenchOnly + "\n\n" + fr }
	for _, e := range k.Entries() {
		en := e.EN
		if en == nil {
			en = &kb.Translation{}
		}
		set(out, e.Answer, en.Answer, frenchOnly(e.Answer))
		for name, text := range e.Facets {
			set(out, text, en.Facets[name], frenchOnly(text))
		}
		englishChoices(out, e.Choices, en.Choices, frenchOnly)
	}
	return out
}

// paragraphsOf pairs the paragraphs of each translation of english that
// has as many paragraphs as its French; a paragraph translated two ways
// is left out.
func paragraphsOf(english map[string]string) map[string]string {
	out := map[string]string{}
	conflict := map[string]bool{}
	for fr, en := range english {
		if strings.HasPrefix(en, textFrenchOnly) {
			continue
		}
		fp, ep := strings.Split(fr, "\n\n"), strings.Split(en, "\n\n")
		if len(fp) < 2 || len(fp) != len(ep) {
			continue
		}
		for i, p := range fp {
			if prev, ok := out[p]; ok && prev != ep[i] {
				conflict[p] = true
			}
			out[p] = ep[i]
		}
	}
	for p := range conflict {
		delete(out, p)
	}
	return out
}

func englishChoices(out map[string]string, fr []kb.Choice, en []kb.ChoiceTranslation, frenchOnly func(string) string) {
	for i, c := range fr {
		var t kb.ChoiceTranslation
		if i < len(en) {
			t = en[i]
		}
		set(out, c.Answer, t.Answer, frenchOnly(c.Answer))
		set(out, c.Prompt, t.Prompt, c.Prompt)
		englishChoices(out, c.Choices, t.Choices, frenchOnly)
	}
}

// set records fr's English: a translation wins over a fallback already
// recorded for the same French text.
func set(out map[string]string, fr, en, fallback string) {
	switch {
	case fr == "":
	case en != "":
		out[fr] = en
	case out[fr] == "":
		out[fr] = fallback
	}
}

// clearly is the evidence a message needs to move a conversation away
// from a language the person asked for.
const clearly = 3

// language updates the conversation's language from the message. It
// returns true when the message only asked for a language: it has then
// been answered.
func (t *turn) language() bool {
	if t.msg.Payload != "" {
		return false // a button: its label was in the conversation's language
	}
	if l, ok := lang.Requested(t.msg.Text); ok {
		t.st.Lang, t.st.LangChosen = l, true
		t.notice(map[lang.Lang]string{lang.English: textEnglishNow, lang.French: textFrenchNow}[l])
		return true
	}
	if t.st.Form != nil {
		return false // answers to a form: a request number, the French error message the site showed...
	}
	r := t.m.Language().Detect(t.msg.Text)
	switch {
	case t.st.LangChosen && (r.Lang == lang.English && r.English < clearly || r.Lang == lang.French && r.French < clearly):
	case r.Lang == lang.English, r.Lang == lang.Mixed && r.English >= r.French:
		t.st.Lang = lang.English
	case r.Lang == lang.French:
		t.st.Lang = lang.French
	}
	return false
}

// english reports whether the conversation is held in English.
func (t *turn) english() bool { return t.st.Lang == lang.English }

// conversationLang is the conversation's language code (French unless
// English was detected or asked for).
func (t *turn) conversationLang() string {
	if t.english() {
		return string(lang.English)
	}
	return string(lang.French)
}

// text returns a fixed text in the conversation's language.
func (t *turn) text(fr string) string {
	if en, ok := englishTexts[fr]; ok && t.english() {
		return en
	}
	return fr
}

// outOfLanguage leaves out the "other language" redirection when the
// message is in English or partly so: English is answered.
func (t *turn) outOfLanguage(r match.Result) match.Result {
	const otherLanguage = "hors-champ.langue"
	if len(r.Candidates) == 0 || r.Candidates[0].Entry != otherLanguage {
		return r
	}
	if l := t.m.Language().Detect(t.msg.Text).Lang; l != lang.English && l != lang.Mixed {
		return r
	}
	cs := make([]match.Candidate, 0, len(r.Candidates)-1)
	for _, c := range r.Candidates {
		if c.Entry != otherLanguage {
			cs = append(cs, c)
		}
	}
	r.Candidates = cs
	r.Features = r.Top().Features
	return r
}

// localize marks the decision's replies and hand-off with the
// conversation's language, and translates them when it is English.
func (t *turn) localize() {
	code := t.conversationLang()
	if t.d.Escalation != nil {
		t.d.Escalation.Lang = code
	}
	for i := range t.d.Replies {
		r := &t.d.Replies[i]
		if r.Meta == nil {
			r.Meta = &guichet.Meta{}
		}
		r.Meta.Lang = code
		if !t.english() {
			continue
		}
		r.Text = t.englishText(r.Text)
		for j := range r.QuickReplies {
			q := &r.QuickReplies[j]
			// The English labels are the short titles.
			q.Title, q.Short = t.englishLabel(q.Title, q.Payload), ""
		}
	}
	if t.english() {
		for i := range t.st.Options {
			o := &t.st.Options[i]
			o.Label = t.englishLabel(o.Label, o.Payload)
		}
	}
}

// englishText translates a reply text written in French.
func (t *turn) englishText(fr string) string {
	if en, ok := englishTexts[fr]; ok {
		return en
	}
	if en, ok := languageOf(t.kb).english[fr]; ok {
		return en
	}
	if label, ok := strings.CutSuffix(fr, textSituationFR); ok {
		return label + textSituationEN
	}
	return t.englishParts(fr)
}

// englishParts translates a reply made of several texts joined by blank
// lines (an acknowledgement or a notice before an answer, a decision
// tree's answer and its branch's): each longest run of paragraphs that is
// a known text is translated; a run that is not stays as it is. Texts
// that exist only in French say so once, at the start.
func (t *turn) englishParts(fr string) string {
	parts := strings.Split(fr, "\n\n")
	if len(parts) < 2 {
		return fr
	}
	lk := languageOf(t.kb)
	known := lk.english
	var out []string
	frenchOnly := false
	for i := 0; i < len(parts); {
		j := len(parts)
		var en string
		for ; j > i; j-- {
			piece := strings.Join(parts[i:j], "\n\n")
			if e, ok := englishTexts[piece+"\n\n"]; ok {
				en = strings.TrimSuffix(e, "\n\n")
				break
			}
			if e, ok := englishTexts[piece]; ok {
				en = e
				break
			}
			if e, ok := known[piece]; ok {
				en = e
				break
			}
		}
		if j == i { // nothing known starts here: the paragraph alone, if known
			if en, ok := lk.paragraphs[parts[i]]; ok {
				out = append(out, en)
			} else {
				out = append(out, parts[i])
			}
			i++
			continue
		}
		if rest, ok := strings.CutPrefix(en, textFrenchOnly+"\n\n"); ok {
			en, frenchOnly = rest, true
		}
		out = append(out, en)
		i = j
	}
	text := strings.Join(out, "\n\n")
	if frenchOnly {
		text = textFrenchOnly + "\n\n" + text
	}
	return text
}

// englishLabel translates a quick reply's title, found from its payload
// when it names an entry or a choice.
func (t *turn) englishLabel(fr, payload string) string {
	switch {
	case strings.HasPrefix(payload, guichet.PayloadEntryPrefix):
		if e := t.kb.Entry(strings.TrimPrefix(payload, guichet.PayloadEntryPrefix)); e != nil && e.EN != nil {
			return e.EN.ShortTitle()
		}
	case strings.HasPrefix(payload, guichet.PayloadChoicePrefix):
		if l := t.choiceLabel(strings.TrimPrefix(payload, guichet.PayloadChoicePrefix)); l != "" {
			return l
		}
	}
	if en, ok := englishTexts[fr]; ok {
		return en
	}
	return fr
}

// choiceLabel returns the English label of the choice at "entry/0.2", or "".
func (t *turn) choiceLabel(ref string) string {
	id, path, _ := strings.Cut(ref, "/")
	e := t.kb.Entry(id)
	if e == nil || e.EN == nil {
		return ""
	}
	cs := e.EN.Choices
	label := ""
	for _, part := range strings.Split(path, ".") {
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 || i >= len(cs) {
			return ""
		}
		label, cs = cs[i].Label, cs[i].Choices
	}
	return label
}
