import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import in a source file: what it names, and the file it leads to (for relative ones). */
export interface ImportEdge {
  from: string;
  specifier: string;
  /** The file, relative to the root, for a relative import; undefined for a package. */
  to?: string;
  dynamic: boolean;
  line: number;
}

/**
 * Every import of every TypeScript file under `dir`: static imports and re-exports, `import()`,
 * `import x = require()`, and type imports (`import type`, `typeof import('...')`) too, because a
 * type can only come from a module the layer knows. Paths are relative to `root`, with `/`.
 */
export function importGraph(root: string, dir: string): ImportEdge[] {
  return sourceFiles(path.join(root, dir)).flatMap((file) => importsOf(root, file));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

function importsOf(root: string, file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const from = relative(root, file);
  const edges: ImportEdge[] = [];
  const add = (literal: ts.Node | undefined, dynamic: boolean) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    edges.push({
      from,
      specifier,
      to: specifier.startsWith('.') ? resolve(root, path.dirname(file), specifier) : undefined,
      dynamic,
      line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1,
    });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier, false);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression, false);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], true);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, false);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Where a relative import leads, as the bundler resolves it: the file, or the folder's index. */
function resolve(root: string, dir: string, specifier: string): string {
  const base = path.resolve(dir, specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, path.join(base, 'index.ts')];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  return relative(root, found ?? base);
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
