package gatewayworker

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

const (
	// One ConnectRequest carries at most this much (more waits for the next one).
	maxBatchItems = 256
	maxBatchBytes = 64 << 10
	// Commands waiting for a Gateway's writer; beyond it senders wait (backpressure).
	outboxSize = 10_000
	// Events received from a Gateway but not finished by the handlers; beyond it the stream is
	// not read, and the Gateway pauses the client sockets bound to this worker.
	maxOutstandingEvents = 10_000
)

type linkState int

const (
	linkConnecting linkState = iota // no live stream: connecting, or waiting to reconnect
	linkReady                       // a welcomed stream
	linkClosed                      // given up
)

// outItem is one entry of a link's outbox: a command, or the drain request.
type outItem struct {
	cmd   *pb.Command
	drain bool
	// The Gateway run the command was made for: the last welcome's instance_id, else the listed
	// one; "" when neither is known.
	instance string
	// For a SessionCommand with a seq: the stream the seq belongs to.
	stream uint64
}

type queryResult struct {
	reply *pb.Reply
	err   error
}

// workerStream is one welcomed Gateway.Connect stream. Client state (who the clients are, session
// copies, seq numbers) belongs to one stream and is void when it ends.
type workerStream struct {
	id      uint64
	welcome *pb.GatewayWelcome

	clientsMu sync.Mutex
	clients   map[uint32]*clientSlot // by connection id

	drained     chan struct{} // closed when the Gateway answered drain
	drainedOnce sync.Once
	finish      chan struct{} // closed to make the writer flush and close the send side
	finishOnce  sync.Once
	ended       chan struct{} // closed when the stream is over
}

func (s *workerStream) slot(connectionID uint32) *clientSlot {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	return s.clients[connectionID]
}

// link is the worker's connection to one Gateway: one stream at a time, reconnected with backoff
// while the Gateway is listed. Commands go through the outbox, which outlives streams: commands
// given while reconnecting go out once connected.
type link struct {
	w       *Worker
	address string // the routing key (GatewayInfo.address), as in client ids
	dial    string // where the link connects: GatewayInfo.dial_address, else address
	conn    *grpc.ClientConn
	client  pb.GatewayClient
	outbox  chan outItem
	tokens  chan struct{} // one per outstanding event: receive-side flow control
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{} // closed when run returns

	mu            sync.Mutex
	state         linkState
	instanceID    string        // welcome.instance_id of the current or last stream
	gatewayName   string        // welcome.name of that stream
	listedID      string        // the instance the Register lists at this address
	stream        *workerStream // the live stream, nil while connecting
	streamCount   uint64
	queries       map[uint32]chan queryResult
	nextRequestID uint32
}

// newLink makes the link keyed by address that dials dialAddress ("": address).
func newLink(w *Worker, address, dialAddress, listedID string) (*link, error) {
	if dialAddress == "" {
		dialAddress = address
	}
	conn, err := dial(dialAddress, w.opts.SecretKey)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(w.ctx)
	return &link{
		w:        w,
		address:  address,
		dial:     dialAddress,
		conn:     conn,
		client:   pb.NewGatewayClient(conn),
		outbox:   make(chan outItem, outboxSize),
		tokens:   make(chan struct{}, maxOutstandingEvents),
		ctx:      ctx,
		cancel:   cancel,
		done:     make(chan struct{}),
		queries:  map[uint32]chan queryResult{},
		listedID: listedID,
	}, nil
}

// run keeps a stream open until the link is closed or the Gateway is no longer listed.
func (l *link) run() {
	defer close(l.done)
	defer l.w.forgetLink(l)
	defer l.conn.Close()
	defer l.reportLost() // given up while not stopping: the last run is gone for good
	defer l.close()
	retry := newBackoff(100*time.Millisecond, 2*time.Second)
	failures := 0
	lastRefusal := ""
	for {
		welcomed, err := l.runStream()
		if l.ctx.Err() != nil || !l.w.shouldReconnect(l.address) {
			return
		}
		if reason, refused := refusal(err); refused && !welcomed {
			if reason != lastRefusal { // said once per reason
				lastRefusal = reason
				l.w.logger.Error("gateway refused this worker", "gateway", l.address, "reason", reason)
			}
		} else if welcomed {
			retry.reset()
			failures = 0
		} else if failures++; failures == 1 || failures%30 == 0 {
			// The first failure and every 30th, not every retry.
			l.w.logger.Warn("cannot reach gateway; retrying", "gateway", l.address, "err", err)
		}
		if !retry.wait(l.ctx) {
			return
		}
	}
}

// runStream opens one stream: hello, welcome, then reads until the stream ends. It reports
// whether the Gateway welcomed it, and if not, why.
func (l *link) runStream() (welcomed bool, err error) {
	ctx, cancel := context.WithCancel(l.ctx)
	defer cancel()
	stream, err := l.client.Connect(ctx)
	if err == nil {
		err = stream.Send(&pb.ConnectRequest{Hello: l.w.hello()})
	}
	var first *pb.ConnectResponse
	if err == nil {
		first, err = stream.Recv()
	}
	if err == nil && first.GetWelcome() == nil {
		err = errors.New("the Gateway broke the protocol: first message without welcome")
	}
	if err != nil {
		return false, err
	}

	s := &workerStream{
		welcome: first.GetWelcome(),
		clients: map[uint32]*clientSlot{},
		drained: make(chan struct{}),
		finish:  make(chan struct{}),
		ended:   make(chan struct{}),
	}
	l.mu.Lock()
	l.streamCount++
	s.id = l.streamCount
	lostID, lostName := "", ""
	if l.instanceID != "" && l.instanceID != s.welcome.GetInstanceId() {
		lostID, lostName = l.instanceID, l.gatewayName
	}
	l.instanceID = s.welcome.GetInstanceId()
	l.gatewayName = s.welcome.GetName()
	l.stream = s
	if l.state != linkClosed {
		l.state = linkReady
	}
	l.mu.Unlock()
	if lostID != "" {
		// Connection ids held from its previous run name other clients now (see the writer).
		l.w.gatewayLost(LostGateway{Address: l.address, Name: lostName, InstanceID: lostID})
	}
	l.w.onLinkUp(l)

	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		l.writeLoop(stream, s)
	}()
	err = l.readLoop(stream, s, first)
	cancel()
	<-writerDone

	l.mu.Lock()
	l.stream = nil
	if l.state == linkReady {
		l.state = linkConnecting
	}
	l.mu.Unlock()
	s.drainedOnce.Do(func() { close(s.drained) })
	close(s.ended)
	l.failQueries("stream ended")
	if l.ctx.Err() == nil && !l.w.isStopping() {
		l.w.logger.Warn("gateway stream lost", "gateway", l.address, "err", err)
	}
	l.w.onLinkDown(l)
	return true, nil
}

// readLoop hands events to the dispatcher and replies to the waiting queries, until the stream ends.
func (l *link) readLoop(stream pb.Gateway_ConnectClient, s *workerStream, frame *pb.ConnectResponse) error {
	for {
		for _, event := range frame.GetEvents() {
			// Flow control: wait (not reading) while too many events are unfinished.
			select {
			case l.tokens <- struct{}{}:
			case <-stream.Context().Done():
				return stream.Context().Err()
			}
			l.w.dispatch(l, s, event)
		}
		for _, reply := range frame.GetReplies() {
			l.resolve(reply)
		}
		if frame.GetDrained() {
			s.drainedOnce.Do(func() { close(s.drained) })
		}
		var err error
		if frame, err = stream.Recv(); err != nil {
			if errors.Is(err, io.EOF) || status.Code(err) == codes.OK {
				return io.EOF
			}
			return err
		}
	}
}

// eventDone is called when an event handed to the dispatcher has finished (flow control).
func (l *link) eventDone() { <-l.tokens }

// writeLoop is the stream's only writer: it sends everything ready in the outbox as one
// ConnectRequest, until the stream ends or finish asks it to flush and close the send side.
func (l *link) writeLoop(stream pb.Gateway_ConnectClient, s *workerStream) {
	for {
		var first outItem
		select {
		case first = <-l.outbox:
		case <-s.finish:
			for {
				batch := l.collect(nil)
				if len(batch) == 0 {
					break
				}
				if !l.sendBatch(stream, s, batch) {
					return
				}
			}
			_ = stream.CloseSend()
			return
		case <-stream.Context().Done():
			return
		}
		if !l.sendBatch(stream, s, l.collect([]outItem{first})) {
			return
		}
	}
}

// collect adds to batch whatever else is ready in the outbox, up to the batch limits.
func (l *link) collect(batch []outItem) []outItem {
	size := 0
	for _, item := range batch {
		size += itemSize(item)
	}
	for len(batch) < maxBatchItems && size < maxBatchBytes {
		select {
		case item := <-l.outbox:
			batch = append(batch, item)
			size += itemSize(item)
		default:
			return batch
		}
	}
	return batch
}

func itemSize(item outItem) int {
	if item.cmd == nil {
		return 2
	}
	return proto.Size(item.cmd)
}

// sendBatch writes one ConnectRequest; false when the stream is broken.
func (l *link) sendBatch(stream pb.Gateway_ConnectClient, s *workerStream, batch []outItem) bool {
	request := &pb.ConnectRequest{}
	dropped, failed := 0, 0
	for _, item := range batch {
		if item.drain {
			request.Drain = true
			continue
		}
		cmd := item.cmd
		switch sortQueued(cmd, item.instance, s.welcome.GetInstanceId()) {
		case queuedDrop:
			dropped++
			continue
		case queuedFail:
			failed++
			l.failQuery(cmd.GetRequestId(), "restarted before the query was sent (new instance)")
			continue
		}
		if session := cmd.GetSession(); session.GetSeq() > 0 && item.stream != s.id {
			// Numbered for a stream that is gone: on this one the change is not ours to number.
			session.Seq = 0
		}
		request.Commands = append(request.Commands, cmd)
	}
	if dropped > 0 || failed > 0 {
		l.w.logger.Warn("gateway restarted: queued commands dropped, queued queries failed", "gateway", l.address,
			"dropped", dropped, "failed", failed)
	}
	if len(request.Commands) == 0 && !request.Drain {
		return true
	}
	if err := stream.Send(request); err != nil {
		l.w.logger.Debug("gateway stream write failed", "gateway", l.address, "err", err)
		return false
	}
	return true
}

// send queues a command for this Gateway. On a closed link it is dropped (its clients are offline).
func (l *link) send(ctx context.Context, cmd *pb.Command) error {
	return l.enqueue(ctx, outItem{cmd: cmd, instance: l.stamp()})
}

// stamp is the Gateway run a command made now is meant for (stampLocked: with l.mu held).
func (l *link) stamp() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stampLocked()
}

func (l *link) stampLocked() string {
	if l.instanceID != "" {
		return l.instanceID
	}
	return l.listedID
}

// listed records the instance the Register lists at this address (stamps commands before a welcome).
func (l *link) listed(instanceID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.listedID = instanceID
}

// reportLost tells the worker that the Gateway run this link was last welcomed by is gone, unless
// the worker is stopping or no stream was ever welcomed.
func (l *link) reportLost() {
	l.mu.Lock()
	lost := LostGateway{Address: l.address, Name: l.gatewayName, InstanceID: l.instanceID}
	l.instanceID = ""
	l.mu.Unlock()
	if lost.InstanceID != "" && !l.w.isStopping() {
		l.w.gatewayLost(lost)
	}
}

// enqueue puts an item into the outbox, waiting while it is full.
func (l *link) enqueue(ctx context.Context, item outItem) error {
	if l.ctx.Err() != nil {
		return nil
	}
	select {
	case l.outbox <- item:
		return nil
	case <-l.ctx.Done():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// query sends a command with a fresh request id and waits for its reply, at most QueryTimeout.
func (l *link) query(ctx context.Context, cmd *pb.Command) (*pb.Reply, error) {
	l.mu.Lock()
	if l.state == linkClosed {
		l.mu.Unlock()
		return nil, newError(ErrGatewayUnavailable, "gateway %s is not connected", l.address)
	}
	l.nextRequestID++
	if l.nextRequestID > 0x7fffffff {
		l.nextRequestID = 1
	}
	id := l.nextRequestID
	answer := make(chan queryResult, 1)
	l.queries[id] = answer
	item := outItem{cmd: cmd, instance: l.stampLocked()}
	l.mu.Unlock()
	cmd.RequestId = id

	timeout := l.w.opts.QueryTimeout
	qctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := l.enqueue(qctx, item)
	if err == nil {
		select {
		case result := <-answer:
			return result.reply, result.err
		case <-qctx.Done():
		}
	}
	l.mu.Lock()
	delete(l.queries, id)
	ready := l.state == linkReady
	l.mu.Unlock()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if ready {
		return nil, newError(ErrGatewayTimeout, "gateway %s did not answer within %v", l.address, timeout)
	}
	return nil, newError(ErrGatewayUnavailable, "gateway %s is not connected and did not connect within %v",
		l.address, timeout)
}

func (l *link) resolve(reply *pb.Reply) {
	l.mu.Lock()
	answer, ok := l.queries[reply.GetRequestId()]
	delete(l.queries, reply.GetRequestId())
	l.mu.Unlock()
	if !ok {
		return
	}
	if reply.GetErrorCode() != "" {
		code := ErrQueryFailed
		if reply.GetErrorCode() == ErrInvalidArgument.Code {
			code = ErrInvalidArgument
		}
		answer <- queryResult{err: newError(code, "gateway %s: %s", l.address, reply.GetErrorMessage())}
		return
	}
	answer <- queryResult{reply: reply}
}

// failQuery fails one waiting query with GW_ERR_GATEWAY_UNAVAILABLE.
func (l *link) failQuery(id uint32, why string) {
	l.mu.Lock()
	answer, ok := l.queries[id]
	delete(l.queries, id)
	l.mu.Unlock()
	if ok {
		answer <- queryResult{err: newError(ErrGatewayUnavailable, "gateway %s: %s", l.address, why)}
	}
}

func (l *link) failQueries(why string) {
	l.mu.Lock()
	queries := l.queries
	l.queries = map[uint32]chan queryResult{}
	l.mu.Unlock()
	for _, answer := range queries {
		answer <- queryResult{err: newError(ErrGatewayUnavailable, "gateway %s: %s", l.address, why)}
	}
}

// liveStream returns the welcomed stream, or nil.
func (l *link) liveStream() *workerStream {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stream
}

func (l *link) isLive() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state != linkClosed
}

func (l *link) isReady() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state == linkReady
}

// drain asks the Gateway to route nothing new here and waits for its answer (or the stream's end).
func (l *link) drain(ctx context.Context) {
	s := l.liveStream()
	if s == nil {
		return
	}
	if err := l.enqueue(ctx, outItem{drain: true}); err != nil {
		return
	}
	select {
	case <-s.drained:
	case <-s.ended:
	case <-ctx.Done():
		l.w.logger.Warn("gateway did not answer drain in time", "gateway", l.address)
	}
}

// finish flushes the outbox, closes the send side and waits for the Gateway to end the stream;
// then the link is given up.
func (l *link) finish(ctx context.Context) {
	if s := l.liveStream(); s != nil {
		s.finishOnce.Do(func() { close(s.finish) })
		select {
		case <-s.ended:
		case <-ctx.Done():
			l.w.logger.Warn("gateway did not end the stream in time", "gateway", l.address)
		}
	}
	l.close()
	<-l.done
}

// close gives the link up at once.
func (l *link) close() {
	l.mu.Lock()
	l.state = linkClosed
	l.mu.Unlock()
	l.cancel()
	l.failQueries("link closed")
}
