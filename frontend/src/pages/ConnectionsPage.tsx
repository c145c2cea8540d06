import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/ApiProvider';
import type { Source, Task } from '../api/types';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatNumber } from '../components/format';
import { LineageView } from '../components/LineageView';
import { keys, useAgents, useSources } from '../hooks/queries';
import { LLM_MODELS } from '../hooks/selection';
import { useSelection } from '../hooks/useSelection';

/** Demo sources are bundled with the platform (`kind: "demo"`); the tenant's own are `file` or `sql`. */
export function isDemoSource(source: Source): boolean {
  return source.kind === 'demo';
}

function SourceRow({ source, checked, onToggle }: { source: Source; checked: boolean; onToggle: () => void }) {
  const rows = source.tables.reduce((sum, t) => sum + (t.row_count ?? 0), 0);
  return (
    <li className="source-row" data-testid={`source-${source.key}`}>
      <label className="source-row__check">
        <input type="checkbox" checked={checked} onChange={onToggle} data-testid={`select-source-${source.key}`} />
        <span className="source-row__name">{source.name}</span>
        <span className="tag">{source.kind}</span>
      </label>
      <details className="source-row__details">
        <summary>
          {source.tables.length} table{source.tables.length === 1 ? '' : 's'} · {formatNumber(rows)} rows
        </summary>
        <ul className="source-row__tables">
          {source.tables.map((t) => (
            <li key={t.name}>
              <strong>{t.name}</strong> <span className="muted">({formatNumber(t.row_count)} rows)</span>
              <span className="source-row__cols">{t.columns.map((c) => c.name).join(', ')}</span>
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

function UploadForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      for (const file of Array.from(fileRef.current?.files ?? [])) form.append('files', file, file.name);
      if (name.trim()) form.append('name', name.trim());
      return api.uploadSource(form);
    },
    onSuccess: () => {
      setName('');
      if (fileRef.current) fileRef.current.value = '';
      void queryClient.invalidateQueries({ queryKey: keys.sources });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate();
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby="upload-title" data-testid="upload-form">
      <h3 id="upload-title" className="panel__title">
        Upload files
      </h3>
      <p className="muted">CSV, Parquet or JSON. Each file becomes a table of a new source.</p>
      <label className="field">
        <span>Source name (optional)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="upload-name" />
      </label>
      <label className="field">
        <span>Files</span>
        <input ref={fileRef} type="file" multiple required accept=".csv,.parquet,.json,.jsonl,.ndjson" data-testid="upload-files" />
      </label>
      <ErrorNotice error={upload.error} />
      {upload.isSuccess && <p className="notice notice--ok">Uploaded {upload.data?.name ?? 'the source'}.</p>}
      <button type="submit" className="btn btn--primary" disabled={upload.isPending} data-testid="upload-submit">
        {upload.isPending ? 'Uploading…' : 'Upload'}
      </button>
    </form>
  );
}

function SqlSourceForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [tables, setTables] = useState('');
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => {
      const list = tables
        .split(/[\s,]+/)
        .map((t) => t.trim())
        .filter(Boolean);
      return api.addSqlSource({ kind: 'sql', url: url.trim(), ...(list.length ? { tables: list } : {}), ...(name.trim() ? { name: name.trim() } : {}) });
    },
    onSuccess: () => {
      setUrl('');
      setTables('');
      setName('');
      void queryClient.invalidateQueries({ queryKey: keys.sources });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby="sql-title" data-testid="sql-form">
      <h3 id="sql-title" className="panel__title">
        Add a SQL database
      </h3>
      <p className="muted">The URL's credentials are stored encrypted and never shown again.</p>
      <label className="field">
        <span>Database URL</span>
        <input
          required
          placeholder="postgresql://user:password@host:5432/db"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          autoComplete="off"
          data-testid="sql-url"
        />
      </label>
      <label className="field">
        <span>Tables (optional, comma separated)</span>
        <input value={tables} onChange={(e) => setTables(e.target.value)} data-testid="sql-tables" />
      </label>
      <label className="field">
        <span>Source name (optional)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="sql-name" />
      </label>
      <ErrorNotice error={add.error} />
      {add.isSuccess && <p className="notice notice--ok">Added {add.data?.name ?? 'the source'}.</p>}
      <button type="submit" className="btn btn--primary" disabled={add.isPending} data-testid="sql-submit">
        {add.isPending ? 'Adding…' : 'Add source'}
      </button>
    </form>
  );
}

function LineageSearch() {
  const [params, setParams] = useSearchParams();
  const query = params.get('lineage') ?? '';
  const [text, setText] = useState(query);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('lineage', text.trim());
    else next.delete('lineage');
    setParams(next);
  };
  return (
    <section className="card" aria-labelledby="lineage-title">
      <h2 id="lineage-title" className="section-title">
        Lineage
      </h2>
      <form className="search" role="search" onSubmit={submit}>
        <label className="sr-only" htmlFor="lineage-q">
          Unified field or text
        </label>
        <input
          id="lineage-q"
          type="search"
          placeholder="e.g. opportunity.amount"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="lineage-search"
        />
        <button type="submit" className="btn btn--primary" data-testid="lineage-submit">
          Trace
        </button>
      </form>
      <LineageView query={query} />
    </section>
  );
}

export function ConnectionsPage() {
  const api = useApi();
  const sources = useSources();
  const agents = useAgents();
  const { selection, toggle, setModel, setAll } = useSelection(sources.data, agents.data);
  const [task, setTask] = useState<Task | null>(null);
  const connect = useMutation({
    mutationFn: () =>
      api.connect({
        sources: selection.sources,
        agents: selection.agents,
        llm_model: selection.llmModel,
        mode: selection.llmModel ? 'llm' : 'heuristic',
      }),
    onSuccess: setTask,
  });
  const all = sources.data ?? [];
  const demo = all.filter(isDemoSource);
  const own = all.filter((s) => !isDemoSource(s));

  return (
    <div className="stack">
      <h1 className="page-title">Connections</h1>
      <div className="grid-2">
        <section className="card" aria-labelledby="sources-title">
          <h2 id="sources-title" className="section-title">
            Sources
          </h2>
          {sources.isPending && <Loading />}
          <ErrorNotice error={sources.error} />
          <div className="btn-row">
            <button type="button" className="btn btn--ghost" onClick={() => setAll('sources', all.map((s) => s.key))}>
              Select all
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setAll('sources', [])}>
              Clear
            </button>
          </div>
          <h3 className="panel__title">Demo sources</h3>
          <ul className="source-list" data-testid="demo-sources">
            {demo.map((s) => (
              <SourceRow key={s.key} source={s} checked={selection.sources.includes(s.key)} onToggle={() => toggle('sources', s.key)} />
            ))}
          </ul>
          <h3 className="panel__title">Your sources</h3>
          {own.length === 0 ? (
            <p className="muted">None yet: upload files or add a SQL database.</p>
          ) : (
            <ul className="source-list" data-testid="own-sources">
              {own.map((s) => (
                <SourceRow key={s.key} source={s} checked={selection.sources.includes(s.key)} onToggle={() => toggle('sources', s.key)} />
              ))}
            </ul>
          )}
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="agents-title">
            <h2 id="agents-title" className="section-title">
              Agents
            </h2>
            <ErrorNotice error={agents.error} />
            <ul className="source-list">
              {(agents.data ?? []).map((a) => (
                <li key={a.id} className="source-row">
                  <label className="source-row__check">
                    <input
                      type="checkbox"
                      checked={selection.agents.includes(a.id)}
                      onChange={() => toggle('agents', a.id)}
                      data-testid={`select-agent-${a.id}`}
                    />
                    <span className="source-row__name">{a.name}</span>
                  </label>
                  <span className="muted">reads {a.consumes.join(', ')}</span>
                </li>
              ))}
            </ul>
            <label className="field">
              <span>Mapping model</span>
              <select value={selection.llmModel ?? ''} onChange={(e) => setModel(e.target.value || null)} data-testid="connect-model">
                {LLM_MODELS.map((m) => (
                  <option key={m.label} value={m.value ?? ''}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
            <p className="muted">Your selection is remembered on this device and used by the dashboard's Run button.</p>
            <button
              type="button"
              className="btn btn--primary"
              disabled={connect.isPending || selection.sources.length === 0}
              onClick={() => connect.mutate()}
              data-testid="connect-submit"
            >
              {connect.isPending ? 'Connecting…' : 'Connect selection'}
            </button>
            <ErrorNotice error={connect.error} />
            {task && (
              <p className="notice notice--ok">
                Connect task queued: <Link to={`/tasks/${task.id}`}>{task.id}</Link>
              </p>
            )}
          </section>
          <UploadForm />
          <SqlSourceForm />
        </div>
      </div>
      <LineageSearch />
    </div>
  );
}
