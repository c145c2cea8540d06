/**
 * Enterprise Data → AAM → DCL → Agents → Outcomes, with the AOA ribbon that
 * orchestrates the whole chain. Pure markup and CSS: it wraps on narrow screens.
 */
const STAGES = [
  { key: 'data', title: 'Enterprise Data', detail: 'CRMs, ERPs, warehouses, files, SQL' },
  { key: 'aam', title: 'AAM', detail: 'Adaptive API Mesh: connects and profiles sources' },
  { key: 'dcl', title: 'DCL', detail: 'Maps fields onto the ontology, publishes unified views' },
  { key: 'agents', title: 'Agents', detail: 'FinOps and RevOps pilots read unified entities' },
  { key: 'outcomes', title: 'Outcomes', detail: 'Findings, approvals and actions' },
] as const;

export function ArchitectureFlow() {
  return (
    <section className="arch" aria-labelledby="arch-title">
      <h2 id="arch-title" className="section-title">
        How it flows
      </h2>
      <ol className="arch__flow" data-testid="architecture-flow">
        {STAGES.map((stage, i) => (
          <li key={stage.key} className={`arch__stage arch__stage--${stage.key}`}>
            <span className="arch__title">{stage.title}</span>
            <span className="arch__detail">{stage.detail}</span>
            {i < STAGES.length - 1 && (
              <span className="arch__arrow" aria-hidden="true">
                →
              </span>
            )}
          </li>
        ))}
      </ol>
      <div className="arch__ribbon" role="note">
        <strong>AOA</strong> — the Agentic Orchestration Architecture runs the plan end to end: connect → map → publish →
        run agents, as tasks on the queue.
      </div>
    </section>
  );
}
