package web

import (
	"bytes"
	"net"
	"testing"
)

// recordConn records each write the socket would make.
type recordConn struct {
	net.Conn
	writes [][]byte
}

func (r *recordConn) Write(p []byte) (int, error) {
	r.writes = append(r.writes, bytes.Clone(p))
	return len(p), nil
}

// A corked socket gathers the frames of a pass into one write, in order;
// uncorked, each write goes straight through; a long pass is written as it
// goes.
func TestCorkGathersAPassIntoOneWrite(t *testing.T) {
	rec := &recordConn{}
	c := &corkConn{Conn: rec}
	c.Write([]byte("ping")) //nolint:errcheck
	c.cork()
	c.Write([]byte("events")) //nolint:errcheck
	c.Write([]byte("ack"))    //nolint:errcheck
	if len(rec.writes) != 1 {
		t.Fatalf("%d writes before the flush, want only the uncorked one", len(rec.writes))
	}
	if err := c.flush(); err != nil {
		t.Fatal(err)
	}
	if len(rec.writes) != 2 || string(rec.writes[0]) != "ping" || string(rec.writes[1]) != "eventsack" {
		t.Errorf("writes %q, want [ping eventsack]", rec.writes)
	}
	if err := c.flush(); err != nil || len(rec.writes) != 2 {
		t.Errorf("a second flush wrote again (%d writes, %v)", len(rec.writes), err)
	}
	c.cork()
	big := bytes.Repeat([]byte("x"), corkFlushAt)
	c.Write(big)           //nolint:errcheck
	c.Write([]byte("ack")) //nolint:errcheck
	c.flush()              //nolint:errcheck
	if len(rec.writes) != 4 || len(rec.writes[2]) != corkFlushAt || string(rec.writes[3]) != "ack" {
		t.Errorf("long pass written in %d writes, want the page then the rest", len(rec.writes)-2)
	}
}
