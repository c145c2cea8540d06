import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/ApiProvider';
import { AUTONOMY_MODES, type Agent, type AutonomyMode, type Finding, type FindingAction, type FindingPage } from '../api/types';
import { EvidenceView } from '../components/EvidenceView';
import { SeverityTag, runNote, severityRank } from '../components/dcl/AgentLayer';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatDateTime } from '../components/format';
import { isAdmin } from '../components/Layout';
import { keys, useAgents, useFindings, useMe, useTask, useTenantSettings } from '../hooks/queries';
import { isTerminal } from '../hooks/runProgress';

/** Only an action `awaiting_approval` (autonomy mode "approve") can be approved or rejected. */
export function awaitsApproval(finding: Finding): boolean {
  return finding.action?.status === 'awaiting_approval';
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

const ACTION_STATUS: Record<string, string> = {
  proposed: 'recommended',
  awaiting_approval: 'awaiting approval',
  approved: 'approved',
  rejected: 'rejected',
  executed: 'executed',
  failed: 'failed',
};

function ActionStatusLine({ action }: { action: FindingAction }) {
  return (
    <span className="muted">
      <strong>{action.title ?? action.kind}</strong> <span className="tag">{action.kind}</span>{' '}
      <span className={`tag tag--action-${action.status}`} data-testid="action-status">
        {ACTION_STATUS[action.status] ?? action.status}
      </span>
      {action.task_id && (
        <>
          {' '}
          · <Link to={`/tasks/${action.task_id}`}>task</Link>
        </>
      )}
      {action.decided_at && <> · decided {formatDateTime(action.decided_at)}</>}
    </span>
  );
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
    <div className="finding__action" data-testid="finding-action">
      <ActionStatusLine action={action} />
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
    <li className="finding" data-testid="finding" data-kind={finding.kind}>
      <div className="finding__head">
        <SeverityTag severity={finding.severity} />
        <strong className="finding__title">{finding.title}</strong>
      </div>
      <p className="finding__detail">{finding.detail}</p>
      {finding.evidence && (
        <details>
          <summary>Evidence</summary>
          <EvidenceView evidence={finding.evidence} />
        </details>
      )}
      <ActionButtons finding={finding} admin={admin} />
    </li>
  );
}

const PAGE = 10;

/** Findings, the first `PAGE` with a button for the rest. */
function FindingList({ list, admin, testId }: { list: readonly Finding[]; admin: boolean; testId?: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? list : list.slice(0, PAGE);
  return (
    <>
      <ul className="findings" data-testid={testId}>
        {shown.map((f) => (
          <FindingItem key={f.id} finding={f} admin={admin} />
        ))}
      </ul>
      {list.length > shown.length && (
        <button type="button" className="btn btn--ghost" onClick={() => setAll(true)}>
          Show all {list.length}
        </button>
      )}
    </>
  );
}

function SeverityGroup({ severity, list, admin }: { severity: string; list: Finding[]; admin: boolean }) {
  return (
    <div className="severity-group">
      <h3 className="panel__title">
        <SeverityTag severity={severity} /> {list.length}
      </h3>
      <FindingList list={list} admin={admin} />
    </div>
  );
}

/** The agent run started from this page, followed until it ends; then the findings are read again. */
function useAgentRun(agentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const run = useMutation({ mutationFn: () => api.runAgent(agentId) });
  const task = useTask(run.data?.id);
  const status = task.data?.status ?? run.data?.status;
  const finished = isTerminal(status);
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: ['agents'] });
  }, [finished, queryClient]);
  return { run, task: run.data ?? null, status, running: run.isPending || (run.isSuccess && !finished) };
}

function AgentSection({ agent, page, loading, error, admin }: { agent: Agent; page: FindingPage | undefined; loading: boolean; error: unknown; admin: boolean }) {
  const [severity, setSeverity] = useState('');
  const { run, task, status, running } = useAgentRun(agent.id);
  const findings = page?.items ?? [];
  const groups = groupBySeverity(findings);
  const shown = severity ? groups.filter(([s]) => s === severity) : groups;
  const note = runNote(page);
  return (
    <section className="card" aria-labelledby={`agent-${agent.id}`} data-testid={`agent-section-${agent.id}`}>
      <div className="toolbar">
        <h2 id={`agent-${agent.id}`} className="section-title">
          {agent.name}
        </h2>
        <button type="button" className="btn btn--ghost" onClick={() => run.mutate()} disabled={running} data-testid={`agent-run-${agent.id}`}>
          {running ? 'Running…' : 'Run now'}
        </button>
      </div>
      <p className="muted">
        Reads {agent.consumes.join(', ')} · mode {agent.autonomy_mode}
        {agent.last_run_at && <> · last run {formatDateTime(agent.last_run_at)}</>}
      </p>
      {page?.summary && <p className="agent-summary" data-testid={`agent-summary-${agent.id}`}>{page.summary}</p>}
      {note && <p className="notice notice--warn">{note}</p>}
      <ErrorNotice error={run.error ?? error} />
      {task && (
        <p className={`notice ${status === 'failed' ? 'notice--error' : 'notice--ok'}`} data-testid={`agent-run-status-${agent.id}`}>
          Agent run <Link to={`/tasks/${task.id}`}>{task.id.slice(0, 8)}</Link>: {(status ?? 'queued').replace(/_/g, ' ')}
        </p>
      )}
      {loading && <Loading label="Loading findings…" />}
      {!loading && findings.length === 0 && !note && <p className="muted">{page?.run_status ? 'No findings.' : 'Not run yet.'}</p>}
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
        <SeverityGroup key={s} severity={s} list={list} admin={admin} />
      ))}
    </section>
  );
}

const MODE_HELP: Record<AutonomyMode, string> = {
  observe: 'Agents record findings only.',
  recommend: 'Findings come with recommended actions; nothing runs.',
  approve: 'Actions wait here for an admin’s approval, then run as tasks.',
  auto: 'Actions run at once as tasks.',
};

function AutonomySelector({ current }: { current: AutonomyMode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<AutonomyMode>(current);
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
        <select value={mode} onChange={(e) => setMode(e.target.value as AutonomyMode)} data-testid="autonomy-mode">
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
      <span className="muted">{MODE_HELP[mode]} The next agent run uses it.</span>
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
  const all = findings.flatMap((q) => q.data?.items ?? []);
  const waiting = all.filter(awaitsApproval);
  const settings = useTenantSettings(admin);

  return (
    <div className="stack">
      <h1 className="page-title">Agents</h1>
      {agents.isPending && <Loading />}
      <ErrorNotice error={agents.error} />
      <section className="card" aria-labelledby="approvals-title" data-testid="approvals-card">
        <h2 id="approvals-title" className="section-title">
          Awaiting approval {waiting.length > 0 && <span className="count">{waiting.length}</span>}
        </h2>
        {admin && settings.data && <AutonomySelector key={settings.data.autonomy_mode} current={settings.data.autonomy_mode} />}
        {waiting.length === 0 ? (
          <p className="muted">No action waits for approval.</p>
        ) : (
          <FindingList list={waiting} admin={admin} testId="approvals" />
        )}
      </section>
      {list.map((agent, i) => (
        <AgentSection
          key={agent.id}
          agent={agent}
          page={findings[i]?.data}
          loading={findings[i]?.isPending ?? false}
          error={findings[i]?.error}
          admin={admin}
        />
      ))}
    </div>
  );
}
