import type { Agent, Finding, FindingPage } from '../../api/types';
import { useFindings } from '../../hooks/queries';
import { ErrorNotice } from '../ErrorNotice';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(severity: string): number {
  const i = SEVERITY_ORDER.indexOf(severity.toLowerCase());
  return i === -1 ? SEVERITY_ORDER.length : i;
}

/** The `count` most severe findings, newest first within a severity. */
export function topFindings(findings: readonly Finding[], count: number): Finding[] {
  return [...findings]
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || Date.parse(b.created_at) - Date.parse(a.created_at))
    .slice(0, count);
}

export function SeverityTag({ severity }: { severity: string }) {
  const s = severity.toLowerCase().replace(/[^a-z]/g, '');
  return <span className={`tag tag--sev tag--${s}`}>{severity}</span>;
}

/** How the agent's latest run went, in a sentence (or null when there is nothing to say). */
export function runNote(page: FindingPage | undefined): string | null {
  if (!page) return null;
  if (page.run_status === 'missing_inputs' || page.missing.length > 0) {
    return `Waiting for inputs: ${page.missing.join(', ') || 'the entities it reads'}. Approve their mappings in the review queue, then run AOA again.`;
  }
  if (page.run_status && page.run_status !== 'completed') return `Last run: ${page.run_status.replace(/_/g, ' ')}.`;
  return null;
}

/** The agents under the graph, each with its latest run's most severe findings. */
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
          const page = q?.data;
          const items = page?.items ?? [];
          const note = runNote(page);
          return (
            <article key={agent.id} className="agent-card" data-testid={`agent-card-${agent.id}`} data-run-status={page?.run_status ?? ''}>
              <header className="agent-card__head">
                <h4 className="agent-card__name">{agent.name}</h4>
                <span className="tag tag--mode">{agent.autonomy_mode}</span>
              </header>
              <p className="agent-card__consumes">Reads {agent.consumes.join(', ') || '—'}</p>
              <ErrorNotice error={q?.error} />
              {note && (
                <p className="notice notice--warn" data-testid="agent-missing">
                  {note}
                </p>
              )}
              {items.length === 0 ? (
                !note && <p className="muted">{q?.isPending ? 'Loading findings…' : page?.run_status ? 'No findings.' : 'Not run yet.'}</p>
              ) : (
                <>
                  <p className="agent-card__count muted" data-testid="agent-finding-count">
                    {items.length} finding{items.length === 1 ? '' : 's'}; most severe:
                  </p>
                  <ul className="findings-mini">
                    {topFindings(items, 3).map((f) => (
                      <li key={f.id} data-testid="finding">
                        <SeverityTag severity={f.severity} />
                        <span className="findings-mini__title">{f.title}</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </article>
          );
        })}
      </div>
    </section>
  );
}
