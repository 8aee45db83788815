/**
 * A muted one-line note shown in place of a table or chart that has nothing to show.
 * @example emptyNote("Таких файлов нет.")
 */
export function emptyNote(text: string): HTMLElement {
  const p = document.createElement("p");
  p.className = "empty-note";
  p.textContent = text;
  return p;
}
