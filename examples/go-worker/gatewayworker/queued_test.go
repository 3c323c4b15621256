package gatewayworker

import (
	"testing"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

func TestSortQueuedAfterAGatewayRestart(t *testing.T) {
	byConnection := []*pb.Command{
		{Kind: &pb.Command_Send{Send: &pb.SendCommand{ConnectionIds: []uint32{7}, Data: []byte("x")}}},
		{Kind: &pb.Command_Close{Close: &pb.CloseCommand{ConnectionId: 0}}}, // connection 0 is still one
		{Kind: &pb.Command_Session{Session: &pb.SessionCommand{ConnectionId: 7, Json: []byte("{}")}}},
		{Kind: &pb.Command_BindUid{BindUid: &pb.BindUidCommand{ConnectionId: 7, Uid: "u"}}},
		{Kind: &pb.Command_JoinGroup{JoinGroup: &pb.GroupMembershipCommand{ConnectionId: 7, Group: "g"}}},
		{Kind: &pb.Command_Broadcast{Broadcast: &pb.BroadcastCommand{ExcludeConnectionIds: []uint32{7}}}},
		{Kind: &pb.Command_SendToGroups{SendToGroups: &pb.SendToGroupsCommand{Groups: []string{"g"}, ExcludeConnectionIds: []uint32{7}}}},
	}
	byName := []*pb.Command{
		{Kind: &pb.Command_Broadcast{Broadcast: &pb.BroadcastCommand{Data: []byte("x")}}},
		{Kind: &pb.Command_SendToUids{SendToUids: &pb.SendToUidsCommand{Uids: []string{"u"}}}},
		{Kind: &pb.Command_SendToGroups{SendToGroups: &pb.SendToGroupsCommand{Groups: []string{"g"}}}},
		{Kind: &pb.Command_Ungroup{Ungroup: &pb.UngroupCommand{Group: "g"}}},
	}
	queries := []*pb.Command{
		{RequestId: 3, Kind: &pb.Command_IsOnline{IsOnline: &pb.IsOnlineQuery{ConnectionId: 7}}},
		{RequestId: 4, Kind: &pb.Command_Select{Select: &pb.SelectQuery{Uids: []string{"u"}}}},
	}
	check := func(cmds []*pb.Command, stamp, welcomed string, want queuedVerdict) {
		t.Helper()
		for _, cmd := range cmds {
			if got := sortQueued(cmd, stamp, welcomed); got != want {
				t.Errorf("sortQueued(%v, %q, %q) = %v, want %v", cmd, stamp, welcomed, got, want)
			}
		}
	}
	all := append(append(append([]*pb.Command{}, byConnection...), byName...), queries...)
	check(all, "run-1", "run-1", queuedSend) // the same run: everything goes
	check(all, "", "run-2", queuedSend)      // made before any run was known
	check(byConnection, "run-1", "run-2", queuedDrop)
	check(byName, "run-1", "run-2", queuedSend)
	check(queries, "run-1", "run-2", queuedFail)
}
