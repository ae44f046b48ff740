import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/** Markdown as GitHub renders it (GFM, HTML passed through), for checking structure. */
export function gfmHtmlOf(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });
}

/** Each rendered table as rows of cell counts: header first. */
export function tableShapes(html: string): number[][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((table) =>
    [...(table[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      (row) => (row[1] ?? '').match(/<t[hd][ >]/g)?.length ?? 0,
    ),
  );
}
