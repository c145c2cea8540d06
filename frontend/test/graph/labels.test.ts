import { describe, expect, it } from 'vitest';
import { assignLanes, rectsOverlap } from '../../src/graph/labels';
import { estimateTextWidth, truncateToWidth } from '../../src/graph/textMetrics';

const OPTIONS = { bandWidth: 300, margin: 4, gap: 6, maxShift: 20 };

describe('assignLanes', () => {
  it('keeps labels that fit side by side in one lane, at their anchors', () => {
    const { labels, laneCount } = assignLanes(
      [
        { id: 'a', anchorX: 50, width: 60 },
        { id: 'b', anchorX: 150, width: 60 },
        { id: 'c', anchorX: 250, width: 60 },
      ],
      OPTIONS,
    );
    expect(laneCount).toBe(1);
    expect(labels.map((l) => l.x)).toEqual([20, 120, 220]);
  });

  it('opens a new lane when a label would have to move too far', () => {
    const { labels, laneCount } = assignLanes(
      [
        { id: 'a', anchorX: 100, width: 120 },
        { id: 'b', anchorX: 110, width: 120 },
        { id: 'c', anchorX: 120, width: 120 },
      ],
      OPTIONS,
    );
    expect(laneCount).toBe(3);
    expect(new Set(labels.map((l) => l.lane))).toEqual(new Set([0, 1, 2]));
  });

  it('shifts a label a little instead of opening a lane', () => {
    const { labels, laneCount } = assignLanes(
      [
        { id: 'a', anchorX: 60, width: 100 },
        { id: 'b', anchorX: 150, width: 100 },
      ],
      OPTIONS,
    );
    expect(laneCount).toBe(1);
    const [a, b] = labels;
    expect(b!.x).toBe(a!.x + a!.width + OPTIONS.gap);
  });

  it('never lets two labels of a lane overlap, for many crowded labels', () => {
    const requests = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, anchorX: (i * 37) % 300, width: 30 + ((i * 13) % 50) }));
    const { labels } = assignLanes(requests, OPTIONS);
    for (const a of labels) {
      expect(a.x).toBeGreaterThanOrEqual(OPTIONS.margin);
      expect(a.x + a.width).toBeLessThanOrEqual(OPTIONS.bandWidth - OPTIONS.margin);
      for (const b of labels) {
        if (a === b || a.lane !== b.lane) continue;
        expect(rectsOverlap({ x: a.x, y: 0, width: a.width, height: 1 }, { x: b.x, y: 0, width: b.width, height: 1 })).toBe(false);
      }
    }
  });
});

describe('text metrics', () => {
  it('estimates wider text for more and wider characters', () => {
    expect(estimateTextWidth('MMMM', 12)).toBeGreaterThan(estimateTextWidth('iiii', 12));
    expect(estimateTextWidth('account', 14)).toBeGreaterThan(estimateTextWidth('account', 11));
  });

  it('truncates with an ellipsis to fit a width', () => {
    const cut = truncateToWidth('CloudVendorContracts', 12, 60);
    expect(cut.endsWith('…')).toBe(true);
    expect(estimateTextWidth(cut, 12)).toBeLessThanOrEqual(60);
    expect(truncateToWidth('Deals', 12, 200)).toBe('Deals');
  });
});
