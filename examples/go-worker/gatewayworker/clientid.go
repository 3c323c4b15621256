package gatewayworker

import (
	"fmt"
	"net/netip"
	"strconv"
)

// A client id is 20 lowercase hex characters: the owning Gateway's inner IPv4 address (8), its
// inner port (4) and the connection id (8), big-endian. "7f00000108fc00000001" is connection 1 of
// the Gateway at 127.0.0.1:2300. Whoever holds a client id knows which Gateway to ask about it.

// EncodeClientID forms the client id of connection connectionID on the Gateway at gatewayAddress
// ("ipv4:port", as the Register lists it).
func EncodeClientID(gatewayAddress string, connectionID uint32) (string, error) {
	addrPort, err := netip.ParseAddrPort(gatewayAddress)
	if err != nil || !addrPort.Addr().Is4() {
		return "", newError(ErrInvalidArgument, "gateway address %q must be \"ipv4:port\"", gatewayAddress)
	}
	ip := addrPort.Addr().As4()
	return fmt.Sprintf("%02x%02x%02x%02x%04x%08x", ip[0], ip[1], ip[2], ip[3], addrPort.Port(), connectionID), nil
}

// DecodeClientID returns the address ("ipv4:port") of the Gateway that owns clientID and the
// client's connection id on it.
func DecodeClientID(clientID string) (gatewayAddress string, connectionID uint32, err error) {
	if !isClientID(clientID) {
		return "", 0, newError(ErrInvalidClientID,
			"client id %q is invalid: expected 20 lowercase hex characters", clientID)
	}
	ip, _ := strconv.ParseUint(clientID[0:8], 16, 32)
	port, _ := strconv.ParseUint(clientID[8:12], 16, 16)
	conn, _ := strconv.ParseUint(clientID[12:20], 16, 32)
	addr := netip.AddrFrom4([4]byte{byte(ip >> 24), byte(ip >> 16), byte(ip >> 8), byte(ip)})
	return netip.AddrPortFrom(addr, uint16(port)).String(), uint32(conn), nil
}

func isClientID(s string) bool {
	if len(s) != 20 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
