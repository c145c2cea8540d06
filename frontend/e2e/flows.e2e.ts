import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launchBrowser, newAccount, openPage, runAoa, saveScreenshot, signUp } from './browser';

/**
 * The main user journeys against the running stack (E2E_BASE_URL): sign up,
 * run AOA and see the graph, narration and findings, approve a review item,
 * the ontology's two views, a task's details. Run in order in one tenant.
 */
describe.skipIf(!BASE_URL)('user journeys in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await openPage(browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs up a new organisation and lands on the dashboard', async () => {
    await signUp(page, newAccount('journey'));
    await page.getByTestId('profile-menu').click();
    expect(await page.getByTestId('profile-role').textContent()).toBe('owner');
    await page.getByTestId('profile-menu').click();
  });

  it('runs an AOA plan and shows the graph, the narration and the findings', async () => {
    const status = await runAoa(page);
    expect(status).toContain('Done');
    await page.getByTestId('dcl-graph').waitFor();
    await page.locator('[data-testid="graph-node"][data-node-type="agent"]').first().waitFor();
    expect(await page.locator('[data-testid="graph-node"][data-node-type="source_parent"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('narration-line').count()).toBeGreaterThan(0);
    await page.getByTestId('finding').first().waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'journey-dashboard-after-run');
  });

  it('approves a review item', async () => {
    const items = page.getByTestId('review-item');
    // The run should leave proposals under the tenant's review threshold.
    await items.first().waitFor({ timeout: 30_000 });
    const id = await items.first().getAttribute('data-mapping-id');
    await items.first().getByTestId('review-approve').click();
    await page.locator(`[data-testid="review-item"][data-mapping-id="${id}"]`).waitFor({ state: 'detached' });
  });

  it("shows the ontology's unified entities and data source universe", async () => {
    await page.getByTestId('nav-ontology').click();
    await page.getByTestId('entity-row').first().waitFor();
    const entity = await page.getByTestId('entity-row').first().getAttribute('data-entity');
    await page.getByTestId(`entity-toggle-${entity}`).click();
    await page.getByTestId(`entity-mappings-${entity}`).waitFor();
    await saveScreenshot(page, 'journey-ontology-entities');
    await page.getByTestId('ontology-tab-universe').click();
    await page.getByTestId('universe-system').first().waitFor();
    await saveScreenshot(page, 'journey-ontology-universe');
  });

  it("opens a task's details with its events", async () => {
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-row').first().waitFor();
    await page.getByTestId('task-row').first().locator('a').click();
    await page.getByTestId('task-id').waitFor();
    await page.getByTestId('task-event').first().waitFor();
    expect(await page.getByTestId('task-event').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'journey-task-detail');
  });
});
