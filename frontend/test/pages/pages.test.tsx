import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../fakeFetch';
import { aoaRun, baseRoutes, dclState, findingPage, task } from '../fixtures/api';
import { renderApp } from '../renderApp';

describe('auth pages', () => {
  it('sends a signed-out visitor to the login page', async () => {
    renderApp('/tasks', baseRoutes(), { token: null });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signs up, keeps the token for the session and opens the dashboard', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp(
      '/signup',
      baseRoutes({
        'POST /api/v1/auth/register': () =>
          json(
            {
              tenant: { id: 't-1', name: 'Acme Corp' },
              user: { id: 'u-1', email: 'ada@acme.test', role: 'owner' },
              access_token: 'new-token',
              token_type: 'bearer',
            },
            201,
          ),
      }),
      { token: null },
    );
    await user.type(screen.getByTestId('signup-organization'), 'Acme Corp');
    await user.type(screen.getByTestId('signup-email'), 'ada@acme.test');
    await user.type(screen.getByTestId('signup-password'), 'correct horse battery');
    await user.click(screen.getByTestId('signup-submit'));
    expect(await screen.findByRole('heading', { name: 'AutonomOS', level: 1 })).toBeInTheDocument();
    expect(fake.calls('POST', '/api/v1/auth/register')[0]!.body).toEqual({
      organization: 'Acme Corp',
      email: 'ada@acme.test',
      password: 'correct horse battery',
    });
    expect(window.sessionStorage.getItem('autonomos.access_token')).toBe('new-token');
    await waitFor(() => expect(fake.calls('GET', '/api/v1/dcl/state')[0]?.headers.get('Authorization')).toBe('Bearer new-token'));
  });

  it("shows the API's error message when login fails", async () => {
    const user = userEvent.setup();
    renderApp('/login', baseRoutes({ 'POST /api/v1/auth/login': () => apiError(401, 'invalid_credentials', 'Wrong e-mail or password.') }), {
      token: null,
    });
    await user.type(screen.getByTestId('login-email'), 'ada@acme.test');
    await user.type(screen.getByTestId('login-password'), 'nope-nope');
    await user.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('login-error')).toHaveTextContent('Wrong e-mail or password.');
    expect(window.sessionStorage.getItem('autonomos.access_token')).toBeNull();
  });
});

describe('dashboard', () => {
  it('draws the graph, narration, memory, agents and review queue from the API', async () => {
    renderApp('/', baseRoutes());
    const graph = await screen.findByTestId('dcl-graph');
    expect(within(graph).getAllByTestId('graph-node')).toHaveLength(34);
    expect(within(graph).getAllByTestId('graph-edge').length).toBeGreaterThan(17);
    expect(screen.getAllByTestId('narration-line')[0]).toHaveTextContent('published version 3 (10170 rows)');
    expect(screen.getByTestId('memory-llm_calls_saved')).toHaveTextContent('6');
    expect(screen.getByTestId('memory-retrievals')).toHaveTextContent('171');
    expect(screen.getByTestId('memory-retrieval')).toHaveTextContent('Account.AnnualRevenue → account.revenue');
    expect(screen.getByTestId('dcl-confidence')).toHaveTextContent('91 %');
    expect(screen.getByTestId('dcl-review-pending')).toHaveTextContent('1');
    expect(await screen.findByText(/Idle resource db-47aa829f77102ba5/)).toBeInTheDocument();
    expect(await screen.findByTestId('review-item')).toHaveTextContent('salesforce · Account.Rating__c → health.risk_level');
    expect(screen.getByTestId('profile-menu')).toHaveTextContent('AL');
  });

  it("tells why an agent has no findings when its inputs are missing", async () => {
    renderApp(
      '/',
      baseRoutes({
        'GET /api/v1/agents/revops_pilot/findings': () =>
          json(findingPage('revops_pilot', { items: [], run_status: 'missing_inputs', missing: ['account.revenue'] })),
      }),
    );
    const card = await screen.findByTestId('agent-card-revops_pilot');
    expect(await within(card).findByTestId('agent-missing')).toHaveTextContent('Waiting for inputs: account.revenue');
  });

  it('shows an edge tooltip with field mappings and previews a node on click', async () => {
    renderApp(
      '/',
      baseRoutes({
        'GET /api/v1/dcl/preview': (req) =>
          json({ view: req.search.get('view'), version: 3, columns: ['account_id', '_source_table'], rows: [['A-1', 'Account']] }),
      }),
    );
    const graph = await screen.findByTestId('dcl-graph');
    const mappingEdge = within(graph)
      .getAllByTestId('graph-edge')
      .find((e) => e.getAttribute('aria-label')?.startsWith('Account → Account'))!;
    fireEvent.focus(mappingEdge);
    expect(screen.getByTestId('edge-tooltip')).toHaveTextContent('Account_id → account_id 97 % · heuristic');

    const entity = within(graph).getAllByTestId('graph-node').find((n) => n.getAttribute('data-node-id') === 'ontology:account')!;
    fireEvent.click(entity);
    const dialog = await screen.findByTestId('node-preview');
    expect(dialog).toHaveTextContent('account'); // the view: the entity's name
    expect(await within(dialog).findByTestId('preview-table')).toHaveTextContent('A-1');
  });

  it('runs AOA with the selection and shows progress, stage and steps from the run', async () => {
    const user = userEvent.setup();
    let started = false;
    const { fake } = renderApp(
      '/',
      baseRoutes({
        'POST /api/v1/aoa/run': () => {
          started = true;
          return json(task({ id: 'run-9', status: 'queued' }), 202);
        },
        'GET /api/v1/aoa/state': () =>
          json({
            ...dclState(),
            active_run: started
              ? aoaRun({ task_id: 'run-9', stages: [{ name: 'connect', task_id: 'connect-1', status: 'success', error: null }] })
              : null,
            last_run: null,
          }),
        'GET /api/v1/tasks/run-9': () => json(task({ id: 'run-9', status: 'in_progress', started_at: new Date().toISOString() })),
        'GET /api/v1/tasks/run-9/events': () =>
          json({
            items: [
              { seq: 3, at: '2026-11-24T10:00:00Z', kind: 'plan', message: 'plan: connect → map → publish → finops_pilot', data: { stage: 'plan', progress: 2 } },
              { seq: 9, at: '2026-11-24T10:00:01Z', kind: 'stage', message: 'published version 4', data: { stage: 'publish', progress: 60 } },
            ],
          }),
      }),
    );
    await screen.findByTestId('run-source-salesforce');
    await user.click(screen.getByTestId('run-source-sap'));
    await user.click(screen.getByTestId('run-aoa'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/aoa/run')).toHaveLength(1));
    expect(fake.calls('POST', '/api/v1/aoa/run')[0]!.body).toEqual({
      sources: ['salesforce', 'costs'],
      agents: ['finops_pilot', 'revops_pilot'],
      llm_model: null,
    });
    const progress = await screen.findByRole('progressbar', { name: 'AOA run progress' });
    await waitFor(() => expect(Number(progress.getAttribute('aria-valuenow'))).toBe(60));
    expect(screen.getByTestId('run-status')).toHaveTextContent('Running · publish');
    expect(screen.getByTestId('run-progress')).toHaveAttribute('data-run-id', 'run-9');
    expect(screen.getByTestId('run-aoa')).toBeDisabled();
    const stage = await screen.findByTestId('run-stage');
    expect(stage).toHaveTextContent('Connect, map & publish');
    expect(within(stage).getByRole('link')).toHaveAttribute('href', '/tasks/connect-1');
  });

  it("picks up the tenant's active run by its task id", async () => {
    renderApp(
      '/',
      baseRoutes({
        'GET /api/v1/aoa/state': () => json({ ...dclState(), active_run: aoaRun({ id: 'aoa-7', task_id: 'run-x' }), last_run: null }),
        'GET /api/v1/tasks/run-x': () => json(task({ id: 'run-x', status: 'in_progress', started_at: new Date().toISOString() })),
        'GET /api/v1/tasks/run-x/events': () =>
          json({ items: [{ seq: 7, at: '2026-11-24T10:00:00Z', kind: 'stage', message: 'mapped: 64 approved', data: { stage: 'map', progress: 20 } }] }),
      }),
    );
    expect(await screen.findByTestId('run-progress')).toHaveAttribute('data-run-id', 'run-x');
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Running · map'));
  });

  it('notices a run started elsewhere once the DCL state changes', async () => {
    const user = userEvent.setup();
    let calls = 0;
    let approved = false;
    const { fake } = renderApp(
      '/',
      baseRoutes({
        'GET /api/v1/dcl/state': () => json(dclState({ review: { pending: approved ? 0 : 1 } }), 200, { ETag: approved ? '"s4"' : '"s3"' }),
        'GET /api/v1/aoa/state': () => {
          calls += 1;
          // Another user starts a run after this page first asked.
          return json({ ...dclState(), active_run: calls > 2 ? aoaRun({ task_id: 'run-y' }) : null, last_run: null });
        },
        'GET /api/v1/tasks/run-y': () => json(task({ id: 'run-y', status: 'in_progress', started_at: new Date().toISOString() })),
        'GET /api/v1/tasks/run-y/events': () => json({ items: [] }),
        'POST /api/v1/dcl/mappings/m-1/approve': () => {
          approved = true;
          return json({ id: 'm-1', status: 'approved' });
        },
      }),
    );
    await screen.findByTestId('dcl-graph');
    expect(screen.queryByTestId('run-progress')).toBeNull();
    const before = fake.calls('GET', '/api/v1/aoa/state').length;
    // A review decision refreshes the DCL state, which changed: /aoa/state is asked again.
    await user.click(within(await screen.findByTestId('review-item')).getByTestId('review-approve'));
    await waitFor(() => expect(fake.calls('GET', '/api/v1/aoa/state').length).toBeGreaterThan(before));
    expect(await screen.findByTestId('run-progress')).toHaveAttribute('data-run-id', 'run-y');
  });

  it('reads the ontology again when a run ends (it published a version)', async () => {
    let taskReads = 0;
    const { fake } = renderApp(
      '/',
      baseRoutes({
        'GET /api/v1/aoa/state': () => json({ ...dclState(), active_run: taskReads < 2 ? aoaRun({ task_id: 'run-z' }) : null, last_run: null }),
        'GET /api/v1/tasks/run-z': () => {
          taskReads += 1;
          return json(task({ id: 'run-z', status: taskReads < 2 ? 'in_progress' : 'success', started_at: new Date().toISOString() }));
        },
        'GET /api/v1/tasks/run-z/events': () => json({ items: [] }),
      }),
    );
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Running'));
    const before = fake.calls('GET', '/api/v1/dcl/ontology').length;
    expect(before).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Done'), { timeout: 5000 });
    await waitFor(() => expect(fake.calls('GET', '/api/v1/dcl/ontology').length).toBeGreaterThan(before));
  });

  it("shows the tenant's last run when none is active", async () => {
    renderApp(
      '/',
      baseRoutes({
        'GET /api/v1/aoa/state': () =>
          json({ ...dclState(), active_run: null, last_run: aoaRun({ task_id: 'run-old', status: 'succeeded' }) }),
        'GET /api/v1/tasks/run-old': () =>
          json(task({ id: 'run-old', status: 'success', started_at: '2026-11-24T10:00:00Z', finished_at: '2026-11-24T10:00:04Z' })),
        'GET /api/v1/tasks/run-old/events': () => json({ items: [] }),
      }),
    );
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Done'));
    expect(screen.getByTestId('run-elapsed')).toHaveTextContent('0:04');
    expect(screen.getByTestId('run-aoa')).toBeEnabled();
  });

  it('shows the message of a refused run', async () => {
    const user = userEvent.setup();
    renderApp('/', baseRoutes({ 'POST /api/v1/aoa/run': () => apiError(409, 'aoa_run_active', 'An AOA run is already active.') }));
    await user.click(await screen.findByTestId('run-aoa'));
    expect(await screen.findByTestId('run-error')).toHaveTextContent('An AOA run is already active.');
  });

  it('approves a review item, then offers to publish the decision', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp(
      '/',
      baseRoutes({
        'POST /api/v1/dcl/mappings/m-1/approve': () => json({ id: 'm-1', status: 'approved' }),
        'POST /api/v1/dcl/publish': () => json(task({ id: 'pub-1', type: 'dcl.publish', status: 'queued' }), 202),
        'GET /api/v1/tasks/pub-1': () => json(task({ id: 'pub-1', type: 'dcl.publish', status: 'success' })),
      }),
    );
    const item = await screen.findByTestId('review-item');
    expect(screen.queryByTestId('review-publish')).toBeNull();
    await user.click(within(item).getByTestId('review-approve'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/dcl/mappings/m-1/approve')).toHaveLength(1));
    expect(await screen.findByTestId('review-publish')).toHaveTextContent('1 decision since the last version');
    await user.click(screen.getByTestId('review-publish-button'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/dcl/publish')).toHaveLength(1));
    // Once the publish task succeeded the note goes away and the state is read again.
    await waitFor(() => expect(screen.queryByTestId('review-publish')).toBeNull());
  });

  it('re-targets a review item to another ontology field', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp('/', baseRoutes({ 'PATCH /api/v1/dcl/mappings/m-1': (req) => json({ id: 'm-1', status: 'approved', echo: req.body }) }));
    const item = await screen.findByTestId('review-item');
    await user.click(within(item).getByTestId('review-edit'));
    await user.selectOptions(within(item).getByTestId('review-edit-field'), 'account.account_name');
    await user.click(within(item).getByTestId('review-save'));
    await waitFor(() => expect(fake.calls('PATCH', '/api/v1/dcl/mappings/m-1')[0]?.body).toEqual({ ontology_field: 'account.account_name' }));
  });

  it('shows an empty graph invitation before the first run', async () => {
    renderApp('/', baseRoutes({ 'GET /api/v1/dcl/state': () => json(dclState({ graph: { nodes: [], edges: [] }, events: [] })) }));
    expect(await screen.findByTestId('graph-empty')).toBeInTheDocument();
  });
});

describe('connections page', () => {
  it("separates demo sources from the tenant's own and traces a unified field's lineage", async () => {
    const user = userEvent.setup();
    renderApp(
      '/connections',
      baseRoutes({
        'GET /api/v1/dcl/lineage': (req) =>
          json({
            items: [
              {
                entity: 'account',
                field: 'revenue',
                unified_field: 'account.revenue',
                type: 'decimal',
                sources: [
                  {
                    entity: 'account',
                    field: 'revenue',
                    source_key: 'salesforce',
                    system: 'salesforce',
                    table: 'Account',
                    column: 'AnnualRevenue',
                    method: 'heuristic',
                    confidence: 0.66,
                    transform: 'cast',
                  },
                ],
                agents: ['revops_pilot'],
                echo: req.search.get('q'),
              },
            ],
          }),
      }),
    );
    const demo = await screen.findByTestId('demo-sources');
    expect(await within(demo).findByTestId('source-salesforce')).toBeInTheDocument();
    expect(within(screen.getByTestId('own-sources')).getByTestId('source-costs')).toBeInTheDocument();
    await user.type(screen.getByTestId('lineage-search'), 'account.revenue');
    await user.click(screen.getByTestId('lineage-submit'));
    const entry = await screen.findByTestId('lineage-entry');
    expect(entry).toHaveTextContent('account.revenue');
    expect(entry).toHaveTextContent('salesforce Account.AnnualRevenue · 66 % heuristic · cast');
    expect(entry).toHaveTextContent('RevOps Pilot');
  });
});

describe('ontology page', () => {
  it('shows unified entities with expandable mappings, and the data source universe', async () => {
    const user = userEvent.setup();
    renderApp('/ontology', baseRoutes());
    const rows = await screen.findAllByTestId('entity-row');
    expect(rows.map((r) => r.getAttribute('data-entity'))).toEqual(['account', 'cost_reports']);
    await user.click(screen.getByTestId('entity-toggle-account'));
    expect(screen.getByTestId('entity-mappings-account')).toHaveTextContent('Id → account.account_id');

    await user.type(screen.getByTestId('ontology-search'), 'cost');
    expect(screen.getAllByTestId('entity-row').map((r) => r.getAttribute('data-entity'))).toEqual(['cost_reports']);

    await user.click(screen.getByTestId('ontology-tab-universe'));
    const universe = await screen.findByTestId('universe-view');
    expect(universe).toHaveTextContent('BELNR');
    expect(universe).toHaveTextContent('cost_reports.cost_id');
  });
});

describe('tasks pages', () => {
  it('filters by status and pages with the cursor', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp(
      '/tasks',
      baseRoutes({
        'GET /api/v1/tasks': (req) =>
          req.search.get('cursor') === 'c2'
            ? json({ items: [task({ id: 'task-2', type: 'echo', status: 'failed' })], next_cursor: null })
            : json({ items: [task({ id: 'task-1', status: 'failed' })], next_cursor: 'c2' }),
      }),
    );
    await screen.findByTestId('task-link-task-1');
    await user.click(screen.getByTestId('task-filter-failed'));
    await waitFor(() => expect(fake.calls('GET', '/api/v1/tasks').some((r) => r.search.get('status') === 'failed')).toBe(true));
    await user.click(await screen.findByTestId('tasks-more'));
    expect(await screen.findByTestId('task-link-task-2')).toBeInTheDocument();
    const last = fake.calls('GET', '/api/v1/tasks').at(-1)!;
    expect(last.search.get('cursor')).toBe('c2');
    expect(last.search.get('status')).toBe('failed');
  });

  it("shows a task's details, events and deliveries, and cancels it", async () => {
    const user = userEvent.setup();
    const { fake } = renderApp(
      '/tasks/task-7',
      baseRoutes({
        'GET /api/v1/tasks/task-7': () =>
          json(task({ id: 'task-7', type: 'echo', status: 'queued', callback_url: 'https://hooks.example.test/cb', parent_task_id: 'task-6' })),
        'GET /api/v1/tasks/task-7/events': () => json({ items: [{ seq: 1, at: '2026-11-24T10:00:00Z', kind: 'state', message: 'Task queued', data: {} }] }),
        'GET /api/v1/tasks/task-7/deliveries': () => json({ items: [{ attempt: 1, at: '2026-11-24T10:00:05Z', status_code: 500, error: 'boom', delivered: false, event_id: 'e-1' }] }),
        'POST /api/v1/tasks/task-7/cancel': () => json(task({ id: 'task-7', type: 'echo', status: 'canceled' })),
      }),
    );
    expect(await screen.findByTestId('task-id')).toHaveTextContent('task-7');
    expect(await screen.findByTestId('task-event')).toHaveTextContent('Task queued');
    expect(await screen.findByTestId('task-deliveries')).toHaveTextContent('boom');
    expect(screen.getByTestId('task-deliveries')).toHaveTextContent('no');
    expect(screen.getByTestId('task-parent')).toHaveAttribute('href', '/tasks/task-6');
    await user.click(screen.getByTestId('task-cancel'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/tasks/task-7/cancel')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('task-status')).toHaveTextContent('Canceled'));
  });
});

describe('agents page', () => {
  it('lists findings by severity and approves only an action awaiting approval', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp(
      '/agents',
      baseRoutes({ 'POST /api/v1/agents/actions/a-1/approve': () => json({ id: 'a-1', kind: 'task', title: 'Stop', status: 'executed', payload: {}, task_id: 'follow-1' }) }),
    );
    const approvals = await screen.findByTestId('approvals');
    // The awaiting action is listed; the recommended (proposed) one is not, and has no buttons.
    expect(within(approvals).getAllByTestId('finding')).toHaveLength(1);
    expect(approvals).toHaveTextContent('Stop idle resource db-47aa829f77102ba5');
    expect(screen.queryByTestId('action-approve-a-3')).toBeNull();
    const finops = screen.getByTestId('agent-section-finops_pilot');
    expect(within(finops).getByTestId('agent-summary-finops_pilot')).toHaveTextContent('FinOps Pilot: 2 findings');
    expect(finops).toHaveTextContent('recommended');
    await user.click(within(approvals).getByTestId('action-approve-a-1'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/agents/actions/a-1/approve')).toHaveLength(1));
    expect(screen.getByTestId('agent-section-revops_pilot')).toHaveTextContent('Deal at risk');
  });

  it("shows a finding's evidence: figures, source columns and rows with their lineage", async () => {
    const user = userEvent.setup();
    renderApp('/agents', baseRoutes());
    const approvals = await screen.findByTestId('approvals');
    await user.click(within(approvals).getByText('Evidence'));
    const evidence = within(approvals).getByTestId('evidence');
    expect(evidence).toHaveTextContent('avg cpu %');
    expect(evidence).toHaveTextContent('2.5');
    expect(evidence).toHaveTextContent('snowflake AWS_RESOURCES.RESOURCE_ID → aws_resources.resource_id');
    expect(evidence).toHaveTextContent('Rows (1)');
    expect(evidence).toHaveTextContent('62');
  });

  it('lets an admin change the autonomy mode', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp('/agents', baseRoutes({ 'PUT /api/v1/tenant/settings': (req) => json(req.body) }));
    const select = await screen.findByTestId('autonomy-mode');
    expect(select).toHaveValue('approve'); // the tenant's current mode
    await user.selectOptions(select, 'Recommend');
    await user.click(screen.getByTestId('autonomy-save'));
    await waitFor(() => expect(fake.calls('PUT', '/api/v1/tenant/settings')[0]?.body).toEqual({ autonomy_mode: 'recommend' }));
  });
});

describe('settings and profile', () => {
  it('saves LLM keys write-only and the callback allow-list', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp(
      '/settings',
      baseRoutes({
        'GET /api/v1/users': () => json({ items: [{ id: 'u-1', email: 'ada@acme.test', role: 'owner', is_active: true }], next_cursor: null }),
        'PUT /api/v1/tenant/settings': (req) => json(req.body),
      }),
    );
    await user.type(await screen.findByTestId('openai-key'), 'sk-test');
    await user.selectOptions(screen.getByTestId('llm-provider'), 'openai');
    await user.click(screen.getByTestId('settings-llm-save'));
    await waitFor(() =>
      expect(fake.calls('PUT', '/api/v1/tenant/settings')[0]?.body).toEqual({
        llm: { provider: 'openai', model: null, openai_api_key: 'sk-test' },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('openai-key')).toHaveValue(''));

    await user.type(screen.getByTestId('callback-hosts'), 'localhost\n127.0.0.1, localhost');
    await user.click(screen.getByTestId('settings-callbacks-save'));
    await waitFor(() => expect(fake.calls('PUT', '/api/v1/tenant/settings')[1]?.body).toEqual({ callback_allow_hosts: ['localhost', '127.0.0.1'] }));
    expect(screen.getByTestId('users-table')).toHaveTextContent('ada@acme.test');
  });

  it('shows user, role and tenant in the profile menu and signs out', async () => {
    const user = userEvent.setup();
    renderApp('/', baseRoutes());
    await user.click(await screen.findByTestId('profile-menu'));
    await waitFor(() => expect(screen.getByTestId('profile-tenant')).toHaveTextContent('Acme Corp'));
    expect(screen.getByTestId('profile-role')).toHaveTextContent('owner');
    await user.click(screen.getByTestId('logout'));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(window.sessionStorage.getItem('autonomos.access_token')).toBeNull();
  });
});
