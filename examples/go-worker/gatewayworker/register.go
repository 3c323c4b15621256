package gatewayworker

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// gatewayWatcher follows Register.WatchGateways on one or more Registers and reports the union of
// their lists whenever it changes. A Register that goes away keeps its last list until it answers
// again, or for staleListGrace once another Register is live (registerLists).
type gatewayWatcher struct {
	registers   []string
	watcherName string
	secretKey   string
	logger      *slog.Logger
	onList      func([]*pb.GatewayInfo)

	mu       sync.Mutex
	lists    *registerLists
	expiry   *time.Timer // recomputes the union when a stale list expires
	lastKey  string
	reported bool
}

func newGatewayWatcher(registers []string, watcherName string, secretKey string, logger *slog.Logger,
	onList func([]*pb.GatewayInfo)) *gatewayWatcher {
	return &gatewayWatcher{
		registers:   registers,
		watcherName: watcherName,
		secretKey:   secretKey,
		logger:      logger,
		onList:      onList,
		lists:       newRegisterLists(),
	}
}

// run watches every Register until ctx ends.
func (g *gatewayWatcher) run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, register := range g.registers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.watch(ctx, register)
		}()
	}
	wg.Wait()
}

// watch keeps a WatchGateways stream open to one Register, reconnecting with backoff (100 ms
// doubling to 1 s) whenever it ends.
func (g *gatewayWatcher) watch(ctx context.Context, register string) {
	conn, err := dial(register, g.secretKey)
	if err != nil {
		g.logger.Error("bad register address", "register", register, "err", err)
		return
	}
	defer conn.Close()
	client := pb.NewRegisterClient(conn)
	retry := newBackoff(100*time.Millisecond, time.Second)
	failures := 0
	lastRefusal := ""
	for {
		stream, err := client.WatchGateways(ctx, &pb.WatchGatewaysRequest{WatcherName: g.watcherName})
		for err == nil {
			var snapshot *pb.WatchGatewaysResponse
			if snapshot, err = stream.Recv(); err == nil {
				if failures > 0 {
					g.logger.Info("register reached again", "register", register)
				}
				failures = 0
				retry.reset()
				g.update(register, snapshot.GetGateways())
			}
		}
		if ctx.Err() != nil {
			return
		}
		g.down(register)
		if reason, refused := refusal(err); refused {
			// Refused for its secret: said once per reason, then retried quietly.
			if reason != lastRefusal {
				lastRefusal = reason
				g.logger.Error("register refused this worker", "register", register, "reason", reason)
			}
		} else if failures++; failures == 1 || failures%30 == 0 {
			// Log the first failure and every 30th, not every retry.
			g.logger.Warn("register stream failed; retrying", "register", register, "err", err)
		}
		if !retry.wait(ctx) {
			return
		}
	}
}

// update stores one Register's list (replacing its previous one) and reports the union if it
// changed (always the first time, even if empty: the worker then knows it follows the Register).
func (g *gatewayWatcher) update(register string, gateways []*pb.GatewayInfo) {
	g.mu.Lock()
	defer g.mu.Unlock() // also while reporting: reports from two Registers never cross
	g.lists.update(register, gateways)
	g.reportLocked()
}

// down notes that a Register's stream broke: its list now expires once another Register is live.
func (g *gatewayWatcher) down(register string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.lists.down(register, time.Now())
	g.reportLocked()
}

func (g *gatewayWatcher) report() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.reportLocked()
}

// reportLocked reports the union if it changed, and schedules the next expiry of a stale list.
func (g *gatewayWatcher) reportLocked() {
	now := time.Now()
	if g.expiry != nil {
		g.expiry.Stop()
		g.expiry = nil
	}
	if at, ok := g.lists.nextExpiry(now); ok {
		g.expiry = time.AfterFunc(at.Sub(now), g.report)
	}
	union := g.lists.current(now)
	keys := make([]string, 0, len(union))
	for _, info := range union {
		keys = append(keys, info.GetAddress()+"/"+info.GetInstanceId()+"/"+info.GetDialAddress())
	}
	slices.Sort(keys)
	key := strings.Join(keys, ",")
	if g.reported && key == g.lastKey {
		return
	}
	if !g.reported && len(union) == 0 && len(g.lists.views) == 0 {
		return // no Register has answered yet
	}
	g.reported = true
	g.lastKey = key
	g.onList(union)
}
