import { FileAttachment } from 'observablehq:stdlib';

/** The slide frame at 1× (16:9); PNGs are this times 2 or 3. */
export const FRAME_WIDTH = 1920;
export const FRAME_HEIGHT = 1080;
export const FRAME_FONT = 'PT Sans';
const FONT_STACK = `"${FRAME_FONT}", sans-serif`;
const INK = '#1b1e23';
const MUTED = '#555b61';
const PAD_X = 72;
const FOOTER_SIZE = 26;
const FOOTER_BASELINE = FRAME_HEIGHT - 40;
const FOOTER_RULE = FRAME_HEIGHT - 84;
/**
 * The chart is redrawn (not scaled up) at a fraction of the frame's width and then enlarged as vectors, so the
 * components' 13-px type reads at about 26 px on a 1080-px-high slide: legible from the back of a hall.
 */
const TYPE_SCALE = 2;

/** What a framed chart says around the drawing. */
export interface FrameText {
  title: string;
  /** Unit and slice under the title, e.g. «%, 2024 год». */
  subtitle?: string;
  /** Where the figures come from, after «Источник:». */
  source: string;
  /** When the data was loaded, after «данные на». */
  dataDate: string;
}

export interface FrameSpec extends FrameText {
  /**
   * Draws the chart at a given width (the site's component, the same call as on the page). In the frame, `height`
   * is the room the whole drawing has at that width for its type to come out large on the slide: a chart of rows
   * or panels draws them closer to fit it (never below a readable step); a page passes none.
   */
  draw(width: number, height?: number): Element;
}

interface FontFile {
  family: string;
  faces: Array<{ weight: number; unicodeRange: string; woff2: string }>;
}

let fontFile: Promise<FontFile> | undefined;

/**
 * PT Sans, shipped with the site (a loader base64-encodes @fontsource/pt-sans), registered with the document so the
 * chart is laid out in the font the image will carry. Fetched once, on the first export or embed.
 */
export function loadFrameFont(): Promise<FontFile> {
  fontFile ??= (async () => {
    const font = (await FileAttachment('../data/pages/chart-font.json').json()) as FontFile;
    await Promise.all(
      font.faces.map(async (f) => {
        const bytes = Uint8Array.from(atob(f.woff2), (c) => c.charCodeAt(0));
        const face = new FontFace(FRAME_FONT, bytes, { weight: String(f.weight), unicodeRange: f.unicodeRange });
        document.fonts.add(await face.load());
      }),
    );
    return font;
  })();
  return fontFile;
}

const fontFaceCss = (font: FontFile) =>
  font.faces
    .map(
      (f) =>
        `@font-face{font-family:"${FRAME_FONT}";font-style:normal;font-weight:${f.weight};unicode-range:${f.unicodeRange};src:url(data:font/woff2;base64,${f.woff2}) format("woff2")}`,
    )
    .join('');

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

let measureContext: CanvasRenderingContext2D | null = null;
function measure(text: string, size: number, weight = 400): TextMetrics {
  measureContext ??= document.createElement('canvas').getContext('2d');
  measureContext!.font = `${weight} ${size}px ${FONT_STACK}`;
  return measureContext!.measureText(text);
}

/** Breaks text into lines no wider than `width` at `size`; the last allowed line ends with «…» if text remains. */
function wrap(
  text: string,
  size: number,
  weight: number,
  width: number,
  maxLines: number,
): { lines: string[]; fits: boolean } {
  const words = text.split(/ +/);
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    if (last !== undefined && measure(`${last} ${word}`, size, weight).width <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return { lines, fits: true };
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
  return { lines: kept, fits: false };
}

function textLine(
  text: string,
  x: number,
  y: number,
  size: number,
  options: { weight?: number; fill?: string; anchor?: string; cls?: string } = {},
): string {
  return `<text x="${x}" y="${y}" font-size="${size}"${options.weight ? ` font-weight="${options.weight}"` : ''} fill="${options.fill ?? INK}"${options.anchor ? ` text-anchor="${options.anchor}"` : ''}${options.cls ? ` class="${options.cls}"` : ''}>${escapeXml(text)}</text>`;
}

/** Title (up to two lines, smaller type if it needs it) and subtitle; returns the markup and where the header ends. */
/** Headings start with a capital, whatever the data's names do («город Хабаровск», «все типы организаций»). */
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function header({ title: name, subtitle: under }: FrameText): { markup: string; bottom: number } {
  const title = capital(name);
  const subtitle = under ? capital(under) : under;
  const width = FRAME_WIDTH - 2 * PAD_X;
  // one line at 56 px; a title that needs two takes them at 48, leaving the chart room for its type (three at 44)
  let size = 56;
  let wrapped = wrap(title, size, 700, width, 1);
  for (const [smaller, lines] of [
    [48, 2],
    [44, 3],
  ] as const) {
    if (wrapped.fits) break;
    size = smaller;
    wrapped = wrap(title, size, 700, width, lines);
  }
  const parts: string[] = [];
  let baseline = 48 + size;
  wrapped.lines.forEach((line, i) => {
    if (i > 0) baseline += Math.round(size * 1.15);
    parts.push(textLine(line, PAD_X, baseline, size, { weight: 700, cls: 'frame-title' }));
  });
  if (subtitle) {
    baseline += 50;
    parts.push(
      textLine(wrap(subtitle, 34, 400, width, 1).lines[0]!, PAD_X, baseline, 34, {
        fill: MUTED,
        cls: 'frame-subtitle',
      }),
    );
  }
  return { markup: parts.join(''), bottom: baseline + 20 };
}

/** The smallest type on a slide: 18 pt at 1920×1080, read from the back of a hall. */
export const MIN_SLIDE_TEXT = 24;

/**
 * «Источник: … · данные на …» at the bottom, on one line down to MIN_SLIDE_TEXT and on two at that size when
 * longer (a release's name); returns the markup and where its rule is, above which the chart ends.
 */
function footer({ source, dataDate }: FrameText): { markup: string; rule: number } {
  const left = `Источник: ${source} · данные на ${dataDate}`;
  const right = 'Наставничество·Мониторинг';
  const room = FRAME_WIDTH - 2 * PAD_X - measure(right, FOOTER_SIZE).width - 48;
  const fitted = Math.min(FOOTER_SIZE, Math.floor((FOOTER_SIZE * room) / measure(left, FOOTER_SIZE).width));
  const size = Math.max(MIN_SLIDE_TEXT, fitted);
  const lines = fitted >= MIN_SLIDE_TEXT ? [left] : wrap(left, size, 400, room, 2).lines;
  const leading = Math.round(size * 1.25);
  const rule = FOOTER_RULE - leading * (lines.length - 1);
  return {
    markup: [
      `<line x1="${PAD_X}" x2="${FRAME_WIDTH - PAD_X}" y1="${rule}" y2="${rule}" stroke="#d0d4d8" stroke-width="2"/>`,
      ...lines.map((line, i) =>
        textLine(line, PAD_X, FOOTER_BASELINE - leading * (lines.length - 1 - i), size, {
          fill: MUTED,
          cls: 'frame-source',
        }),
      ),
      textLine(right, FRAME_WIDTH - PAD_X, FOOTER_BASELINE, FOOTER_SIZE, { fill: MUTED, anchor: 'end' }),
    ].join(''),
    rule,
  };
}

const XLINK = 'http://www.w3.org/1999/xlink';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Draws the chart off-screen at a width chosen so that, enlarged to fill the area, its type is large: first at
 * area ÷ TYPE_SCALE; a chart too tall for that (a bar per territory) is redrawn wider so its shape matches the area.
 */
async function layOut(
  draw: FrameSpec['draw'],
  areaWidth: number,
  areaHeight: number,
): Promise<{ host: HTMLElement; width: number; height: number }> {
  const host = document.createElement('div');
  host.className = 'chart-export-host';
  document.body.append(host);
  let width = Math.round(areaWidth / TYPE_SCALE);
  let height = 0;
  // the room at width w: the height that, enlarged as much as the width is, just fills the area
  const room = (w: number) => Math.floor((areaHeight * w) / areaWidth);
  const draws = async (w: number) => {
    host.style.width = `${w}px`;
    const measure = async (budget: number) => {
      host.replaceChildren(draw(w, budget));
      await nextFrame();
      return host.getBoundingClientRect().height;
    };
    // the room is for the whole drawing: what a chart adds around its marks (legend, notes) is taken off once
    const h = await measure(room(w));
    return h > room(w) + 1 ? measure(Math.max(0, 2 * room(w) - h)) : h;
  };
  // every width tried, with the scale it allows: a grid of panels reflows when widened, so the widest is not always best
  const tried: Array<{ width: number; scale: number }> = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    height = await draws(width);
    const scale = Math.min(areaWidth / width, areaHeight / height);
    tried.push({ width, scale });
    if (scale >= areaWidth / width - 0.01) break; // the width decides: the type is as large as intended
    const wider = Math.min(Math.round((areaWidth * height) / areaHeight), areaWidth * 2);
    if (Math.abs(wider - width) < 8 || tried.some((t) => t.width === wider)) break;
    width = wider;
  }
  const best = tried.reduce((a, b) => (b.scale > a.scale + 0.001 ? b : a));
  if (best.width !== width) {
    width = best.width;
    height = await draws(width);
  }
  // a chart narrower than its host (the tile map stops at 760 px) is scaled and centred by what it covers
  let right = 0;
  const left = host.getBoundingClientRect().left;
  for (const el of host.querySelectorAll('*')) {
    if (el.closest('svg') !== el && el.closest('svg')) continue;
    const box = el.getBoundingClientRect();
    if (
      box.width > 0 &&
      !(el instanceof HTMLElement && el.childElementCount > 0 && getComputedStyle(el).display !== 'inline')
    )
      right = Math.max(right, box.right - left);
  }
  return { host, width: Math.min(width, Math.ceil(right) || width), height };
}

/** Font metrics of the frame font: where a line's baseline sits inside its box. */
function descent(size: number, weight: number): number {
  return measure('Ag', size, weight).fontBoundingBoxDescent;
}

/**
 * The laid-out chart as SVG markup in the host's coordinates: its SVG elements copied as they are, its HTML text
 * (legends, panel titles) turned into SVG text line by line where the browser placed it. Slide software reads
 * plain SVG text, not HTML inside SVG, so no foreignObject.
 */
function toSvgMarkup(host: HTMLElement): string {
  const origin = host.getBoundingClientRect();
  const serializer = new XMLSerializer();
  const parts: string[] = [];
  const range = document.createRange();
  const visit = (node: Node) => {
    if (node instanceof SVGSVGElement) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      const clone = node.cloneNode(true) as SVGSVGElement;
      clone.setAttribute('x', String(box.left - origin.left));
      clone.setAttribute('y', String(box.top - origin.top));
      clone.setAttribute('width', String(box.width));
      clone.setAttribute('height', String(box.height));
      if (!clone.hasAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);
      // Plot's own stylesheet sizes its SVG with CSS (height: auto): inline sizes keep it where it was drawn
      clone.style.width = `${box.width}px`;
      clone.style.height = `${box.height}px`;
      clone.style.maxWidth = 'none';
      // on the page an axis label may stick out of its SVG (ticks on top); a nested SVG would clip it
      clone.setAttribute('overflow', 'visible');
      clone.style.overflow = 'visible';
      // a link into the site means nothing in a file on a slide
      for (const a of clone.querySelectorAll('a')) a.removeAttribute('href');
      // Plot's colour ramp is an <image> whose link d3 sets without a prefix: serialised as «ns1:href», which an
      // HTML page (the embed) does not read, so the ramp vanished there. Plain href (SVG 2) and xlink:href (older
      // slide software) both, the prefix named.
      for (const image of clone.querySelectorAll('image')) {
        const link = image.getAttributeNS(XLINK, 'href') ?? image.getAttribute('href');
        if (link == null) continue;
        image.removeAttributeNS(XLINK, 'href');
        image.setAttribute('href', link);
        image.setAttributeNS(XLINK, 'xlink:href', link);
      }
      clone.setAttribute('font-family', FONT_STACK);
      clone.style.fontFamily = FONT_STACK;
      parts.push(serializer.serializeToString(clone));
      return;
    }
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      const text = (node as Text).data;
      if (!parent || !text.trim()) return;
      const style = getComputedStyle(parent);
      if (style.visibility === 'hidden') return;
      const size = parseFloat(style.fontSize);
      const weight = Number(style.fontWeight) || 400;
      const lines: Array<{ left: number; bottom: number; words: string[] }> = [];
      // words split at ordinary spaces only: a non-breaking space («45,6 %») stays inside its word
      for (const word of text.matchAll(/[^ \t\n\r\f]+/g)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const box = range.getBoundingClientRect();
        if (box.width === 0) continue;
        const last = lines.at(-1);
        if (last && Math.abs(box.bottom - last.bottom) < 2) last.words.push(word[0]);
        else lines.push({ left: box.left, bottom: box.bottom, words: [word[0]] });
      }
      const fill = style.color;
      for (const line of lines) {
        const y = line.bottom - origin.top - descent(size, weight);
        parts.push(
          textLine(line.words.join(' '), line.left - origin.left, Math.round(y * 10) / 10, size, {
            weight: weight >= 600 ? 700 : undefined,
            fill,
          }),
        );
      }
      return;
    }
    if (node instanceof Element) {
      if (getComputedStyle(node).display === 'none') return;
      for (const child of node.childNodes) visit(child);
    }
  };
  visit(host);
  return (
    parts
      .join('')
      // CSS variables mean nothing outside the page: the frame's background is white, others take their fallback
      .replace(/var\(--([\w-]+)(?:,\s*([^()]*))?\)/g, (_, name: string, fallback?: string) =>
        name === 'plot-background' ? 'white' : fallback?.trim() || 'currentColor',
      )
  );
}

/**
 * The chart in the slide frame as a standalone SVG document (1920×1080, PT Sans embedded): title and unit on top,
 * the chart redrawn for the frame, «Источник: … · данные на …» at the bottom.
 * @example const svg = await frameSvg({ title, subtitle: "%, 2024 год", source, dataDate, draw: (width) => indicatorTrend(rows, { width, … }) });
 */
export async function frameSvg(spec: FrameSpec): Promise<string> {
  const font = await loadFrameFont();
  const top = header(spec);
  const bottom = footer(spec);
  const areaTop = top.bottom + 24;
  const areaBottom = bottom.rule - 28;
  const areaWidth = FRAME_WIDTH - 2 * PAD_X;
  const areaHeight = areaBottom - areaTop;
  const { host, width, height } = await layOut(spec.draw, areaWidth, areaHeight);
  let chart: string;
  try {
    chart = toSvgMarkup(host);
  } finally {
    host.remove();
  }
  const scale = Math.min(areaWidth / width, areaHeight / height);
  const x = PAD_X + (areaWidth - width * scale) / 2;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${FRAME_WIDTH}" height="${FRAME_HEIGHT}" viewBox="0 0 ${FRAME_WIDTH} ${FRAME_HEIGHT}" font-family='${FONT_STACK}' color="${INK}" class="chart-frame">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<style>${fontFaceCss(font)}text{font-family:${FONT_STACK}}</style>`,
    `<rect width="${FRAME_WIDTH}" height="${FRAME_HEIGHT}" fill="white"/>`,
    top.markup,
    `<g class="frame-chart" transform="translate(${round(x)},${round(areaTop)}) scale(${round(scale)})">${chart}</g>`,
    bottom.markup,
    `</svg>`,
  ].join('');
}

/**
 * Waits until an SVG image draws its text: Chromium decodes the image before its embedded fonts are ready and
 * paints the text only a task later, so a PNG drawn at once would have no words. The title is always there, at the
 * top left: the image is ready when that band has ink.
 */
async function fontsDrawn(image: HTMLImageElement): Promise<void> {
  const probe = document.createElement('canvas');
  probe.width = FRAME_WIDTH / 2;
  probe.height = 60;
  const context = probe.getContext('2d', { willReadFrequently: true })!;
  for (let attempt = 0; attempt < 100; attempt++) {
    context.clearRect(0, 0, probe.width, probe.height);
    // the band of the title's first line, at half size
    context.drawImage(image, 0, 40, FRAME_WIDTH, 80, 0, 0, probe.width, probe.height);
    const pixels = context.getImageData(0, 0, probe.width, probe.height).data;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 0 && pixels[i]! < 100) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A PNG of the framed chart at `scale` × 1920×1080, drawn from the SVG through an image onto a canvas (the SVG
 * carries its font, which an image may not fetch from elsewhere).
 */
export async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    await fontsDrawn(image);
    const canvas = document.createElement('canvas');
    canvas.width = FRAME_WIDTH * scale;
    canvas.height = FRAME_HEIGHT * scale;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG не получился'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
