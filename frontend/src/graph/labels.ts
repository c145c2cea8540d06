/**
 * Collision-free placement of pill labels inside one horizontal band.
 *
 * Each label wants to sit centred under its node. Labels are taken from left
 * to right and put in the first lane (row) where they fit after the lane's
 * last label, moved right by at most `maxShift`; a label that fits nowhere
 * opens a new lane. So labels in the same lane never overlap, and lanes are
 * stacked, so no two labels of a band overlap.
 */

export interface LabelRequest {
  id: string;
  /** The x the label wants to be centred on. */
  anchorX: number;
  width: number;
}

export interface PlacedLabel {
  id: string;
  anchorX: number;
  /** Left edge of the placed label. */
  x: number;
  width: number;
  lane: number;
}

export interface LaneOptions {
  /** Width of the band; labels stay within [margin, bandWidth - margin]. */
  bandWidth: number;
  margin: number;
  /** Minimum horizontal space between two labels of a lane. */
  gap: number;
  /** How far right of its wanted place a label may move to stay in a lane. */
  maxShift: number;
}

export interface LaneResult {
  labels: PlacedLabel[];
  laneCount: number;
}

export function assignLanes(requests: readonly LabelRequest[], options: LaneOptions): LaneResult {
  const { bandWidth, margin, gap, maxShift } = options;
  const right = bandWidth - margin;
  const ordered = [...requests].sort((a, b) => a.anchorX - b.anchorX || a.id.localeCompare(b.id));
  const laneEnds: number[] = [];
  const labels: PlacedLabel[] = [];
  for (const request of ordered) {
    const width = Math.min(request.width, right - margin);
    const wanted = Math.min(Math.max(request.anchorX - width / 2, margin), right - width);
    let lane = -1;
    let x = wanted;
    for (let i = 0; i < laneEnds.length; i += 1) {
      const earliest = (laneEnds[i] ?? margin) + gap;
      const candidate = Math.max(wanted, earliest);
      if (candidate - wanted <= maxShift && candidate + width <= right) {
        lane = i;
        x = candidate;
        break;
      }
    }
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(margin - gap);
      x = wanted;
    }
    laneEnds[lane] = x + width;
    labels.push({ id: request.id, anchorX: request.anchorX, x, width, lane });
  }
  return { labels, laneCount: laneEnds.length };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two rectangles share any area (touching edges do not count). */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
