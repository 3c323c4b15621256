import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeChromium, launchChromium, requireChromium } from '../helpers/chromium';
import { within } from '../helpers/wait';

// The chat example as a user sees it: its own process, its own page, a real browser.
const START = path.resolve(__dirname, '../../examples/chat/start.js'); // dist/examples/chat/start.js
const STEP_MS = 10_000;

/** What the chat example's READY line says. */
interface ChatReady {
  ws: string;
  http: string;
  register: string;
}

/** Starts `node dist/examples/chat/start.js` and resolves once it printed READY. */
async function startChat(env: Record<string, string>): Promise<{ child: ChildProcess; ready: ChatReady }> {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, GW_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const ready = new Promise<ChatReady>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const line = /^READY (.*)$/m.exec(output.join(''));
      if (line) resolve(JSON.parse(line[1] as string) as ChatReady);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`chat example exited (${code ?? signal}) before READY:\n${output.join('')}`)),
    );
  });
  try {
    return { child, ready: await within(ready, 15_000, 'the chat example to print READY') };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/** SIGTERM by PID (the example stops gracefully), SIGKILL if it does not exit in time. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  try {
    await within(exited, 10_000, 'the chat example to exit');
  } catch {
    process.kill(child.pid, 'SIGKILL');
    await within(exited, 5_000, 'the chat example to die');
  }
}

describe('chat page in chromium', function () {
  this.timeout(60_000);
  let chat: ChildProcess | undefined;
  let browser: Browser | undefined;
  let pageUrl = '';
  let wsUrl = '';
  const pageErrors: string[] = [];

  before(async function () {
    requireChromium(this);
    // Port 0 everywhere: the example binds free ports and says which in its READY line.
    const started = await startChat({ WS_PORT: '0', REGISTER_PORT: '0', HTTP_PORT: '0' });
    chat = started.child;
    pageUrl = started.ready.http;
    wsUrl = started.ready.ws;
    browser = await launchChromium();
  });

  after(async () => {
    await closeChromium(browser);
    if (chat) await stopChild(chat);
  });

  /** A fresh browser context (one user) logged into `room` as `name`. */
  async function openChat(name: string, room: string): Promise<Page> {
    const context = await (browser as Browser).newContext();
    context.setDefaultTimeout(STEP_MS);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${name}: ${err.message}`));
    await page.goto(pageUrl);
    await page.fill('#name', name);
    await page.fill('#room', room);
    await page.click('#login');
    // Our own name in the user list means the server answered our login.
    await page.locator('#users li', { hasText: name }).waitFor();
    return page;
  }

  const users = async (page: Page): Promise<string[]> =>
    (await page.locator('#users li').allTextContents()).sort();

  it('serves the page with the WebSocket port filled in, and 404 elsewhere', async () => {
    const page = await within(fetch(pageUrl), STEP_MS, 'the page');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(!html.includes('__WS_PORT__'), 'placeholder replaced');
    assert.ok(html.includes(new URL(wsUrl).port), `the page names the bound WebSocket port (${wsUrl})`);
    assert.equal((await within(fetch(`${pageUrl}nope`), STEP_MS, '404')).status, 404);
  });

  it('two users in one room see each other and each other’s messages', async () => {
    const alice = await openChat('alice', '7');
    const bob = await openChat('bob', '7');
    await alice.locator('#users li', { hasText: 'bob' }).waitFor();
    assert.deepEqual(await users(alice), ['alice', 'bob']);
    assert.deepEqual(await users(bob), ['alice', 'bob']);

    await bob.fill('#text', 'hello from bob');
    await bob.click('#send');
    await alice.locator('#messages .content', { hasText: 'hello from bob' }).waitFor();

    // A private message: the server's <b> prefix is rendered as markup.
    await alice.selectOption('#to', { label: 'bob' });
    await alice.fill('#text', 'psst <b>not bold</b>');
    await alice.click('#send');
    const whisper = bob.locator('#messages .content', { has: bob.locator('b', { hasText: '对你说' }) });
    assert.equal(await whisper.textContent(), '对你说: psst <b>not bold</b>');
    assert.deepEqual(pageErrors, []);
  });
});
