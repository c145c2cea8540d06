import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_PAGES,
  BASE_URL,
  MOBILE_WIDTHS,
  horizontalOverflow,
  launchBrowser,
  logIn,
  newAccount,
  openPage,
  saveScreenshot,
  smallTouchTargets,
} from './browser';
import { tenantWithFindings } from './api';

/**
 * Every page, with data (a tenant set up through the API with a published
 * version and findings), at the three phone
 * widths and on a laptop: no sideways scroll (measured in the page), touch
 * targets of at least 44 px and the hamburger menu on phones, a screenshot of
 * each. Needs E2E_BASE_URL (the running stack); skipped without it.
 */
describe.skipIf(!BASE_URL)('layout in Chromium', () => {
  let browser: Browser;
  const account = newAccount('layout');

  beforeAll(async () => {
    browser = await launchBrowser();
    await tenantWithFindings(account);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [...MOBILE_WIDTHS, 1366]) {
    it(`has no horizontal scroll at ${width}px on any page`, async () => {
      const page = await openPage(browser, width, 860);
      await logIn(page, account); // the token lives in sessionStorage: one sign-in per context
      const problems: string[] = [];
      for (const p of APP_PAGES) {
        await page.goto(`${BASE_URL}${p.path}`);
        await page.getByTestId(p.ready).first().waitFor({ state: 'attached', timeout: 60_000 });
        if (p.expand) await page.locator(p.expand).first().click();
        await page.waitForLoadState('networkidle').catch(() => undefined);
        const overflow = await horizontalOverflow(page);
        if (overflow > 0) problems.push(`${p.name}: scrolls ${overflow}px sideways`);
        if (width < 500) for (const t of await smallTouchTargets(page)) problems.push(`${p.name}: small target ${t}`);
        await saveScreenshot(page, `${p.name}-${width}`);
      }
      expect(problems).toEqual([]);
      await page.context().close();
    }, 300_000);
  }

  it('opens the navigation from the hamburger menu on a phone', async () => {
    const page = await openPage(browser, 320, 700);
    await logIn(page, account);
    const link = page.getByTestId('nav-ontology');
    expect(await link.isVisible()).toBe(false);
    await page.getByTestId('nav-toggle').click();
    await link.waitFor({ state: 'visible' });
    await saveScreenshot(page, 'menu-320');
    await link.click();
    await page.getByTestId('entity-row').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.context().close();
  });
});
