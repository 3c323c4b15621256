import { createHash, timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';

/** The call metadata that carries the mesh's shared secret (gRPC lower-cases header names). */
export const SECRET_METADATA_KEY = 'x-gatewayworker-secret';

/** Why a call was refused; said to the caller (never with the key) and logged once per peer. */
export type SecretRefusal = 'missing' | 'wrong';

export const REFUSAL_DETAILS: Record<SecretRefusal, string> = {
  missing: `missing secret key (send it as ${SECRET_METADATA_KEY} metadata; set secretKey on every role)`,
  wrong: `wrong secret key (${SECRET_METADATA_KEY} metadata does not match this server's secretKey)`,
};

/** SHA-256 of a key, the form checkSecret compares (so that a key's length does not show). */
export function secretDigest(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Checks the metadata values against the secret in constant time: both sides are hashed first,
 * so neither the content nor the length of the key shows in the timing. Undefined = accepted.
 */
export function checkSecret(expectedDigest: Buffer, values: grpc.MetadataValue[]): SecretRefusal | undefined {
  if (values.length === 0) return 'missing';
  // One value only: a second header must not be a second guess.
  const given = values.length === 1 ? (values[0] as grpc.MetadataValue) : '';
  return timingSafeEqual(secretDigest(given), expectedDigest) && values.length === 1 ? undefined : 'wrong';
}

export interface SecretServerOptions {
  secretKey: string;
  /** Methods served without the secret (reflection and health, when introspection is 'open'). */
  isOpen(path: string): boolean;
  /** A call was refused: the peer ("ip:port") and why. */
  onRefused(peer: string, reason: SecretRefusal, path: string): void;
}

/**
 * A server interceptor that ends every call without the right secret with UNAUTHENTICATED before
 * any handler runs (grpc-js starts the handler only after the metadata passed the interceptors).
 */
export function secretServerInterceptor(options: SecretServerOptions): grpc.ServerInterceptor {
  const expected = secretDigest(options.secretKey);
  return (method, call) => {
    if (options.isOpen(method.path)) return new grpc.ServerInterceptingCall(call);
    const listener = new grpc.ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        const refusal = checkSecret(expected, metadata.get(SECRET_METADATA_KEY));
        if (refusal === undefined) {
          // The key goes no further than this check (handlers never see it).
          metadata.remove(SECRET_METADATA_KEY);
          next(metadata);
          return;
        }
        options.onRefused(call.getPeer(), refusal, method.path);
        call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: REFUSAL_DETAILS[refusal] });
      })
      .build();
    const responder = new grpc.ResponderBuilder().withStart((next) => next(listener)).build();
    return new grpc.ServerInterceptingCall(call, responder);
  };
}

/**
 * A client interceptor that adds the secret (when set) to every call, and reports calls that the
 * server refused as UNAUTHENTICATED, so that the refused process can say why.
 */
export function secretClientInterceptor(
  secretKey: string,
  onRefused: (details: string) => void,
): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        if (secretKey !== '') metadata.set(SECRET_METADATA_KEY, secretKey);
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            if (status.code === grpc.status.UNAUTHENTICATED) onRefused(status.details);
            nextStatus(status);
          },
        });
      },
    });
}
