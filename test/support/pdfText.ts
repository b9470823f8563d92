import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of a PDF as a real parser reads it (pdfjs-dist, Mozilla's PDF.js): lines joined with spaces, runs
 * of white space (also no-break spaces) as one space. Also the page count and the document information.
 */
export async function pdfText(
  data: Uint8Array | Buffer,
): Promise<{ text: string; pages: number; info: Record<string, unknown> }> {
  const document = await getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const parts: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if ('str' in item) parts.push(item.str, item.hasEOL ? ' ' : '');
      }
      parts.push(' ');
    }
    const { info } = await document.getMetadata();
    return {
      text: parts.join('').replace(/\s+/g, ' '),
      pages: document.numPages,
      info: info as Record<string, unknown>,
    };
  } finally {
    await document.destroy();
  }
}
