import { strict as assert } from 'node:assert';
import type { Browser, Page } from 'playwright-core';
import { closeChromium, launchChromium, requireChromium } from '../helpers/chromium';
import { CliCluster } from '../helpers/cli-process';
import { TestClient } from '../helpers/ws-client';

// The status page as an operator sees it: a cluster started by the CLI with `metrics` on, a real
// browser on its page. STATUS_PAGE_SCREENSHOT=<file.png> also saves a screenshot (the README's).
const STEP_MS = 10_000;

describe('status page in chromium', function () {
  this.timeout(90_000);
  let cluster: CliCluster | undefined;
  let browser: Browser | undefined;
  let base = '';
  const clients: TestClient[] = [];
  let traffic: NodeJS.Timeout | undefined;
  const pageErrors: string[] = [];

  before(async function () {
    requireChromium(this);
    cluster = await CliCluster.create({ METRICS_LISTEN: '0' });
    await cluster.mustRun(['start', '-d']);
    base = `http://${cluster.state()?.metrics}`;
    browser = await launchChromium();
  });

  after(async () => {
    clearInterval(traffic);
    await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
    await closeChromium(browser);
    await cluster?.cleanup();
  });

  async function openPage(): Promise<Page> {
    const context = await (browser as Browser).newContext({ viewport: { width: 1100, height: 640 } });
    context.setDefaultTimeout(STEP_MS);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${base}/`);
    return page;
  }

  const text = async (page: Page, selector: string): Promise<string> =>
    ((await page.locator(selector).textContent()) ?? '').trim();

  it('lists every process with its pid, the Gateways the Register knows, live connections and a chart', async () => {
    const c = cluster as CliCluster;
    const status = await c.status();
    const page = await openPage();
    // One row per process, with the pids `status` shows.
    await page
      .locator('#processes tbody tr')
      .nth(status.length - 1)
      .waitFor();
    const rows = page.locator('#processes tbody tr');
    const pids: Array<string | null> = [];
    for (let i = 0; i < (await rows.count()); i++) pids.push(await rows.nth(i).getAttribute('data-pid'));
    assert.deepEqual(
      pids,
      status.map((row) => String(row.pid)),
    );
    assert.equal(await page.locator('#gateways li').count(), 2);
    assert.match(await text(page, '#gateways'), /TestGateway 127\.0\.0\.1:\d+/);
    assert.equal(await text(page, '#total-connections'), '0');

    // Three clients that keep talking: connections and messages/s show up, the chart moves.
    for (let i = 0; i < 3; i++) clients.push(await TestClient.connect(c.url));
    traffic = setInterval(() => {
      for (const client of clients) client.send('ping');
    }, 50);
    // (Page expressions as strings: this file is compiled without the DOM's types.)
    await page.waitForFunction("document.getElementById('total-connections').textContent === '3'");
    const connections = await page
      .locator('#processes tbody tr[data-kind="gateway"] td.connections')
      .allTextContents();
    assert.equal(
      connections.map(Number).reduce((a, b) => a + b, 0),
      3,
    );
    await page.waitForFunction("Number(document.getElementById('total-rate').textContent) > 10");
    const samples = Number(await page.locator('#chart').getAttribute('data-samples'));
    await page.waitForFunction(`Number(document.getElementById('chart').dataset.samples) >= ${samples + 2}`);
    assert.equal(await page.locator('#chart').getAttribute('data-connections'), '3');
    assert.equal(await text(page, '#error'), '');
    assert.equal(await text(page, '#total-processes'), `${status.length}/${status.length}`);
    const screenshot = process.env.STATUS_PAGE_SCREENSHOT;
    if (screenshot) {
      await page.waitForTimeout(8000);
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    assert.deepEqual(pageErrors, []);
  });
});
