import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CjkFontSet, FontFace } from './documents.fonts.js';

/** Everything printed on an issued document. */
export interface DocumentPdfContent {
  /** The issuing authority, printed as the red header (the zone's Chinese name). */
  authorityName: string;
  /** Printed small under the header; may be empty. */
  authorityNameEn: string;
  title: string;
  /** 文号, printed under the title. */
  documentNumber: string;
  /** Label → value, printed as a table in this order. */
  facts: Array<[string, string]>;
  /** Body paragraphs, each set with the customary two-character first-line indent. */
  paragraphs: string[];
  /** Signs the document (落款), above the date and under the seal. */
  issuerName: string;
  /** Issue date in China, `YYYY-MM-DD`. */
  issuedOn: string;
  /** When it was issued, for the PDF's metadata. */
  issuedAt: Date;
  verificationUrl: string;
  verificationCode: string;
  /** Printed after the body, before the closing block: tables and pictures of the matter. */
  sections?: DocumentSection[];
}

/** A table column: its heading and its share of the width; `isCode` sets hashes and codes small. */
export interface DocumentTableColumn {
  label: string;
  weight: number;
  isCode?: boolean;
}

/** A picture printed in a section, with its caption; bytes that are not a JPEG or PNG print as a note. */
export interface DocumentPicture {
  bytes: Buffer | null;
  caption: string;
}

/** A titled part after the body (e.g. an inspection record's checklist, photos and recordings). */
export interface DocumentSection {
  heading: string;
  table?: { columns: DocumentTableColumn[]; rows: string[][] };
  pictures?: DocumentPicture[];
  /** Printed when the section has nothing else, e.g. "no recording". */
  note?: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 64, left: 72, right: 72 };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const RED = '#c8161d';
const INK = '#1a1a1a';
const GREY = '#595959';
const RULE = '#8c8c8c';
const LABEL_FILL = '#f2f2f2';
/** The closing block (QR code, signature, seal) is kept together on one page. */
const CLOSING_HEIGHT = 136;
const PAGE_BOTTOM = A4.height - MARGIN.bottom;
/** Pictures print two to a row, each in a 16:9 box. */
const PICTURE_WIDTH = (CONTENT_WIDTH - 14) / 2;
const PICTURE_BOX_HEIGHT = Math.round((PICTURE_WIDTH * 9) / 16);

/** `2026-03-05` → `2026年3月5日`, the way a Chinese document writes its date. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

function registerFace(doc: PDFKit.PDFDocument, name: string, face: FontFace): void {
  if (face.postscriptName) doc.registerFont(name, face.path, face.postscriptName);
  else doc.registerFont(name, face.path);
}

/**
 * Renders an issued document as an A4 PDF: the authority's red header, the title and number, the
 * facts as a table, the body, and a closing block with the verification QR code (linking to
 * `verificationUrl`, printed under it), the signature, the date in Chinese and a demonstration seal.
 * Chinese text is set in the embedded (subsetted) CJK fonts given, so it renders and copies out
 * correctly on any reader.
 */
export async function renderDocumentPdf(content: DocumentPdfContent, fonts: CjkFontSet): Promise<Buffer> {
  const qrPng = await QRCode.toBuffer(content.verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 8 });
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: content.title,
      Author: content.authorityName,
      Subject: `${content.documentNumber} ${content.verificationUrl}`,
      Creator: '园区通 Yuanqu',
      Producer: '园区通 Yuanqu',
      CreationDate: content.issuedAt,
      ModDate: content.issuedAt,
    },
    lang: 'zh-CN',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  registerFace(doc, 'serif', fonts.serif);
  registerFace(doc, 'serifBold', fonts.serifBold);
  registerFace(doc, 'sans', fonts.sans);

  drawHeader(doc, content);
  drawTitle(doc, content);
  drawFacts(doc, content.facts);
  drawParagraphs(doc, content.paragraphs);
  for (const section of content.sections ?? []) drawSection(doc, section);
  drawClosing(doc, content, qrPng);
  drawFooters(doc, content);

  doc.end();
  return finished;
}

/** 红头: the authority's name in red, spaced out, over a double red rule. */
function drawHeader(doc: PDFKit.PDFDocument, content: DocumentPdfContent): void {
  doc.font('serifBold').fontSize(24).fillColor(RED);
  doc.text(content.authorityName, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 3 });
  if (content.authorityNameEn) {
    doc
      .moveDown(0.1)
      .font('sans')
      .fontSize(9)
      .text(content.authorityNameEn, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 0.5 });
  }
  const y = doc.y + 8;
  doc
    .save()
    .lineWidth(2)
    .strokeColor(RED)
    .moveTo(MARGIN.left, y)
    .lineTo(A4.width - MARGIN.right, y)
    .stroke();
  doc
    .lineWidth(0.6)
    .moveTo(MARGIN.left, y + 3.5)
    .lineTo(A4.width - MARGIN.right, y + 3.5)
    .stroke()
    .restore();
  doc.y = y + 24;
}

function drawTitle(doc: PDFKit.PDFDocument, content: DocumentPdfContent): void {
  doc.font('serifBold').fontSize(21).fillColor(INK);
  doc.text(content.title, MARGIN.left, doc.y, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 1 });
  doc.moveDown(0.4).font('serif').fontSize(11.5).fillColor(INK);
  doc.text(content.documentNumber, MARGIN.left, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.y += 16;
}

/** The facts as a two-column ruled table; a row that would cross the page bottom starts a new page. */
function drawFacts(doc: PDFKit.PDFDocument, facts: Array<[string, string]>): void {
  if (facts.length === 0) return;
  const labelWidth = 118;
  const valueWidth = CONTENT_WIDTH - labelWidth;
  const padding = { x: 8, y: 6 };
  const fontSize = 10.5;
  let y = doc.y;
  for (const [label, value] of facts) {
    doc.font('sans').fontSize(fontSize);
    const labelHeight = doc.heightOfString(label, { width: labelWidth - 2 * padding.x });
    doc.font('serif').fontSize(fontSize);
    const valueHeight = doc.heightOfString(value, { width: valueWidth - 2 * padding.x, lineGap: 2 });
    const rowHeight = Math.max(labelHeight, valueHeight) + 2 * padding.y;
    if (y + rowHeight > PAGE_BOTTOM) {
      doc.addPage();
      y = MARGIN.top;
    }
    doc.save().rect(MARGIN.left, y, labelWidth, rowHeight).fill(LABEL_FILL).restore();
    doc.save().lineWidth(0.6).strokeColor(RULE);
    doc.rect(MARGIN.left, y, CONTENT_WIDTH, rowHeight).stroke();
    doc
      .moveTo(MARGIN.left + labelWidth, y)
      .lineTo(MARGIN.left + labelWidth, y + rowHeight)
      .stroke()
      .restore();
    doc.font('sans').fontSize(fontSize).fillColor(GREY);
    doc.text(label, MARGIN.left + padding.x, y + padding.y, { width: labelWidth - 2 * padding.x });
    doc.font('serif').fontSize(fontSize).fillColor(INK);
    doc.text(value, MARGIN.left + labelWidth + padding.x, y + padding.y, { width: valueWidth - 2 * padding.x, lineGap: 2 });
    y += rowHeight;
  }
  doc.x = MARGIN.left;
  doc.y = y + 18;
}

function drawParagraphs(doc: PDFKit.PDFDocument, paragraphs: string[]): void {
  const fontSize = 12;
  doc.font('serif').fontSize(fontSize).fillColor(INK);
  for (const paragraph of paragraphs) {
    // 公文 paragraphs open with a two-character indent.
    doc.text(paragraph.trim(), MARGIN.left, doc.y, { width: CONTENT_WIDTH, indent: 2 * fontSize, lineGap: 7, paragraphGap: 8 });
  }
}

/** Starts a new page when `height` more would cross the bottom margin; answers the y to draw at. */
function roomFor(doc: PDFKit.PDFDocument, y: number, height: number): number {
  if (y + height <= PAGE_BOTTOM) return y;
  doc.addPage();
  return MARGIN.top;
}

/** A section heading, kept on the page with the first row (of the table or the pictures) under it. */
function drawSection(doc: PDFKit.PDFDocument, section: DocumentSection): void {
  let y = roomFor(doc, doc.y + 6, section.pictures?.length ? 30 + PICTURE_BOX_HEIGHT + 30 : 80);
  doc.font('serifBold').fontSize(12.5).fillColor(INK);
  doc.text(section.heading, MARGIN.left, y, { width: CONTENT_WIDTH });
  y = doc.y + 6;
  if (section.table && section.table.rows.length > 0) y = drawTable(doc, section.table, y);
  if (section.pictures && section.pictures.length > 0) y = drawPictures(doc, section.pictures, y);
  if (section.note && !section.table?.rows.length && !section.pictures?.length) {
    doc.font('serif').fontSize(10.5).fillColor(GREY);
    doc.text(section.note, MARGIN.left, y, { width: CONTENT_WIDTH });
    y = doc.y;
  }
  doc.x = MARGIN.left;
  doc.y = y + 14;
}

/** A ruled table whose header row is repeated on every page it runs onto. */
function drawTable(doc: PDFKit.PDFDocument, table: NonNullable<DocumentSection['table']>, top: number): number {
  const totalWeight = table.columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = table.columns.map((column) => (CONTENT_WIDTH * column.weight) / totalWeight);
  const padding = { x: 5, y: 4 };
  // A code (a hash) is set small enough to stay on one line of its column, so it can be read off and compared.
  const codeSizes = table.columns.map((column, index) => {
    if (!column.isCode) return 0;
    doc.font('sans').fontSize(6.5);
    const widest = Math.max(...table.rows.map((row) => doc.widthOfString(row[index] ?? '')));
    return Math.max(4.5, Math.min(6.5, (6.5 * (widths[index]! - 2 * padding.x - 1)) / Math.max(widest, 1)));
  });
  const styleOf = (column: DocumentTableColumn, isHeader: boolean) =>
    isHeader
      ? { font: 'sans', size: 9, colour: GREY }
      : column.isCode
        ? { font: 'sans', size: codeSizes[table.columns.indexOf(column)]!, colour: INK }
        : { font: 'serif', size: 9.5, colour: INK };
  const heightOf = (cells: string[], isHeader: boolean) =>
    Math.max(
      ...table.columns.map((column, index) => {
        const style = styleOf(column, isHeader);
        doc.font(style.font).fontSize(style.size);
        return doc.heightOfString(cells[index] ?? '', { width: widths[index]! - 2 * padding.x, lineGap: 1 });
      }),
    ) +
    2 * padding.y;
  const drawRow = (cells: string[], y: number, height: number, isHeader: boolean) => {
    if (isHeader) doc.save().rect(MARGIN.left, y, CONTENT_WIDTH, height).fill(LABEL_FILL).restore();
    doc.save().lineWidth(0.6).strokeColor(RULE).rect(MARGIN.left, y, CONTENT_WIDTH, height).stroke();
    let x = MARGIN.left;
    for (const width of widths.slice(0, -1)) {
      x += width;
      doc.moveTo(x, y).lineTo(x, y + height).stroke();
    }
    doc.restore();
    x = MARGIN.left;
    table.columns.forEach((column, index) => {
      const style = styleOf(column, isHeader);
      doc.font(style.font).fontSize(style.size).fillColor(style.colour);
      doc.text(cells[index] ?? '', x + padding.x, y + padding.y, { width: widths[index]! - 2 * padding.x, lineGap: 1 });
      x += widths[index]!;
    });
  };
  const header = table.columns.map((column) => column.label);
  const headerHeight = heightOf(header, true);
  let y = roomFor(doc, top, headerHeight + heightOf(table.rows[0]!, false));
  drawRow(header, y, headerHeight, true);
  y += headerHeight;
  for (const row of table.rows) {
    const height = heightOf(row, false);
    if (y + height > PAGE_BOTTOM) {
      y = roomFor(doc, y, height + headerHeight);
      drawRow(header, y, headerHeight, true);
      y += headerHeight;
    }
    drawRow(row, y, height, false);
    y += height;
  }
  return y;
}

/** Pictures two to a row, each fitted into a 16:9 box with its caption under it. */
function drawPictures(doc: PDFKit.PDFDocument, pictures: DocumentPicture[], top: number): number {
  const width = PICTURE_WIDTH;
  const gap = CONTENT_WIDTH - 2 * width;
  const boxHeight = PICTURE_BOX_HEIGHT;
  // Each line of a caption (a hash among them) is set small enough that it does not wrap.
  const sizeOfLine = (line: string) => {
    doc.font('sans').fontSize(7.5);
    return Math.max(5, Math.min(7.5, (7.5 * (width - 1)) / Math.max(doc.widthOfString(line), 1)));
  };
  const heightOfCaption = (caption: string) =>
    caption.split('\n').reduce((total, line) => total + doc.fontSize(sizeOfLine(line)).heightOfString(line, { width }), 0);
  const drawCaption = (caption: string, x: number, top: number) => {
    let lineY = top;
    for (const line of caption.split('\n')) {
      doc.font('sans').fontSize(sizeOfLine(line)).fillColor(GREY);
      doc.text(line, x, lineY, { width });
      lineY = doc.y;
    }
  };
  let y = top;
  for (let index = 0; index < pictures.length; index += 2) {
    const pair = pictures.slice(index, index + 2);
    const captionHeight = Math.max(...pair.map((picture) => heightOfCaption(picture.caption)));
    y = roomFor(doc, y, boxHeight + 4 + captionHeight);
    pair.forEach((picture, column) => {
      const x = MARGIN.left + column * (width + gap);
      let isDrawn = false;
      if (picture.bytes) {
        try {
          doc.image(picture.bytes, x, y, { fit: [width, boxHeight], align: 'center', valign: 'center' });
          isDrawn = true;
        } catch {
          // Not an image pdfkit reads (it takes JPEG and PNG): the caption says so below.
        }
      }
      doc.save().lineWidth(0.5).strokeColor(RULE).rect(x, y, width, boxHeight).stroke().restore();
      if (!isDrawn) {
        doc.font('sans').fontSize(9).fillColor(GREY);
        doc.text(picture.bytes ? '图片无法显示 / Picture cannot be shown' : '图片文件缺失 / Picture file missing', x, y + boxHeight / 2 - 6, { width, align: 'center' });
      }
      drawCaption(picture.caption, x, y + boxHeight + 4);
    });
    y += boxHeight + 4 + captionHeight + 10;
  }
  return y;
}

/**
 * The QR code with its URL and a "scan to verify" line on the left; the signature and the date in
 * Chinese on the right, under a seal drawn with vector shapes and marked as a demonstration.
 */
function drawClosing(doc: PDFKit.PDFDocument, content: DocumentPdfContent, qrPng: Buffer): void {
  if (doc.y + 20 + CLOSING_HEIGHT > PAGE_BOTTOM) doc.addPage();
  const top = doc.y + 20;
  const qrSize = 92;
  doc.image(qrPng, MARGIN.left, top, { width: qrSize, height: qrSize });
  doc.font('sans').fontSize(9).fillColor(INK);
  doc.text('扫描二维码核验真伪 / Scan to verify', MARGIN.left, top + qrSize + 6, { width: 230 });
  // The URL stays on one line (shrunk to fit) so that it can be read off the paper and typed in.
  // No `width` option: pdfkit wraps any text given a width (at the "/" before the code, when the
  // shrunk URL comes out a hair wider than the box by rounding), whatever `lineBreak` says.
  const urlWidth = 250;
  doc.font('sans').fontSize(7.5);
  const urlFontSize = Math.max(4.5, Math.min(7.5, (7.5 * urlWidth) / doc.widthOfString(content.verificationUrl)));
  doc.fontSize(urlFontSize).fillColor(GREY);
  doc.text(content.verificationUrl, MARGIN.left, doc.y + 2, { lineBreak: false });

  const signatureRight = A4.width - MARGIN.right;
  const signatureWidth = 220;
  const signatureLeft = signatureRight - signatureWidth;
  const nameY = top + 40;
  doc.font('serif').fontSize(12.5).fillColor(INK);
  doc.text(content.issuerName, signatureLeft, nameY, { width: signatureWidth, align: 'center' });
  doc.text(chineseDate(content.issuedOn), signatureLeft, nameY + 24, { width: signatureWidth, align: 'center' });
  drawDemoSeal(doc, signatureLeft + signatureWidth / 2, nameY + 16, content.issuerName);
  doc.x = MARGIN.left;
  doc.y = top + CLOSING_HEIGHT;
}

/**
 * A seal-like red circle with a star and the issuer's name around the top. It is only a picture:
 * it carries "演示" (demonstration) inside and under it, so no one takes it for a real electronic
 * seal (电子印章 under 《电子签名法》 needs a certificate-backed signature, which this is not).
 */
function drawDemoSeal(doc: PDFKit.PDFDocument, centreX: number, centreY: number, issuerName: string): void {
  const radius = 54;
  doc.save();
  doc.fillOpacity(0.82).strokeOpacity(0.82).fillColor(RED).strokeColor(RED);
  doc.lineWidth(2.6).circle(centreX, centreY, radius).stroke();
  doc
    .lineWidth(0.7)
    .circle(centreX, centreY, radius - 4.5)
    .stroke();
  doc.polygon(...starPoints(centreX, centreY - 12, 13, 5.2)).fill();

  const arcText = [...issuerName].slice(0, 18);
  const fontSize = arcText.length > 12 ? 8.5 : 10;
  const textRadius = radius - 7 - fontSize / 2;
  const span = Math.min(240, (arcText.length * (fontSize + 1.5) * 180) / Math.PI / textRadius);
  doc.font('serifBold').fontSize(fontSize);
  arcText.forEach((character, index) => {
    const angle = -90 - span / 2 + (arcText.length === 1 ? span / 2 : (index * span) / (arcText.length - 1));
    const radians = (angle * Math.PI) / 180;
    doc.save();
    doc.translate(centreX + textRadius * Math.cos(radians), centreY + textRadius * Math.sin(radians));
    doc.rotate(angle + 90);
    // pdfkit places text by the top of its line box; CJK faces sit about 0.7 em below it.
    doc.text(character, -fontSize / 2, -fontSize * 0.72, { lineBreak: false });
    doc.restore();
  });
  doc.font('sans').fontSize(7.5);
  doc.text('电子印章演示', centreX - 30, centreY + 29, { width: 60, align: 'center', lineBreak: false });
  doc.font('sans').fontSize(7.5);
  doc.text('(电子印章 演示)', centreX - 40, centreY + radius + 5, { width: 80, align: 'center', lineBreak: false });
  doc.restore();
}

function starPoints(centreX: number, centreY: number, outer: number, inner: number): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (let index = 0; index < 10; index += 1) {
    const radius = index % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (index * Math.PI) / 5;
    points.push([centreX + radius * Math.cos(angle), centreY + radius * Math.sin(angle)]);
  }
  return points;
}

/** A thin rule, the verification code and the page number on every page. */
function drawFooters(doc: PDFKit.PDFDocument, content: DocumentPdfContent): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const y = A4.height - MARGIN.bottom + 18;
    doc
      .save()
      .lineWidth(0.4)
      .strokeColor(RULE)
      .moveTo(MARGIN.left, y)
      .lineTo(A4.width - MARGIN.right, y)
      .stroke()
      .restore();
    // Writing inside the bottom margin must not start a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('sans').fontSize(7.5).fillColor(GREY);
    doc.text(`核验码 ${content.verificationCode}`, MARGIN.left, y + 5, { width: CONTENT_WIDTH / 2, lineBreak: false });
    doc.text(`第 ${index - range.start + 1} 页 / 共 ${range.count} 页`, MARGIN.left + CONTENT_WIDTH / 2, y + 5, {
      width: CONTENT_WIDTH / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottomMargin;
  }
}
