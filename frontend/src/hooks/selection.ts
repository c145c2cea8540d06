/**
 * The user's source / agent / model selection, remembered in localStorage so
 * the dashboard and the connections page share it across visits.
 */

export interface Selection {
  sources: string[];
  agents: string[];
  /** An LLM model name, or null for heuristic-only mapping. */
  llmModel: string | null;
}

export const EMPTY_SELECTION: Selection = { sources: [], agents: [], llmModel: null };

const KEY = 'autonomos.selection';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function loadSelection(): Selection | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return {
      sources: strings(parsed.sources),
      agents: strings(parsed.agents),
      llmModel: typeof parsed.llmModel === 'string' && parsed.llmModel ? parsed.llmModel : null,
    };
  } catch {
    return null;
  }
}

export function saveSelection(selection: Selection): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(selection));
  } catch {
    /* storage full or disabled: the selection is only kept for this page */
  }
}

/** LLM choices offered in the UI; null is heuristic-only. */
export const LLM_MODELS: readonly { value: string | null; label: string }[] = [
  { value: null, label: 'Heuristics only (no LLM)' },
  { value: 'gpt-4o-mini', label: 'OpenAI gpt-4o-mini' },
  { value: 'gpt-4o', label: 'OpenAI gpt-4o' },
  { value: 'gemini-2.5-flash', label: 'Gemini 2.5 Flash' },
  { value: 'gemini-2.5-pro', label: 'Gemini 2.5 Pro' },
];
