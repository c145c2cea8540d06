import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { TASK_STATUSES, type TaskStatus } from '../api/types';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatDateTime } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import { useTaskList } from '../hooks/queries';

function isStatus(value: string | null): value is TaskStatus {
  return value !== null && (TASK_STATUSES as readonly string[]).includes(value);
}

export function TasksPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: TaskStatus | '' = isStatus(raw) ? raw : '';
  const type = params.get('type') ?? '';
  const [typeText, setTypeText] = useState(type);
  const list = useTaskList({ status, type: type || undefined });
  const tasks = list.data?.pages.flatMap((p) => p.items) ?? [];

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <div className="stack">
      <h1 className="page-title">Tasks</h1>
      <div className="toolbar">
        <div className="filter-chips" role="group" aria-label="Filter by status">
          {(['', ...TASK_STATUSES] as const).map((s) => (
            <button
              key={s || 'all'}
              type="button"
              className={`chip-button${status === s ? ' is-active' : ''}`}
              aria-pressed={status === s}
              onClick={() => setFilter('status', s)}
              data-testid={`task-filter-${s || 'all'}`}
            >
              {s ? s.replace('_', ' ') : 'all'}
            </button>
          ))}
        </div>
        <form
          className="search search--compact"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter('type', typeText.trim());
          }}
        >
          <label className="sr-only" htmlFor="task-type">
            Task type
          </label>
          <input id="task-type" type="search" placeholder="Type, e.g. aoa.run" value={typeText} onChange={(e) => setTypeText(e.target.value)} data-testid="task-type-filter" />
        </form>
      </div>
      <section className="card">
        {list.isPending && <Loading />}
        <ErrorNotice error={list.error} />
        {!list.isPending && tasks.length === 0 && <p className="muted">No tasks match.</p>}
        <ul className="task-list" data-testid="task-list">
          {tasks.map((t) => (
            <li key={t.id} className="task-row" data-testid="task-row">
              <Link to={`/tasks/${t.id}`} className="task-row__link" data-testid={`task-link-${t.id}`}>
                <span className="task-row__type">{t.type}</span>
                <StatusBadge status={t.status} />
                <span className="task-row__id" title={t.id}>
                  {t.id}
                </span>
                <time className="task-row__time">{formatDateTime(t.created_at)}</time>
                <span className="task-row__attempts muted">
                  attempt {t.attempts}/{t.max_retries + 1}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        {list.hasNextPage && (
          <button
            type="button"
            className="btn btn--ghost btn--block"
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
            data-testid="tasks-more"
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </div>
  );
}
