import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Graph, GraphNode, Source } from '../../api/types';
import { layoutGraph, type LaidOutLink, type Pill } from '../../graph/layout';
import { NODE_STYLES } from '../../graph/nodeStyle';
import { edgeTooltip, type Tooltip } from '../../graph/tooltips';

interface TooltipState extends Tooltip {
  x: number;
  y: number;
}

/** Width of an element, followed as it resizes (ResizeObserver where the browser has it). */
function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = el.clientWidth;
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') {
      window.addEventListener('resize', measure);
      return () => window.removeEventListener('resize', measure);
    }
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

const LEGEND = [
  { type: 'source_parent', label: 'Source systems' },
  { type: 'source', label: 'Tables' },
  { type: 'ontology', label: 'Unified entities' },
  { type: 'agent', label: 'Agents' },
] as const;

/** What the pill colours mean. */
export function GraphLegend() {
  return (
    <ul className="graph-legend" aria-label="Graph legend">
      {LEGEND.map((item) => (
        <li key={item.type}>
          <span
            className="graph-legend__swatch"
            style={{ background: NODE_STYLES[item.type].fill, borderColor: NODE_STYLES[item.type].color }}
            aria-hidden="true"
          />
          {item.label}
        </li>
      ))}
      <li className="muted">Hover or tap a flow for its fields; click a pill for rows.</li>
    </ul>
  );
}

export interface DclGraphProps {
  graph: Graph;
  catalog?: readonly Source[];
  onSelectNode?: (node: GraphNode) => void;
}

/**
 * The DCL graph: a top-to-bottom Sankey (systems → tables → entities →
 * agents) drawn from the pure layout in ../../graph/layout. Hover, focus or
 * tap an edge for its tooltip; click or press Enter on a node's pill for a
 * preview of its rows.
 */
export function DclGraph({ graph, catalog = [], onSelectNode }: DclGraphProps) {
  const [containerRef, width] = useWidth<HTMLDivElement>(800);
  const layout = useMemo(() => layoutGraph(graph, { width }), [graph, width]);
  const nodeById = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);
  const [tooltip, setTooltip] = useState<TooltipState | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);

  const showTooltip = (link: LaidOutLink, x: number, y: number) => {
    setTooltip({ ...edgeTooltip(link.raw, nodeById, catalog), x, y });
    setHovered(link.id);
  };
  const hideTooltip = () => {
    setTooltip(null);
    setHovered(null);
  };

  const pointer = (event: React.MouseEvent, link: LaidOutLink) => {
    const box = containerRef.current?.getBoundingClientRect();
    showTooltip(link, event.clientX - (box?.left ?? 0), event.clientY - (box?.top ?? 0));
  };

  const select = (pill: Pill) => {
    const node = nodeById.get(pill.nodeId);
    if (node && onSelectNode) onSelectNode(node);
  };

  const onPillKey = (event: KeyboardEvent, pill: Pill) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(pill);
    }
  };

  const tooltipLeft = tooltip ? Math.max(4, Math.min(tooltip.x + 12, layout.width - 260)) : 0;

  return (
    <div className="dcl-graph" ref={containerRef} data-testid="dcl-graph" onMouseLeave={hideTooltip}>
      <svg
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label={`Data flow graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges`}
      >
        <g className="dcl-graph__links">
          {layout.links.map((link) => (
            <path
              key={link.id}
              d={link.path}
              stroke={link.color}
              strokeWidth={link.width}
              strokeOpacity={hovered === link.id ? 0.85 : 0.38}
              fill="none"
              className="dcl-graph__link"
              data-testid="graph-edge"
              data-edge-type={link.edgeType}
              tabIndex={0}
              aria-label={`${edgeTooltip(link.raw, nodeById, catalog).title}: show details`}
              onMouseEnter={(e) => pointer(e, link)}
              onMouseMove={(e) => pointer(e, link)}
              onClick={(e) => pointer(e, link)}
              onFocus={() => showTooltip(link, link.midX, link.midY)}
              onBlur={hideTooltip}
            />
          ))}
        </g>
        <g className="dcl-graph__nodes">
          {layout.nodes.map((node) => (
            <rect
              key={node.id}
              x={node.x0}
              y={node.y0}
              width={node.x1 - node.x0}
              height={node.y1 - node.y0}
              rx={2}
              fill={node.color}
            />
          ))}
        </g>
        <g className="dcl-graph__pills">
          {layout.pills.map((pill) => {
            const leader = pill.lane > 0 || Math.abs(pill.x + pill.width / 2 - pill.anchorX) > pill.width / 2;
            return (
              <g
                key={pill.nodeId}
                className={`dcl-pill dcl-pill--${pill.type}`}
                role="button"
                tabIndex={0}
                aria-label={`${pill.fullText} (${pill.type === 'ontology' ? 'unified entity' : pill.type.replace('_', ' ')}): preview rows`}
                data-testid="graph-node"
                data-node-id={pill.nodeId}
                data-node-type={pill.type}
                onClick={() => select(pill)}
                onKeyDown={(e) => onPillKey(e, pill)}
              >
                {leader && (
                  <line
                    x1={pill.anchorX}
                    y1={pill.anchorY}
                    x2={Math.min(Math.max(pill.anchorX, pill.x + 6), pill.x + pill.width - 6)}
                    y2={pill.y}
                    stroke={pill.stroke}
                    strokeOpacity={0.5}
                  />
                )}
                <rect
                  x={pill.x}
                  y={pill.y}
                  width={pill.width}
                  height={pill.height}
                  rx={pill.height / 2}
                  fill={pill.fill}
                  stroke={pill.stroke}
                  strokeWidth={1.2}
                />
                <text
                  x={pill.x + pill.width / 2}
                  y={pill.y + pill.height / 2}
                  dominantBaseline="central"
                  textAnchor="middle"
                  fill={pill.textColor}
                  fontSize={pill.fontSize}
                  fontWeight={pill.fontWeight}
                >
                  {pill.text}
                </text>
                {pill.text !== pill.fullText && <title>{pill.fullText}</title>}
              </g>
            );
          })}
        </g>
      </svg>
      {tooltip && (
        <div
          className="dcl-graph__tooltip"
          role="tooltip"
          data-testid="edge-tooltip"
          style={{ left: tooltipLeft, top: Math.max(4, tooltip.y + 12) }}
        >
          <p className="dcl-graph__tooltip-title">{tooltip.title}</p>
          <ul>
            {tooltip.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
