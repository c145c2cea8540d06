import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/ApiProvider';
import { AUTONOMY_MODES, type Agent, type Finding, type Task } from '../api/types';
import { SeverityTag, severityRank } from '../components/dcl/AgentLayer';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatDateTime, prettyJson } from '../components/format';
import { isAdmin } from '../components/Layout';
import { keys, useAgents, useFindings, useMe, useTenantSettings } from '../hooks/queries';

const WAITING = new Set(['pending', 'awaiting_approval', 'proposed', 'waiting', 'pending_approval']);

/** Whether a finding's action waits for a person's approval. */
export function awaitsApproval(finding: Finding): boolean {
  return Boolean(finding.action && WAITING.has(finding.action.status));
}

/** Findings grouped by severity, most severe first. */
export function groupBySeverity(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.severity) ?? [];
    list.push(f);
    groups.set(f.severity, list);
  }
  return [...groups.entries()].sort(([a], [b]) => severityRank(a) - severityRank(b));
}

function ActionButtons({ finding, admin }: { finding: Finding; admin: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const action = finding.action;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['agents'] });
  const approve = useMutation({ mutationFn: () => api.approveAction(action?.id ?? ''), onSuccess: refresh });
  const reject = useMutation({ mutationFn: () => api.rejectAction(action?.id ?? ''), onSuccess: refresh });
  if (!action) return null;
  const waiting = awaitsApproval(finding);
  return (
    <div className="finding__action">
      <span className="muted">
        Action <strong>{action.kind}</strong>: {action.status.replace(/_/g, ' ')}
      </span>
      {waiting && admin && (
        <div className="btn-row">
          <button
            type="button"
            className="btn btn--ok"
            disabled={approve.isPending || reject.isPending}
            onClick={() => approve.mutate()}
            data-testid={`action-approve-${action.id}`}
          >
            Approve
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={approve.isPending || reject.isPending}
            onClick={() => reject.mutate()}
            data-testid={`action-reject-${action.id}`}
          >
            Reject
          </button>
        </div>
      )}
      {waiting && !admin && <span className="muted">An admin must approve it.</span>}
      <ErrorNotice error={approve.error ?? reject.error} />
    </div>
  );
}

function FindingItem({ finding, admin }: { finding: Finding; admin: boolean }) {
  return (
    <li className="finding" data-testid="finding">
      <div className="finding__head">
        <SeverityTag severity={finding.severity} />
        <strong className="finding__title">{finding.title}</strong>
        <time className="muted">{formatDateTime(finding.created_at)}</time>
      </div>
      <p className="finding__detail">{finding.detail}</p>
      {finding.evidence != null && (
        <details>
          <summary>Evidence</summary>
          <pre className="code">{prettyJson(finding.evidence)}</pre>
        </details>
      )}
      <ActionButtons finding={finding} admin={admin} />
    </li>
  );
}

function AgentSection({ agent, findings, loading, error, admin }: { agent: Agent; findings: Finding[]; loading: boolean; error: unknown; admin: boolean }) {
  const api = useApi();
  const [severity, setSeverity] = useState('');
  const [task, setTask] = useState<Task | null>(null);
  const run = useMutation({ mutationFn: () => api.runAgent(agent.id), onSuccess: setTask });
  const groups = groupBySeverity(findings);
  const shown = severity ? groups.filter(([s]) => s === severity) : groups;
  return (
    <section className="card" aria-labelledby={`agent-${agent.id}`} data-testid={`agent-section-${agent.id}`}>
      <div className="toolbar">
        <h2 id={`agent-${agent.id}`} className="section-title">
          {agent.name}
        </h2>
        <button type="button" className="btn btn--ghost" onClick={() => run.mutate()} disabled={run.isPending} data-testid={`agent-run-${agent.id}`}>
          {run.isPending ? 'Starting…' : 'Run now'}
        </button>
      </div>
      <p className="muted">
        Reads {agent.consumes.join(', ')} · mode {agent.autonomy_mode}
      </p>
      <ErrorNotice error={run.error ?? error} />
      {task && (
        <p className="notice notice--ok">
          Agent run queued: <Link to={`/tasks/${task.id}`}>{task.id}</Link>
        </p>
      )}
      {loading && <Loading label="Loading findings…" />}
      {!loading && findings.length === 0 && <p className="muted">No findings yet.</p>}
      {groups.length > 0 && (
        <div className="filter-chips" role="group" aria-label={`Filter ${agent.name} findings by severity`}>
          <button type="button" className={`chip-button${severity === '' ? ' is-active' : ''}`} aria-pressed={severity === ''} onClick={() => setSeverity('')}>
            all ({findings.length})
          </button>
          {groups.map(([s, list]) => (
            <button
              key={s}
              type="button"
              className={`chip-button${severity === s ? ' is-active' : ''}`}
              aria-pressed={severity === s}
              onClick={() => setSeverity(s)}
            >
              {s} ({list.length})
            </button>
          ))}
        </div>
      )}
      {shown.map(([s, list]) => (
        <div key={s} className="severity-group">
          <h3 className="panel__title">
            <SeverityTag severity={s} /> {list.length}
          </h3>
          <ul className="findings">
            {list.map((f) => (
              <FindingItem key={f.id} finding={f} admin={admin} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function AutonomySelector({ current }: { current: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState(current);
  const save = useMutation({
    mutationFn: () => api.updateTenantSettings({ autonomy_mode: mode }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.agents });
      void queryClient.invalidateQueries({ queryKey: keys.tenantSettings });
    },
  });
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label="Autonomy mode"
    >
      <label className="field field--inline">
        <span>Autonomy mode</span>
        <select value={mode} onChange={(e) => setMode(e.target.value)} data-testid="autonomy-mode">
          {!AUTONOMY_MODES.some((m) => m.value === current) && <option value={current}>{current}</option>}
          {AUTONOMY_MODES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn--primary" disabled={save.isPending || mode === current} data-testid="autonomy-save">
        Save
      </button>
      <ErrorNotice error={save.error} />
      {save.isSuccess && <span className="notice notice--ok">Saved.</span>}
    </form>
  );
}

export function AgentsPage() {
  const me = useMe();
  const admin = isAdmin(me.data?.role);
  const agents = useAgents();
  const list = agents.data ?? [];
  const findings = useFindings(list);
  const all = findings.flatMap((q) => q.data ?? []);
  const waiting = all.filter(awaitsApproval);
  const settings = useTenantSettings(admin);
  const current = settings.data?.autonomy_mode ?? list[0]?.autonomy_mode ?? 'observe';

  return (
    <div className="stack">
      <h1 className="page-title">Agents</h1>
      {agents.isPending && <Loading />}
      <ErrorNotice error={agents.error} />
      <section className="card" aria-labelledby="approvals-title">
        <h2 id="approvals-title" className="section-title">
          Awaiting approval {waiting.length > 0 && <span className="count">{waiting.length}</span>}
        </h2>
        {admin && list.length > 0 && <AutonomySelector key={current} current={current} />}
        {waiting.length === 0 ? (
          <p className="muted">No action waits for approval.</p>
        ) : (
          <ul className="findings" data-testid="approvals">
            {waiting.map((f) => (
              <FindingItem key={f.id} finding={f} admin={admin} />
            ))}
          </ul>
        )}
      </section>
      {list.map((agent, i) => (
        <AgentSection
          key={agent.id}
          agent={agent}
          findings={findings[i]?.data ?? []}
          loading={findings[i]?.isPending ?? false}
          error={findings[i]?.error}
          admin={admin}
        />
      ))}
    </div>
  );
}
