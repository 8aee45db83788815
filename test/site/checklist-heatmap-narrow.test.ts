// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { checklistHeatmap } from '../../src/components/checklist-heatmap.ts';
import { stubCanvas } from '../properties/helpers.ts';

// happy-dom has no canvas, on which Plot draws the legend's colour ramp
beforeAll(stubCanvas);

const rows = ['Амурский', 'Ванинский']; // the longest: 9 characters → a label column of 16 + 7,4 × 9 = 82,6 px
const columns = Array.from({ length: 9 }, (_, i) => `Критерий ${i + 1}`);
const cells = rows.flatMap((row) => columns.map((column) => ({ row, column, answered: 3, meeting: 3 })));

describe('the checklist heat-map on a narrow screen', () => {
  it('keeps cells wide enough for «100,0 %» and scrolls inside its card instead of squeezing them', () => {
    const figure = checklistHeatmap(cells, { width: 300, rows, columns });
    const scroll = figure.querySelector('.chart-scroll');
    expect(scroll).not.toBeNull();
    // 82,6 + 58 × 9 + 60 = 664,6 px drawn, in a 300 px card
    expect(Number(scroll!.querySelector('svg')!.getAttribute('width'))).toBeCloseTo(664.6, 1);
  });

  it('on a wide screen draws at the width it gets, with no scrolling box', () => {
    const figure = checklistHeatmap(cells, { width: 1200, rows, columns });
    expect(figure.querySelector('.chart-scroll')).toBeNull();
    expect(figure.querySelector('svg[width="1200"]')).not.toBeNull();
  });
});
