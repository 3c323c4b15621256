package gatewayworker

import (
	"google.golang.org/protobuf/reflect/protoreflect"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// queuedVerdict is what happens to a command queued for one run of a Gateway when a stream of
// some run of it takes it (proto/README.md, "Queued commands and Gateway restarts").
type queuedVerdict int

const (
	queuedSend queuedVerdict = iota // for this run (or any run): send it
	queuedDrop                      // names connection ids of another run: they may be other clients now
	queuedFail                      // a query for another run: fail it rather than ask a stranger
)

// sortQueued decides for a command stamped with the Gateway run it was made for ("": unknown)
// when a stream welcomed by welcomed takes it. Commands by uid, group or to all still go.
func sortQueued(cmd *pb.Command, stampedFor, welcomed string) queuedVerdict {
	switch {
	case stampedFor == "" || stampedFor == welcomed:
		return queuedSend
	case cmd.GetRequestId() != 0:
		return queuedFail
	case namesConnection(cmd):
		return queuedDrop
	default:
		return queuedSend
	}
}

// namesConnection says whether a command targets one client (its kind has a connection_id) or
// lists or excludes connection ids.
func namesConnection(cmd *pb.Command) bool {
	names := false
	cmd.ProtoReflect().Range(func(field protoreflect.FieldDescriptor, kind protoreflect.Value) bool {
		if field.Kind() != protoreflect.MessageKind {
			return true
		}
		fields := field.Message().Fields()
		if fields.ByName("connection_id") != nil {
			names = true
			return false
		}
		for _, name := range []protoreflect.Name{"connection_ids", "exclude_connection_ids"} {
			if list := fields.ByName(name); list != nil && kind.Message().Get(list).List().Len() > 0 {
				names = true
				return false
			}
		}
		return true
	})
	return names
}
