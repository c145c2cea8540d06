import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Helpers for end-to-end tests in Debian's headless Chromium driven by
 * playwright-core (no browser download). The stack under test is at
 * E2E_BASE_URL (the local gateway serving the dashboard at / and the API).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BASE_URL = (process.env.E2E_BASE_URL ?? '').replace(/\/+$/, '');
/** Screenshots: E2E_ARTIFACTS, else the repository's git-ignored `artifacts/screenshots/`. */
export const ARTIFACTS = resolve(
  process.env.E2E_ARTIFACTS ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'artifacts', 'screenshots'),
);

export const MOBILE_WIDTHS = [320, 375, 428] as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export async function openPage(browser: Browser, width = 1366, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  // Waits may be long on a shared, loaded machine; a healthy stack answers in well under a second.
  context.setDefaultTimeout(60_000);
  return context.newPage();
}

/** Writes a full-page PNG under the artifacts folder; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name.replace(/[^a-z0-9_-]+/gi, '-')}.png`);
  // From the top, so the sticky header sits where it belongs in the full-page image.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** How many pixels the page scrolls sideways (0 when it fits the viewport). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    return Math.max(doc.scrollWidth, document.body.scrollWidth) - doc.clientWidth;
  });
}

/** Visible buttons, links, inputs and selects smaller than `min` px in either direction. */
export function smallTouchTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((minSize) => {
    const selector = 'button, a[href], select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), [role=button], [role=tab]';
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (el.closest('svg')) continue; // graph marks are targets of their own kind
      if (el.closest('.sr-only')) continue;
      // Inside a closed <details> (other than its summary): not shown, whatever its box says.
      let hidden = false;
      for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) {
        const summary = d.querySelector(':scope > summary');
        if (!d.open && !(summary && summary.contains(el))) hidden = true;
      }
      if (hidden) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right <= 0 || box.left >= window.innerWidth) continue; // off-screen (skip link)
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (box.height < minSize - 0.5 || box.width < minSize - 0.5) {
        out.push(`${el.tagName.toLowerCase()}[${el.dataset.testid ?? el.textContent?.trim().slice(0, 30) ?? ''}] ${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
    return out;
  }, min);
}

export interface Account {
  organization: string;
  email: string;
  password: string;
}

/** A fresh tenant's owner account, unique per call. */
export function newAccount(prefix = 'e2e'): Account {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return { organization: `${prefix} org ${id}`, email: `${prefix}-${id}@example.com`, password: `pw-${id}-Secret!` };
}

/** Signs up through the UI and waits for the dashboard. */
export async function signUp(page: Page, account: Account, baseUrl = BASE_URL): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByTestId('signup-organization').fill(account.organization);
  await page.getByTestId('signup-email').fill(account.email);
  await page.getByTestId('signup-password').fill(account.password);
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('architecture-flow').waitFor();
}

/** Signs in through the UI and waits for the dashboard. */
export async function logIn(page: Page, account: Pick<Account, 'email' | 'password'>, baseUrl = BASE_URL): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-email').fill(account.email);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('architecture-flow').waitFor();
}

/** The task id of the run the dashboard's progress bar shows, or null. */
export async function shownRunId(page: Page): Promise<string | null> {
  const bar = page.getByTestId('run-progress');
  return (await bar.count()) ? bar.getAttribute('data-run-id') : null;
}

/**
 * Presses Run AOA on the dashboard, waits for the progress bar of the new run
 * (not a previous run's) and then for its end; returns the status text.
 */
export async function runAoa(page: Page, timeoutMs = 240_000): Promise<string> {
  const before = await shownRunId(page);
  await page.getByTestId('run-aoa').click();
  await page.waitForFunction(
    (previous) => {
      const id = document.querySelector('[data-testid="run-progress"]')?.getAttribute('data-run-id');
      return Boolean(id) && id !== previous;
    },
    before,
    { timeout: 60_000 },
  );
  await page.waitForFunction(
    () => /Done|Failed|Canceled/.test(document.querySelector('[data-testid="run-status"]')?.textContent ?? ''),
    undefined,
    { timeout: timeoutMs },
  );
  return (await page.getByTestId('run-status').textContent()) ?? '';
}

/** Approves review items one at a time until the queue is empty (at most `max`); returns how many. */
export async function approveAllReviewItems(page: Page, max = 300): Promise<number> {
  let approved = 0;
  const items = page.getByTestId('review-item');
  while (approved < max && (await items.count()) > 0) {
    const first = items.first();
    const id = await first.getAttribute('data-mapping-id');
    await first.getByTestId('review-approve').click();
    await page.locator(`[data-testid="review-item"][data-mapping-id="${id}"]`).waitFor({ state: 'detached', timeout: 60_000 });
    approved += 1;
  }
  return approved;
}

/**
 * Routes of the signed-in app, for walking every page; `ready` marks the page
 * showing its data, `expand` (optional) is clicked first to open the details
 * a user would open (an entity's field mappings, a table's fields).
 */
export const APP_PAGES: readonly { name: string; path: string; ready: string; expand?: string }[] = [
  { name: 'dashboard', path: '/', ready: 'dcl-graph' },
  { name: 'connections', path: '/connections', ready: 'source-salesforce' },
  { name: 'ontology', path: '/ontology', ready: 'entity-row', expand: '[data-testid^="entity-toggle-"]' },
  { name: 'universe', path: '/ontology?view=universe', ready: 'universe-system', expand: '.universe__table > details > summary' },
  { name: 'tasks', path: '/tasks', ready: 'task-row' },
  { name: 'agents', path: '/agents', ready: 'agent-section-revops_pilot', expand: '[data-testid="finding"] details > summary' },
  { name: 'settings', path: '/settings', ready: 'users-table' },
];
