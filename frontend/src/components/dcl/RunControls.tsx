import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import type { AoaRun, Agent, Source, Task } from '../../api/types';
import { keys } from '../../hooks/queries';
import { LLM_MODELS, type Selection } from '../../hooks/selection';
import type { RunProgress } from '../../hooks/runProgress';
import { ErrorNotice } from '../ErrorNotice';
import { RunProgressBar } from '../ProgressBar';

export interface RunControlsProps {
  sources: readonly Source[];
  agents: readonly Agent[];
  selection: Selection;
  onToggle: (kind: 'sources' | 'agents', key: string) => void;
  onModel: (model: string | null) => void;
  run: { task: Task | null; run: AoaRun | null; progress: RunProgress; active: boolean; runId: string | null; start: (t: Task) => void };
}

/** Source and agent selection, the model choice, the Run button and the run's progress. */
export function RunControls({ sources, agents, selection, onToggle, onModel, run }: RunControlsProps) {
  const api = useApi();
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () =>
      api.runAoa({ sources: selection.sources, agents: selection.agents, llm_model: selection.llmModel }),
    onSuccess: (task) => {
      run.start(task);
      void queryClient.invalidateQueries({ queryKey: keys.dclState });
    },
  });
  const nothing = selection.sources.length === 0;

  return (
    <div className="run-controls" data-testid="run-controls">
      <fieldset className="chips">
        <legend>Sources</legend>
        {sources.length === 0 && <span className="muted">No sources yet.</span>}
        {sources.map((s) => (
          <label key={s.key} className="chip">
            <input
              type="checkbox"
              checked={selection.sources.includes(s.key)}
              onChange={() => onToggle('sources', s.key)}
              data-testid={`run-source-${s.key}`}
            />
            <span>{s.name}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="chips">
        <legend>Agents</legend>
        {agents.map((a) => (
          <label key={a.id} className="chip chip--agent">
            <input
              type="checkbox"
              checked={selection.agents.includes(a.id)}
              onChange={() => onToggle('agents', a.id)}
              data-testid={`run-agent-${a.id}`}
            />
            <span>{a.name}</span>
          </label>
        ))}
      </fieldset>
      <div className="run-controls__row">
        <label className="field field--inline">
          <span>Mapping</span>
          <select
            value={selection.llmModel ?? ''}
            onChange={(e) => onModel(e.target.value || null)}
            data-testid="run-model"
            aria-label="LLM model or heuristics only"
          >
            {LLM_MODELS.map((m) => (
              <option key={m.label} value={m.value ?? ''}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn--primary btn--run"
          onClick={() => start.mutate()}
          disabled={start.isPending || run.active || nothing}
          data-testid="run-aoa"
        >
          {run.active ? 'Running…' : start.isPending ? 'Starting…' : 'Run AOA'}
        </button>
      </div>
      {nothing && <p className="muted">Select at least one source to run.</p>}
      <ErrorNotice error={start.error} testId="run-error" />
      {run.runId && <RunProgressBar runId={run.runId} task={run.task} progress={run.progress} stages={run.run?.stages ?? []} agents={agents} />}
    </div>
  );
}
