import type { Numbered } from '../helpers/relay-client';

/** What the chaos test does to the cluster; worker-sigterm is a graceful restart. */
export const DISRUPTIONS = [
  'worker-sigterm',
  'worker-sigkill',
  'gateway-sigkill',
  'register-sigkill',
] as const;
export type Disruption = (typeof DISRUPTIONS)[number];
/** Why a message did not arrive. Only the first two are allowed by the delivery guarantee. */
export type Loss = 'gateway-kill' | 'worker-sigkill' | 'worker-sigterm' | 'unexplained';

export interface SentMessage extends Numbered {
  /** The sender's ack number: the worker acks once it has sent the message on. */
  ack: number;
  sentAt: number;
}

/** A client as the verdict sees it (RelayClient fits). */
export interface Party {
  name: string;
  isOpen: boolean;
  inbox: ReadonlyArray<Numbered & { at: number }>;
  /** ack number -> worker tag "name:index/pid" and arrival time. */
  acks: ReadonlyMap<number, { worker: string; at: number }>;
}

export interface Event {
  kind: Disruption;
  pid: number;
  at: number;
}

export interface Verdict {
  delivered: number;
  duplicates: number;
  reordered: number;
  misdelivered: number;
  losses: Record<Loss, number>;
  /** One line per loss the guarantee does not allow (worker-sigterm, unexplained). */
  violations: string[];
  longestGapMs: number;
}

export interface VerdictOptions {
  /**
   * A SIGKILLed worker may have let a message's ack out but not the message: killed after the send
   * and at most this long after the ack arrived.
   */
  killAfterAckMs: number;
  /** How far around a graceful restart a loss is blamed on it (rather than left unexplained). */
  windowMs: number;
  /** Deliveries after this time do not count for the longest gap (the settling phase). */
  trafficEnd: number;
}

const pidOf = (workerTag: string): number => Number(workerTag.split('/')[1]);

/**
 * Judges a chaos run from what was sent, what each client received and acked, and what was killed:
 * per receiver, nothing twice, nothing out of order per sender, nothing meant for another; and
 * every message not received gets a cause.
 */
export function judge(
  sent: Iterable<SentMessage>,
  parties: readonly Party[],
  events: readonly Event[],
  options: VerdictOptions,
): Verdict {
  const verdict: Verdict = {
    delivered: 0,
    duplicates: 0,
    reordered: 0,
    misdelivered: 0,
    losses: { 'gateway-kill': 0, 'worker-sigkill': 0, 'worker-sigterm': 0, unexplained: 0 },
    violations: [],
    longestGapMs: 0,
  };
  const received = new Set<string>();
  for (const party of parties) {
    const last = new Map<string, number>();
    for (const m of party.inbox) {
      verdict.delivered += 1;
      if (m.to !== party.name) verdict.misdelivered += 1;
      const key = `${party.name}<${m.from}>${m.to}#${m.seq}`;
      if (received.has(key)) verdict.duplicates += 1;
      received.add(key);
      const stream = `${m.from}>${m.to}`;
      if (m.seq <= (last.get(stream) ?? 0)) verdict.reordered += 1;
      last.set(stream, m.seq);
    }
  }

  const byName = new Map(parties.map((p) => [p.name, p]));
  for (const m of sent) {
    if (received.has(`${m.to}<${m.from}>${m.to}#${m.seq}`)) continue;
    const receiver = byName.get(m.to);
    const sender = byName.get(m.from);
    if (!receiver || !sender) throw new Error(`message between unknown clients ${m.from} -> ${m.to}`);
    const cause = causeOf(m, sender, receiver, events, options);
    verdict.losses[cause] += 1;
    if (cause === 'worker-sigterm' || cause === 'unexplained') {
      const ack = sender.acks.get(m.ack);
      verdict.violations.push(
        `${cause}: ${m.from} -> ${m.to} #${m.seq} via ${m.via}, ack ${ack ? `by ${ack.worker} at +${ack.at - m.sentAt} ms` : 'none'}` +
          `; nearby: ${describeNearby(m, events, options.windowMs)}`,
      );
    }
  }

  const arrivals = parties
    .flatMap((p) => p.inbox.map((m) => m.at))
    .filter((at) => at <= options.trafficEnd)
    .sort((a, b) => a - b);
  for (let i = 1; i < arrivals.length; i++)
    verdict.longestGapMs = Math.max(
      verdict.longestGapMs,
      (arrivals[i] as number) - (arrivals[i - 1] as number),
    );
  return verdict;
}

/** Why `m` did not arrive, from what was killed when. */
function causeOf(
  m: SentMessage,
  sender: Party,
  receiver: Party,
  events: readonly Event[],
  options: VerdictOptions,
): Loss {
  const { killAfterAckMs, windowMs } = options;
  const killed = (pid: number, from: number, to: number): boolean =>
    events.some((e) => e.kind === 'worker-sigkill' && e.pid === pid && e.at >= from && e.at <= to);
  const near = (kind: Disruption, from: number, to: number): boolean =>
    events.some((e) => e.kind === kind && e.at >= from && e.at <= to);
  const orElse = (): Loss =>
    near('worker-sigterm', m.sentAt - windowMs, m.sentAt + windowMs) ? 'worker-sigterm' : 'unexplained';

  const ack = sender.acks.get(m.ack);
  // A client of the killed Gateway: it could not receive, or its message died with the Gateway.
  if (!receiver.isOpen || (!ack && !sender.isOpen)) return 'gateway-kill';
  // Acked: the worker sent it on; only its SIGKILL right after may have kept the message in. The
  // ack left before that kill but may reach the sender after it (its Gateway and the test process
  // are busy too), so a kill counts from the send on, not from the ack's arrival.
  if (ack) return killed(pidOf(ack.worker), m.sentAt, ack.at + killAfterAckMs) ? 'worker-sigkill' : orElse();
  // Not acked: the event died in a worker. The sender's worker is the one that acked its latest earlier message.
  let previous: { n: number; worker: string } | undefined;
  for (const [n, a] of sender.acks)
    if (n < m.ack && (!previous || n > previous.n)) previous = { n, worker: a.worker };
  if (previous && killed(pidOf(previous.worker), m.sentAt - windowMs, Infinity)) return 'worker-sigkill';
  // (rerouted after a worker's drain or death: some SIGKILL soon after it was sent)
  if (near('worker-sigkill', m.sentAt, m.sentAt + windowMs)) return 'worker-sigkill';
  return orElse();
}

/** The disruptions around a message's send, with their offsets from it, for a violation line. */
function describeNearby(m: SentMessage, events: readonly Event[], windowMs: number): string {
  const near = events.filter((e) => Math.abs(e.at - m.sentAt) <= windowMs);
  if (near.length === 0) return 'nothing';
  return near
    .map((e) => `${e.kind} pid ${e.pid} at ${e.at >= m.sentAt ? '+' : ''}${e.at - m.sentAt} ms`)
    .join(', ');
}
