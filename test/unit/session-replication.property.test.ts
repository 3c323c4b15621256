import { strict as assert } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { SessionReplica, type SessionChange, type SessionStamp } from '../../src/gateway/session-replica';
import { SessionCopy } from '../../src/worker/session-copy';

/*
 * Both halves of session replication (SessionReplica on the Gateway, SessionCopy on the worker)
 * driven by random interleavings, against a reference model written from the rule alone:
 *
 *   the handler of an event sees the session as the Gateway had it when it sent the event, with
 *   this worker's own changes (on that stream) that the Gateway had not processed yet applied on
 *   top, in order; and then its own changes as it makes them.
 *
 * One client; two workers, each with a stream that can break (its commands sent so far arrive,
 * events not yet read are lost) and be reopened (a new generation, a new copy). Changes come from
 * handlers (ctx.session mutations, written back as top-level patches), from setSession /
 * updateSession of the same worker inside and outside a handler, and from anyone else (other
 * workers, unary calls). A handler may also make a query (the dispatcher first writes back its
 * changes so far): when nobody else changed the session meanwhile, the Gateway answers it with the
 * handler's own view (read-your-writes).
 */

type Json = null | number | string | boolean | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

// ---- the reference model: plain objects, written independently of src/session.ts ----

const clone = <T>(value: T): T => structuredClone(value);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(target: Obj, changes: Obj): Obj {
  const out = clone(target);
  for (const [k, v] of Object.entries(changes)) {
    const cur = out[k];
    out[k] = isObj(cur) && isObj(v) ? merge(cur, v) : clone(v);
  }
  return out;
}

type ModelChange = { op: 'replace' | 'merge'; value: Obj } | { op: 'patch'; set: Obj; unset: string[] };

function applyModel(session: Obj, change: ModelChange): Obj {
  if (change.op !== 'patch')
    return change.op === 'replace' ? clone(change.value) : merge(session, change.value);
  const out = { ...clone(session), ...clone(change.set) };
  for (const k of change.unset) delete out[k];
  return out;
}

function diff(before: Obj, after: Obj): ModelChange | undefined {
  const set: Obj = {};
  for (const [k, v] of Object.entries(after)) if (!isDeepStrictEqual(before[k], v)) set[k] = clone(v);
  const unset = Object.keys(before).filter((k) => !(k in after));
  return Object.keys(set).length + unset.length > 0 ? { op: 'patch', set, unset } : undefined;
}

function toWire(change: ModelChange): SessionChange {
  return change.op === 'patch'
    ? { op: 'patch', json: JSON.stringify(change.set), unset: change.unset }
    : { op: change.op, json: JSON.stringify(change.value) };
}

// ---- the simulated mesh ----

interface Event {
  stamp: SessionStamp;
  /** The model session when the Gateway sent the event. */
  sentWith: Obj;
  /** How many of the copy's own changes the Gateway had processed then. */
  processedOwn: number;
  /** Changes the Gateway had applied then: all, and those read from this event's stream. */
  applied: number;
  appliedHere: number;
}

interface Handler {
  /** What the handler must see now (the model's view). */
  view: Obj;
  /** The view when the handler's changes were last taken. */
  baseline: Obj;
  event: Event;
}

/** A handler's query on its way to the Gateway: what it must answer, unless others changed it since. */
interface Query {
  query: Obj;
  event: Event;
}

class Stream {
  alive = true;
  /** Gateway -> worker: sent, not yet read. */
  readonly toWorker: Event[] = [];
  /** Read by the worker, waiting for the client's handler. */
  readonly queue: Event[] = [];
  /** Worker -> Gateway: commands (and queries) in order. */
  readonly toGateway: Array<{ change: ModelChange; seq: number; origin: Stream } | Query> = [];
  /** Changes of this stream's copy the Gateway applied (a broken stream's copy sends on the next). */
  appliedHere = 0;
  copy?: SessionCopy;
  /** The copy's own changes, in order (numbered, or made after the break). */
  readonly own: ModelChange[] = [];
  processedOwn = 0;
  handler?: Handler;
  constructor(readonly worker: number) {}
}

class Mesh {
  readonly replica = new SessionReplica();
  model: Obj = {};
  readonly streams: Stream[] = [new Stream(0), new Stream(1)];
  bound?: Stream;
  /** Changes of copies whose stream broke, queued until their worker has a stream again. */
  readonly limbo: ModelChange[] = [];
  checks = 0;
  queriesChecked = 0;
  /** Changes the Gateway applied (refused ones included: nobody else changed it either way). */
  applied = 0;

  live(worker: number): Stream | undefined {
    return this.streams.find((s) => s.worker === worker && s.alive);
  }

  /** The Gateway processes one change; `from` is set for a numbered change of the bound stream. */
  gatewayApplies(change: ModelChange, seq = 0, from?: Stream): void {
    this.replica.apply(toWire(change), from && from === this.bound ? seq : 0);
    this.model = applyModel(this.model, change);
    this.applied += 1;
    if (from && seq > 0) from.processedOwn += 1;
  }

  clientMessage(pick: number): void {
    if (!this.bound) {
      const candidates = this.streams.filter((s) => s.alive);
      if (candidates.length === 0) return;
      this.bound = candidates[pick % candidates.length]!;
      this.replica.workerBound();
    }
    const stream = this.bound;
    stream.toWorker.push({
      stamp: this.replica.stamp(),
      sentWith: clone(this.model),
      processedOwn: stream.processedOwn,
      applied: this.applied,
      appliedHere: stream.appliedHere,
    });
  }

  workerReads(stream: Stream): void {
    const event = stream.toWorker.shift();
    if (!event) return;
    stream.copy ??= new SessionCopy();
    stream.queue.push(event);
  }

  handlerStarts(stream: Stream): void {
    const event = stream.handler ? undefined : stream.queue.shift();
    if (!event || !stream.copy) return;
    stream.copy.beginEvent(event.stamp.session, event.stamp.session_seq ?? 0);
    let expected = event.sentWith;
    for (const change of stream.own.slice(event.processedOwn)) expected = applyModel(expected, change);
    this.check(stream.copy.read(), expected, 'the session a handler starts with');
    stream.handler = { view: clone(expected), baseline: clone(expected), event };
  }

  handlerWrites(stream: Stream, key: string, value: Json | undefined, nested: boolean): void {
    const handler = stream.handler;
    if (!handler || !stream.copy) return;
    for (const session of [stream.copy.read() as Obj, handler.view]) {
      const current = session[key];
      if (nested && isObj(current)) current.n = clone(value ?? null);
      else if (value === undefined) delete session[key];
      else session[key] = clone(value);
    }
  }

  /** The dispatcher's write-back: after a handler, or before its query or an own setSession/updateSession. */
  takeChanges(stream: Stream): void {
    const handler = stream.handler;
    if (!handler || !stream.copy) return;
    const sent = stream.copy.takeChanges();
    const expected = diff(handler.baseline, handler.view);
    handler.baseline = clone(handler.view);
    assert.equal(sent !== undefined, expected !== undefined, 'a write-back exactly when something changed');
    if (!sent || !expected || expected.op !== 'patch') return;
    assert.deepEqual(JSON.parse(sent.json.toString()), expected.set);
    assert.deepEqual([...sent.unset].sort(), [...expected.unset].sort());
    this.sendOwn(stream, expected, sent.seq);
  }

  /** A query from the handler (ctx.gateway): its changes so far are written back first. */
  handlerQueries(stream: Stream): void {
    if (!stream.handler || !stream.alive) return;
    this.takeChanges(stream);
    stream.toGateway.push({ query: clone(stream.handler.view), event: stream.handler.event });
  }

  handlerEnds(stream: Stream): void {
    if (!stream.handler || !stream.copy) return;
    this.takeChanges(stream);
    stream.copy.endEvent(true);
    stream.handler = undefined;
  }

  /** setSession/updateSession by a worker for the client (from any of its handlers or a timer). */
  workerSetsSession(worker: number, change: ModelChange & { op: 'replace' | 'merge' }): void {
    const stream = this.streams.find((s) => s.worker === worker && s === this.bound && s.copy);
    if (!stream?.copy) {
      // Not this worker's client on a live copy: anyone's change.
      this.gatewayApplies(change);
      return;
    }
    this.takeChanges(stream);
    const seq = stream.copy.applyOwn(change.op, JSON.stringify(change.value));
    if (stream.handler) {
      stream.handler.view = applyModel(stream.handler.view, change);
      stream.handler.baseline = clone(stream.handler.view);
      this.check(
        stream.copy.read(),
        stream.handler.view,
        'the session after an own setSession/updateSession',
      );
    }
    this.sendOwn(stream, change, seq);
  }

  /** A copy whose stream broke sends on its worker's new stream (as GatewayLink does). */
  private sendOwn(stream: Stream, change: ModelChange, seq: number): void {
    stream.own.push(change);
    const via = stream.alive ? stream : this.live(stream.worker);
    if (via) via.toGateway.push({ change, seq, origin: stream });
    else this.limbo.push(change);
  }

  gatewayReads(stream: Stream): void {
    const command = stream.toGateway.shift();
    if (!command) return;
    if (!('query' in command)) {
      command.origin.appliedHere += 1;
      return this.gatewayApplies(command.change, command.seq, stream);
    }
    const { event } = command;
    // Every change applied since the event was sent came from this stream's copy: the handler's view has it.
    if (this.applied - event.applied === stream.appliedHere - event.appliedHere) {
      this.queriesChecked += 1;
      this.check(this.replica.value(), command.query, "a handler's query sees its own changes");
    }
  }

  /** The stream breaks: what the worker sent arrives, unread events are lost, the client moves on. */
  streamBreaks(worker: number): void {
    const stream = this.live(worker);
    if (!stream) return;
    while (stream.toGateway.length > 0) this.gatewayReads(stream);
    stream.alive = false;
    stream.toWorker.length = 0;
    stream.copy?.detach();
    if (this.bound === stream) this.bound = undefined;
    this.streams.push(new Stream(worker));
  }

  limboArrives(): void {
    const change = this.limbo.shift();
    if (change) this.gatewayApplies(change);
  }

  check(actual: unknown, expected: Obj, what: string): void {
    this.checks += 1;
    assert.deepStrictEqual(JSON.parse(JSON.stringify(actual)), expected, what);
  }
}

// ---- random actions ----

const key = fc.constantFrom('a', 'b', 'c');
const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: 0, max: 9 }),
  fc.constantFrom('x', 'y', true, null),
);
const value: fc.Arbitrary<Json> = fc.oneof(
  leaf,
  fc.array(leaf, { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('n', 'm'), leaf, { maxKeys: 2 }),
);
const obj = fc.dictionary(key, value, { maxKeys: 3 }) as fc.Arbitrary<Obj>;
const worker = fc.integer({ min: 0, max: 1 });

type Action = (mesh: Mesh) => void;
/** A worker's stream with a running handler (a broken stream's first: its handler still runs). */
const streamOf = (mesh: Mesh, w: number): Stream | undefined =>
  mesh.streams.find((s) => s.worker === w && s.handler);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.nat().map(
      (pick): Action =>
        (m) =>
          m.clientMessage(pick),
    ),
  },
  {
    weight: 4,
    arbitrary: worker.map(
      (w): Action =>
        (m) =>
          m.live(w) && m.workerReads(m.live(w)!),
    ),
  },
  {
    weight: 4,
    arbitrary: worker.map((w): Action => (m) => {
      for (const s of m.streams.filter((s) => s.worker === w)) m.handlerStarts(s);
    }),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(worker, key, fc.option(value, { nil: undefined }), fc.boolean())
      .map(([w, k, v, nested]): Action => (m) => {
        const s = streamOf(m, w);
        if (s) m.handlerWrites(s, k, v, nested);
      }),
  },
  {
    weight: 4,
    arbitrary: worker.map((w): Action => (m) => {
      for (const s of m.streams.filter((s) => s.worker === w)) m.handlerEnds(s);
    }),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(worker, fc.constantFrom('replace' as const, 'merge' as const), obj).map(
      ([w, op, v]): Action =>
        (m) =>
          m.workerSetsSession(w, { op, value: v }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('replace' as const, 'merge' as const), obj).map(
      ([op, v]): Action =>
        (m) =>
          m.gatewayApplies({ op, value: v }),
    ),
  },
  {
    weight: 5,
    arbitrary: worker.map(
      (w): Action =>
        (m) =>
          m.live(w) && m.gatewayReads(m.live(w)!),
    ),
  },
  {
    weight: 1,
    arbitrary: worker.map(
      (w): Action =>
        (m) =>
          m.streamBreaks(w),
    ),
  },
  { weight: 1, arbitrary: fc.constant<Action>((m) => m.limboArrives()) },
  {
    weight: 3,
    arbitrary: worker.map((w): Action => (m) => {
      const s = streamOf(m, w);
      if (s) m.handlerQueries(s);
    }),
  },
);

describe('session replication: SessionReplica + SessionCopy against a reference model (property)', () => {
  it('every handler sees the session the model says, under any interleaving', () => {
    let checks = 0;
    let queries = 0;
    let randomQueries = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 150, size: 'max' }), (actions) => {
        const mesh = new Mesh();
        for (const act of actions) act(mesh);
        // Everything settles: handlers end, commands arrive; the Gateway holds the model's session.
        for (const s of mesh.streams) mesh.handlerEnds(s);
        for (const s of mesh.streams) while (s.toGateway.length > 0) mesh.gatewayReads(s);
        while (mesh.limbo.length > 0) mesh.limboArrives();
        mesh.check(mesh.replica.value(), mesh.model, 'the Gateway session at rest');
        const before = mesh.queriesChecked;
        randomQueries += before;
        // One more event, handled from start to end, sees it too; its change and then its query as well.
        mesh.clientMessage(0);
        if (mesh.bound) {
          mesh.workerReads(mesh.bound);
          mesh.handlerStarts(mesh.bound);
          mesh.handlerWrites(mesh.bound, 'a', 'last', false);
          mesh.handlerQueries(mesh.bound);
          while (mesh.bound.toGateway.length > 0) mesh.gatewayReads(mesh.bound);
        }
        checks += mesh.checks;
        queries += mesh.queriesChecked;
      }),
      { seed: 20261202, numRuns: 400 },
    );
    assert.ok(checks > 1500, `only ${checks} views checked`);
    // Nobody else changed the session between the event and its query: rare in random runs.
    assert.ok(randomQueries >= 3, `only ${randomQueries} queries checked in random interleavings`);
    assert.ok(queries > 80, `only ${queries} queries checked`);
  });
});
