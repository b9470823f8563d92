import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every text of the staff apps comes from their message files (de, en). This finds user-visible literals in
// the planner's and the station's components: JSX text with letters, and string attributes people read or
// hear (aria-label, title, placeholder, alt …). Texts from messages are expressions (`{t('…')}`) and pass.

const root = fileURLToPath(new URL('../..', import.meta.url));
const folders = ['src/web/planning', 'src/web/station'];

/** Attributes whose string value is shown or read out. */
const visibleAttributes = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);

/** Literals that are no language: symbols, units and names the same in every language. */
const allowed = new Set(['–', '—', '·', '×', '%', '€', 'km', 'QR', 'OpenStreetMap', 'Leaflet']);

const hasLetters = (text: string) => /\p{L}/u.test(text);

function componentFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return componentFiles(path);
    return entry.name.endsWith('.tsx') && !entry.name.endsWith('.test.tsx') ? [path] : [];
  });
}

/** `file:line: text` for every user-visible literal in a TSX source. */
export function literalTexts(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (!trimmed || !hasLetters(trimmed) || allowed.has(trimmed)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push(`${fileName}:${line}: ${trimmed}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && visibleAttributes.has(node.name.getText(file))) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value)) report(value, value.text);
      else if (value && ts.isJsxExpression(value) && value.expression) {
        const expression = value.expression;
        if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
          report(expression, expression.text);
      }
    } else if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression)) &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    ) {
      // `{'text'}` as a child is JSX text too.
      report(node.expression, node.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('staff pages', () => {
  const files = folders.flatMap((folder) => componentFiles(join(root, folder)));

  it('show no literal text: every text comes from the message files', () => {
    const literals = files.flatMap((path) =>
      literalTexts(relative(root, path).replaceAll('\\', '/'), readFileSync(path, 'utf8')),
    );
    expect(literals).toEqual([]);
  });

  it('are found and read (the check itself works)', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(
      literalTexts(
        'Sample.tsx',
        `export const A = () => <p title="Hinweis">Halt öffnen {t('x')} <b>{'Mehr'}</b> – {n} km</p>;`,
      ),
    ).toEqual(['Sample.tsx:1: Hinweis', 'Sample.tsx:1: Halt öffnen', 'Sample.tsx:1: Mehr']);
  });
});
