import { strict as assert } from 'node:assert';
import type { Events, SessionData } from '../../src/index';
import { Cluster } from '../helpers/cluster';
import { echoEvents } from '../fixtures/echo-events';

describe('mesh', () => {
  let cluster: Cluster;
  afterEach(() => cluster?.close());

  it('echoes a text message through Gateway and BusinessWorker', async () => {
    cluster = await Cluster.start({ events: echoEvents as Events<SessionData> });
    const client = await cluster.connect();
    assert.equal(await client.request('hello'), 'hello');
  });
});
