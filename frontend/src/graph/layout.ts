import { sankey, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { EdgeType, Graph, GraphEdge, GraphNode, NodeType } from '../api/types';
import { assignLanes } from './labels';
import { LAYER_BY_TYPE, NODE_STYLES, isNodeType, linkColor, pillText } from './nodeStyle';
import { estimateTextWidth, truncateToWidth } from './textMetrics';

/**
 * The DCL graph as a top-to-bottom Sankey: one horizontal band per layer
 * (source systems → tables → unified entities → agents). d3-sankey places the
 * nodes across the width and sizes the links; this module turns its result
 * on its side, gives every band room for its labels (collision-free lanes
 * from ./labels) and returns plain numbers and SVG paths for a renderer.
 */

export interface LayoutOptions {
  width: number;
  /** Horizontal margin of the drawing. */
  margin?: number;
  /** Thickness of a node bar. */
  nodeThickness?: number;
}

export interface LaidOutNode {
  id: string;
  label: string;
  type: NodeType;
  layer: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  color: string;
  raw: GraphNode;
}

export interface LaidOutLink {
  id: string;
  source: string;
  target: string;
  edgeType: EdgeType;
  color: string;
  width: number;
  path: string;
  /** Midpoint of the link, where a tooltip can point. */
  midX: number;
  midY: number;
  raw: GraphEdge;
}

export interface Pill {
  nodeId: string;
  type: NodeType;
  text: string;
  fullText: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lane: number;
  /** Where the pill's node is (x), for a leader line from the bar to the pill. */
  anchorX: number;
  anchorY: number;
  fontSize: number;
  fontWeight: number;
  fill: string;
  stroke: string;
  textColor: string;
}

export interface LayerBand {
  layer: number;
  barY: number;
  lanes: number;
  bottom: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  links: LaidOutLink[];
  pills: Pill[];
  bands: LayerBand[];
}

const PILL_PADDING_X = 10;
const LANE_GAP = 6;
const LABEL_GAP = 8;
const TOP = 12;
const BOTTOM = 12;
const MIN_NODE_WIDTH = 6;
const PHANTOM = '__phantom__';
/** Nodes and links are drawn at this share of d3-sankey's breadth, leaving air between flows. */
const FLOW_SCALE = 0.6;

interface NodeDatum {
  id: string;
  tier: number;
  fixedValue?: number;
}

interface LinkDatum {
  source: string;
  target: string;
  value: number;
  edge: GraphEdge | null;
}

type SNode = SankeyNode<NodeDatum, LinkDatum>;
type SLink = SankeyLink<NodeDatum, LinkDatum>;

/** The layer of a node: its declared layer when it is 0–3, else the layer of its type. */
export function nodeLayer(node: GraphNode): number {
  const declared = node.layer as unknown;
  if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 0 && declared <= 3) return declared;
  return isNodeType(node.type) ? LAYER_BY_TYPE[node.type] : 1;
}

function typeOf(node: GraphNode): NodeType {
  return isNodeType(node.type) ? node.type : 'source';
}

/** Vertical link from (sx, sy) down to (tx, ty) as a cubic Bézier. */
export function verticalLinkPath(sx: number, sy: number, tx: number, ty: number): string {
  const my = (sy + ty) / 2;
  const r = (v: number) => Math.round(v * 10) / 10;
  return `M${r(sx)},${r(sy)}C${r(sx)},${r(my)} ${r(tx)},${r(my)} ${r(tx)},${r(ty)}`;
}

/** Space between two bands for the links: grows with the busiest layer. */
function linkGap(maxPerLayer: number): number {
  return Math.min(120, 52 + 3 * maxPerLayer);
}

/** Lays out `graph` for a drawing `options.width` pixels wide; the height follows from the content. */
export function layoutGraph(graph: Graph, options: LayoutOptions): GraphLayout {
  const width = Math.max(240, Math.floor(options.width));
  const margin = options.margin ?? 8;
  const thickness = options.nodeThickness ?? 8;

  const seen = new Set<string>();
  const nodes = graph.nodes.filter((n) => {
    if (!n || typeof n.id !== 'string' || seen.has(n.id)) return false;
    seen.add(n.id);
    return true;
  });
  if (nodes.length === 0) return { width, height: 0, nodes: [], links: [], pills: [], bands: [] };

  const layerOf = new Map(nodes.map((n) => [n.id, nodeLayer(n)]));
  const layers = [...new Set(layerOf.values())].sort((a, b) => a - b);
  const tierOf = new Map(nodes.map((n) => [n.id, layers.indexOf(layerOf.get(n.id) ?? 0)]));

  // Only edges that go down the layers can be drawn; others are left out.
  const edges = graph.edges.filter(
    (e) => tierOf.has(e.source) && tierOf.has(e.target) && (tierOf.get(e.source) ?? 0) < (tierOf.get(e.target) ?? 0),
  );

  const sankeyNodes: NodeDatum[] = nodes.map((n) => ({ id: n.id, tier: tierOf.get(n.id) ?? 0 }));
  const sankeyLinks: LinkDatum[] = edges.map((e) => ({
    source: e.source,
    target: e.target,
    value: Math.max(1, Number.isFinite(e.value) ? e.value : 1),
    edge: e,
  }));

  // Every node gets a minimum value so unconnected nodes still have a place.
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const l of sankeyLinks) {
    outflow.set(l.source, (outflow.get(l.source) ?? 0) + l.value);
    inflow.set(l.target, (inflow.get(l.target) ?? 0) + l.value);
  }
  const maxFlow = Math.max(1, ...inflow.values(), ...outflow.values());
  for (const n of sankeyNodes) {
    n.fixedValue = Math.max(inflow.get(n.id) ?? 0, outflow.get(n.id) ?? 0, maxFlow * 0.05, 1);
  }

  // d3-sankey places a node in column min(depth, tier); a chain through all
  // tiers makes the deepest path as long as the number of tiers.
  const depth = longestPathDepth(sankeyNodes, sankeyLinks);
  if (depth + 1 < layers.length) {
    for (let t = 0; t < layers.length; t += 1) {
      sankeyNodes.push({ id: `${PHANTOM}${t}`, tier: t, fixedValue: 1e-6 });
      if (t > 0) sankeyLinks.push({ source: `${PHANTOM}${t - 1}`, target: `${PHANTOM}${t}`, value: 1e-6, edge: null });
    }
  }

  const perTier = layers.map((_, t) => sankeyNodes.filter((n) => n.tier === t && !n.id.startsWith(PHANTOM)).length);
  const maxPerLayer = Math.max(1, ...perTier);
  const breadth = width - 2 * margin;
  const padding = Math.max(2, Math.min(28, (breadth * 0.45) / maxPerLayer));

  const generator = sankey<NodeDatum, LinkDatum>()
    .nodeId((d) => d.id)
    .nodeAlign((node) => (node as SNode).tier)
    .nodeWidth(thickness)
    .nodePadding(padding)
    .iterations(8)
    .extent([
      [0, margin],
      [Math.max(1, layers.length - 1) * 100 + thickness, width - margin],
    ]);
  const result = generator({ nodes: sankeyNodes.map((n) => ({ ...n })), links: sankeyLinks.map((l) => ({ ...l })) });
  const placed = new Map<string, SNode>();
  for (const n of result.nodes) placed.set(n.id, n);

  // Pills for each band, in collision-free lanes.
  const pillsByTier: Pill[][] = layers.map(() => []);
  const maxPillWidth = breadth;
  for (const n of nodes) {
    const type = typeOf(n);
    const style = NODE_STYLES[type];
    const s = placed.get(n.id);
    const center = s ? ((s.y0 ?? 0) + (s.y1 ?? 0)) / 2 : width / 2;
    const full = pillText(String(n.label ?? n.id), type);
    const bold = style.fontWeight >= 600;
    const text = truncateToWidth(full, style.fontSize, maxPillWidth - 2 * PILL_PADDING_X, bold);
    const pillWidth = estimateTextWidth(text, style.fontSize, bold) + 2 * PILL_PADDING_X;
    pillsByTier[tierOf.get(n.id) ?? 0]?.push({
      nodeId: n.id,
      type,
      text,
      fullText: full,
      x: 0,
      y: 0,
      width: pillWidth,
      height: style.height,
      lane: 0,
      anchorX: center,
      anchorY: 0,
      fontSize: style.fontSize,
      fontWeight: style.fontWeight,
      fill: style.fill,
      stroke: style.color,
      textColor: style.text,
    });
  }

  const bands: LayerBand[] = [];
  const gap = linkGap(maxPerLayer);
  let cursor = TOP;
  layers.forEach((layer, t) => {
    const pills = pillsByTier[t] ?? [];
    const { labels, laneCount } = assignLanes(
      pills.map((p) => ({ id: p.nodeId, anchorX: p.anchorX, width: p.width })),
      { bandWidth: width, margin, gap: 6, maxShift: 48 },
    );
    const laneHeight = Math.max(0, ...pills.map((p) => p.height)) + LANE_GAP;
    const barY = cursor;
    const pillTop = barY + thickness + LABEL_GAP;
    const byId = new Map(labels.map((l) => [l.id, l]));
    for (const p of pills) {
      const l = byId.get(p.nodeId);
      if (!l) continue;
      p.x = l.x;
      p.width = l.width;
      p.lane = l.lane;
      p.y = pillTop + l.lane * laneHeight + (laneHeight - LANE_GAP - p.height) / 2;
      p.anchorY = barY + thickness;
    }
    const bottom = pillTop + laneCount * laneHeight;
    bands.push({ layer, barY, lanes: laneCount, bottom });
    cursor = bottom + (t < layers.length - 1 ? gap : 0);
  });
  const height = Math.ceil(cursor + BOTTOM);

  const laidNodes: LaidOutNode[] = nodes.map((n) => {
    const s = placed.get(n.id);
    const t = tierOf.get(n.id) ?? 0;
    const band = bands[t];
    const c0 = ((s?.y0 ?? margin) + (s?.y1 ?? margin)) / 2;
    const half = (((s?.y1 ?? margin) - (s?.y0 ?? margin)) / 2) * FLOW_SCALE;
    let x0 = c0 - half;
    let x1 = c0 + half;
    if (x1 - x0 < MIN_NODE_WIDTH) {
      const c = (x0 + x1) / 2;
      x0 = c - MIN_NODE_WIDTH / 2;
      x1 = c + MIN_NODE_WIDTH / 2;
    }
    const type = typeOf(n);
    return {
      id: n.id,
      label: pillText(String(n.label ?? n.id), type),
      type,
      layer: layerOf.get(n.id) ?? 0,
      x0,
      x1,
      y0: band?.barY ?? 0,
      y1: (band?.barY ?? 0) + thickness,
      color: NODE_STYLES[type].color,
      raw: n,
    };
  });
  const nodeById = new Map(laidNodes.map((n) => [n.id, n]));

  const links: LaidOutLink[] = [];
  result.links.forEach((l: SLink, i) => {
    const edge = l.edge;
    if (!edge) return;
    const src = nodeById.get(edge.source);
    const tgt = nodeById.get(edge.target);
    if (!src || !tgt) return;
    const sCenter = centerOf(placed.get(edge.source));
    const tCenter = centerOf(placed.get(edge.target));
    const sx = sCenter + ((l.y0 ?? sCenter) - sCenter) * FLOW_SCALE;
    const tx = tCenter + ((l.y1 ?? tCenter) - tCenter) * FLOW_SCALE;
    const sy = src.y1;
    const ty = tgt.y0;
    links.push({
      id: `${edge.source}->${edge.target}#${i}`,
      source: edge.source,
      target: edge.target,
      edgeType: edge.edge_type === 'hierarchy' ? 'hierarchy' : 'dataflow',
      color: linkColor(edge.edge_type, tgt.type),
      width: Math.max(1.5, (l.width ?? 0) * FLOW_SCALE),
      path: verticalLinkPath(sx, sy, tx, ty),
      midX: (sx + tx) / 2,
      midY: (sy + ty) / 2,
      raw: edge,
    });
  });

  const pills = pillsByTier.flat();
  return { width, height, nodes: laidNodes, links, pills, bands };
}

function centerOf(node: SNode | undefined): number {
  return ((node?.y0 ?? 0) + (node?.y1 ?? 0)) / 2;
}

/** Length of the longest path (in links) of a DAG whose links go from lower to higher tiers. */
function longestPathDepth(nodes: readonly NodeDatum[], links: readonly LinkDatum[]): number {
  const depth = new Map(nodes.map((n) => [n.id, 0]));
  const tier = new Map(nodes.map((n) => [n.id, n.tier]));
  const ordered = [...links].sort((a, b) => (tier.get(a.source) ?? 0) - (tier.get(b.source) ?? 0));
  for (const l of ordered) {
    const d = (depth.get(l.source) ?? 0) + 1;
    if (d > (depth.get(l.target) ?? 0)) depth.set(l.target, d);
  }
  return Math.max(0, ...depth.values());
}
