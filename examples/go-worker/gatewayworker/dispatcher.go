package gatewayworker

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// handlerKey marks the context of a running handler (its value is the handler's *Context), so
// that SetSession/UpdateSession on the handler's own client can change Context.Session in place.
type handlerKey struct{}

// clientSlot is one client as this worker sees it on one stream: its queue of events, the
// session copy and the session changes the Gateway may not have applied yet.
type clientSlot struct {
	link         *link
	stream       *workerStream
	clientID     string
	connectionID uint32

	mu      sync.Mutex
	queue   []*pb.ClientEvent
	busy    bool     // a goroutine is working through queue
	handler *Context // the running handler, nil between events
	info    ClientInfo
	session Session
	// Per-key JSON of the session when the running handler started (or after its own
	// setSession/updateSession): what its write-back is diffed against.
	snapshot snapshot
	pending  []sessionChange // sent with a seq, not yet confirmed by an event's session_seq
	lastSeq  uint32
	closed   bool
}

// dispatch queues an event for its client and starts the client's goroutine if it is idle.
func (w *Worker) dispatch(l *link, s *workerStream, event *pb.ClientEvent) {
	w.inflight.add(1)
	id := event.GetConnectionId()
	s.clientsMu.Lock()
	slot := s.clients[id]
	if slot == nil {
		clientID, _ := EncodeClientID(l.address, id) // the address was checked when the link was made
		slot = &clientSlot{link: l, stream: s, clientID: clientID, connectionID: id, session: Session{}}
		s.clients[id] = slot
	}
	s.clientsMu.Unlock()
	w.trackClient(l.address, slot.clientID, event.GetType() == pb.ClientEventType_CLIENT_EVENT_TYPE_CLOSE)

	slot.mu.Lock()
	slot.queue = append(slot.queue, event)
	start := !slot.busy
	slot.busy = true
	slot.mu.Unlock()
	if start {
		go w.runClient(slot)
	}
}

// runClient handles a client's queued events one at a time, in order, until the queue is empty.
func (w *Worker) runClient(slot *clientSlot) {
	for {
		slot.mu.Lock()
		if len(slot.queue) == 0 {
			slot.busy = false
			slot.mu.Unlock()
			return
		}
		event := slot.queue[0]
		slot.queue[0] = nil
		slot.queue = slot.queue[1:]
		c := w.begin(slot, event)
		slot.mu.Unlock()

		w.invoke(c, event)

		slot.mu.Lock()
		w.end(slot, c, event)
		slot.mu.Unlock()
		if event.GetType() == pb.ClientEventType_CLIENT_EVENT_TYPE_CLOSE {
			slot.stream.clientsMu.Lock()
			if slot.stream.clients[slot.connectionID] == slot {
				delete(slot.stream.clients, slot.connectionID)
			}
			slot.stream.clientsMu.Unlock()
		}
		slot.link.eventDone()
		w.inflight.add(-1)
	}
}

// begin brings the slot up to date with the event (client info, session copy) and makes the
// handler's Context. Called with slot.mu held.
func (w *Worker) begin(slot *clientSlot, event *pb.ClientEvent) *Context {
	if info := event.GetClient(); info != nil {
		slot.info = ClientInfo{
			RemoteAddress: info.GetRemoteAddress(),
			RemotePort:    info.GetRemotePort(),
			GatewayPort:   info.GetGatewayPort(),
			Transport:     info.GetTransport(),
		}
	}
	// session_seq: the Gateway has applied our changes up to it; forget those. A session copy
	// includes them but not our later ones: re-apply those on top of it.
	slot.forgetUpTo(event.GetSessionSeq())
	if copy := event.GetSession(); len(copy) > 0 {
		if session, err := parseSession(copy); err != nil {
			w.logger.Error("unreadable session from gateway ignored", "client", slot.clientID, "err", err)
		} else {
			for _, change := range slot.pending {
				session = change.apply(session)
			}
			slot.session = session
		}
	}
	slot.snapshot = snapshot{}
	if event.GetType() != pb.ClientEventType_CLIENT_EVENT_TYPE_CLOSE {
		snap, err := takeSnapshot(slot.session)
		if err != nil {
			w.logger.Error("session cannot be encoded as JSON", "client", slot.clientID, "err", err)
		}
		slot.snapshot = snap
	}
	c := &Context{
		ClientID:       slot.clientID,
		Session:        slot.session,
		Gateway:        w.api,
		Client:         slot.info,
		GatewayAddress: slot.link.address,
		Worker:         WorkerInfo{Name: w.opts.Name, Index: w.opts.Index},
	}
	c.Context = context.WithValue(w.ctx, handlerKey{}, c)
	slot.handler = c
	return c
}

// invoke runs the event's handler; errors and panics are logged.
func (w *Worker) invoke(c *Context, event *pb.ClientEvent) {
	var name string
	defer func() {
		if p := recover(); p != nil {
			w.logger.Error(name+" panicked", "client", c.ClientID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	var err error
	events := w.opts.Events
	switch event.GetType() {
	case pb.ClientEventType_CLIENT_EVENT_TYPE_CONNECT:
		name = "OnConnect"
		if events.OnConnect != nil {
			err = events.OnConnect(c)
		}
	case pb.ClientEventType_CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT:
		name = "OnWebSocketConnect"
		if events.OnWebSocketConnect != nil {
			handshake := Handshake{URL: event.GetHandshake().GetUrl()}
			for _, h := range event.GetHandshake().GetHeaders() {
				handshake.Headers = append(handshake.Headers, Header{Name: h.GetName(), Value: h.GetValue()})
			}
			err = events.OnWebSocketConnect(c, handshake)
		}
	case pb.ClientEventType_CLIENT_EVENT_TYPE_MESSAGE:
		name = "OnMessage"
		if events.OnMessage != nil {
			err = events.OnMessage(c, Message{Data: event.GetData(), Binary: event.GetBinary()})
		}
	case pb.ClientEventType_CLIENT_EVENT_TYPE_CLOSE:
		name = "OnClose"
		if events.OnClose != nil {
			err = events.OnClose(c, closeReasonOf(event.GetCloseReason()))
		}
	default:
		w.logger.Warn("event of unknown type ignored", "type", event.GetType(), "gateway", c.GatewayAddress)
	}
	if err != nil {
		w.logger.Error(name+" failed", "client", c.ClientID, "err", err)
	}
}

// end takes the handler's session back and writes its changes back to the Gateway (not after
// CLOSE: the client is gone). Called with slot.mu held.
func (w *Worker) end(slot *clientSlot, c *Context, event *pb.ClientEvent) {
	slot.handler = nil
	if c.Session == nil {
		c.Session = Session{}
	}
	slot.session = c.Session
	if event.GetType() == pb.ClientEventType_CLIENT_EVENT_TYPE_CLOSE {
		slot.closed = true
		return
	}
	if slot.snapshot == nil { // the session could not be encoded when the handler started
		return
	}
	set, unset, err := slot.snapshot.diff(slot.session)
	if err != nil {
		w.logger.Error("session cannot be encoded as JSON; change not saved", "client", slot.clientID, "err", err)
		return
	}
	if len(set) == 0 && len(unset) == 0 {
		return
	}
	json, err := marshalJSON(set)
	if err != nil {
		w.logger.Error("session cannot be encoded as JSON; change not saved", "client", slot.clientID, "err", err)
		return
	}
	slot.sendChange(w.ctx, sessionChange{op: pb.SessionOp_SESSION_OP_PATCH, json: json, unset: unset})
}

// sendChange sends a SessionCommand for the slot's client: numbered (and remembered until the
// Gateway confirms it) while the slot's stream is live, else with seq 0. The seq is assigned and
// the command queued under slot.mu (held by the caller), so seqs reach the Gateway in order.
func (slot *clientSlot) sendChange(ctx context.Context, change sessionChange) {
	item := outItem{stream: slot.stream.id}
	slot.link.mu.Lock()
	live := slot.link.stream == slot.stream
	item.instance = slot.link.instanceID
	slot.link.mu.Unlock()
	if live {
		slot.lastSeq++
		change.seq = slot.lastSeq
		slot.pending = append(slot.pending, change)
	}
	item.cmd = &pb.Command{Kind: &pb.Command_Session{Session: &pb.SessionCommand{
		ConnectionId: slot.connectionID,
		Op:           change.op,
		Json:         change.json,
		UnsetKeys:    change.unset,
		Seq:          change.seq,
	}}}
	if err := slot.link.enqueue(ctx, item); err != nil {
		slot.link.w.logger.Warn("session change not sent", "client", slot.clientID, "err", err)
	}
}

// forgetUpTo drops the pending changes the Gateway has applied.
func (slot *clientSlot) forgetUpTo(appliedSeq uint32) {
	i := 0
	for i < len(slot.pending) && slot.pending[i].seq <= appliedSeq {
		i++
	}
	slot.pending = slot.pending[i:]
}

// applyOwnChange is SetSession/UpdateSession for a client of this stream: the change is applied to
// this worker's copy and numbered. If the client's handler is running in another goroutine, its
// copy is not ours to touch: the change is sent unnumbered, as anyone else's would be, and the
// Gateway sends a fresh copy with the client's next event. Reports false if the slot is gone
// (the caller then sends it unnumbered).
func (slot *clientSlot) applyOwnChange(ctx context.Context, change sessionChange) bool {
	slot.mu.Lock()
	defer slot.mu.Unlock()
	if slot.closed {
		return false
	}
	var target Session
	switch {
	case slot.handler == nil:
		target = slot.session
	case ctx.Value(handlerKey{}) == slot.handler:
		if slot.handler.Session == nil {
			slot.handler.Session = Session{}
		}
		target = slot.handler.Session
	default:
		return false
	}
	// In place: a handler's reference to its session stays the live session.
	replaceContents(target, change.apply(target))
	if slot.handler != nil {
		// The running handler's write-back must not send this change again.
		if snap, err := takeSnapshot(target); err == nil {
			slot.snapshot = snap
		}
	}
	slot.sendChange(ctx, change)
	return true
}
