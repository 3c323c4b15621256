package gatewayworker

import (
	"bytes"
	"encoding/json"
	"fmt"

	pb "gatewayworker.example/goworker/gen/gatewayworker/v1"
)

// Session is a client's session: a JSON object, decoded with encoding/json (numbers are float64,
// nested objects map[string]any, arrays []any). It is shared by every worker and the Gateway.
type Session = map[string]any

// parseSession decodes a session; it must be a JSON object.
func parseSession(data []byte) (Session, error) {
	var session Session
	if err := json.Unmarshal(data, &session); err != nil {
		return nil, newError(ErrInvalidArgument, "session is not a JSON object: %v", err)
	}
	if session == nil { // the JSON text was null
		return nil, newError(ErrInvalidArgument, "session must be a JSON object, got null")
	}
	return session, nil
}

// marshalJSON is json.Marshal without HTML escaping (sessions are data, not HTML).
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// deepMerge is updateSession: objects merge key by key, recursively; anything else (arrays too)
// replaces. Neither argument is modified.
func deepMerge(target, changes Session) Session {
	result := make(Session, len(target)+len(changes))
	for k, v := range target {
		result[k] = v
	}
	for k, v := range changes {
		current, currentIsObject := result[k].(map[string]any)
		change, changeIsObject := v.(map[string]any)
		if currentIsObject && changeIsObject {
			result[k] = deepMerge(current, change)
		} else {
			result[k] = v
		}
	}
	return result
}

// applyPatch is a handler's write-back: top-level keys set, others deleted. target is not modified.
func applyPatch(target, set Session, unset []string) Session {
	result := make(Session, len(target)+len(set))
	for k, v := range target {
		result[k] = v
	}
	for k, v := range set {
		result[k] = v
	}
	for _, k := range unset {
		delete(result, k)
	}
	return result
}

// snapshot holds the JSON text of every top-level key of a session, to see after a handler ran
// which keys it changed.
type snapshot map[string]string

func takeSnapshot(session Session) (snapshot, error) {
	snap := make(snapshot, len(session))
	for k, v := range session {
		text, err := marshalJSON(v)
		if err != nil {
			return nil, fmt.Errorf("session key %q: %w", k, err)
		}
		snap[k] = string(text)
	}
	return snap, nil
}

// diff returns the top-level keys of session that differ from the snapshot (set) and the keys of
// the snapshot that session no longer has (unset).
func (snap snapshot) diff(session Session) (set Session, unset []string, err error) {
	set = Session{}
	for k, v := range session {
		text, err := marshalJSON(v)
		if err != nil {
			return nil, nil, fmt.Errorf("session key %q: %w", k, err)
		}
		if before, ok := snap[k]; !ok || before != string(text) {
			set[k] = v
		}
	}
	for k := range snap {
		if _, ok := session[k]; !ok {
			unset = append(unset, k)
		}
	}
	return set, unset, nil
}

// sessionChange is a SessionCommand this worker sent for a client it handles and the Gateway may not
// have applied yet: it is re-applied on top of any later session copy from the Gateway that does not
// include it (ClientEvent.session_seq < seq). It keeps the JSON as sent, so that a handler changing
// its values afterwards cannot change it.
type sessionChange struct {
	seq   uint32
	op    pb.SessionOp
	json  []byte
	unset []string
}

// apply returns session with the change applied; session is not modified.
func (c sessionChange) apply(session Session) Session {
	value, err := parseSession(c.json)
	if err != nil { // cannot happen: we encoded it
		value = Session{}
	}
	switch c.op {
	case pb.SessionOp_SESSION_OP_REPLACE:
		return value
	case pb.SessionOp_SESSION_OP_MERGE:
		return deepMerge(session, value)
	default:
		return applyPatch(session, value, c.unset)
	}
}

// replaceContents makes dst hold exactly the entries of src, keeping dst's identity (a handler's
// reference to its session stays the live session).
func replaceContents(dst, src Session) {
	for k := range dst {
		delete(dst, k)
	}
	for k, v := range src {
		dst[k] = v
	}
}
