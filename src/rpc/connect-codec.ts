import type * as protoLoader from '@grpc/proto-loader';
import type { ClientEvent__Output } from './generated/gatewayworker/v1/ClientEvent';
import type { Command } from './generated/gatewayworker/v1/Command';
import type { ConnectRequest } from './generated/gatewayworker/v1/ConnectRequest';
import type { ConnectResponse__Output } from './generated/gatewayworker/v1/ConnectResponse';

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

/**
 * A faster deserializer for what the worker receives on Connect, the same objects as proto-loader's.
 *
 * A busy worker mostly receives frames holding only events with plain fields (messages, closes).
 * proto-loader decodes each into protobufjs objects and converts those again (toObject); here they
 * are read straight into the objects proto-loader would give (the loader options of load.ts:
 * fields present on the wire only, enum names, bytes as Buffers over the frame). A frame with
 * anything else (a welcome, replies, an event with client info or a handshake, a field this code
 * does not know) is decoded by proto-loader as a whole. A unit test compares both on random frames.
 */
export function fastConnectResponseDeserializer(
  fallback: (wire: Buffer) => ConnectResponse__Output,
  enums: { eventTypes: EnumNames; closeReasons: EnumNames },
): (wire: Buffer) => ConnectResponse__Output {
  return (wire) => {
    const events: ClientEvent__Output[] = [];
    const reader = { at: 0 };
    while (reader.at < wire.length) {
      // Only field 2 (events), length-delimited.
      if (wire[reader.at++] !== 0x12) return fallback(wire);
      const length = readVarint(wire, reader);
      const end = reader.at + length;
      if (length < 0 || end > wire.length) return fallback(wire);
      const event = readPlainEvent(wire, reader, end, enums);
      if (!event) return fallback(wire);
      events.push(event);
    }
    return events.length > 0 ? { events } : fallback(wire);
  };
}

/** Enum numbers to names, as the loaded definition declares them. */
export type EnumNames = ReadonlyMap<number, string>;

function enumNames(definition: protoLoader.PackageDefinition, name: string): EnumNames {
  const declared = definition[name] as { type?: { value?: Array<{ name: string; number: number }> } };
  const names = new Map<number, string>();
  for (const value of declared?.type?.value ?? []) names.set(value.number, value.name);
  if (names.size === 0) throw new Error(`enum ${name} missing from the loaded protos`);
  return names;
}

/** Installs both codecs on Connect's client side (workers); the Gateway's side is unchanged. */
export function useFastConnectCodec(definition: protoLoader.PackageDefinition): void {
  const service = definition['gatewayworker.v1.Gateway'] as protoLoader.ServiceDefinition | undefined;
  const connect = service?.Connect as
    protoLoader.MethodDefinition<ConnectRequest, unknown, unknown, ConnectResponse__Output> | undefined;
  if (!connect) throw new Error('gatewayworker.v1.Gateway.Connect missing from the loaded protos');
  connect.requestSerialize = fastConnectRequestSerializer(connect.requestSerialize);
  connect.responseDeserialize = fastConnectResponseDeserializer(
    connect.responseDeserialize,
    eventEnums(definition),
  );
}

/** The enums of ClientEvent, by number, from the loaded definition. */
export function eventEnums(definition: protoLoader.PackageDefinition): {
  eventTypes: EnumNames;
  closeReasons: EnumNames;
} {
  return {
    eventTypes: enumNames(definition, 'gatewayworker.v1.ClientEventType'),
    closeReasons: enumNames(definition, 'gatewayworker.v1.CloseReason'),
  };
}

/** A ClientEvent of scalar and bytes fields only, in wire[reader.at, end); undefined for anything else. */
function readPlainEvent(
  wire: Buffer,
  reader: { at: number },
  end: number,
  enums: { eventTypes: EnumNames; closeReasons: EnumNames },
): ClientEvent__Output | undefined {
  const event: ClientEvent__Output = {};
  while (reader.at < end) {
    const tag = readVarint(wire, reader);
    if (tag < 0) return undefined;
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === 0) {
      const value = readVarint(wire, reader);
      if (value < 0) return undefined;
      if (field === 1) event.type = enumName(enums.eventTypes, value) as ClientEvent__Output['type'];
      else if (field === 2) event.connection_id = value;
      else if (field === 4) event.binary = value !== 0;
      else if (field === 7) event.session_seq = value;
      else if (field === 8)
        event.close_reason = enumName(enums.closeReasons, value) as ClientEvent__Output['close_reason'];
      else return undefined;
    } else if (wireType === 2 && (field === 3 || field === 6)) {
      const length = readVarint(wire, reader);
      const stop = reader.at + length;
      if (length < 0 || stop > end) return undefined;
      // A view over the frame, as protobufjs gives it (empty: a fresh empty Buffer).
      const bytes = length === 0 ? Buffer.alloc(0) : wire.subarray(reader.at, stop);
      if (field === 3) event.data = bytes;
      else event.session = bytes;
      reader.at = stop;
    } else {
      return undefined;
    }
  }
  return reader.at === end ? event : undefined;
}

/** protobufjs reads enums as int32 and keeps numbers it has no name for. */
function enumName(names: EnumNames, value: number): string | number {
  const number = value | 0;
  return names.get(number) ?? number;
}

/**
 * A varint as protobufjs' uint32() reads it (low 32 bits of up to 10 bytes); -1 past the end, which
 * callers treat as malformed.
 */
function readVarint(wire: Buffer, reader: { at: number }): number {
  let value = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (reader.at >= wire.length) return -1;
    const byte = wire[reader.at++] as number;
    if (shift < 32) value |= (byte & 0x7f) << shift;
    if (byte < 0x80) return value >>> 0;
  }
  return -1;
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
