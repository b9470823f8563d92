import { readFileSync } from 'node:fs';

// Fira Sans as TrueType (the standard PDF fonts know neither ≥ nor ≤). The fonts lie next to this module in
// the sources and next to the bundle in dist/server (scripts/build-server.mjs copies them).
const fontDir = new URL('./fonts/', import.meta.url);
let fontData: { regular: Buffer; semibold: Buffer } | undefined;
function fonts() {
  fontData ??= {
    regular: readFileSync(new URL('FiraSans-Regular-latin.ttf', fontDir)),
    semibold: readFileSync(new URL('FiraSans-SemiBold-latin.ttf', fontDir)),
  };
  return fontData;
}

/** `{{name}}` placeholders of the report's message files. */
export const fill = (template: string, params: Record<string, string | number> = {}) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));

export const pdfColours = {
  text: '#1a1a1a',
  muted: '#555555',
  rule: '#9aa5b1',
  header: '#e6ebf0',
};

type StructureElement = ReturnType<PDFKit.PDFDocument['struct']>;
/** PDFKit's structure options; `scope` (TH of a row or a column) is newer than @types/pdfkit. */
export type StructureOptions = NonNullable<Parameters<PDFKit.PDFDocument['struct']>[1]> & {
  scope?: 'Row' | 'Column' | 'Both';
};

export interface PdfColumn {
  label: string;
  share: number;
  align?: 'left' | 'right';
}

/**
 * An A4 report as a tagged PDF (headings, paragraphs, lists, tables with header cells, figures with a text
 * alternative; rules, backgrounds and the footer as artifacts), so screen readers read it in order. Text in
 * Fira Sans. The helpers write at `doc.y` and break pages where the next block does not fit; `finish` draws
 * every page's footer and resolves to the file. PDFKit is loaded on first use: it is large and only the reports
 * need it (bench:startup).
 */
export async function taggedPdf(options: { title: string; subject: string; lang: string }) {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 70, left: 50, right: 50 },
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: options.lang,
    displayTitle: true,
    info: { Title: options.title, Subject: options.subject, Creator: 'Mobiles Rathaus' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, semibold } = fonts();
  doc.registerFont('regular', regular);
  doc.registerFont('semibold', semibold);

  // The structure tree: `parent` is the element new content goes into.
  const root = doc.struct('Document');
  doc.addStructure(root);
  let parent: StructureElement = root;
  const tagged = (type: string, draw: () => void, structure: StructureOptions = {}) => {
    parent.add(doc.struct(type, structure, draw));
  };
  const group = (type: string, fillGroup: () => void, structure: StructureOptions = {}) => {
    const element = doc.struct(type, structure);
    parent.add(element);
    const outer = parent;
    parent = element;
    fillGroup();
    parent = outer;
    element.end();
  };
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact');
    draw();
    doc.endMarkedContent();
  };

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const room = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const paragraph = (value: string, style: { size?: number; colour?: string; bold?: boolean } = {}) => {
    doc
      .font(style.bold ? 'semibold' : 'regular')
      .fontSize(style.size ?? 10)
      .fillColor(style.colour ?? pdfColours.text);
    room(doc.heightOfString(value, { width }));
    tagged('P', () => doc.text(value, left, doc.y, { width }));
    doc.moveDown(0.3);
  };
  const heading = (value: string, level: 1 | 2 | 3, keepWith = 70) => {
    const size = level === 1 ? 17 : level === 2 ? 13 : 11;
    doc.moveDown(level === 1 ? 0 : 0.6);
    doc.font('semibold').fontSize(size);
    room(doc.heightOfString(value, { width }) + keepWith);
    tagged(`H${level}`, () => doc.fillColor(pdfColours.text).text(value, left, doc.y, { width }));
    doc.moveDown(0.3);
  };
  const list = (items: string[]) =>
    group('L', () => {
      for (const item of items) {
        doc.font('regular').fontSize(10).fillColor(pdfColours.text);
        room(doc.heightOfString(item, { width: width - 12 }));
        const y = doc.y;
        group('LI', () => {
          tagged('Lbl', () => doc.text('•', left, y, { width: 12, lineBreak: false }));
          tagged('LBody', () => doc.text(item, left + 12, y, { width: width - 12 }));
        });
        doc.moveDown(0.2);
      }
    });

  const table = (
    caption: string,
    columns: PdfColumn[],
    rows: { cells: string[]; colour?: (index: number) => string }[],
  ) => {
    const widths = columns.map((column) => column.share * width);
    const padding = 4;
    const heightOf = (cells: string[], font: string) => {
      doc.font(font).fontSize(9);
      return (
        Math.max(
          ...cells.map((cell, index) => doc.heightOfString(cell, { width: widths[index]! - 2 * padding })),
        ) +
        2 * padding
      );
    };
    const drawRow = (cells: string[], header: boolean, colour?: (index: number) => string) => {
      const font = header ? 'semibold' : 'regular';
      const height = heightOf(cells, font);
      const top = doc.y;
      if (header) artifact(() => doc.rect(left, top, width, height).fill(pdfColours.header));
      group('TR', () => {
        let x = left;
        cells.forEach((cell, index) => {
          const cellX = x;
          tagged(
            header || index === 0 ? 'TH' : 'TD',
            () =>
              doc
                .font(font)
                .fontSize(9)
                .fillColor(colour?.(index) ?? pdfColours.text)
                .text(cell, cellX + padding, top + padding, {
                  width: widths[index]! - 2 * padding,
                  align: columns[index]!.align ?? 'left',
                }),
            header ? { scope: 'Column' } : index === 0 ? { scope: 'Row' } : {},
          );
          x += widths[index]!;
        });
      });
      artifact(() =>
        doc
          .moveTo(left, top + height)
          .lineTo(left + width, top + height)
          .lineWidth(0.5)
          .strokeColor(pdfColours.rule)
          .stroke(),
      );
      doc.x = left;
      doc.y = top + height;
    };
    const header = columns.map((column) => column.label);
    room(heightOf(header, 'semibold') + (rows[0] ? heightOf(rows[0].cells, 'regular') : 0));
    group(
      'Table',
      () => {
        drawRow(header, true);
        for (const row of rows) {
          if (doc.y + heightOf(row.cells, 'regular') > bottom()) {
            doc.addPage();
            drawRow(header, true);
          }
          drawRow(row.cells, false, row.colour);
        }
      },
      { title: caption },
    );
    doc.moveDown(0.5);
  };

  /**
   * Ends the document: on every page a rule, `footer(page, pages).text` on the left and `.right` on the right
   * (the page number), as pagination artifacts.
   */
  const finish = (footer: (page: number, pages: number) => { text: string; right: string }) => {
    root.end();
    const range = doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index++) {
      doc.switchToPage(index);
      const margin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - 50;
      const { text, right } = footer(index + 1, range.count);
      doc.markContent('Artifact', { type: 'Pagination' });
      doc
        .moveTo(left, y - 6)
        .lineTo(left + width, y - 6)
        .lineWidth(0.5)
        .strokeColor(pdfColours.rule)
        .stroke();
      doc
        .font('regular')
        .fontSize(7.5)
        .fillColor(pdfColours.muted)
        .text(text, left, y, { width: width - 70, height: 24 });
      doc.text(right, left + width - 70, y, { width: 70, align: 'right', lineBreak: false });
      doc.endMarkedContent();
      doc.page.margins.bottom = margin;
    }
    doc.end();
    return finished;
  };

  return { doc, tagged, group, artifact, left, width, bottom, room, paragraph, heading, list, table, finish };
}
