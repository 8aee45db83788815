// The analytical note as data: what both renderers (DOCX and Markdown) print, in order. Every text is final
// Russian text with its figures already written out from the marts, so the two renderers cannot disagree.

export type Align = 'left' | 'right' | 'center';

export interface TableColumn {
  title: string;
  align?: Align;
  /** Relative width, for the DOCX layout (the Markdown table ignores it). */
  width?: number;
}

export type Block =
  | { kind: 'paragraph'; text: string; emphasis?: 'strong' | 'muted' }
  | { kind: 'bullets'; items: string[] }
  | {
      kind: 'table';
      /** «Таблица N. …» is prefixed by the renderers, which number tables in order. */
      caption: string;
      columns: TableColumn[];
      rows: string[][];
      /** Rows printed in bold (e.g. the region's total row). */
      strongRows?: number[];
    }
  | {
      kind: 'figure';
      /** Absolute path of a PNG (the slide export); the Markdown links it, the DOCX embeds it. */
      file: string;
      caption: string;
    };

export interface NoteSection {
  id: string;
  /** 1: a numbered section; 2: a subsection. */
  level: 1 | 2;
  title: string;
  blocks: Block[];
}

/** A figure cited by a fired recommendation: which mart, which unit, what value and how it is printed. */
export interface CitedFigure {
  mart: string;
  metric: string;
  year: number;
  territory_id: string | null;
  /** The territory's short name, or the region's name. */
  unit_name: string;
  value: number;
  text: string;
}

export interface FiredRecommendation {
  rule_id: string;
  text: string;
  figures: CitedFigure[];
}

export interface NoteModel {
  year: number;
  compare: number | null;
  territory_id: string | null;
  /** File name without extension, e.g. «Аналитическая_справка_2021». */
  file_base: string;
  /** Lines of the title block: the heading first. */
  title: string[];
  /** Lines under the title (date of the data, synthetic notice). */
  subtitle: string[];
  /** When the snapshot was published (ISO): the DOCX's dates, so that the same snapshot gives the same bytes. */
  data_at: string;
  sections: NoteSection[];
  recommendations: FiredRecommendation[];
  /** Rules that could not be checked on this snapshot, in Russian: for the command's output, not the note. */
  warnings: string[];
}
