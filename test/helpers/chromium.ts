import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { within } from './wait';

/** Debian's chromium package; .ci/run installs it. */
const CHROMIUM = '/usr/bin/chromium';

/**
 * For a browser suite's `before`: skips the suite when chromium is missing on a developer's
 * machine, and fails it in CI, where it must be there.
 */
export function requireChromium(suite: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  const hint = `${CHROMIUM} not found: apt-get install chromium`;
  if (process.env.CI) throw new Error(`browser tests need chromium in CI; ${hint}`);
  console.log(`    skipping browser tests: ${hint}`);
  suite.skip();
}

/** A headless chromium that talks to loopback servers only (no sandbox, GPU or background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Closes a browser, bounded: a hung chromium must not hang the suite's `after`. */
export async function closeChromium(browser: Browser | undefined): Promise<void> {
  if (browser) await within(browser.close(), 10_000, 'chromium to close').catch(() => undefined);
}
