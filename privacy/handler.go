package privacy

import (
	"context"
	"encoding"
	"fmt"
	"log/slog"
	"reflect"
	"strings"

	"github.com/guichet/guichet"
)

// NewHandler returns a handler that masks, at every level, the message
// and every string attribute of each record before next sees it: values
// given to the logger, attributes inside groups, and attributes added
// with Logger.With. Errors, fmt.Stringers and other values that print as
// text are masked as their text (and so reach next as strings); numbers,
// booleans, times and durations pass unchanged. Keys are not masked:
// they are the program's, not the citizen's.
//
// Conversation ids (guichet.ConversationID values) pass unchanged too:
// they are the pseudonymous ids the server or Meta issued, which people
// quote to 'guichet privacy forget', not something a citizen wrote. So do
// version hashes: a string attribute whose key is "version" or ends in
// "_version" (kb_version) and whose value is a lower-case hexadecimal
// hash, which the number rule would otherwise take for a request number
// ("kb_version=[numéro]").
func NewHandler(next slog.Handler) slog.Handler { return &handler{next: next} }

type handler struct{ next slog.Handler }

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, Mask(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(as))
	for i, a := range as {
		masked[i] = maskAttr(a)
	}
	return &handler{next: h.next.WithAttrs(masked)}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{next: h.next.WithGroup(name)}
}

func maskAttr(a slog.Attr) slog.Attr {
	if isVersionKey(a.Key) && a.Value.Kind() == slog.KindString && isHash(a.Value.String()) {
		return a
	}
	return slog.Attr{Key: a.Key, Value: maskValue(a.Value)}
}

// isVersionKey reports the keys under which the program logs its own
// version hashes.
func isVersionKey(k string) bool { return k == "version" || strings.HasSuffix(k, "_version") }

// isHash reports a hash as the program prints one: 6 to 64 lower-case
// hexadecimal digits. A citizen's identifier logged by mistake under a
// version key is still masked unless it has exactly that shape.
func isHash(s string) bool {
	if len(s) < 6 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && (s[i] < 'a' || s[i] > 'f') {
			return false
		}
	}
	return true
}

func maskValue(v slog.Value) slog.Value {
	v = v.Resolve() // a LogValuer's value, which may hold text
	switch v.Kind() {
	case slog.KindString:
		return slog.StringValue(Mask(v.String()))
	case slog.KindGroup:
		as := v.Group()
		masked := make([]slog.Attr, len(as))
		for i, a := range as {
			masked[i] = maskAttr(a)
		}
		return slog.GroupValue(masked...)
	case slog.KindAny:
		return maskAny(v)
	}
	return v // numbers, booleans, times, durations
}

// maskAny masks what a value of any other type would print. A String or
// Error method that panics (a nil pointer receiver) prints as slog's own
// handlers print it, instead of taking the program down.
func maskAny(v slog.Value) (out slog.Value) {
	defer func() {
		if r := recover(); r != nil {
			if rv := reflect.ValueOf(v.Any()); rv.Kind() == reflect.Pointer && rv.IsNil() {
				out = slog.StringValue("<nil>")
				return
			}
			out = slog.StringValue(Mask(fmt.Sprintf("!PANIC: %v", r)))
		}
	}()
	switch x := v.Any().(type) {
	case nil, guichet.ConversationID:
		return v
	case error:
		return slog.StringValue(Mask(x.Error()))
	case fmt.Stringer:
		return slog.StringValue(Mask(x.String()))
	case encoding.TextMarshaler:
		text, err := x.MarshalText()
		if err != nil {
			return slog.StringValue("!ERROR:" + Mask(err.Error()))
		}
		return slog.StringValue(Mask(string(text)))
	case []byte:
		return slog.StringValue(Mask(string(x)))
	}
	switch reflect.ValueOf(v.Any()).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return v
	}
	// Strings of named types, structs, maps, slices: their printed form,
	// which is what a text handler would show, masked.
	return slog.StringValue(Mask(fmt.Sprintf("%+v", v.Any())))
}
