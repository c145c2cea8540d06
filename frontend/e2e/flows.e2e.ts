import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, approveAllReviewItems, launchBrowser, newAccount, openPage, runAoa, saveScreenshot, signUp } from './browser';

/**
 * The main user journeys against the running stack (E2E_BASE_URL), in order
 * and in one new tenant: sign up; run an AOA plan and see the graph, the
 * narration, the progress and each agent's state; approve a review item;
 * approve the rest and run again to see the findings; preview a node; the
 * ontology's two views; a task's details; an agent action approved under the
 * "approve" autonomy mode; a setting saved; a file source uploaded and a
 * unified field's lineage traced.
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
    const account = newAccount('journey');
    await signUp(page, account);
    await page.getByTestId('graph-empty').waitFor();
    await page.getByTestId('profile-menu').click();
    expect(await page.getByTestId('profile-role').textContent()).toBe('owner');
    expect(await page.getByTestId('profile-tenant').textContent()).toBe(account.organization);
    await page.getByTestId('profile-menu').click();
    await saveScreenshot(page, 'journey-signed-up');
  });

  it('runs an AOA plan and shows the graph, the narration, the progress and the agents', async () => {
    const status = await runAoa(page);
    expect(status).toContain('Done');
    expect(await page.getByRole('progressbar', { name: 'AOA run progress' }).getAttribute('aria-valuenow')).toBe('100');
    // The run's steps: connect, then one per selected agent, each a task.
    await page.locator('[data-testid="run-stage"][data-stage="agent:revops_pilot"]').waitFor();
    expect(await page.locator('[data-testid="run-stage"][data-stage="connect"]').getAttribute('data-status')).toBe('success');
    await page.getByTestId('dcl-graph').waitFor();
    for (const type of ['source_parent', 'source', 'ontology', 'agent']) {
      expect(await page.locator(`[data-testid="graph-node"][data-node-type="${type}"]`).count(), type).toBeGreaterThan(0);
    }
    await page.getByTestId('narration-line').first().waitFor();
    expect(await page.getByTestId('narration-line').allTextContents()).toContainEqual(expect.stringMatching(/published version 1/));
    expect(await page.getByTestId('dcl-version').textContent()).toBe('1');
    // Each agent card says what its run found, or which inputs it lacked.
    for (const agent of ['finops_pilot', 'revops_pilot']) {
      const card = page.getByTestId(`agent-card-${agent}`);
      await card.locator('[data-testid="finding"], [data-testid="agent-missing"]').first().waitFor({ timeout: 60_000 });
    }
    await saveScreenshot(page, 'journey-dashboard-first-run');
  });

  it('approves a review item', async () => {
    const items = page.getByTestId('review-item');
    await items.first().waitFor({ timeout: 60_000 });
    const before = Number(await page.getByTestId('review-count').textContent());
    const id = await items.first().getAttribute('data-mapping-id');
    await items.first().getByTestId('review-approve').click();
    await page.locator(`[data-testid="review-item"][data-mapping-id="${id}"]`).waitFor({ state: 'detached' });
    await page.getByTestId('review-publish').waitFor();
    if (before > 1) await page.waitForFunction((n) => document.querySelector('[data-testid="review-count"]')?.textContent === String(n), before - 1);
  });

  it('approves the rest, runs again and shows the findings', async () => {
    await approveAllReviewItems(page);
    const status = await runAoa(page);
    expect(status).toContain('Done');
    await page.waitForFunction(() => document.querySelector('[data-testid="dcl-version"]')?.textContent === '2');
    // The new version took the decisions in: nothing is left to publish.
    await page.getByTestId('review-publish').waitFor({ state: 'detached' });
    for (const agent of ['finops_pilot', 'revops_pilot']) {
      await page.getByTestId(`agent-card-${agent}`).getByTestId('finding').first().waitFor({ timeout: 60_000 });
    }
    // Approved mappings are remembered: the second run settles columns from memory.
    expect(Number(await page.getByTestId('memory-entries').locator('dd').textContent())).toBeGreaterThan(0);
    await page.getByTestId('memory-retrieval').first().waitFor();
    await saveScreenshot(page, 'journey-dashboard-findings');
  });

  it('previews the rows of a unified entity from the graph', async () => {
    await page.locator('[data-testid="graph-node"][data-node-type="ontology"]').first().click();
    const dialog = page.getByTestId('node-preview');
    await dialog.getByTestId('preview-table').waitFor();
    expect(await dialog.locator('tbody tr').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'journey-node-preview');
    await dialog.getByTestId('modal-close').click();
  });

  it("shows the ontology's unified entities and data source universe", async () => {
    await page.getByTestId('nav-ontology').click();
    await page.getByTestId('entity-row').first().waitFor();
    const entity = await page.getByTestId('entity-row').first().getAttribute('data-entity');
    await page.getByTestId(`entity-toggle-${entity}`).click();
    const mappings = page.getByTestId(`entity-mappings-${entity}`);
    await mappings.waitFor();
    expect(await mappings.textContent()).toMatch(new RegExp(`→ ${entity}\\.`));
    await saveScreenshot(page, 'journey-ontology-entities');
    await page.getByTestId('ontology-tab-universe').click();
    await page.getByTestId('universe-system').first().waitFor();
    expect(await page.getByTestId('universe-system').count()).toBeGreaterThan(1);
    await saveScreenshot(page, 'journey-ontology-universe');
  });

  it("opens a task's details with its events and deliveries", async () => {
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-type-filter').fill('aoa.run');
    const run = page.getByTestId('task-row').filter({ hasText: 'aoa.run' }).first();
    await run.waitFor();
    await run.locator('a').click();
    await page.getByTestId('task-id').waitFor();
    await page.getByTestId('task-event').filter({ hasText: 'AOA run complete' }).waitFor();
    expect(await page.getByTestId('task-payload').textContent()).toContain('aoa_run_id');
    expect(await page.getByTestId('task-status').textContent()).toContain('Success');
    await page.getByRole('heading', { name: 'Callback deliveries' }).waitFor();
    await saveScreenshot(page, 'journey-task-detail');
  });

  it("lists the agents' findings and approves an action under the approve mode", async () => {
    await page.getByTestId('nav-agents').click();
    await page.getByTestId('agent-section-finops_pilot').getByTestId('finding').first().waitFor();
    await page.getByTestId('autonomy-mode').selectOption('approve');
    // Wait for the server's answer itself: the "Saved." notice may be replaced at once when
    // the refetched settings re-render the selector.
    const saved = page.waitForResponse(
      (r) => r.url().includes('/api/v1/tenant/settings') && r.request().method() === 'PUT',
    );
    await page.getByTestId('autonomy-save').click();
    expect((await saved).status()).toBe(200);
    // A new run of the agent attaches its actions awaiting approval.
    await page.getByTestId('agent-run-finops_pilot').click();
    const approvals = page.getByTestId('approvals');
    await approvals.getByTestId('finding').first().waitFor({ timeout: 60_000 });
    const approve = approvals.locator('[data-testid^="action-approve-"]').first();
    const actionId = (await approve.getAttribute('data-testid'))!.replace('action-approve-', '');
    await approve.click();
    // Approved, it runs as a task: the action leaves the queue and reads "executed" with its task.
    await page.locator(`[data-testid="approvals"] [data-testid="action-approve-${actionId}"]`).waitFor({ state: 'detached' });
    await page.getByTestId('agent-section-finops_pilot').locator('[data-testid="action-status"]', { hasText: 'executed' }).first().waitFor();
    await saveScreenshot(page, 'journey-agents');
  });

  it('saves a tenant setting', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('callback-hosts').fill('hooks.example.com');
    await page.getByTestId('settings-callbacks-save').click();
    await page.getByTestId('settings-callbacks').getByText('Saved.').waitFor();
    await page.reload();
    await page.getByTestId('callback-hosts').waitFor();
    expect(await page.getByTestId('callback-hosts').inputValue()).toBe('hooks.example.com');
    await saveScreenshot(page, 'journey-settings');
  });

  it("uploads a CSV source and traces a unified field's lineage", async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('upload-name').fill('Vendor ledger');
    const csv = 'vendor_id,vendor_name,annual_spend\nV-1,Acme Hosting,1200.50\nV-2,Globex Cloud,880.00\n';
    await page.getByTestId('upload-files').setInputFiles({ name: 'vendors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('own-sources').getByText('Vendor ledger').waitFor();
    await page.getByTestId('lineage-search').fill('account.revenue');
    await page.getByTestId('lineage-submit').click();
    const entry = page.getByTestId('lineage-entry').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('account.revenue');
    expect(await entry.textContent()).toContain('RevOps Pilot');
    await saveScreenshot(page, 'journey-connections');
  });
});
