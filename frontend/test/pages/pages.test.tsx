import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../fakeFetch';
import { baseRoutes, dclState, task } from '../fixtures/api';
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
    expect(screen.getAllByTestId('narration-line')[0]).toHaveTextContent('Mapped 142 columns');
    expect(screen.getByTestId('memory-llm_calls_saved')).toHaveTextContent('6');
    expect(screen.getByTestId('memory-retrieval')).toHaveTextContent('Account.AnnualRevenue → account.revenue');
    expect(await screen.findByText('Idle m5.4xlarge in eu-west-1')).toBeInTheDocument();
    expect(await screen.findByTestId('review-item')).toHaveTextContent('Rating__c');
    expect(screen.getByTestId('profile-menu')).toHaveTextContent('AL');
  });

  it('shows an edge tooltip with field mappings and previews a node on click', async () => {
    renderApp(
      '/',
      baseRoutes({ 'GET /api/v1/dcl/preview': (req) => json({ columns: ['id', 'view'], rows: [[1, req.search.get('view')]] }) }),
    );
    const graph = await screen.findByTestId('dcl-graph');
    const mappingEdge = within(graph)
      .getAllByTestId('graph-edge')
      .find((e) => e.getAttribute('aria-label')?.startsWith('Account → account'))!;
    fireEvent.focus(mappingEdge);
    expect(screen.getByTestId('edge-tooltip')).toHaveTextContent('Account_id → account.id 97 % · heuristic');

    const entity = within(graph).getAllByTestId('graph-node').find((n) => n.getAttribute('data-node-id') === 'ent:account')!;
    fireEvent.click(entity);
    const dialog = await screen.findByTestId('node-preview');
    expect(await within(dialog).findByTestId('preview-table')).toHaveTextContent('account');
  });

  it('runs AOA with the selection and shows progress from the task events', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp(
      '/',
      baseRoutes({
        'POST /api/v1/aoa/run': () => json(task({ id: 'run-9', status: 'queued' }), 202),
        'GET /api/v1/tasks/run-9': () => json(task({ id: 'run-9', status: 'in_progress', started_at: new Date().toISOString() })),
        'GET /api/v1/tasks/run-9/events': () =>
          json({ items: [{ seq: 1, at: '2026-11-24T10:00:00Z', kind: 'step', message: 'Publishing version 4', data: {} }] }),
      }),
    );
    await screen.findByTestId('run-source-salesforce');
    await user.click(screen.getByTestId('run-source-sap'));
    await user.click(screen.getByTestId('run-aoa'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/aoa/run')).toHaveLength(1));
    expect(fake.calls('POST', '/api/v1/aoa/run')[0]!.body).toEqual({
      sources: ['salesforce', 'upload-costs'],
      agents: ['finops_pilot', 'revops_pilot'],
      llm_model: null,
    });
    const progress = await screen.findByRole('progressbar', { name: 'AOA run progress' });
    await waitFor(() => expect(Number(progress.getAttribute('aria-valuenow'))).toBeGreaterThan(50));
    expect(screen.getByTestId('run-status')).toHaveTextContent('Running · publish');
    expect(screen.getByTestId('run-aoa')).toBeDisabled();
  });

  it('picks up a run that is already active for the tenant', async () => {
    renderApp(
      '/',
      baseRoutes({
        'GET /api/v1/aoa/state': () => json({ ...dclState(), active_run: task({ id: 'run-x', status: 'in_progress' }) }),
        'GET /api/v1/tasks/run-x': () => json(task({ id: 'run-x', status: 'in_progress', started_at: new Date().toISOString() })),
        'GET /api/v1/tasks/run-x/events': () => json({ items: [{ seq: 4, at: '2026-11-24T10:00:00Z', kind: 'step', message: 'Mapping columns', data: {} }] }),
      }),
    );
    expect(await screen.findByTestId('run-progress')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Running · map'));
  });

  it('shows the message of a refused run', async () => {
    const user = userEvent.setup();
    renderApp('/', baseRoutes({ 'POST /api/v1/aoa/run': () => apiError(409, 'aoa_run_active', 'An AOA run is already active.') }));
    await user.click(await screen.findByTestId('run-aoa'));
    expect(await screen.findByTestId('run-error')).toHaveTextContent('An AOA run is already active.');
  });

  it('approves a review item', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp('/', baseRoutes({ 'POST /api/v1/dcl/mappings/m-1/approve': () => json({ id: 'm-1', status: 'approved' }) }));
    const item = await screen.findByTestId('review-item');
    await user.click(within(item).getByTestId('review-approve'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/dcl/mappings/m-1/approve')).toHaveLength(1));
  });

  it('shows an empty graph invitation before the first run', async () => {
    renderApp('/', baseRoutes({ 'GET /api/v1/dcl/state': () => json(dclState({ graph: { nodes: [], edges: [] }, events: [] })) }));
    expect(await screen.findByTestId('graph-empty')).toBeInTheDocument();
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
        'GET /api/v1/tasks/task-7': () => json(task({ id: 'task-7', type: 'echo', status: 'queued', callback_url: 'https://hooks.example.test/cb' })),
        'GET /api/v1/tasks/task-7/events': () => json({ items: [{ seq: 1, at: '2026-11-24T10:00:00Z', kind: 'state', message: 'Task queued', data: {} }] }),
        'GET /api/v1/tasks/task-7/deliveries': () => json({ items: [{ attempt: 1, at: '2026-11-24T10:00:05Z', status_code: 500, error: 'boom' }] }),
        'POST /api/v1/tasks/task-7/cancel': () => json(task({ id: 'task-7', type: 'echo', status: 'canceled' })),
      }),
    );
    expect(await screen.findByTestId('task-id')).toHaveTextContent('task-7');
    expect(await screen.findByTestId('task-event')).toHaveTextContent('Task queued');
    expect(await screen.findByTestId('task-deliveries')).toHaveTextContent('boom');
    await user.click(screen.getByTestId('task-cancel'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/tasks/task-7/cancel')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('task-status')).toHaveTextContent('Canceled'));
  });
});

describe('agents page', () => {
  it('lists findings by severity and approves a waiting action', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp('/agents', baseRoutes({ 'POST /api/v1/agents/actions/a-1/approve': () => json({ id: 'a-1', status: 'approved' }) }));
    const approvals = await screen.findByTestId('approvals');
    expect(approvals).toHaveTextContent('Idle m5.4xlarge');
    await user.click(within(approvals).getByTestId('action-approve-a-1'));
    await waitFor(() => expect(fake.calls('POST', '/api/v1/agents/actions/a-1/approve')).toHaveLength(1));
    expect(screen.getByTestId('agent-section-revops_pilot')).toHaveTextContent('Deal at risk');
  });

  it('lets an admin change the autonomy mode', async () => {
    const user = userEvent.setup();
    const { fake } = renderApp('/agents', baseRoutes({ 'PUT /api/v1/tenant/settings': (req) => json(req.body) }));
    await user.selectOptions(await screen.findByTestId('autonomy-mode'), 'Approve to act');
    await user.click(screen.getByTestId('autonomy-save'));
    await waitFor(() => expect(fake.calls('PUT', '/api/v1/tenant/settings')[0]?.body).toEqual({ autonomy_mode: 'approve' }));
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
