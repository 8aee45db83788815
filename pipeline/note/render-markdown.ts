import path from "node:path";
import type { Block, NoteModel } from "./model.ts";

// The note as Markdown (GitHub tables): the same content as the DOCX, for review, diffs and pasting elsewhere.

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function table(block: Extract<Block, { kind: "table" }>): string {
  const strong = new Set(block.strongRows ?? []);
  const rule = block.columns.map((c) => (c.align === "right" ? "---:" : c.align === "center" ? ":---:" : "---"));
  const lines = [
    `| ${block.columns.map((c) => cell(c.title)).join(" | ")} |`,
    `| ${rule.join(" | ")} |`,
    ...block.rows.map((row, i) => `| ${row.map((v) => (strong.has(i) && v !== "" ? `**${cell(v)}**` : cell(v))).join(" | ")} |`)
  ];
  return `*${block.caption}*\n\n${lines.join("\n")}`;
}

/**
 * Renders the note; figures link their PNG relative to `outDir` (where the .md file is written) when given.
 * @example writeFileSync(file, renderMarkdown(note, { outDir: path.dirname(file) }));
 */
export function renderMarkdown(note: NoteModel, { outDir }: { outDir?: string } = {}): string {
  const out: string[] = [`# ${note.title[0]}`, "", `**${note.title.slice(1).join(". ")}**`, "", ...note.subtitle.map((s) => `_${s}_`), ""];
  for (const section of note.sections) {
    out.push(`${section.level === 1 ? "##" : "###"} ${section.title}`, "");
    for (const block of section.blocks) {
      switch (block.kind) {
        case "paragraph":
          out.push(block.emphasis === "strong" ? `**${block.text}**` : block.emphasis === "muted" ? `_${block.text}_` : block.text);
          break;
        case "bullets":
          out.push(block.items.map((item) => `- ${item}`).join("\n"));
          break;
        case "table":
          out.push(table(block));
          break;
        case "figure": {
          const link = outDir === undefined ? block.file : path.relative(outDir, block.file);
          out.push(`![${block.caption}](<${link.split(path.sep).join("/")}>)\n\n*${block.caption}*`);
          break;
        }
      }
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
