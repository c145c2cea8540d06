import type { Agent, Finding } from '../../api/types';
import { useFindings } from '../../hooks/queries';
import { ErrorNotice } from '../ErrorNotice';
import { formatDateTime } from '../format';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'warning', 'low', 'info'];

export function severityRank(severity: string): number {
  const i = SEVERITY_ORDER.indexOf(severity.toLowerCase());
  return i === -1 ? SEVERITY_ORDER.length : i;
}

/** Newest first. */
export function latestFindings(findings: readonly Finding[], count: number): Finding[] {
  return [...findings].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at)).slice(0, count);
}

export function SeverityTag({ severity }: { severity: string }) {
  const s = severity.toLowerCase().replace(/[^a-z]/g, '');
  return <span className={`tag tag--sev tag--${s}`}>{severity}</span>;
}

/** The agents under the graph, each with its latest findings. */
export function AgentLayer({ agents, live }: { agents: readonly Agent[]; live: boolean }) {
  const findings = useFindings(agents, { fast: live });
  if (agents.length === 0) return null;
  return (
    <section className="agent-layer" aria-labelledby="agent-layer-title" data-testid="agent-layer">
      <h3 id="agent-layer-title" className="panel__title">
        Agent layer
      </h3>
      <div className="agent-layer__grid">
        {agents.map((agent, i) => {
          const q = findings[i];
          const latest = latestFindings(q?.data ?? [], 3);
          return (
            <article key={agent.id} className="agent-card" data-testid={`agent-card-${agent.id}`}>
              <header className="agent-card__head">
                <h4 className="agent-card__name">{agent.name}</h4>
                <span className="tag tag--mode">{agent.autonomy_mode}</span>
              </header>
              <p className="agent-card__consumes">Reads {agent.consumes.join(', ') || '—'}</p>
              <ErrorNotice error={q?.error} />
              {latest.length === 0 ? (
                <p className="muted">{q?.isPending ? 'Loading findings…' : 'No findings yet.'}</p>
              ) : (
                <ul className="findings-mini">
                  {latest.map((f) => (
                    <li key={f.id} data-testid="finding">
                      <SeverityTag severity={f.severity} />
                      <span className="findings-mini__title">{f.title}</span>
                      <time className="muted">{formatDateTime(f.created_at)}</time>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          );
        })}
      </div>
    </section>
  );
}
