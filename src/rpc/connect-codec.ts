import type * as protoLoader from '@grpc/proto-loader';
import type { ClientEvent__Output } from './generated/gatewayworker/v1/ClientEvent';
import type { Command } from './generated/gatewayworker/v1/Command';
import type { Command__Output } from './generated/gatewayworker/v1/Command';
import type { ClientEvent } from './generated/gatewayworker/v1/ClientEvent';
import type { ConnectRequest, ConnectRequest__Output } from './generated/gatewayworker/v1/ConnectRequest';
import type { ConnectResponse, ConnectResponse__Output } from './generated/gatewayworker/v1/ConnectResponse';

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

/** Installs the codecs on both sides of Connect: the worker's (client) and the Gateway's (server). */
export function useFastConnectCodec(definition: protoLoader.PackageDefinition): void {
  const service = definition['gatewayworker.v1.Gateway'] as protoLoader.ServiceDefinition | undefined;
  const connect = service?.Connect as
    | protoLoader.MethodDefinition<
        ConnectRequest,
        ConnectResponse,
        ConnectRequest__Output,
        ConnectResponse__Output
      >
    | undefined;
  if (!connect) throw new Error('gatewayworker.v1.Gateway.Connect missing from the loaded protos');
  const enums = eventEnums(definition);
  connect.requestSerialize = fastConnectRequestSerializer(connect.requestSerialize);
  connect.responseDeserialize = fastConnectResponseDeserializer(connect.responseDeserialize, enums);
  connect.responseSerialize = fastConnectResponseSerializer(connect.responseSerialize, enums);
  connect.requestDeserialize = fastConnectRequestDeserializer(connect.requestDeserialize);
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
  // Each body's size, measured once: it sizes the buffer and prefixes the body.
  const bodies = new Array<number>(to - from);
  let total = 0;
  for (let i = from; i < to; i++) {
    const body = sendBodySize((commands[i] as Command).send as SendFields);
    bodies[i - from] = body;
    const command = 1 + varintSize(body) + body;
    total += 1 + varintSize(command) + command;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = from; i < to; i++) {
    const send = (commands[i] as Command).send as SendFields;
    const body = bodies[i - from] as number;
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

/**
 * The Gateway's serializer for what it sends on Connect, the same bytes as proto-loader's: events
 * of scalar and bytes fields (messages, closes, connects without client info) are written straight
 * into one buffer; everything else (a welcome, replies, drained, an event with client info or a
 * handshake, a value proto-loader would convert) by proto-loader, piece by piece in field order.
 */
export function fastConnectResponseSerializer(
  fallback: (response: ConnectResponse) => Buffer,
  enums: { eventTypes: EnumNames; closeReasons: EnumNames },
): (response: ConnectResponse) => Buffer {
  const numbers = {
    eventTypes: enumNumbers(enums.eventTypes),
    closeReasons: enumNumbers(enums.closeReasons),
  };
  return (response) => {
    const events = response.events;
    if (!events || events.length === 0) return fallback(response);
    for (const key in response) {
      if (key !== 'events' && key !== 'welcome' && key !== 'replies' && key !== 'drained')
        return fallback(response);
    }
    const pieces: Buffer[] = [];
    if (response.welcome != null) pieces.push(fallback({ welcome: response.welcome }));
    // Each event's body size, measured once: it says whether the event is plain, sizes the buffer
    // and prefixes the event.
    const sizes = new Array<number>(events.length);
    let plain = 0;
    for (let i = 0; i <= events.length; i++) {
      const event = events[i];
      if (i < events.length) {
        const size = eventBodySize(event as ClientEvent, numbers);
        sizes[i] = size;
        if (size >= 0) continue;
      }
      if (i > plain) pieces.push(encodeEvents(events, sizes, plain, i, numbers));
      if (event) pieces.push(fallback({ events: [event] }));
      plain = i + 1;
    }
    if (response.replies != null) pieces.push(fallback({ replies: response.replies }));
    if (response.drained != null) pieces.push(fallback({ drained: response.drained }));
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  };
}

/**
 * The Gateway's deserializer for what workers send on Connect, the same objects as proto-loader's:
 * frames of plain `send` commands only (what busy workers mostly send) are read straight into the
 * objects proto-loader gives (with the `kind` of the oneof); any other frame by proto-loader.
 */
export function fastConnectRequestDeserializer(
  fallback: (wire: Buffer) => ConnectRequest__Output,
): (wire: Buffer) => ConnectRequest__Output {
  return (wire) => {
    const commands: Command__Output[] = [];
    const reader = { at: 0 };
    while (reader.at < wire.length) {
      if (wire[reader.at++] !== 0x12) return fallback(wire); // ConnectRequest.commands
      const length = readVarint(wire, reader);
      const end = reader.at + length;
      if (length < 0 || end > wire.length) return fallback(wire);
      // Command holding exactly one field: send (2), length-delimited.
      if (reader.at >= end || wire[reader.at++] !== 0x12) return fallback(wire);
      const sendLength = readVarint(wire, reader);
      if (sendLength < 0 || reader.at + sendLength !== end) return fallback(wire);
      const send = readPlainSend(wire, reader, end);
      if (!send) return fallback(wire);
      commands.push({ send, kind: 'send' });
    }
    return commands.length > 0 ? { commands } : fallback(wire);
  };
}

type EnumNumbers = ReadonlyMap<string, number>;

function enumNumbers(names: EnumNames): EnumNumbers {
  const numbers = new Map<string, number>();
  for (const [number, name] of names) numbers.set(name, number);
  return numbers;
}

/** An enum value as protobufjs' fromObject takes it: a known name or a non-negative int32; -1 otherwise. */
function enumNumber(numbers: EnumNumbers, value: unknown): number {
  if (typeof value === 'string') return numbers.get(value) ?? -1;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 0x80000000
    ? value
    : -1;
}

/** Bytes of an event's fields written here; -1 for an event that proto-loader must write. */
function eventBodySize(
  event: ClientEvent,
  numbers: { eventTypes: EnumNumbers; closeReasons: EnumNumbers },
): number {
  let size = 0;
  for (const key in event) {
    const value = (event as Record<string, unknown>)[key];
    if (value == null) continue;
    switch (key) {
      case 'type':
      case 'close_reason': {
        const number = enumNumber(key === 'type' ? numbers.eventTypes : numbers.closeReasons, value);
        if (number < 0) return -1;
        size += 1 + varintSize(number);
        break;
      }
      case 'connection_id':
      case 'session_seq':
        if (typeof value !== 'number') return -1;
        size += 1 + varintSize(value >>> 0);
        break;
      case 'data':
      case 'session':
        if (!(value instanceof Uint8Array)) return -1;
        size += 1 + varintSize(value.length) + value.length;
        break;
      case 'binary':
        if (typeof value !== 'boolean') return -1;
        size += 2;
        break;
      default:
        return -1;
    }
  }
  return size;
}

/** ConnectResponse field 2 (ClientEvent) for events[from, to), fields in number order as protobufjs writes them. */
function encodeEvents(
  events: ClientEvent[],
  /** eventBodySize of each event, by index. */
  sizes: number[],
  from: number,
  to: number,
  numbers: { eventTypes: EnumNumbers; closeReasons: EnumNumbers },
): Buffer {
  let total = 0;
  for (let i = from; i < to; i++) {
    const body = sizes[i] as number;
    total += 1 + varintSize(body) + body;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = from; i < to; i++) {
    const event = events[i] as ClientEvent;
    out[at++] = 0x12; // ConnectResponse.events
    at = writeVarint(out, at, sizes[i] as number);
    if (event.type != null) {
      out[at++] = 0x08;
      at = writeVarint(out, at, enumNumber(numbers.eventTypes, event.type));
    }
    if (event.connection_id != null) {
      out[at++] = 0x10;
      at = writeVarint(out, at, (event.connection_id as number) >>> 0);
    }
    if (event.data != null) at = writeBytes(out, at, 0x1a, event.data as Uint8Array);
    if (event.binary != null) {
      out[at++] = 0x20;
      out[at++] = event.binary ? 1 : 0;
    }
    if (event.session != null) at = writeBytes(out, at, 0x32, event.session as Uint8Array);
    if (event.session_seq != null) {
      out[at++] = 0x38;
      at = writeVarint(out, at, (event.session_seq as number) >>> 0);
    }
    if (event.close_reason != null) {
      out[at++] = 0x40;
      at = writeVarint(out, at, enumNumber(numbers.closeReasons, event.close_reason));
    }
  }
  return out;
}

function writeBytes(out: Buffer, at: number, tag: number, bytes: Uint8Array): number {
  out[at++] = tag;
  at = writeVarint(out, at, bytes.length);
  out.set(bytes, at);
  return at + bytes.length;
}

/** A SendCommand in wire[reader.at, end) as proto-loader gives it; undefined for anything else. */
function readPlainSend(
  wire: Buffer,
  reader: { at: number },
  end: number,
): NonNullable<Command__Output['send']> | undefined {
  const send: NonNullable<Command__Output['send']> = {};
  const ids: number[] = [];
  while (reader.at < end) {
    const tag = readVarint(wire, reader);
    if (tag === 0x0a) {
      // connection_ids, packed
      const length = readVarint(wire, reader);
      const stop = reader.at + length;
      if (length < 0 || stop > end) return undefined;
      while (reader.at < stop) {
        const id = readVarint(wire, reader);
        if (id < 0 || reader.at > stop) return undefined;
        ids.push(id);
      }
    } else if (tag === 0x08 || tag === 0x18) {
      // connection_ids one by one, or binary
      const value = readVarint(wire, reader);
      if (value < 0) return undefined;
      if (tag === 0x08) ids.push(value);
      else send.binary = value !== 0;
    } else if (tag === 0x12) {
      const length = readVarint(wire, reader);
      const stop = reader.at + length;
      if (length < 0 || stop > end) return undefined;
      send.data = length === 0 ? Buffer.alloc(0) : wire.subarray(reader.at, stop);
      reader.at = stop;
    } else {
      return undefined;
    }
  }
  if (reader.at !== end) return undefined;
  if (ids.length > 0) send.connection_ids = ids;
  return send;
}
