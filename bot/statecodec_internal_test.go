package bot

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/lang"
)

// fullState has every field of State set.
func fullState() State {
	at := time.Date(2026, 11, 23, 10, 0, 0, 123_000_000, time.UTC)
	return State{Topic: "permis.perte", TopicAt: at, Redirected: "orientation.assurance", Before: "permis.refaire", Options: []Option{{Label: "Permis volé", Payload: "ENTRY:permis.vol", Short: "Volé"}},
		LowTurns: 1, Choices: []string{"Permis"}, MutedUntil: at.Add(time.Hour),
		Form:         &Form{Kind: formIncident, Step: stepNumber, Fields: map[string]string{"a": "b"}, Attempts: 1, Entry: "e", Ticket: "t"},
		LastQuestion: "perdu", TopicQuestion: "j'ai perdu mon permis", Pending: &Pending{Message: "m1", Replies: []guichet.Reply{{ID: "m1/r0", Role: guichet.RoleBot, Text: "x"}}},
		Slots: map[string]string{"document": "permis"}, Facet: "cout", Reasked: []string{"pays"},
		Retry: &Held{Text: "r", Slot: "pays"}, Want: &Held{Text: "w"},
		Decided: []string{"web:c1/s1-0", "web:c1/s1-1", "web:c1/s1-10"}, Rated: []string{"t1"},
		Request: &Request{Text: "passeport pour mon fils", At: at}, Escalated: "t2",
		Lang: lang.English, LangChosen: true}
}

// Every field of State survives the compact encoding: a field added to
// State and forgotten in wireState fails here.
func TestStateCodecRoundTrip(t *testing.T) {
	want := fullState()
	v := reflect.ValueOf(want)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("fullState leaves State.%s zero: set it", v.Type().Field(i).Name)
		}
	}
	if n, w := v.NumField(), reflect.TypeFor[wireState]().NumField(); w != n+2 {
		t.Errorf("wireState has %d fields for State's %d: want one each, plus V and DecidedPrefix", w, n)
	}
	data, err := encodeState(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeState(data)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("decode(encode(state)) = %+v, %v\nwant %+v\nencoded %s", got, err, want, data)
	}
	if empty, err := encodeState(State{}); string(empty) != `{"v":2}` || err != nil {
		t.Errorf("empty state encodes as %s, %v; want {\"v\":2}", empty, err)
	}
}

// A widget conversation's state after a dozen questions: the compact
// encoding is less than half the first.
func TestStateCodecIsCompact(t *testing.T) {
	st := State{Topic: "permis.perte", TopicAt: time.Now(), LastQuestion: "j'ai perdu mon permis de conduire",
		Slots: map[string]string{"document": "permis"}, Lang: lang.French}
	for i := range 12 {
		st.decided("web:2ef537ff9ecd8c83b2de226e726efec3/s19-" + string(rune('a'+i)))
	}
	v1, _ := json.Marshal(st)
	v2, _ := encodeState(st)
	if len(v2)*2 > len(v1) {
		t.Errorf("compact encoding %d bytes, first %d: want less than half\n%s", len(v2), len(v1), v2)
	}
}

func TestCommonPrefix(t *testing.T) {
	for _, tc := range []struct {
		ids  []string
		want string
	}{
		{nil, ""},
		{[]string{"web:c/s1-0"}, ""},
		{[]string{"web:c/s1-0", "web:c/s1-1", "web:c/s1-10"}, "web:c/s1-"},
		{[]string{"ab", "abc"}, "ab"},
		{[]string{"m_x", "n_y"}, ""},
		{[]string{"idé1", "idè2"}, "id"}, // é and è share their first byte
	} {
		if got := commonPrefix(tc.ids); got != tc.want {
			t.Errorf("commonPrefix(%q) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}
