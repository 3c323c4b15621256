import type * as protoLoader from '@grpc/proto-loader';
import type { Command } from './generated/gatewayworker/v1/Command';
import type { ConnectRequest } from './generated/gatewayworker/v1/ConnectRequest';

/**
 * A faster serializer for the worker's side of the Connect stream, the same bytes as proto-loader's.
 *
 * Most of what a busy worker sends are plain `send` commands (sendToCurrentClient, sendToClient).
 * proto-loader turns each into protobufjs message objects (fromObject) and encodes them through a
 * writer that allocates per field; here they are written straight into one buffer. A stream
 * message is the concatenation of its fields, so every other part (hello, other commands, drain)
 * is encoded by proto-loader's own serializer, one piece at a time in field order, and the pieces
 * are joined: the result is byte for byte what proto-loader writes (a unit test checks this).
 */
export function fastConnectRequestSerializer(
  fallback: (request: ConnectRequest) => Buffer,
): (request: ConnectRequest) => Buffer {
  return (request) => {
    const commands = request.commands;
    if (!commands || commands.length === 0) return fallback(request);
    for (const key in request) {
      if (key !== 'commands' && key !== 'hello' && key !== 'drain') return fallback(request);
    }
    const pieces: Buffer[] = [];
    if (request.hello != null) pieces.push(fallback({ hello: request.hello }));
    let plain = 0;
    for (let i = 0; i <= commands.length; i++) {
      const command = commands[i];
      if (i < commands.length && plainSend(command as Command)) continue;
      // A run of plain sends ends here: write them, then this other command the usual way.
      if (i > plain) pieces.push(encodeSends(commands, plain, i));
      if (command) pieces.push(fallback({ commands: [command] }));
      plain = i + 1;
    }
    if (request.drain != null) pieces.push(fallback({ drain: request.drain }));
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  };
}

/** Installs the serializer on Connect's client side (workers); the Gateway's side is unchanged. */
export function useFastConnectCodec(definition: protoLoader.PackageDefinition): void {
  const service = definition['gatewayworker.v1.Gateway'] as protoLoader.ServiceDefinition | undefined;
  const connect = service?.Connect as protoLoader.MethodDefinition<ConnectRequest, unknown> | undefined;
  if (!connect) throw new Error('gatewayworker.v1.Gateway.Connect missing from the loaded protos');
  connect.requestSerialize = fastConnectRequestSerializer(connect.requestSerialize);
}

/** A command with nothing but a `send` whose fields are of the types written here. */
function plainSend(command: Command): boolean {
  for (const key in command) {
    if (key !== 'send' && (command as Record<string, unknown>)[key] != null) return false;
  }
  const send = command.send;
  if (send == null) return false;
  for (const key in send) {
    if (key !== 'connection_ids' && key !== 'data' && key !== 'binary') return false;
  }
  const { connection_ids: ids, data } = send;
  return (ids == null || Array.isArray(ids)) && (data == null || data instanceof Uint8Array);
}

/** ConnectRequest field 2 (Command) holding Command field 2 (SendCommand), for commands[from, to). */
function encodeSends(commands: Command[], from: number, to: number): Buffer {
  let total = 0;
  for (let i = from; i < to; i++) {
    const body = sendBodySize((commands[i] as Command).send as SendFields);
    const command = 1 + varintSize(body) + body;
    total += 1 + varintSize(command) + command;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = from; i < to; i++) {
    const send = (commands[i] as Command).send as SendFields;
    const body = sendBodySize(send);
    const command = 1 + varintSize(body) + body;
    out[at++] = 0x12; // ConnectRequest.commands
    at = writeVarint(out, at, command);
    out[at++] = 0x12; // Command.send
    at = writeVarint(out, at, body);
    const ids = send.connection_ids;
    if (ids != null && ids.length > 0) {
      out[at++] = 0x0a; // SendCommand.connection_ids, packed
      at = writeVarint(out, at, packedSize(ids));
      for (const id of ids) at = writeVarint(out, at, id >>> 0);
    }
    if (send.data != null) {
      out[at++] = 0x12; // SendCommand.data
      at = writeVarint(out, at, send.data.length);
      out.set(send.data, at);
      at += send.data.length;
    }
    if (send.binary != null) {
      out[at++] = 0x18; // SendCommand.binary
      out[at++] = send.binary ? 1 : 0;
    }
  }
  return out;
}

interface SendFields {
  connection_ids?: number[];
  data?: Uint8Array;
  binary?: boolean;
}

function sendBodySize(send: SendFields): number {
  let size = 0;
  const ids = send.connection_ids;
  if (ids != null && ids.length > 0) {
    const packed = packedSize(ids);
    size += 1 + varintSize(packed) + packed;
  }
  if (send.data != null) size += 1 + varintSize(send.data.length) + send.data.length;
  if (send.binary != null) size += 2;
  return size;
}

function packedSize(ids: number[]): number {
  let size = 0;
  for (const id of ids) size += varintSize(id >>> 0);
  return size;
}

function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

function writeVarint(out: Buffer, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[at++] = value;
  return at;
}
