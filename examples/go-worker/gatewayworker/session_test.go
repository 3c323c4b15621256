package gatewayworker

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

func TestClientIDs(t *testing.T) {
	id, err := EncodeClientID("127.0.0.1:2300", 1)
	if err != nil || id != "7f00000108fc00000001" {
		t.Fatalf("EncodeClientID = %q, %v", id, err)
	}
	address, conn, err := DecodeClientID(id)
	if err != nil || address != "127.0.0.1:2300" || conn != 1 {
		t.Fatalf("DecodeClientID = %q, %d, %v", address, conn, err)
	}
	for _, bad := range []string{"", "abc", "7F00000108FC00000001", "zz00000108fc00000001", "7f00000108fc000000011"} {
		if _, _, err := DecodeClientID(bad); !errors.Is(err, ErrInvalidClientID) {
			t.Errorf("DecodeClientID(%q) err = %v", bad, err)
		}
	}
	if _, err := EncodeClientID("[::1]:2300", 1); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("EncodeClientID(ipv6) err = %v", err)
	}
}

func TestSessionOperations(t *testing.T) {
	base := Session{"a": 1.0, "o": map[string]any{"x": 1.0, "y": 2.0}, "gone": true}
	merged := deepMerge(base, Session{"o": map[string]any{"y": 3.0}, "b": []any{1.0}})
	want := Session{"a": 1.0, "o": map[string]any{"x": 1.0, "y": 3.0}, "gone": true, "b": []any{1.0}}
	if !reflect.DeepEqual(merged, want) {
		t.Errorf("deepMerge = %v", merged)
	}
	if y := base["o"].(map[string]any)["y"]; y != 2.0 {
		t.Errorf("deepMerge modified its target: y = %v", y)
	}

	snap, err := takeSnapshot(base)
	if err != nil {
		t.Fatal(err)
	}
	after := Session{"a": 1.0, "o": map[string]any{"x": 1.0, "y": 9.0}, "new": "v"}
	set, unset, err := snap.diff(after)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(set, Session{"o": after["o"], "new": "v"}) || !slices.Equal(unset, []string{"gone"}) {
		t.Errorf("diff = %v, %v", set, unset)
	}
	if got := applyPatch(base, set, unset); !reflect.DeepEqual(got, after) {
		t.Errorf("applyPatch = %v", got)
	}
}

func TestSessionChangeApply(t *testing.T) {
	base := Session{"n": 1.0, "o": map[string]any{"x": 1.0}}
	cases := []struct {
		change sessionChange
		want   Session
	}{
		{sessionChange{op: pb.SessionOp_SESSION_OP_REPLACE, json: []byte(`{"r":true}`)}, Session{"r": true}},
		{sessionChange{op: pb.SessionOp_SESSION_OP_MERGE, json: []byte(`{"o":{"y":2}}`)},
			Session{"n": 1.0, "o": map[string]any{"x": 1.0, "y": 2.0}}},
		{sessionChange{op: pb.SessionOp_SESSION_OP_PATCH, json: []byte(`{"n":2}`), unset: []string{"o"}},
			Session{"n": 2.0}},
	}
	for _, c := range cases {
		if got := c.change.apply(base); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v.apply = %v, want %v", c.change.op, got, c.want)
		}
	}
}

func TestForgetUpTo(t *testing.T) {
	slot := &clientSlot{pending: []sessionChange{{seq: 1}, {seq: 2}, {seq: 3}}}
	slot.forgetUpTo(2)
	if len(slot.pending) != 1 || slot.pending[0].seq != 3 {
		t.Errorf("pending = %v", slot.pending)
	}
	slot.forgetUpTo(0)
	if len(slot.pending) != 1 {
		t.Errorf("forgetUpTo(0) dropped changes")
	}
}
