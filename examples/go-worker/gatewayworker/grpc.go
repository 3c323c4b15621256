package gatewayworker

import (
	"context"
	"time"

	"google.golang.org/grpc"
	grpcbackoff "google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"
)

// SecretMetadataKey is the call metadata that carries the mesh's shared secret
// (proto/README.md, "Authentication").
const SecretMetadataKey = "x-gatewayworker-secret"

// secretKey sends the mesh's shared secret as metadata on every call ("" sends nothing).
type secretKey string

func (k secretKey) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	if k == "" {
		return nil, nil
	}
	return map[string]string{SecretMetadataKey: string(k)}, nil
}

// RequireTransportSecurity is false: the secret also works on a plaintext mesh (as in the
// TypeScript roles); put the mesh on a private network or use mTLS.
func (secretKey) RequireTransportSecurity() bool { return false }

// refusal says whether err is a refusal of our secret (UNAUTHENTICATED), and its reason.
func refusal(err error) (string, bool) {
	s := status.Convert(err)
	return s.Message(), s.Code() == codes.Unauthenticated
}

// maxMessageBytes is the largest stream message either side accepts (proto/README.md, "Keepalive").
const maxMessageBytes = 64 << 20

// dial opens a channel to a Register or a Gateway (the connection is made lazily, and remade
// after a failure within 2 s at most).
func dial(address string, secret string) (*grpc.ClientConn, error) {
	return grpc.NewClient(address,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(secretKey(secret)),
		// A frozen peer is found in ~15 s; pings also while no call is open.
		grpc.WithKeepaliveParams(keepalive.ClientParameters{
			Time:                10 * time.Second,
			Timeout:             5 * time.Second,
			PermitWithoutStream: true,
		}),
		grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(maxMessageBytes),
			grpc.MaxCallSendMsgSize(maxMessageBytes),
		),
		// gRPC's own reconnect backoff grows to 2 minutes by default: far too slow for a Gateway
		// that restarts.
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           grpcbackoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 2, Jitter: 0.2, MaxDelay: 2 * time.Second},
			MinConnectTimeout: 5 * time.Second,
		}),
	)
}
