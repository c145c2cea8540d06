import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Ontology, OntologyEntity, Universe, UniverseField } from '../api/types';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { formatNumber, toPercent } from '../components/format';
import { useOntology, useUniverse } from '../hooks/queries';

type View = 'entities' | 'universe';

function matches(text: string, q: string): boolean {
  return text.toLowerCase().includes(q);
}

/** Entities whose name, fields or mapped sources contain the query. */
export function filterEntities(ontology: Ontology | undefined, query: string): OntologyEntity[] {
  const q = query.trim().toLowerCase();
  const entities = ontology?.entities ?? [];
  if (!q) return entities;
  return entities.filter(
    (e) =>
      matches(e.name, q) ||
      e.fields.some((f) => matches(f.name, q)) ||
      (e.source_mappings ?? []).some(
        (m) => matches(m.source_system, q) || matches(m.source_table, q) || m.field_mappings.some((fm) => matches(fm.source_field, q)),
      ),
  );
}

/** Sources with only the tables (and fields) that contain the query; all of a table when its name matches. */
export function filterUniverse(universe: Universe | undefined, query: string): Universe['sources'] {
  const q = query.trim().toLowerCase();
  const sources = universe?.sources ?? [];
  if (!q) return sources;
  return sources
    .map((s) => {
      if (matches(s.name, q) || matches(s.key, q)) return s;
      const tables = s.tables
        .map((t) => {
          if (matches(t.name, q)) return t;
          const fields = t.fields.filter((f) => matches(f.name, q) || matches(mappedTo(f), q));
          return fields.length ? { ...t, fields } : null;
        })
        .filter((t): t is NonNullable<typeof t> => t !== null);
      return tables.length ? { ...s, tables } : null;
    })
    .filter((s): s is NonNullable<typeof s> => s !== null);
}

function mappedTo(field: UniverseField): string {
  const m = field.mapped_to;
  if (Array.isArray(m)) return m.join(', ');
  return m ?? '';
}

function EntitiesView({ entities }: { entities: OntologyEntity[] }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (name: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  if (entities.length === 0) return <p className="muted">No entity matches.</p>;
  return (
    <div className="table-scroll" role="region" aria-label="Unified entities" tabIndex={0}>
      <table className="data-table data-table--wide data-table--stack" data-testid="entities-table">
        <thead>
          <tr>
            <th scope="col">Entity</th>
            <th scope="col">Primary key</th>
            <th scope="col">Fields</th>
            <th scope="col">Data sources</th>
            <th scope="col">Source tables</th>
          </tr>
        </thead>
        <tbody>
          {entities.map((e) => {
            const mappings = e.source_mappings ?? [];
            const systems = [...new Set(mappings.map((m) => m.source_system))];
            const isOpen = open.has(e.name);
            return (
              <Fragment key={e.name}>
                <tr data-testid="entity-row" data-entity={e.name}>
                  <th scope="row">
                    <button
                      type="button"
                      className="expander"
                      aria-expanded={isOpen}
                      onClick={() => toggle(e.name)}
                      data-testid={`entity-toggle-${e.name}`}
                    >
                      <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> {e.name}
                    </button>
                  </th>
                  <td data-label="Primary key">
                    <code>{e.primary_key}</code>
                  </td>
                  <td data-label="Fields">{e.fields.map((f) => f.name).join(', ')}</td>
                  <td data-label="Data sources">{systems.join(', ') || '—'}</td>
                  <td data-label="Source tables">{mappings.map((m) => m.source_table).join(', ') || '—'}</td>
                </tr>
                {isOpen && (
                  <tr className="expanded-row">
                    <td colSpan={5}>
                      {mappings.length === 0 ? (
                        <p className="muted">No source is mapped to {e.name} yet.</p>
                      ) : (
                        <div className="mapping-groups" data-testid={`entity-mappings-${e.name}`}>
                          {mappings.map((m) => (
                            <div key={`${m.source_key ?? m.source_system}.${m.source_table}`} className="mapping-group">
                              <p className="mapping-group__title">
                                <span className="tag tag--source">{m.source_system}</span> {m.source_table}
                                {m.feeds_rows === false && <span className="muted"> · fills fields of rows from other tables</span>}
                              </p>
                              <ul>
                                {m.field_mappings.map((fm) => {
                                  const pct = toPercent(fm.confidence);
                                  const unified = `${e.name}.${fm.ontology_field}`;
                                  return (
                                    <li key={`${fm.source_field}>${fm.ontology_field}`}>
                                      {fm.source_field} →{' '}
                                      <Link to={`/connections?lineage=${encodeURIComponent(unified)}`} title="Show lineage">
                                        <strong>{unified}</strong>
                                      </Link>
                                      <span className="muted">
                                        {' '}
                                        {pct === null ? '' : `${Math.round(pct)} %`} {fm.method}
                                      </span>
                                    </li>
                                  );
                                })}
                              </ul>
                            </div>
                          ))}
                        </div>
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function UniverseView({ sources }: { sources: Universe['sources'] }) {
  if (sources.length === 0) return <p className="muted">No source matches.</p>;
  return (
    <ul className="universe" data-testid="universe-view">
      {sources.map((s) => (
        <li key={s.key} className="universe__system" data-testid="universe-system">
          <details open>
            <summary>
              <span className="tag tag--source">{s.name}</span> {s.tables.length} table{s.tables.length === 1 ? '' : 's'}
            </summary>
            <ul>
              {s.tables.map((t) => (
                <li key={t.name} className="universe__table">
                  <details>
                    <summary>
                      <strong>{t.name}</strong> <span className="muted">{formatNumber(t.row_count)} rows · {t.fields.length} fields</span>
                    </summary>
                    <ul className="universe__fields">
                      {t.fields.map((f) => (
                        <li key={f.name}>
                          <code>{f.name}</code> <span className="muted">{f.type}</span>
                          {mappedTo(f) ? (
                            <span className="universe__mapped">
                              {' → '}
                              <Link to={`/connections?lineage=${encodeURIComponent(mappedTo(f))}`} title="Show lineage">
                                {mappedTo(f)}
                              </Link>
                              {f.mappings?.[0] && (
                                <span className="muted">
                                  {' '}
                                  {Math.round(toPercent(f.mappings[0].confidence) ?? 0)} % {f.mappings[0].method}
                                </span>
                              )}
                            </span>
                          ) : (
                            <span className="muted"> · unmapped</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </details>
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}

export function OntologyPage() {
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'universe' ? 'universe' : 'entities';
  const [query, setQuery] = useState('');
  const ontology = useOntology();
  const universe = useUniverse();
  const setView = (next: View) => {
    const p = new URLSearchParams(params);
    p.set('view', next);
    setParams(p, { replace: true });
  };

  return (
    <div className="stack">
      <h1 className="page-title">Ontology</h1>
      <div className="toolbar">
        <div className="tabs" role="tablist" aria-label="Ontology views">
          <button
            type="button"
            role="tab"
            id="tab-entities"
            aria-selected={view === 'entities'}
            aria-controls="panel-ontology"
            className={`tab${view === 'entities' ? ' is-active' : ''}`}
            onClick={() => setView('entities')}
            data-testid="ontology-tab-entities"
          >
            Unified entities
          </button>
          <button
            type="button"
            role="tab"
            id="tab-universe"
            aria-selected={view === 'universe'}
            aria-controls="panel-ontology"
            className={`tab${view === 'universe' ? ' is-active' : ''}`}
            onClick={() => setView('universe')}
            data-testid="ontology-tab-universe"
          >
            Data source universe
          </button>
        </div>
        <label className="search search--compact">
          <span className="sr-only">Search the ontology</span>
          <input type="search" placeholder="Search…" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="ontology-search" />
        </label>
      </div>
      <section id="panel-ontology" role="tabpanel" aria-labelledby={`tab-${view}`} className="card">
        {view === 'entities' ? (
          <>
            {ontology.isPending && <Loading />}
            <ErrorNotice error={ontology.error} />
            {ontology.data && <EntitiesView entities={filterEntities(ontology.data, query)} />}
          </>
        ) : (
          <>
            {universe.isPending && <Loading />}
            <ErrorNotice error={universe.error} />
            {universe.data && <UniverseView sources={filterUniverse(universe.data, query)} />}
          </>
        )}
      </section>
    </div>
  );
}
