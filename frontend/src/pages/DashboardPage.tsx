import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DclState, GraphNode } from '../api/types';
import { ArchitectureFlow } from '../components/ArchitectureFlow';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Hero } from '../components/Hero';
import { AgentLayer } from '../components/dcl/AgentLayer';
import { DclGraph, GraphLegend } from '../components/dcl/DclGraph';
import { MemoryPanel } from '../components/dcl/MemoryPanel';
import { NarrationPanel } from '../components/dcl/NarrationPanel';
import { NodePreview } from '../components/dcl/NodePreview';
import { ReviewQueue } from '../components/dcl/ReviewQueue';
import { RunControls } from '../components/dcl/RunControls';
import { toPercent } from '../components/format';
import { keys, useAgents, useDclState, useMe, useSources } from '../hooks/queries';
import { useActiveRun } from '../hooks/useActiveRun';
import { useSelection } from '../hooks/useSelection';


function StateSummary({ state }: { state: DclState }) {
  const conf = toPercent(state.confidence);
  const counts = state.graph.nodes.reduce<Record<string, number>>((acc, n) => {
    acc[n.type] = (acc[n.type] ?? 0) + 1;
    return acc;
  }, {});
  return (
    <dl className="stats stats--inline" data-testid="dcl-summary">
      <div className="stat">
        <dt>Version</dt>
        <dd data-testid="dcl-version">{state.version ?? '—'}</dd>
      </div>
      <div className="stat">
        <dt>Systems</dt>
        <dd>{counts.source_parent ?? 0}</dd>
      </div>
      <div className="stat">
        <dt>Tables</dt>
        <dd>{counts.source ?? 0}</dd>
      </div>
      <div className="stat">
        <dt>Entities</dt>
        <dd>{counts.ontology ?? 0}</dd>
      </div>
      <div className="stat">
        <dt>Confidence</dt>
        <dd data-testid="dcl-confidence">{conf === null ? '—' : `${Math.round(conf)} %`}</dd>
      </div>
      <div className="stat">
        <dt>To review</dt>
        <dd data-testid="dcl-review-pending">{state.review?.pending ?? 0}</dd>
      </div>
    </dl>
  );
}

export function DashboardPage() {
  const me = useMe();
  const sources = useSources();
  const agents = useAgents();
  const run = useActiveRun();
  const state = useDclState({ active: run.active });
  const queryClient = useQueryClient();
  // The DCL state is polled with its ETag, so a new object means something changed: perhaps a
  // run started by someone else in the tenant. Ask /aoa/state again then, and only then.
  const stateData = state.data;
  const idle = !run.active;
  useEffect(() => {
    if (stateData && idle) void queryClient.invalidateQueries({ queryKey: keys.aoaState });
  }, [stateData, idle, queryClient]);
  const { selection, toggle, setModel } = useSelection(sources.data, agents.data);
  const [selected, setSelected] = useState<GraphNode | null>(null);

  const graph = state.data?.graph;
  const shownAgents = (agents.data ?? []).filter(
    (a) => (state.data?.selected_agents ?? selection.agents).includes(a.id),
  );

  return (
    <div className="dashboard">
      <Hero tenantName={me.data?.tenant.name} />
      <ArchitectureFlow />
      <div className="dcl-layout">
        <section className="card dcl-main" aria-labelledby="dcl-title">
          <h2 id="dcl-title" className="section-title">
            Data Connection Layer
          </h2>
          <ErrorNotice error={sources.error ?? agents.error} />
          <RunControls
            sources={sources.data ?? []}
            agents={agents.data ?? []}
            selection={selection}
            onToggle={toggle}
            onModel={setModel}
            run={run}
          />
          {state.isPending && <Loading label="Loading the graph…" />}
          <ErrorNotice error={state.error} testId="state-error" />
          {state.data && <StateSummary state={state.data} />}
          {graph && graph.nodes.length > 0 ? (
            <>
              <GraphLegend />
              <DclGraph graph={graph} catalog={sources.data ?? []} onSelectNode={setSelected} />
            </>
          ) : (
            state.data && (
              <p className="empty" data-testid="graph-empty">
                No graph yet. Pick sources and agents, then press <strong>Run AOA</strong>.
              </p>
            )
          )}
          <AgentLayer agents={shownAgents} live={run.active} />
        </section>
        <aside className="dcl-side" aria-label="DCL activity">
          <NarrationPanel events={state.data?.events ?? []} />
          <MemoryPanel memory={state.data?.memory ?? { entries: 0 }} llm={state.data?.llm} />
          <ReviewQueue version={state.data?.version} />
        </aside>
      </div>
      {selected && <NodePreview node={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}
