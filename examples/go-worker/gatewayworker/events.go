package gatewayworker

import (
	"context"
	"unicode/utf8"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// Events are the application's handlers; any may be nil. The events of one client run one at a
// time, in order, each in the goroutine that handles that client; different clients run
// concurrently. An error returned (or a panic) is logged; the session changes are kept.
type Events struct {
	// A client connected (for WebSocket: the handshake completed).
	OnConnect func(c *Context) error
	// Right after OnConnect for WebSocket clients, with the handshake request.
	OnWebSocketConnect func(c *Context, handshake Handshake) error
	// A complete client message.
	OnMessage func(c *Context, message Message) error
	// The client is gone. Session changes made here are not written back.
	OnClose func(c *Context, reason CloseReason) error
	// This worker lost a Gateway run for good: it left the Register's list and its stream ended
	// (killed, host unreachable, keepalive timeout), or it came back as a new instance. Its clients
	// are gone without OnClose; clientIDs are those whose events came to this worker and that had
	// not closed. Not called while the worker stops. Runs in a goroutine of its own.
	OnGatewayLost func(gateway LostGateway, clientIDs []string)
}

// LostGateway names the Gateway run OnGatewayLost reports.
type LostGateway struct {
	// Its routing address, "ipv4:port", as in its client ids.
	Address string
	// Its name (from its welcome).
	Name string
	// The id of the run that was lost.
	InstanceID string
}

// Context is what a handler knows about the event's client. It is a context.Context for the API
// calls the handler makes (done when the worker has stopped).
type Context struct {
	context.Context
	// The client's id (see EncodeClientID).
	ClientID string
	// This worker's copy of the client's session, owned by the handler's goroutine: change it
	// (or assign a new map) and the change is written back to the Gateway when the handler returns.
	Session Session
	// The Gateway API.
	Gateway *API
	// Who the client is.
	Client ClientInfo
	// The inner address ("ipv4:port") of the client's Gateway.
	GatewayAddress string
	// This worker.
	Worker WorkerInfo
}

// SendToCurrentClient sends a message to the event's client.
func (c *Context) SendToCurrentClient(message Message) error {
	return c.Gateway.SendToClient(c, c.ClientID, message)
}

// CloseCurrentClient closes the event's client, after sending message if one is given.
func (c *Context) CloseCurrentClient(message ...Message) error {
	return c.Gateway.CloseClient(c, c.ClientID, message...)
}

// ClientInfo describes a client as its Gateway sees it.
type ClientInfo struct {
	RemoteAddress string
	RemotePort    uint32
	// The Gateway's client-facing port.
	GatewayPort uint32
	// "ws" or "tcp".
	Transport string
}

// WorkerInfo names this worker process.
type WorkerInfo struct {
	Name  string
	Index int
}

// Handshake is the HTTP request that opened a WebSocket client.
type Handshake struct {
	// The request target, e.g. "/chat?token=abc".
	URL string
	// Lower-case header names, in arrival order.
	Headers []Header
}

// Header is one HTTP header.
type Header struct{ Name, Value string }

// Get returns the first value of the named header ("" if absent).
func (h Handshake) Get(name string) string {
	for _, header := range h.Headers {
		if header.Name == name {
			return header.Value
		}
	}
	return ""
}

// Message is a client message: a WebSocket text frame (UTF-8), or a binary frame.
type Message struct {
	Data   []byte
	Binary bool
}

// Text is a text message.
func Text(s string) Message { return Message{Data: []byte(s)} }

// Binary is a binary message.
func Binary(data []byte) Message { return Message{Data: data, Binary: true} }

// String returns the message as text.
func (m Message) String() string { return string(m.Data) }

func (m Message) check() error {
	if !m.Binary && !utf8.Valid(m.Data) {
		return newError(ErrInvalidArgument, "text message is not valid UTF-8 (send it as binary)")
	}
	return nil
}

// CloseReason says why a client connection ended.
type CloseReason string

// The close reasons.
const (
	CloseReasonUnknown          CloseReason = "unknown"
	CloseReasonClient           CloseReason = "client"            // the client closed, or the network failed
	CloseReasonKicked           CloseReason = "kicked"            // CloseClient / DestroyClient
	CloseReasonHeartbeatTimeout CloseReason = "heartbeat-timeout" // the client missed its heartbeats
	CloseReasonGatewayShutdown  CloseReason = "gateway-shutdown"  // the Gateway is stopping
	CloseReasonNoWorker         CloseReason = "no-worker"         // no worker took it in time
	CloseReasonProtocolError    CloseReason = "protocol-error"    // the client broke the protocol
)

var closeReasons = map[pb.CloseReason]CloseReason{
	pb.CloseReason_CLOSE_REASON_CLIENT:            CloseReasonClient,
	pb.CloseReason_CLOSE_REASON_KICKED:            CloseReasonKicked,
	pb.CloseReason_CLOSE_REASON_HEARTBEAT_TIMEOUT: CloseReasonHeartbeatTimeout,
	pb.CloseReason_CLOSE_REASON_GATEWAY_SHUTDOWN:  CloseReasonGatewayShutdown,
	pb.CloseReason_CLOSE_REASON_NO_WORKER:         CloseReasonNoWorker,
	pb.CloseReason_CLOSE_REASON_PROTOCOL_ERROR:    CloseReasonProtocolError,
}

func closeReasonOf(reason pb.CloseReason) CloseReason {
	if r, ok := closeReasons[reason]; ok {
		return r
	}
	return CloseReasonUnknown
}
