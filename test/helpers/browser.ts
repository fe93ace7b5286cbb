// Real Chromium for the pages people use: Debian's chromium driven by playwright-core (never a
// downloaded browser). `.ci/run` installs it; on a developer machine without it the browser tests
// are skipped with a reason, but in CI a missing browser is a failure, not a skip.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `false` when the browser tests can run, otherwise the reason they are skipped. */
export const browserSkip: string | false =
  fs.existsSync(CHROMIUM) || process.env.CI ? false : `no Chromium at ${CHROMIUM} (install Debian's chromium)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export const OUTPUT_DIR = path.resolve(import.meta.dirname, '../../test-output');

/** Saves a full-page screenshot into test-output/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
