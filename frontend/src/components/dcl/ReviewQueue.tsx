import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { Mapping, Ontology } from '../../api/types';
import { keys, useMappings, useOntology, useTask } from '../../hooks/queries';
import { isTerminal } from '../../hooks/runProgress';
import { ErrorNotice, Loading } from '../ErrorNotice';
import { toPercent } from '../format';

/** "system · table.column" and "entity.field" of a proposal. */
export function describeMapping(m: Mapping): { from: string; to: string } {
  return { from: `${m.source_system} · ${m.source_table}.${m.source_field}`, to: m.ontology_field };
}

function ontologyFields(ontology: Ontology | undefined): string[] {
  return (ontology?.entities ?? []).flatMap((e) => e.fields.map((f) => `${e.name}.${f.name}`));
}

function ReviewItem({ mapping, fields, onDecided }: { mapping: Mapping; fields: string[]; onDecided: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { from, to } = describeMapping(mapping);
  const [editing, setEditing] = useState(false);
  const [target, setTarget] = useState(to);
  // A decision changes the queue and the state's pending count; the views change only with
  // the next version (publish or run), which refreshes them.
  const done = () => {
    onDecided();
    void queryClient.invalidateQueries({ queryKey: keys.mappings('proposed') });
    void queryClient.invalidateQueries({ queryKey: keys.dclState });
  };
  const approve = useMutation({ mutationFn: () => api.approveMapping(mapping.id), onSuccess: done });
  const reject = useMutation({ mutationFn: () => api.rejectMapping(mapping.id), onSuccess: done });
  const edit = useMutation({
    mutationFn: () => api.editMapping(mapping.id, target),
    onSuccess: () => {
      setEditing(false);
      done();
    },
  });
  const busy = approve.isPending || reject.isPending || edit.isPending;
  const pct = toPercent(mapping.confidence);

  return (
    <li className="review-item" data-testid="review-item" data-mapping-id={mapping.id}>
      <p className="review-item__text">
        <span>{from}</span> → <strong>{to}</strong>
      </p>
      <p className="review-item__meta">
        {pct !== null && <span>{Math.round(pct)} % confidence</span>}
        {mapping.method && <span className="tag">{mapping.method}</span>}
      </p>
      {editing ? (
        <div className="review-item__edit">
          <label className="field">
            <span>Map to</span>
            {fields.length ? (
              <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="review-edit-field">
                {!fields.includes(target) && <option value={target}>{target}</option>}
                {fields.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            ) : (
              <input value={target} onChange={(e) => setTarget(e.target.value)} data-testid="review-edit-field" />
            )}
          </label>
          <div className="btn-row">
            <button type="button" className="btn btn--primary" disabled={busy} onClick={() => edit.mutate()} data-testid="review-save">
              Save
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="btn-row">
          <button
            type="button"
            className="btn btn--ok"
            disabled={busy}
            onClick={() => approve.mutate()}
            data-testid="review-approve"
            aria-label={`Approve ${from} → ${to}`}
          >
            Approve
          </button>
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => setEditing(true)} data-testid="review-edit" aria-label={`Edit ${from} → ${to}`}>
            Edit
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={busy}
            onClick={() => reject.mutate()}
            data-testid="review-reject"
            aria-label={`Reject ${from} → ${to}`}
          >
            Reject
          </button>
        </div>
      )}
      <ErrorNotice error={approve.error ?? reject.error ?? edit.error} />
    </li>
  );
}

/**
 * Decisions take effect in the next published version: after some, offer to
 * publish one now (a `dcl.publish` task), and refresh the state when it ends.
 */
function PublishDecisions({ decided, onPublished }: { decided: number; onPublished: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const publish = useMutation({ mutationFn: () => api.publish() });
  const task = useTask(publish.data?.id);
  const status = task.data?.status ?? publish.data?.status;
  const finished = isTerminal(status);
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: ['dcl'] });
    void queryClient.invalidateQueries({ queryKey: ['agents'] });
    if (status === 'success') onPublished();
  }, [finished, status, queryClient, onPublished]);
  const running = publish.isPending || (publish.isSuccess && !finished);
  if (decided === 0 && !running && status !== 'failed') return null;
  return (
    <div className="review-publish" data-testid="review-publish">
      <p className="muted">
        {decided === 1 ? '1 decision' : `${decided} decisions`} since the last version: publish to use them now, or run AOA again to
        refresh the agents too.
      </p>
      <button type="button" className="btn btn--primary" disabled={running} onClick={() => publish.mutate()} data-testid="review-publish-button">
        {running ? 'Publishing…' : 'Publish'}
      </button>
      {status === 'failed' && <p className="notice notice--error">Publishing failed: see the task for details.</p>}
      <ErrorNotice error={publish.error} />
    </div>
  );
}

/**
 * Proposals under the tenant's confidence threshold, waiting for a person.
 * `version` is the current published version: decisions counted since it are
 * forgotten when a newer one appears (a publish or an AOA run took them in).
 */
export function ReviewQueue({ version }: { version?: number | null }) {
  const proposed = useMappings('proposed');
  const ontology = useOntology();
  const fields = ontologyFields(ontology.data);
  const items = proposed.data ?? [];
  const [decided, setDecided] = useState(0);
  const onDecided = useCallback(() => setDecided((n) => n + 1), []);
  const onPublished = useCallback(() => setDecided(0), []);
  useEffect(() => setDecided(0), [version]);
  return (
    <section className="panel" aria-labelledby="review-title" data-testid="review-queue">
      <h3 id="review-title" className="panel__title">
        Review queue {items.length > 0 && <span className="count" data-testid="review-count">{items.length}</span>}
      </h3>
      {proposed.isPending && <Loading />}
      <ErrorNotice error={proposed.error} />
      <PublishDecisions decided={decided} onPublished={onPublished} />
      {!proposed.isPending && !proposed.error && items.length === 0 && <p className="muted">No mappings wait for review.</p>}
      <ul className="review-list">
        {items.map((m) => (
          <ReviewItem key={m.id} mapping={m} fields={fields} onDecided={onDecided} />
        ))}
      </ul>
    </section>
  );
}
