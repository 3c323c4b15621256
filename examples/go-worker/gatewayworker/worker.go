package gatewayworker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strconv"
	"sync"
	"time"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// ProtocolVersion is the stream protocol version this worker speaks.
const ProtocolVersion = 1

// Options configure a Worker.
type Options struct {
	// Register addresses ("host:port"); the Gateway list is the union of theirs.
	Register []string
	// The worker's name (Gateways key workers by name and index). Default "BusinessWorker".
	Name string
	// This process's index within its group of workers.
	Index int
	// The application.
	Events Events
	// Where to log. Default slog.Default().
	Logger *slog.Logger
	// How long a query waits for its reply. Default 10 s.
	QueryTimeout time.Duration
	// The mesh's shared secret (the Register's and Gateways' secretKey), sent as
	// x-gatewayworker-secret metadata on every call. "" sends none.
	SecretKey string
}

// Worker is a BusinessWorker process: it follows the Register, keeps a stream to every listed
// Gateway and runs Events for the events of the clients the Gateways route to it.
type Worker struct {
	opts       Options
	instanceID string
	logger     *slog.Logger
	api        *API
	watcher    *gatewayWatcher
	inflight   counter // events received and not finished

	ctx         context.Context // the worker's lifetime: ends when stopped
	cancel      context.CancelFunc
	cancelWatch context.CancelFunc
	watchDone   chan struct{}

	mu       sync.Mutex
	links    map[string]*link
	listed   map[string]bool
	hasList  bool
	started  bool
	stopping bool
	stopped  bool
	changed  chan struct{} // closed (and replaced) whenever hasList, listed or a link's state changes

	stopOnce sync.Once

	openMu sync.Mutex
	// Per Gateway address: clients whose events came here and whose close has not (OnGatewayLost).
	open map[string]map[string]struct{}
}

// New makes a Worker; Start starts it.
func New(opts Options) *Worker {
	if opts.Name == "" {
		opts.Name = "BusinessWorker"
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 10 * time.Second
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	w := &Worker{
		opts:       opts,
		instanceID: hex.EncodeToString(id),
		logger:     opts.Logger,
		links:      map[string]*link{},
		listed:     map[string]bool{},
		changed:    make(chan struct{}),
		watchDone:  make(chan struct{}),
		open:       map[string]map[string]struct{}{},
	}
	w.inflight.init()
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.api = &API{w: w}
	w.watcher = newGatewayWatcher(opts.Register, opts.Name+":"+strconv.Itoa(opts.Index), opts.SecretKey, w.logger,
		w.onGatewayList)
	return w
}

// Gateway is the Gateway API, for use outside handlers (handlers have Context.Gateway).
func (w *Worker) Gateway() *API { return w.api }

// Start follows the Register(s) and attaches to every Gateway they list. It returns at once.
func (w *Worker) Start() error {
	if len(w.opts.Register) == 0 {
		return newError(ErrInvalidArgument, "no Register address given")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.started {
		return nil
	}
	w.started = true
	watchCtx, cancel := context.WithCancel(w.ctx)
	w.cancelWatch = cancel
	go func() {
		defer close(w.watchDone)
		w.watcher.run(watchCtx)
	}()
	w.logger.Info("worker started", "name", w.opts.Name, "index", w.opts.Index, "register", w.opts.Register)
	return nil
}

// WaitAttached waits until a Register has sent its list and this worker has a live stream to every
// Gateway on it.
func (w *Worker) WaitAttached(ctx context.Context) error {
	return w.waitUntil(ctx, func() bool {
		for address := range w.listed {
			if l := w.links[address]; l == nil || !l.isReady() {
				return false
			}
		}
		return w.hasList
	})
}

// WaitAttachedToAny waits until this worker has a live stream (welcome received) to at least one
// Gateway.
func (w *Worker) WaitAttachedToAny(ctx context.Context) error {
	return w.waitUntil(ctx, func() bool {
		for _, l := range w.links {
			if l.isReady() {
				return true
			}
		}
		return false
	})
}

// waitUntil re-checks done (called with w.mu held) each time the links change, until it holds or
// ctx ends.
func (w *Worker) waitUntil(ctx context.Context, done func() bool) error {
	for {
		w.mu.Lock()
		ok := done()
		changed := w.changed
		w.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Stop leaves every Gateway without losing an event: it asks each to route nothing new here
// (drain) and waits for its answer, finishes every event already received, flushes the last
// commands and closes the streams. ctx bounds the whole; events still unfinished when it ends are
// abandoned (their Gateways hand their clients to other workers).
func (w *Worker) Stop(ctx context.Context) error {
	var err error = newError(ErrStopped, "Stop was called before")
	w.stopOnce.Do(func() { err = w.shutdown(ctx) })
	return err
}

func (w *Worker) shutdown(ctx context.Context) error {
	w.mu.Lock()
	w.stopping = true
	links := make([]*link, 0, len(w.links))
	for _, l := range w.links {
		links = append(links, l)
	}
	cancelWatch := w.cancelWatch
	w.mu.Unlock()
	if cancelWatch != nil {
		cancelWatch()
		<-w.watchDone
	}

	eachLink := func(do func(*link)) {
		var wg sync.WaitGroup
		for _, l := range links {
			wg.Add(1)
			go func() {
				defer wg.Done()
				do(l)
			}()
		}
		wg.Wait()
	}
	eachLink(func(l *link) { l.drain(ctx) })
	var err error
	select {
	case <-w.inflight.idle():
	case <-ctx.Done():
		err = errors.New("events still unfinished when the stop deadline came")
	}
	eachLink(func(l *link) { l.finish(ctx) })

	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.cancel()
	w.logger.Info("worker stopped", "name", w.opts.Name, "index", w.opts.Index)
	return err
}

func (w *Worker) hello() *pb.WorkerHello {
	return &pb.WorkerHello{
		WorkerName:      w.opts.Name,
		WorkerIndex:     uint32(w.opts.Index),
		InstanceId:      w.instanceID,
		ProtocolVersion: ProtocolVersion,
	}
}

// onGatewayList takes a new list (the union of the Registers'): every listed Gateway gets a link;
// a link still trying to reach a Gateway that left the list is given up, a live stream is kept
// (but not reconnected).
func (w *Worker) onGatewayList(gateways []*pb.GatewayInfo) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopping {
		return
	}
	w.hasList = true
	w.listed = map[string]bool{}
	for _, info := range gateways {
		address := info.GetAddress()
		if addr, err := netip.ParseAddrPort(address); err != nil || !addr.Addr().Is4() {
			w.logger.Error("gateway ignored: its address is not \"ipv4:port\"", "gateway", address)
			continue
		}
		w.listed[address] = true
		if l := w.links[address]; l != nil && l.isLive() {
			l.listed(info.GetInstanceId())
		} else {
			// Keyed by the routing address; dialled at dial_address when the Gateway announces one.
			l, err := newLink(w, address, info.GetDialAddress(), info.GetInstanceId())
			if err != nil {
				w.logger.Error("cannot dial gateway", "gateway", address, "dial", info.GetDialAddress(), "err", err)
				continue
			}
			w.links[address] = l
			go l.run()
		}
	}
	for address, l := range w.links {
		if !w.listed[address] && !l.isReady() {
			l.close()
		}
	}
	w.notifyLocked()
}

func (w *Worker) shouldReconnect(address string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.stopping && w.listed[address]
}

func (w *Worker) isStopping() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stopping
}

func (w *Worker) onLinkUp(l *link) {
	w.logger.Info("attached to gateway", "gateway", l.address, "instance", l.liveStream().welcome.GetInstanceId(),
		"dial", l.dial)
	w.notify()
}

// trackClient keeps the set of open clients per Gateway up to date with an event received.
func (w *Worker) trackClient(address, clientID string, closed bool) {
	w.openMu.Lock()
	defer w.openMu.Unlock()
	clients := w.open[address]
	if closed {
		delete(clients, clientID)
		return
	}
	if clients == nil {
		clients = map[string]struct{}{}
		w.open[address] = clients
	}
	clients[clientID] = struct{}{}
}

// gatewayLost logs a Gateway run lost for good with the number of its clients this worker knew,
// and runs OnGatewayLost with them.
func (w *Worker) gatewayLost(lost LostGateway) {
	w.openMu.Lock()
	clientIDs := make([]string, 0, len(w.open[lost.Address]))
	for id := range w.open[lost.Address] {
		clientIDs = append(clientIDs, id)
	}
	delete(w.open, lost.Address)
	w.openMu.Unlock()
	slices.Sort(clientIDs)
	w.logger.Warn("gateway lost: its clients of this worker are gone without OnClose", "gateway", lost.Address,
		"name", lost.Name, "instance", lost.InstanceID, "clients", len(clientIDs))
	handler := w.opts.Events.OnGatewayLost
	if handler == nil {
		return
	}
	w.inflight.add(1)
	go func() {
		defer w.inflight.add(-1)
		defer func() {
			if p := recover(); p != nil {
				w.logger.Error("OnGatewayLost panicked", "gateway", lost.Address, "panic", fmt.Sprint(p))
			}
		}()
		handler(lost, clientIDs)
	}()
}

func (w *Worker) onLinkDown(*link) { w.notify() }

// forgetLink drops a link that has given up.
func (w *Worker) forgetLink(l *link) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.links[l.address] == l {
		delete(w.links, l.address)
	}
	w.notifyLocked()
}

func (w *Worker) notify() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.notifyLocked()
}

func (w *Worker) notifyLocked() {
	close(w.changed)
	w.changed = make(chan struct{})
}

// linkFor returns the live link to a Gateway, or nil (its clients count as offline).
func (w *Worker) linkFor(address string) *link {
	w.mu.Lock()
	l := w.links[address]
	w.mu.Unlock()
	if l == nil || !l.isLive() {
		return nil
	}
	return l
}

// liveLinks returns every link that is connected or connecting (fan-out commands).
func (w *Worker) liveLinks() []*link {
	w.mu.Lock()
	defer w.mu.Unlock()
	var links []*link
	for _, l := range w.links {
		if l.isLive() {
			links = append(links, l)
		}
	}
	return links
}

// fanOutLinks returns the links a fan-out query must ask, and the listed Gateways without one.
func (w *Worker) fanOutLinks() (links []*link, missing []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for address, l := range w.links {
		if l.isLive() {
			links = append(links, l)
		} else if w.listed[address] {
			missing = append(missing, address)
		}
	}
	for address := range w.listed {
		if w.links[address] == nil {
			missing = append(missing, address)
		}
	}
	return links, missing
}

func (w *Worker) checkRunning() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return newError(ErrStopped, "worker %s:%d is stopped", w.opts.Name, w.opts.Index)
	}
	return nil
}

// counter counts events in flight; idle() is closed while the count is zero.
type counter struct {
	mu   sync.Mutex
	n    int
	zero chan struct{}
}

func (c *counter) init() {
	c.zero = make(chan struct{})
	close(c.zero)
}

func (c *counter) add(delta int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 && delta > 0 {
		c.zero = make(chan struct{})
	}
	c.n += delta
	if c.n == 0 {
		close(c.zero)
	}
}

func (c *counter) idle() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.zero
}
