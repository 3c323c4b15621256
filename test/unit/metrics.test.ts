import { strict as assert } from 'node:assert';
import { Registry } from 'prom-client';
import { ClientHub } from '../../src/gateway/client-hub';
import { leastConnectionsRouter } from '../../src/gateway/router';
import { BucketCounts, HandlerTimings, TIME_ONE_HANDLER_IN } from '../../src/metrics/bucket-counts';
import { resolveMetricsOptions } from '../../src/metrics/options';
import { registerScraped, registerScrapedHistogram } from '../../src/metrics/scrape-metric';
import { MemoryLogger } from '../helpers/logs';
import { FakeTimers, MemorySocket, MemoryWorker } from '../helpers/memory-hub';
import { parsePrometheusText, sumOf } from '../helpers/prometheus-text';

describe('metrics', () => {
  describe('BucketCounts', () => {
    it('counts each observation in its bucket and reads them cumulative, +Inf last', () => {
      const counts = new BucketCounts([1, 5, 10]);
      for (const value of [0.5, 1, 3, 10, 11, 50]) counts.observe(value);
      assert.deepEqual(counts.counts, [2, 1, 1, 2]);
      assert.deepEqual(counts.cumulative(), [
        [1, 2],
        [5, 3],
        [10, 4],
        [Infinity, 6],
      ]);
      assert.equal(counts.sum, 75.5);
      assert.equal(counts.count, 6);
    });

    it('HandlerTimings reads the clock only once enabled (the first scrape), for one handler in 4', () => {
      let clock = 100;
      let readings = 0;
      const timings = new HandlerTimings(() => {
        readings += 1;
        return clock;
      });
      for (let i = 0; i < 8; i++) timings.done('CLIENT_EVENT_TYPE_MESSAGE', timings.start());
      assert.equal(readings, 0, 'off: no reading');
      assert.equal(timings.byEvent.size, 0, 'off: nothing counted');
      timings.enabled = true;
      for (let i = 0; i < TIME_ONE_HANDLER_IN * 3; i++) {
        const started = timings.start();
        clock += 2.5;
        timings.done('CLIENT_EVENT_TYPE_MESSAGE', started);
      }
      assert.equal(readings, 3 * 2, 'two readings per timed handler');
      const counts = timings.byEvent.get('CLIENT_EVENT_TYPE_MESSAGE');
      assert.equal(counts?.count, 3);
      assert.equal(counts?.sum, 7.5);
    });

    it('HandlerTimings keeps one histogram per event', () => {
      const timings = new HandlerTimings();
      timings.observe('CLIENT_EVENT_TYPE_MESSAGE', 0.2);
      timings.observe('CLIENT_EVENT_TYPE_MESSAGE', 30);
      timings.observe('CLIENT_EVENT_TYPE_CLOSE', 1);
      assert.deepEqual(
        [...timings.byEvent].map(([event, counts]) => [event, counts.count]),
        [
          ['CLIENT_EVENT_TYPE_MESSAGE', 2],
          ['CLIENT_EVENT_TYPE_CLOSE', 1],
        ],
      );
    });
  });

  describe('scraped metrics', () => {
    it('are read only when scraped, and a histogram from counts is exported in seconds with le buckets', async () => {
      const registry = new Registry();
      registry.setDefaultLabels({ role: 'worker', name: 'W', process: '0' });
      let reads = 0;
      let value = 1;
      registerScraped(registry, {
        name: 'test_things_total',
        help: 'things',
        type: 'counter',
        read: () => {
          reads += 1;
          return [{ labels: { reason: 'a' }, value }];
        },
      });
      const counts = new BucketCounts([1, 10]);
      counts.observe(0.5);
      counts.observe(20);
      registerScrapedHistogram(registry, {
        name: 'test_duration_seconds',
        help: 'durations',
        scale: 1 / 1000,
        read: () => [{ labels: { event: 'message' }, counts }],
      });
      assert.equal(reads, 0);
      value = 7;
      const text = parsePrometheusText(await registry.metrics());
      assert.equal(reads, 1);
      assert.equal(text.types.get('test_things_total'), 'counter');
      assert.equal(text.types.get('test_duration_seconds'), 'histogram');
      assert.equal(sumOf(text, 'test_things_total', { reason: 'a', role: 'worker', process: '0' }), 7);
      const buckets = text.samples
        .filter((s) => s.name === 'test_duration_seconds_bucket')
        .map((s) => [s.labels.le, s.value]);
      assert.deepEqual(buckets, [
        ['0.001', 1],
        ['0.01', 1],
        ['+Inf', 2],
      ]);
      assert.equal(sumOf(text, 'test_duration_seconds_sum'), 0.0205);
      assert.equal(sumOf(text, 'test_duration_seconds_count', { event: 'message' }), 2);
    });
  });

  describe("the Gateway's counters (ClientHub, in memory)", () => {
    function setup() {
      const timers = new FakeTimers();
      const hub = new ClientHub({
        address: '127.0.0.1:2900',
        clientPort: 7272,
        router: leastConnectionsRouter,
        workerWaitMs: 1000,
        logger: new MemoryLogger(),
        timers,
      });
      const connect = (): MemorySocket => {
        const socket = new MemorySocket();
        socket.handlers = hub.accept(socket, { url: '/', headers: [] });
        return socket;
      };
      return { hub, timers, connect };
    }

    it('counts held events, drops for want of a worker, closes by reason and heartbeat timeouts', () => {
      const { hub, timers, connect } = setup();
      const waiting = connect();
      assert.equal(hub.heldEventCount, 2, 'connect and websocket-connect wait for a worker');
      timers.advance(1000);
      assert.equal(hub.counters.droppedNoWorker, 2);
      waiting.completeClose();
      assert.equal(hub.counters.closedByReason.get('no-worker'), 1);
      hub.attachWorker(new MemoryWorker('w:0', 0));
      const silent = connect();
      hub.closeForSilence([...hub.clients.values()][0]!);
      silent.completeClose();
      const leaving = connect();
      leaving.clientClose();
      leaving.flush();
      assert.equal(hub.counters.heartbeatTimeouts, 1);
      assert.deepEqual(Object.fromEntries(hub.counters.closedByReason), {
        client: 1,
        kicked: 0,
        'heartbeat-timeout': 1,
        'gateway-shutdown': 0,
        'no-worker': 1,
        'protocol-error': 0,
      });
      assert.ok(hub.counters.heldEvents >= 2);
      assert.equal(hub.heldEventCount, 0);
    });

    it('counts the pauses of a congested worker', () => {
      const { hub, connect } = setup();
      const worker = new MemoryWorker('w:0', 0);
      hub.attachWorker(worker);
      connect();
      hub.onWorkerCongestion(worker, true);
      hub.onWorkerCongestion(worker, false);
      hub.onWorkerCongestion(worker, true);
      assert.equal(hub.counters.congestionPauses, 2);
    });
  });

  describe('options', () => {
    it('a port alone listens on loopback; "host:port" as given', () => {
      assert.deepEqual(resolveMetricsOptions({ listen: 9090 }), { host: '127.0.0.1', port: 9090 });
      assert.deepEqual(resolveMetricsOptions({ listen: '9090' }), { host: '127.0.0.1', port: 9090 });
      assert.deepEqual(resolveMetricsOptions({ listen: '0.0.0.0:9100' }), { host: '0.0.0.0', port: 9100 });
      assert.deepEqual(resolveMetricsOptions({ listen: '[::1]:0' }), { host: '::1', port: 0 });
    });

    it('a bad address or an unknown option name is GW_ERR_INVALID_OPTION naming it', () => {
      assert.throws(() => resolveMetricsOptions({ listen: 'localhost' }), {
        code: 'GW_ERR_INVALID_OPTION',
        message: '`metrics.listen` must be a port or a "host:port" string, got "localhost"',
      });
      assert.throws(() => resolveMetricsOptions({ listen: 70000 }), { code: 'GW_ERR_INVALID_OPTION' });
      assert.throws(() => resolveMetricsOptions({ listne: 9090 }), {
        code: 'GW_ERR_INVALID_OPTION',
        message: '`metrics`: unknown option `listne` (did you mean `listen`?)',
      });
    });
  });
});
