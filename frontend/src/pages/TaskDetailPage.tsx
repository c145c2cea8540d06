import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/ApiProvider';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatDateTime, prettyJson } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import { keys, useTask, useTaskDeliveries, useTaskEvents } from '../hooks/queries';
import { isTerminal } from '../hooks/runProgress';

export function TaskDetailPage() {
  const { taskId = '' } = useParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const task = useTask(taskId);
  const done = isTerminal(task.data?.status);
  const events = useTaskEvents(taskId, Boolean(task.data) && !done);
  const deliveries = useTaskDeliveries(taskId);
  const cancel = useMutation({
    mutationFn: () => api.cancelTask(taskId),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.task(taskId), updated);
      void queryClient.invalidateQueries({ queryKey: keys.taskEvents(taskId) });
    },
  });

  const t = task.data;
  return (
    <div className="stack" data-testid="task-detail">
      <p>
        <Link to="/tasks">← All tasks</Link>
      </p>
      <h1 className="page-title">Task {t ? <span className="mono">{t.type}</span> : ''}</h1>
      {task.isPending && <Loading />}
      <ErrorNotice error={task.error} />
      {t && (
        <section className="card">
          <div className="toolbar">
            <StatusBadge status={t.status} />
            {!done && (
              <button type="button" className="btn btn--danger" onClick={() => cancel.mutate()} disabled={cancel.isPending} data-testid="task-cancel">
                {cancel.isPending ? 'Canceling…' : 'Cancel task'}
              </button>
            )}
          </div>
          <ErrorNotice error={cancel.error} testId="cancel-error" />
          <dl className="facts">
            <dt>ID</dt>
            <dd className="mono" data-testid="task-id">
              {t.id}
            </dd>
            <dt>Type</dt>
            <dd>{t.type}</dd>
            <dt>Attempts</dt>
            <dd>
              {t.attempts} of {t.max_retries + 1}
            </dd>
            <dt>Created</dt>
            <dd>{formatDateTime(t.created_at)}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(t.started_at)}</dd>
            <dt>Finished</dt>
            <dd>{formatDateTime(t.finished_at)}</dd>
            <dt>Callback</dt>
            <dd className="break">{t.callback_url ?? '—'}</dd>
            {t.parent_task_id && (
              <>
                <dt>Started by</dt>
                <dd>
                  <Link to={`/tasks/${t.parent_task_id}`} data-testid="task-parent">
                    {t.parent_task_id}
                  </Link>
                </dd>
              </>
            )}
            {t.next_task_id && (
              <>
                <dt>Next task</dt>
                <dd>
                  <Link to={`/tasks/${t.next_task_id}`}>{t.next_task_id}</Link>
                </dd>
              </>
            )}
          </dl>
          <div className="grid-2">
            <div>
              <h2 className="panel__title">Payload</h2>
              <pre className="code" data-testid="task-payload">{prettyJson(t.payload)}</pre>
            </div>
            <div>
              <h2 className="panel__title">{t.error ? 'Error' : 'Result'}</h2>
              <pre className={`code${t.error ? ' code--error' : ''}`} data-testid="task-result">
                {prettyJson(t.error ?? t.result)}
              </pre>
            </div>
          </div>
        </section>
      )}
      <section className="card" aria-labelledby="events-title">
        <h2 id="events-title" className="section-title">
          Events
        </h2>
        <ErrorNotice error={events.error} />
        {events.data?.length === 0 && <p className="muted">No events yet.</p>}
        <ol className="events" data-testid="task-events">
          {(events.data ?? []).map((e) => (
            <li key={e.seq} className="event" data-testid="task-event">
              <span className="event__seq">#{e.seq}</span>
              <time className="event__time">{formatDateTime(e.at)}</time>
              <span className="tag">{e.kind}</span>
              <span className="event__msg">{e.message}</span>
              {e.data != null && typeof e.data === 'object' && Object.keys(e.data as object).length > 0 && (
                <details className="event__data">
                  <summary>data</summary>
                  <pre className="code">{prettyJson(e.data)}</pre>
                </details>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title" className="section-title">
          Callback deliveries
        </h2>
        <ErrorNotice error={deliveries.error} />
        {deliveries.data?.length === 0 && <p className="muted">No callback deliveries.</p>}
        {(deliveries.data?.length ?? 0) > 0 && (
          <div className="table-scroll" role="region" aria-label="Callback deliveries" tabIndex={0}>
            <table className="data-table" data-testid="task-deliveries">
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col">At</th>
                  <th scope="col">Status</th>
                  <th scope="col">Delivered</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data?.map((d) => (
                  <tr key={`${d.attempt}-${d.at}`}>
                    <td>{d.attempt}</td>
                    <td>{formatDateTime(d.at)}</td>
                    <td>{d.status_code ?? '—'}</td>
                    <td>{d.delivered === undefined ? '—' : d.delivered ? 'yes' : 'no'}</td>
                    <td>{d.error ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
