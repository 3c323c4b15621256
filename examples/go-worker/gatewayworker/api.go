package gatewayworker

import (
	"context"
	"slices"
	"sync"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// API is the Gateway API (the method names are GatewayWorker's). Calls on a client id go to the
// Gateway that owns it (decoded from the id); calls on uids, groups or everyone go to every
// Gateway. Commands return once queued on the stream (fire-and-forget, as in GatewayWorker: an
// offline client is skipped silently). Queries return the answer or an error, never a partial
// result: a listed Gateway that is not connected fails them with ErrGatewayUnavailable.
// Because commands and queries share a stream, a query sees every command sent before it.
type API struct {
	w *Worker
}

// SendToAllOptions narrows SendToAll.
type SendToAllOptions struct {
	// Only these clients (nil: every client; an empty list: nobody).
	ClientIDs []string
	// Everyone (or everyone listed) but these.
	Exclude []string
}

// SendToClient sends a message to one client.
func (a *API) SendToClient(ctx context.Context, clientID string, message Message) error {
	if err := message.check(); err != nil {
		return err
	}
	return a.targeted(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_Send{Send: &pb.SendCommand{
			ConnectionIds: []uint32{id}, Data: message.Data, Binary: message.Binary}}}
	})
}

// SendToAll sends a message to every client (options may be nil).
func (a *API) SendToAll(ctx context.Context, message Message, options *SendToAllOptions) error {
	if err := message.check(); err != nil {
		return err
	}
	if options == nil {
		options = &SendToAllOptions{}
	}
	exclude, err := byGateway(options.Exclude)
	if err != nil {
		return err
	}
	var listed map[string][]uint32
	if options.ClientIDs != nil {
		if listed, err = byGateway(options.ClientIDs); err != nil {
			return err
		}
	}
	return a.fanOut(ctx, func(l *link) *pb.Command {
		skip := exclude[l.address]
		if listed == nil {
			return &pb.Command{Kind: &pb.Command_Broadcast{Broadcast: &pb.BroadcastCommand{
				Data: message.Data, Binary: message.Binary, ExcludeConnectionIds: skip}}}
		}
		var ids []uint32
		for _, id := range listed[l.address] {
			if !slices.Contains(skip, id) {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		return &pb.Command{Kind: &pb.Command_Send{Send: &pb.SendCommand{
			ConnectionIds: ids, Data: message.Data, Binary: message.Binary}}}
	})
}

// SendToUid sends a message to every client bound to the uid.
func (a *API) SendToUid(ctx context.Context, uid string, message Message) error {
	if err := checkName("uid", uid); err != nil {
		return err
	}
	if err := message.check(); err != nil {
		return err
	}
	return a.fanOut(ctx, func(*link) *pb.Command {
		return &pb.Command{Kind: &pb.Command_SendToUids{SendToUids: &pb.SendToUidsCommand{
			Uids: []string{uid}, Data: message.Data, Binary: message.Binary}}}
	})
}

// SendToGroup sends a message to every member of the group except the excluded clients.
func (a *API) SendToGroup(ctx context.Context, group string, message Message, exclude ...string) error {
	if err := checkName("group", group); err != nil {
		return err
	}
	if err := message.check(); err != nil {
		return err
	}
	excluded, err := byGateway(exclude)
	if err != nil {
		return err
	}
	return a.fanOut(ctx, func(l *link) *pb.Command {
		return &pb.Command{Kind: &pb.Command_SendToGroups{SendToGroups: &pb.SendToGroupsCommand{
			Groups: []string{group}, Data: message.Data, Binary: message.Binary,
			ExcludeConnectionIds: excluded[l.address]}}}
	})
}

// CloseClient closes a client gracefully, after sending message if one is given; its worker gets
// OnClose with CloseReasonKicked.
func (a *API) CloseClient(ctx context.Context, clientID string, message ...Message) error {
	closeCmd := &pb.CloseCommand{}
	if len(message) > 0 {
		if err := message[0].check(); err != nil {
			return err
		}
		closeCmd.HasMessage, closeCmd.Data, closeCmd.Binary = true, message[0].Data, message[0].Binary
	}
	return a.targeted(ctx, clientID, func(id uint32) *pb.Command {
		closeCmd.ConnectionId = id
		return &pb.Command{Kind: &pb.Command_Close{Close: closeCmd}}
	})
}

// DestroyClient closes a client at once, discarding unsent data.
func (a *API) DestroyClient(ctx context.Context, clientID string) error {
	return a.targeted(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_Close{Close: &pb.CloseCommand{ConnectionId: id, Destroy: true}}}
	})
}

// BindUid binds a client to a uid; a client has one uid at most (binding another moves it).
func (a *API) BindUid(ctx context.Context, clientID, uid string) error {
	if err := checkName("uid", uid); err != nil {
		return err
	}
	return a.targeted(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_BindUid{BindUid: &pb.BindUidCommand{ConnectionId: id, Uid: uid}}}
	})
}

// UnbindUid unbinds a client's uid; with a non-empty uid, only if it is bound to that one.
func (a *API) UnbindUid(ctx context.Context, clientID, uid string) error {
	return a.targeted(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_UnbindUid{UnbindUid: &pb.UnbindUidCommand{ConnectionId: id, Uid: uid}}}
	})
}

// JoinGroup adds a client to a group.
func (a *API) JoinGroup(ctx context.Context, clientID, group string) error {
	if err := checkName("group", group); err != nil {
		return err
	}
	return a.targeted(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_JoinGroup{JoinGroup: &pb.GroupMembershipCommand{ConnectionId: id, Group: group}}}
	})
}

// LeaveGroup removes a client from a group.
func (a *API) LeaveGroup(ctx context.Context, clientID, group string) error {
	if err := checkName("group", group); err != nil {
		return err
	}
	return a.targeted(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_LeaveGroup{LeaveGroup: &pb.GroupMembershipCommand{ConnectionId: id, Group: group}}}
	})
}

// Ungroup empties a group; its members stay connected.
func (a *API) Ungroup(ctx context.Context, group string) error {
	if err := checkName("group", group); err != nil {
		return err
	}
	return a.fanOut(ctx, func(*link) *pb.Command {
		return &pb.Command{Kind: &pb.Command_Ungroup{Ungroup: &pb.UngroupCommand{Group: group}}}
	})
}

// SetSession replaces a client's session.
func (a *API) SetSession(ctx context.Context, clientID string, session Session) error {
	return a.sessionCommand(ctx, clientID, pb.SessionOp_SESSION_OP_REPLACE, session)
}

// UpdateSession deep-merges changes into a client's session (objects key by key; other values replace).
func (a *API) UpdateSession(ctx context.Context, clientID string, changes Session) error {
	return a.sessionCommand(ctx, clientID, pb.SessionOp_SESSION_OP_MERGE, changes)
}

// IsOnline reports whether a client is connected.
func (a *API) IsOnline(ctx context.Context, clientID string) (bool, error) {
	reply, err := a.targetedQuery(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_IsOnline{IsOnline: &pb.IsOnlineQuery{ConnectionId: id}}}
	})
	return reply.GetOnline(), err
}

// IsUidOnline reports whether any client is bound to the uid.
func (a *API) IsUidOnline(ctx context.Context, uid string) (bool, error) {
	ids, err := a.GetClientIdByUid(ctx, uid)
	return len(ids) > 0, err
}

// GetClientIdByUid returns the clients bound to the uid.
func (a *API) GetClientIdByUid(ctx context.Context, uid string) ([]string, error) {
	if err := checkName("uid", uid); err != nil {
		return nil, err
	}
	rows, err := a.selectAll(ctx, &pb.SelectQuery{Uids: []string{uid}})
	return clientIDs(rows), err
}

// GetUidByClientId returns a client's uid ("" if none, or if the client is offline).
func (a *API) GetUidByClientId(ctx context.Context, clientID string) (string, error) {
	reply, err := a.targetedQuery(ctx, clientID, func(id uint32) *pb.Command {
		return &pb.Command{Kind: &pb.Command_Select{Select: &pb.SelectQuery{ConnectionIds: []uint32{id}, WithUid: true}}}
	})
	if rows := reply.GetClients().GetRows(); len(rows) > 0 {
		return rows[0].GetUid(), err
	}
	return "", err
}

// GetSession returns a client's session, or nil if the client is offline.
func (a *API) GetSession(ctx context.Context, clientID string) (Session, error) {
	reply, err := a.targetedQuery(ctx, clientID, func(id uint32) *pb.Command {
		// protoc-gen-go names the get_session field GetSession_: Command.GetSession is the getter of `session`.
		return &pb.Command{Kind: &pb.Command_GetSession_{GetSession_: &pb.GetSessionQuery{ConnectionId: id}}}
	})
	if err != nil || len(reply.GetSession()) == 0 {
		return nil, err
	}
	return parseSession(reply.GetSession())
}

// GetAllClientCount returns how many clients are connected.
func (a *API) GetAllClientCount(ctx context.Context) (int, error) {
	return a.count(ctx, nil)
}

// GetClientCountByGroup returns how many clients are in the group ("" = every client).
func (a *API) GetClientCountByGroup(ctx context.Context, group string) (int, error) {
	if group == "" {
		return a.count(ctx, nil)
	}
	return a.count(ctx, []string{group})
}

// GetAllClientIdList returns every client.
func (a *API) GetAllClientIdList(ctx context.Context) ([]string, error) {
	rows, err := a.selectAll(ctx, &pb.SelectQuery{})
	return clientIDs(rows), err
}

// GetClientIdListByGroup returns the members of the groups, each once.
func (a *API) GetClientIdListByGroup(ctx context.Context, groups ...string) ([]string, error) {
	for _, group := range groups {
		if err := checkName("group", group); err != nil {
			return nil, err
		}
	}
	if len(groups) == 0 {
		return []string{}, nil
	}
	rows, err := a.selectAll(ctx, &pb.SelectQuery{Groups: groups})
	return clientIDs(rows), err
}

// targeted sends a command to the Gateway that owns clientID; an offline Gateway is a no-op.
func (a *API) targeted(ctx context.Context, clientID string, build func(connectionID uint32) *pb.Command) error {
	address, id, err := a.route(clientID)
	if err != nil {
		return err
	}
	l := a.w.linkFor(address)
	if l == nil {
		return nil
	}
	return l.send(ctx, build(id))
}

// fanOut sends a command to every Gateway (build may tailor it, or return nil to skip one).
func (a *API) fanOut(ctx context.Context, build func(*link) *pb.Command) error {
	if err := a.w.checkRunning(); err != nil {
		return err
	}
	for _, l := range a.w.liveLinks() {
		if cmd := build(l); cmd != nil {
			if err := l.send(ctx, cmd); err != nil {
				return err
			}
		}
	}
	return nil
}

// targetedQuery asks the Gateway that owns clientID; an offline Gateway answers nothing (nil).
func (a *API) targetedQuery(ctx context.Context, clientID string,
	build func(connectionID uint32) *pb.Command) (*pb.Reply, error) {
	address, id, err := a.route(clientID)
	if err != nil {
		return nil, err
	}
	l := a.w.linkFor(address)
	if l == nil {
		return nil, nil
	}
	return l.query(ctx, build(id))
}

type answer struct {
	link  *link
	reply *pb.Reply
}

// fanOutQuery asks every Gateway at once; any missing or failing Gateway fails the whole call.
func (a *API) fanOutQuery(ctx context.Context, build func() *pb.Command) ([]answer, error) {
	if err := a.w.checkRunning(); err != nil {
		return nil, err
	}
	links, missing := a.w.fanOutLinks()
	if len(missing) > 0 {
		return nil, newError(ErrGatewayUnavailable, "gateway(s) %v listed but not connected", missing)
	}
	answers := make([]answer, len(links))
	errs := make([]error, len(links))
	var wg sync.WaitGroup
	for i, l := range links {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reply, err := l.query(ctx, build())
			answers[i], errs[i] = answer{link: l, reply: reply}, err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return answers, nil
}

type row struct {
	clientID string
	row      *pb.ClientRow
}

func (a *API) selectAll(ctx context.Context, query *pb.SelectQuery) ([]row, error) {
	answers, err := a.fanOutQuery(ctx, func() *pb.Command {
		return &pb.Command{Kind: &pb.Command_Select{Select: query}}
	})
	if err != nil {
		return nil, err
	}
	var rows []row
	for _, ans := range answers {
		for _, r := range ans.reply.GetClients().GetRows() {
			id, _ := EncodeClientID(ans.link.address, r.GetConnectionId())
			rows = append(rows, row{clientID: id, row: r})
		}
	}
	return rows, nil
}

func (a *API) count(ctx context.Context, groups []string) (int, error) {
	answers, err := a.fanOutQuery(ctx, func() *pb.Command {
		return &pb.Command{Kind: &pb.Command_ClientCount{ClientCount: &pb.ClientCountQuery{Groups: groups}}}
	})
	total := 0
	for _, ans := range answers {
		total += int(ans.reply.GetCount())
	}
	return total, err
}

// sessionCommand sends setSession/updateSession. For a client whose events this worker handles on
// the live stream, the change is applied to this worker's copy too and numbered (proto/README.md,
// "Session write-back"); for any other client it goes with seq 0.
func (a *API) sessionCommand(ctx context.Context, clientID string, op pb.SessionOp, value Session) error {
	address, id, err := a.route(clientID)
	if err != nil {
		return err
	}
	if value == nil {
		value = Session{}
	}
	json, err := marshalJSON(value)
	if err != nil {
		return newError(ErrInvalidArgument, "session cannot be encoded as JSON: %v", err)
	}
	l := a.w.linkFor(address)
	if l == nil {
		return nil
	}
	change := sessionChange{op: op, json: json}
	if s := l.liveStream(); s != nil {
		if slot := s.slot(id); slot != nil && slot.applyOwnChange(ctx, change) {
			return nil
		}
	}
	return l.send(ctx, &pb.Command{Kind: &pb.Command_Session{Session: &pb.SessionCommand{
		ConnectionId: id, Op: op, Json: json}}})
}

// route decodes a client id, once the worker is running.
func (a *API) route(clientID string) (string, uint32, error) {
	if err := a.w.checkRunning(); err != nil {
		return "", 0, err
	}
	return DecodeClientID(clientID)
}

// byGateway groups client ids by the address of their Gateway.
func byGateway(ids []string) (map[string][]uint32, error) {
	groups := map[string][]uint32{}
	for _, clientID := range ids {
		address, id, err := DecodeClientID(clientID)
		if err != nil {
			return nil, err
		}
		groups[address] = append(groups[address], id)
	}
	return groups, nil
}

func clientIDs(rows []row) []string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.clientID
	}
	return ids
}

func checkName(what, name string) error {
	if name == "" {
		return newError(ErrInvalidArgument, "%s must not be empty", what)
	}
	return nil
}
