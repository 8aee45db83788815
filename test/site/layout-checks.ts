import type { Page } from 'playwright-core';

// What a page must never show at any width (issue 25): the page wider than the screen, two labels of one chart drawn
// over each other, a mark of negative size or of zero size for a value that is not zero, a table header cut with «…».
// Run in the page by Chromium, so the boxes are the ones a person sees.

/** The windows every page is checked in: a small phone, a tablet, a projector (and a laptop), a desktop. */
export const LAYOUT_SIZES = [
  [360, 800],
  [768, 1024],
  [1280, 720],
  [1920, 1080],
] as const;

/**
 * Sets the window's size, waits for the charts to redraw for it, and returns what is wrong with the layout, each
 * as «<width> px: <what>».
 */
export async function layoutProblems(page: Page, [width, height]: readonly [number, number]): Promise<string[]> {
  await page.setViewportSize({ width, height });
  // Framework's resize() redraws on the next frames; two frames and a short pause let every chart settle
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
  await page.waitForTimeout(150);
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) problems.push(`the page is ${overflow} px wider than the window`);
    const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const describe = (el: Element) => (el.closest('[id]')?.id ? `#${el.closest('[id]')!.id}` : el.tagName);

    // marks: a rect of negative (or NaN) size; of zero size where its title gives a value that is not zero
    for (const rect of document.querySelectorAll('svg rect')) {
      for (const attribute of ['width', 'height']) {
        const value = rect.getAttribute(attribute);
        if (value == null || value.endsWith('%')) continue;
        const n = Number.parseFloat(value);
        const title = rect.querySelector('title')?.textContent ?? '';
        const figure = title.slice(title.lastIndexOf(':') + 1);
        if (Number.isNaN(n) || n < 0) problems.push(`${describe(rect)}: <rect ${attribute}="${value}">`);
        else if (n === 0 && /[1-9]/.test(figure.replace(/\(.*\)/, '')))
          problems.push(`${describe(rect)}: <rect ${attribute}="0"> for «${title.slice(0, 60)}»`);
      }
    }

    // labels: within one chart (an outermost SVG), no two texts overlapping by more than a third of the smaller.
    // A slanted label is compared in its own slant (its box on screen would be a square around it), and text drawn
    // under 6 px (a slide's frame shrunk into a phone) is left out: nobody reads it and its metrics are rounded.
    for (const svg of document.querySelectorAll('svg')) {
      if (svg.parentElement?.closest('svg') || !shown(svg)) continue;
      const labels = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '' && shown(t) && !t.closest('[aria-label="tip"]'))
        .flatMap((t) => {
          const ctm = t.getScreenCTM();
          if (!ctm) return [];
          const scale = Math.hypot(ctm.a, ctm.b);
          if (parseFloat(getComputedStyle(t).fontSize) * scale < 6) return [];
          const angle = Math.round((Math.atan2(ctm.b, ctm.a) * 180) / Math.PI);
          // the text's own box, its corners on screen, turned back by its slant
          const local = t.getBBox();
          const turn = (-angle * Math.PI) / 180;
          const corners = [
            [local.x, local.y],
            [local.x + local.width, local.y],
            [local.x, local.y + local.height],
            [local.x + local.width, local.y + local.height],
          ].map(([x, y]) => {
            const sx = ctm.a * x! + ctm.c * y! + ctm.e;
            const sy = ctm.b * x! + ctm.d * y! + ctm.f;
            return [sx * Math.cos(turn) - sy * Math.sin(turn), sx * Math.sin(turn) + sy * Math.cos(turn)];
          });
          const xs = corners.map((c) => c[0]!);
          const ys = corners.map((c) => c[1]!);
          const box = { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
          return [{ text: (t.textContent ?? '').trim(), angle, box }];
        })
        .filter(({ box }) => box.right > box.left && box.bottom > box.top)
        .slice(0, 500);
      const area = (b: { left: number; right: number; top: number; bottom: number }) =>
        (b.right - b.left) * (b.bottom - b.top);
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++) {
          if (labels[i]!.angle !== labels[j]!.angle) continue;
          const a = labels[i]!.box;
          const b = labels[j]!.box;
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > 0 && y > 0 && x * y > Math.min(area(a), area(b)) / 3)
            problems.push(`${describe(svg)}: «${labels[i]!.text.slice(0, 30)}» over «${labels[j]!.text.slice(0, 30)}»`);
        }
    }

    // table headers: none cut with an ellipsis (they wrap instead)
    for (const th of document.querySelectorAll('th')) {
      if (!shown(th) || getComputedStyle(th).textOverflow !== 'ellipsis') continue;
      if (th.scrollWidth > th.clientWidth + 1) problems.push(`${describe(th)}: header «${th.textContent?.trim()}» cut`);
    }
    return problems;
  });
  return found.map((p) => `${width} px: ${p}`);
}
