// Text of PDFs as pdf.js (Firefox's viewer) sees it, and Ctrl-F match counts.
//
// Usage: node tools/pdfjs/extract.mjs < request.json > answer.json
//
// request: {"documents": [{"pdf": "/path/a.pdf", "queries": ["word", ...]},
//                         {"lines": ["expected line", ...], "queries": [...]}]}
// answer:  [{"pages": ["page text", ...], "counts": {"word": 3, ...}}, ...]
//
// "pages" is getTextContent() (the API the text layer, copy and most web
// viewers use) with the items joined as pdf.js's find controller joins them:
// item strings concatenated, "\n" after an item with hasEOL.
// "counts" are the matches of pdf.js's own PDFFindController (the viewer's
// Ctrl-F, default options: case-insensitive, diacritics not matched, not
// whole words), run headless. A "lines" document is a stand-in whose pages'
// text content is the given lines (one item per line, hasEOL): the same find
// controller then gives the counts a perfect text layer would have.
// Every document is handled in this one node process.

import { readFileSync } from "node:fs";

import * as pdfjsLib from "pdfjs-dist/legacy/build/pdf.mjs";

// The viewer module needs a few browser globals at import time only.
globalThis.pdfjsLib = pdfjsLib;
globalThis.window ??= globalThis;
globalThis.requestAnimationFrame ??= (callback) => setTimeout(callback, 0);
const element = () => ({
  style: {},
  classList: { add() {}, remove() {}, toggle() {} },
  append() {},
  setAttribute() {},
  addEventListener() {},
});
globalThis.document ??= {
  documentElement: element(),
  body: element(),
  createElement: element,
  addEventListener() {},
  getElementsByTagName: () => [element()],
};
const { EventBus, PDFFindController } = await import("pdfjs-dist/legacy/web/pdf_viewer.mjs");

const LINES_PER_PAGE = 200;

function linesDocument(lines) {
  const pages = [];
  for (let i = 0; i < lines.length; i += LINES_PER_PAGE) {
    pages.push(lines.slice(i, i + LINES_PER_PAGE));
  }
  if (!pages.length) pages.push([]);
  return {
    numPages: pages.length,
    async getPage(number) {
      const items = pages[number - 1].map((str) => ({ str, hasEOL: true }));
      return { getTextContent: async () => ({ items }) };
    },
    destroy: async () => {},
  };
}

async function pageTexts(document) {
  const texts = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
  }
  return texts;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

// The find event is handled asynchronously (after the first page, then per page).
async function settled(finder, numPages) {
  while (finder._extractTextPromises.length < numPages) await tick();
  await Promise.all(finder._extractTextPromises);
  await tick();
  while (
    finder._pendingFindMatches.size ||
    finder.pageMatches.length < numPages ||
    finder.pageMatches.some((page) => page === undefined)
  ) {
    await tick();
  }
}

async function findCounts(document, queries) {
  const eventBus = new EventBus();
  const linkService = { page: 1, pagesCount: document.numPages, rotation: 0 };
  const finder = new PDFFindController({ linkService, eventBus });
  finder.setDocument(document);
  const counts = {};
  for (const query of queries) {
    eventBus.dispatch("find", {
      source: null,
      type: "again",
      query,
      caseSensitive: false,
      entireWord: false,
      highlightAll: false,
      findPrevious: false,
      matchDiacritics: false,
    });
    await settled(finder, document.numPages);
    counts[query] = (finder.pageMatches || []).reduce((sum, page) => sum + (page?.length || 0), 0);
  }
  return counts;
}

const request = JSON.parse(readFileSync(0, "utf8"));
const answers = [];
for (const entry of request.documents) {
  let document;
  if (entry.pdf) {
    const data = new Uint8Array(readFileSync(entry.pdf));
    document = await pdfjsLib.getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
  } else {
    document = linesDocument(entry.lines || []);
  }
  const pages = entry.pdf ? await pageTexts(document) : [];
  const counts = entry.queries?.length ? await findCounts(document, entry.queries) : {};
  answers.push({ pages, counts });
  await document.destroy();
}
process.stdout.write(JSON.stringify(answers));
