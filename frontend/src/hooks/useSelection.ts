import { useCallback, useEffect, useState } from 'react';
import type { Agent, Source } from '../api/types';
import { EMPTY_SELECTION, loadSelection, saveSelection, type Selection } from './selection';

/**
 * The remembered selection, kept valid against what the API offers: unknown
 * keys are dropped, and with nothing remembered every source and agent is
 * selected.
 */
export function useSelection(sources: readonly Source[] | undefined, agents: readonly Agent[] | undefined) {
  const [stored, setStored] = useState<Selection | null>(() => loadSelection());

  const update = useCallback((next: Selection) => {
    saveSelection(next);
    setStored(next);
  }, []);

  // When the catalog arrives and nothing was remembered, start with everything.
  useEffect(() => {
    if (stored || !sources || !agents) return;
    setStored({ sources: sources.map((s) => s.key), agents: agents.map((a) => a.id), llmModel: null });
  }, [stored, sources, agents]);

  const base = stored ?? EMPTY_SELECTION;
  const selection: Selection = {
    sources: sources ? base.sources.filter((k) => sources.some((s) => s.key === k)) : base.sources,
    agents: agents ? base.agents.filter((id) => agents.some((a) => a.id === id)) : base.agents,
    llmModel: base.llmModel,
  };

  const toggle = useCallback(
    (kind: 'sources' | 'agents', key: string) => {
      const list = selection[kind];
      const next = list.includes(key) ? list.filter((k) => k !== key) : [...list, key];
      update({ ...selection, [kind]: next });
    },
    [selection, update],
  );

  const setModel = useCallback((llmModel: string | null) => update({ ...selection, llmModel }), [selection, update]);
  const setAll = useCallback(
    (kind: 'sources' | 'agents', keys: string[]) => update({ ...selection, [kind]: keys }),
    [selection, update],
  );

  return { selection, toggle, setModel, setAll };
}
