package gatewayworker

import (
	"time"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// staleListGrace is how long the last list of a Register whose watch stream broke still counts
// while another Register is live (proto/README.md, "Discovering Gateways"): long enough for a
// restarted Register to hear again from every Gateway, short enough that a Gateway that died
// meanwhile soon drops out (the live Registers have already unlisted it).
const staleListGrace = 5 * time.Second

// registerView is one Register's latest list and since when its stream is broken (zero: live).
type registerView struct {
	gateways  []*pb.GatewayInfo
	downSince time.Time
}

// registerLists merges the lists of several Registers; pure state, the clock passed in.
//   - A live Register's latest list always counts.
//   - A Register whose stream broke keeps its last list until it answers again, but once another
//     Register is live that list counts only for staleListGrace.
//   - While no Register is live at all, the last lists stay: nobody knows better.
type registerLists struct {
	views map[string]*registerView
}

func newRegisterLists() *registerLists { return &registerLists{views: map[string]*registerView{}} }

// update stores a snapshot of register: it is live and this is its list.
func (r *registerLists) update(register string, gateways []*pb.GatewayInfo) {
	r.views[register] = &registerView{gateways: gateways}
}

// down marks register's stream broken at now (its last list is kept for now).
func (r *registerLists) down(register string, now time.Time) {
	if view := r.views[register]; view != nil && view.downSince.IsZero() {
		view.downSince = now
	}
}

func (r *registerLists) anyLive() bool {
	for _, view := range r.views {
		if view.downSince.IsZero() {
			return true
		}
	}
	return false
}

// counts says whether a view's list is part of the union at now.
func (r *registerLists) counts(view *registerView, anyLive bool, now time.Time) bool {
	return view.downSince.IsZero() || !anyLive || now.Before(view.downSince.Add(staleListGrace))
}

// current is the union of the lists that count at now, one entry per address; a live Register's
// entry wins over a stale one.
func (r *registerLists) current(now time.Time) []*pb.GatewayInfo {
	anyLive := r.anyLive()
	byAddress := map[string]*pb.GatewayInfo{}
	for _, live := range []bool{false, true} { // stale lists first, live ones overwrite them
		for _, view := range r.views {
			if view.downSince.IsZero() != live || !r.counts(view, anyLive, now) {
				continue
			}
			for _, info := range view.gateways {
				byAddress[info.GetAddress()] = info
			}
		}
	}
	union := make([]*pb.GatewayInfo, 0, len(byAddress))
	for _, info := range byAddress {
		union = append(union, info)
	}
	return union
}

// nextExpiry is when the next stale list stops counting (to recompute the union then); false if none will.
func (r *registerLists) nextExpiry(now time.Time) (time.Time, bool) {
	if !r.anyLive() {
		return time.Time{}, false
	}
	var next time.Time
	for _, view := range r.views {
		if view.downSince.IsZero() {
			continue
		}
		at := view.downSince.Add(staleListGrace)
		if at.After(now) && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next, !next.IsZero()
}
