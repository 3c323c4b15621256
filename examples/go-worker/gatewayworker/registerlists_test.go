package gatewayworker

import (
	"slices"
	"testing"
	"time"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

func addresses(list []*pb.GatewayInfo) []string {
	out := []string{}
	for _, info := range list {
		out = append(out, info.GetAddress()+"@"+info.GetInstanceId())
	}
	slices.Sort(out)
	return out
}

func TestRegisterListsExpireAStaleListOnlyWhileAnotherRegisterIsLive(t *testing.T) {
	t0 := time.Unix(1000, 0)
	a := &pb.GatewayInfo{Address: "127.0.0.1:2001", InstanceId: "a"}
	b := &pb.GatewayInfo{Address: "127.0.0.1:2002", InstanceId: "b"}
	bNew := &pb.GatewayInfo{Address: "127.0.0.1:2002", InstanceId: "b2"}
	lists := newRegisterLists()
	lists.update("r1", []*pb.GatewayInfo{a, b})
	lists.update("r2", []*pb.GatewayInfo{a})

	// r1 goes down: its list still counts for the grace, then only r2's does.
	lists.down("r1", t0)
	if got := addresses(lists.current(t0.Add(staleListGrace - time.Millisecond))); !slices.Equal(got, []string{"127.0.0.1:2001@a", "127.0.0.1:2002@b"}) {
		t.Fatalf("within the grace: %v", got)
	}
	if at, ok := lists.nextExpiry(t0); !ok || !at.Equal(t0.Add(staleListGrace)) {
		t.Fatalf("nextExpiry = %v, %v", at, ok)
	}
	if got := addresses(lists.current(t0.Add(staleListGrace))); !slices.Equal(got, []string{"127.0.0.1:2001@a"}) {
		t.Fatalf("after the grace: %v", got)
	}
	// A second down of the same stream does not restart the grace.
	lists.down("r1", t0.Add(time.Second))
	if got := addresses(lists.current(t0.Add(staleListGrace))); len(got) != 1 {
		t.Fatalf("grace restarted: %v", got)
	}

	// r2 goes down too: nobody is live, every last list counts again, and nothing expires.
	lists.down("r2", t0.Add(10*time.Second))
	if got := addresses(lists.current(t0.Add(time.Hour))); len(got) != 2 {
		t.Fatalf("no Register live: %v", got)
	}
	if _, ok := lists.nextExpiry(t0.Add(time.Hour)); ok {
		t.Fatal("an expiry while no Register is live")
	}

	// r1 answers again with a new run at b's address: a live entry wins over a stale one.
	lists.update("r1", []*pb.GatewayInfo{bNew})
	lists.update("r2", []*pb.GatewayInfo{b})
	lists.down("r2", t0.Add(time.Hour))
	if got := addresses(lists.current(t0.Add(time.Hour))); !slices.Equal(got, []string{"127.0.0.1:2002@b2"}) {
		t.Fatalf("live entry should win: %v", got)
	}
}
