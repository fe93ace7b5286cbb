// The text of a PDF, read with pdf.js (unpdf), so no test needs a system binary such as pdftotext.
import { extractText, getDocumentProxy } from 'unpdf';

/** Every page's text, pages separated by a form feed as pdftotext separates them. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  try {
    const { text } = await extractText(document, { mergePages: false });
    return text.join('\f');
  } finally {
    await document.destroy();
  }
}
