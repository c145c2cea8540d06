import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Role, TenantSettings, TenantSettingsUpdate, User } from '../api/types';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { isAdmin } from '../components/Layout';
import { keys, useMe, useTenantSettings, useUsers } from '../hooks/queries';

const ROLES: Role[] = ['owner', 'admin', 'member'];

/** Host names from a text box: one per line or separated by commas / spaces, without blanks or repeats. */
export function parseHosts(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean))];
}

function UserRow({ user, self }: { user: User; self: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (body: { role?: Role; is_active?: boolean }) => api.updateUser(user.id, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.users }),
  });
  const active = user.is_active !== false;
  return (
    <tr data-testid="user-row">
      <th scope="row">
        {user.name || user.email}
        {user.name && <div className="muted">{user.email}</div>}
      </th>
      <td>
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          Role of {user.email}
        </label>
        <select
          id={`role-${user.id}`}
          value={user.role}
          disabled={self || update.isPending}
          onChange={(e) => update.mutate({ role: e.target.value as Role })}
          data-testid={`user-role-${user.email}`}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label className="switch">
          <input
            type="checkbox"
            checked={active}
            disabled={self || update.isPending}
            onChange={(e) => update.mutate({ is_active: e.target.checked })}
            data-testid={`user-active-${user.email}`}
          />
          <span>{active ? 'Active' : 'Disabled'}</span>
        </label>
        <ErrorNotice error={update.error} />
      </td>
    </tr>
  );
}

function UsersSection({ meId }: { meId: string | undefined }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const users = useUsers(true);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('member');
  const create = useMutation({
    mutationFn: () => api.createUser({ email: email.trim(), password, role }),
    onSuccess: () => {
      setEmail('');
      setPassword('');
      void queryClient.invalidateQueries({ queryKey: keys.users });
    },
  });
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title" className="section-title">
        Users
      </h2>
      {users.isPending && <Loading />}
      <ErrorNotice error={users.error} />
      {users.data && (
        <div className="table-scroll" role="region" aria-label="Users" tabIndex={0}>
          <table className="data-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserRow key={u.id} user={u} self={u.id === meId} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="form form--row"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        aria-label="Add a user"
      >
        <label className="field">
          <span>E-mail</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="new-user-email" />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" required minLength={8} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="new-user-password" />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="new-user-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="new-user-submit">
          Add user
        </button>
      </form>
      <ErrorNotice error={create.error} />
    </section>
  );
}

/** One settings form that PUTs its part of the tenant settings. */
function SettingsForm({
  title,
  testId,
  build,
  children,
  onSaved,
}: {
  title: string;
  testId: string;
  build: () => TenantSettingsUpdate;
  children: ReactNode;
  onSaved?: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => api.updateTenantSettings(build()),
    onSuccess: () => {
      onSaved?.();
      void queryClient.invalidateQueries({ queryKey: keys.tenantSettings });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="form card" onSubmit={submit} aria-label={title} data-testid={testId}>
      <h2 className="section-title">{title}</h2>
      {children}
      <ErrorNotice error={save.error} />
      {save.isSuccess && <p className="notice notice--ok">Saved.</p>}
      <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid={`${testId}-save`}>
        {save.isPending ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}

function TenantSettingsSections({ current }: { current: TenantSettings | null }) {
  const [slack, setSlack] = useState(current?.slack_webhook_url ?? '');
  const [hosts, setHosts] = useState((current?.callback_allow_hosts ?? []).join('\n'));
  const [provider, setProvider] = useState<'' | 'openai' | 'gemini'>(current?.llm.provider ?? '');
  const [model, setModel] = useState(current?.llm.model ?? '');
  const [openaiKey, setOpenaiKey] = useState('');
  const [geminiKey, setGeminiKey] = useState('');
  const [threshold, setThreshold] = useState(current?.review_threshold ?? 0.7);
  const keySet = (which: 'openai' | 'gemini') => Boolean(current?.llm[`${which}_api_key_set`]);

  return (
    <>
      <SettingsForm title="Slack" testId="settings-slack" build={() => ({ slack_webhook_url: slack.trim() || null })}>
        <label className="field">
          <span>Incoming webhook URL</span>
          <input
            type="url"
            placeholder="https://hooks.slack.com/services/…"
            value={slack}
            onChange={(e) => setSlack(e.target.value)}
            data-testid="slack-webhook"
          />
        </label>
      </SettingsForm>
      <SettingsForm title="Callback allow-list" testId="settings-callbacks" build={() => ({ callback_allow_hosts: parseHosts(hosts) })}>
        <label className="field">
          <span>Hosts allowed as callback targets even when private (one per line)</span>
          <textarea rows={4} value={hosts} onChange={(e) => setHosts(e.target.value)} data-testid="callback-hosts" />
        </label>
      </SettingsForm>
      <SettingsForm
        title="LLM providers"
        testId="settings-llm"
        build={() => ({
          llm: {
            provider: provider || null,
            model: model.trim() || null,
            ...(openaiKey.trim() ? { openai_api_key: openaiKey.trim() } : {}),
            ...(geminiKey.trim() ? { gemini_api_key: geminiKey.trim() } : {}),
          },
        })}
        onSaved={() => {
          setOpenaiKey('');
          setGeminiKey('');
        }}
      >
        <label className="field">
          <span>Default provider</span>
          <select value={provider} onChange={(e) => setProvider(e.target.value as '' | 'openai' | 'gemini')} data-testid="llm-provider">
            <option value="">None (heuristics only)</option>
            <option value="openai">OpenAI</option>
            <option value="gemini">Gemini</option>
          </select>
        </label>
        <label className="field">
          <span>Default model</span>
          <input value={model} placeholder="e.g. gpt-4o-mini" onChange={(e) => setModel(e.target.value)} data-testid="llm-model" />
        </label>
        <p className="muted">Keys are write-only: they are stored encrypted and never shown again. Leave a box empty to keep the current key.</p>
        <label className="field">
          <span>OpenAI API key {keySet('openai') && <em className="muted">(set)</em>}</span>
          <input type="password" autoComplete="off" value={openaiKey} onChange={(e) => setOpenaiKey(e.target.value)} data-testid="openai-key" />
        </label>
        <label className="field">
          <span>Gemini API key {keySet('gemini') && <em className="muted">(set)</em>}</span>
          <input type="password" autoComplete="off" value={geminiKey} onChange={(e) => setGeminiKey(e.target.value)} data-testid="gemini-key" />
        </label>
      </SettingsForm>
      <SettingsForm title="Review threshold" testId="settings-review" build={() => ({ review_threshold: threshold })}>
        <label className="field">
          <span>Mappings below {Math.round(threshold * 100)} % confidence wait for review</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={threshold}
            onChange={(e) => setThreshold(Number(e.target.value))}
            data-testid="review-threshold"
          />
        </label>
      </SettingsForm>
    </>
  );
}

export function SettingsPage() {
  const me = useMe();
  const admin = isAdmin(me.data?.role);
  const settings = useTenantSettings(admin);
  if (me.isPending) return <Loading />;
  if (!admin) {
    return (
      <section className="card">
        <h1 className="page-title">Settings</h1>
        <p>Only owners and admins can change the workspace settings.</p>
      </section>
    );
  }
  return (
    <div className="stack">
      <h1 className="page-title">Settings</h1>
      <UsersSection meId={me.data?.id} />
      {settings.isPending ? (
        <Loading />
      ) : (
        <div className="settings-grid">
          <TenantSettingsSections current={settings.data ?? null} />
        </div>
      )}
    </div>
  );
}
