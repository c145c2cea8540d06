import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Helpers for end-to-end tests in Debian's headless Chromium driven by
 * playwright-core (no browser download). The stack under test is at
 * E2E_BASE_URL (the local gateway serving the dashboard at / and the API).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BASE_URL = (process.env.E2E_BASE_URL ?? '').replace(/\/+$/, '');
export const ARTIFACTS = resolve(process.env.E2E_ARTIFACTS ?? join(process.cwd(), 'artifacts', 'e2e'));

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
  return context.newPage();
}

/** Writes a full-page PNG under the artifacts folder; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name.replace(/[^a-z0-9_-]+/gi, '-')}.png`);
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

/** Presses Run AOA on the dashboard and waits until the run's progress says it finished. */
export async function runAoa(page: Page, timeoutMs = 120_000): Promise<string> {
  await page.getByTestId('run-aoa').click();
  await page.getByTestId('run-progress').waitFor();
  await page.waitForFunction(
    () => /Done|Failed|Canceled/.test(document.querySelector('[data-testid="run-status"]')?.textContent ?? ''),
    undefined,
    { timeout: timeoutMs },
  );
  return (await page.getByTestId('run-status').textContent()) ?? '';
}

/** Routes of the signed-in app, for walking every page. */
export const APP_PAGES = [
  { name: 'dashboard', path: '/', ready: 'architecture-flow' },
  { name: 'connections', path: '/connections', ready: 'upload-form' },
  { name: 'ontology', path: '/ontology', ready: 'ontology-tab-entities' },
  { name: 'tasks', path: '/tasks', ready: 'task-filter-all' },
  { name: 'agents', path: '/agents', ready: 'nav-agents' },
  { name: 'settings', path: '/settings', ready: 'settings-llm' },
] as const;
