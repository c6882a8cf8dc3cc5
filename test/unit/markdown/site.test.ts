import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  findProjectConfig,
  loadProjectConfig,
  pageUrlOf,
  parseProjectConfig,
  ProjectConfigError,
  ProjectContext,
  resolveSiteSource,
  SiteFinder,
  siteAt,
} from '../../../src/markdown';

const SITES = path.resolve(__dirname, '../../fixtures/sites');

function tempFolder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lat-site-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('knowing the site', () => {
  const made: string[] = [];
  const temp = (files: Record<string, string>): string => {
    const root = tempFolder(files);
    made.push(root);
    return root;
  };
  after(() => made.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  describe('generators from their configuration files', () => {
    it('Jekyll: the source folder is served, with baseurl and url', () => {
      const site = siteAt(path.join(SITES, 'jekyll'))!;
      assert.equal(site.generator, 'jekyll');
      assert.equal(site.basePath, '/field-notes/');
      assert.equal(site.origin, 'https://fieldnotes.example.github.io');
      assert.ok(site.liquid);
      assert.deepEqual(
        site.staticDirs.map((d) => d.folder),
        [path.join(SITES, 'jekyll')],
      );
    });

    it('Hugo: mounts replace the default static folder; themes and assets follow', () => {
      const root = path.join(SITES, 'hugo');
      const site = siteAt(root)!;
      assert.equal(site.generator, 'hugo');
      assert.equal(site.basePath, '/platform/');
      assert.deepEqual(
        site.staticDirs.map((d) => [path.relative(root, d.folder), d.url]),
        [
          ['static', '/'],
          ['diagrams', '/diagrams/'],
          ['themes/lotus/static', '/'],
          ['assets', '/'],
          ['themes/lotus/assets', '/'],
        ],
      );
      assert.equal(site.pageUrls, 'directory');
    });

    it('Hugo: config/_default counts; a config.toml alone beside no Hugo folder does not', () => {
      assert.equal(siteAt(temp({ 'config/_default/hugo.yaml': 'baseURL: https://x.org/\n' }))?.generator, 'hugo');
      assert.equal(siteAt(temp({ 'config.toml': 'name = "tool"\n' })), undefined);
      assert.equal(siteAt(temp({ 'config.toml': 'baseURL = "/"\n', 'content/_index.md': '' }))?.generator, 'hugo');
    });

    it('Docusaurus: read as text, never run; a computed baseUrl is reported', () => {
      const site = siteAt(path.join(SITES, 'docusaurus/website'))!;
      assert.equal(site.generator, 'docusaurus');
      assert.equal(site.basePath, '/relay/');
      assert.ok(site.markdownAsMdx);
      assert.deepEqual(
        site.staticDirs.map((d) => path.basename(d.folder)),
        ['static', 'public'],
      );
      const computed = siteAt(
        temp({
          'docusaurus.config.ts':
            "export default { baseUrl: process.env.BASE ?? '/', markdown: { format: 'detect' }, presets: [['classic', { docs: { path: '../docs' } }]] };\nthrow new Error('never run');\n",
        }),
      )!;
      assert.equal(computed.basePath, '/');
      assert.equal(computed.markdownAsMdx, false);
      assert.match(computed.warnings.join('\n'), /baseUrl is not a string literal/);
      assert.equal(path.basename(computed.contentDirs[0].folder), 'docs');
    });

    it('MkDocs: docs_dir, directory URLs and Python-Markdown blocks; Python tags do not stop the read', () => {
      const site = siteAt(path.join(SITES, 'mkdocs-material'))!;
      assert.equal(site.generator, 'mkdocs');
      assert.ok(site.indentedMarkdownBlocks);
      assert.equal(site.basePath, '/harbor/');
      assert.equal(pageUrlOf(path.join(SITES, 'mkdocs-material/docs/guide/install.md'), site), '/guide/install/');
      assert.equal(pageUrlOf(path.join(SITES, 'mkdocs-material/docs/index.md'), site), '/');
      assert.equal(siteAt(temp({ 'mkdocs.yml': 'site_name: x\nmarkdown_extensions:\n  - toc\n' }))!.indentedMarkdownBlocks, false);
    });

    it('VitePress: the folder holding .vitepress, srcDir and its public folder', () => {
      const root = path.join(SITES, 'vitepress/docs');
      const site = siteAt(root)!;
      assert.equal(site.generator, 'vitepress');
      assert.equal(site.basePath, '/beacon/');
      assert.deepEqual(
        site.staticDirs.map((d) => path.relative(root, d.folder)),
        ['src/public', 'src'],
      );
    });

    it('Quarto: the project folder', () => {
      const site = siteAt(path.join(SITES, 'quarto'))!;
      assert.equal(site.generator, 'quarto');
      assert.equal(site.origin, 'https://tides.example.org');
    });

    it('a broken configuration is reported and read as defaults', () => {
      const site = siteAt(temp({ 'mkdocs.yml': 'site_name: [unclosed\n' }))!;
      assert.equal(site.generator, 'mkdocs');
      assert.match(site.warnings[0], /mkdocs\.yml: not valid YAML/);
    });

    it('the nearest configuration up the tree wins; a site in a folder of its own claims its docs folder', () => {
      const root = temp({
        'website/docusaurus.config.js': "module.exports = { presets: [['classic', { docs: { path: '../docs' } }]] };",
        'docs/intro.md': '',
        'docs/sub/mkdocs.yml': 'site_name: inner\n',
        'docs/sub/docs/page.md': '',
      });
      const finder = new SiteFinder([root]);
      assert.equal(finder.siteFor(path.join(root, 'docs/intro.md'))?.generator, 'docusaurus');
      assert.equal(finder.siteFor(path.join(root, 'docs/sub/docs/page.md'))?.generator, 'mkdocs');
      assert.equal(new SiteFinder([root]).siteFor(path.join(root, 'README.md')), undefined);
    });
  });

  describe('sources through the site', () => {
    const root = path.join(SITES, 'jekyll');
    const site = siteAt(root)!;
    const post = path.join(root, '_posts/2024-03-02-spring-survey.md');
    const resolve = (src: string) => resolveSiteSource(src, post, { workspaceRoots: [root], site });

    it('fills in Liquid, takes off the base URL and the site origin', () => {
      for (const src of [
        '{{ site.baseurl }}/assets/images/team.png',
        '{{site.url}}{{site.baseurl}}/assets/images/team.png',
        "{{ '/assets/images/team.png' | relative_url }}",
        '{% link assets/images/team.png %}',
        '/field-notes/assets/images/team.png',
        'https://fieldnotes.example.github.io/field-notes/assets/images/team.png',
      ]) {
        assert.deepEqual(
          resolve(src),
          { kind: 'file', resolved: path.join(root, 'assets/images/team.png'), exists: true, remote: false },
          src,
        );
      }
    });

    it('other sites stay remote, unknown files are reported under the served folder', () => {
      assert.equal(resolve('https://other.example.com/a.png').kind, 'remote');
      assert.deepEqual(resolve('/images/nope.png'), {
        kind: 'file',
        resolved: path.join(root, 'images/nope.png'),
        exists: false,
        remote: false,
      });
    });

    it("the writer's site roots come first", () => {
      const folder = temp({ 'img/team.png': 'x' });
      const found = resolveSiteSource('/img/team.png', post, { workspaceRoots: [root, folder], siteRoots: [folder], site });
      assert.equal(found.resolved, path.join(folder, 'img/team.png'));
      assert.ok(found.exists);
    });

    it('a file outside the workspace is not touched, even through @site/', () => {
      const docusaurus = path.join(SITES, 'docusaurus/website');
      const doc = path.join(docusaurus, 'docs/intro.md');
      const found = resolveSiteSource('@site/../../jekyll/images/station.png', doc, {
        workspaceRoots: [docusaurus],
        site: siteAt(docusaurus),
      });
      assert.equal(found.exists, false);
      assert.equal(found.problem, 'the file is outside the workspace');
    });
  });

  describe('the project configuration', () => {
    it('is found at or above a folder, nearest first, JSON with comments or YAML', () => {
      const root = temp({
        '.localalttext.yaml': 'siteRoots: [static]\n',
        'a/.localalttext.jsonc': '// comment\n{ "siteRoots": ["pub",], }\n',
        'a/b/c/x.md': '',
      });
      assert.equal(findProjectConfig(path.join(root, 'a/b/c')), path.join(root, 'a/.localalttext.jsonc'));
      assert.deepEqual(loadProjectConfig(path.join(root, 'a/.localalttext.jsonc')).siteRoots, [path.join(root, 'a/pub')]);
      assert.deepEqual(loadProjectConfig(path.join(root, '.localalttext.yaml')).siteRoots, [path.join(root, 'static')]);
      assert.equal(findProjectConfig(path.join(root, 'a/b'), path.join(root, 'a/b')), undefined);
    });

    it('names the file and the setting when something is wrong', () => {
      const cases: Array<[string, string, RegExp]> = [
        ['c.jsonc', '{ "siteRoot": [] }', /c\.jsonc: unknown setting "siteRoot"/],
        ['c.jsonc', '{ "siteRoots": "static" }', /"siteRoots" must be a list/],
        ['c.jsonc', '{ "dialects": { "*.md": "rst" } }', /"dialects" entry "\*\.md" must be one of markdown, mdx, html, asciidoc/],
        ['c.jsonc', '{ "findings": { "severity": "error" } }', /unknown setting "findings\.severity"/],
        ['c.jsonc', '{ "findings": { "emptyMarkdownAltIsDecorative": "yes" } }', /must be true or false/],
        ['c.jsonc', '{ "siteRoots": [ }', /c\.jsonc:1: not valid JSON with comments/],
        ['c.yaml', 'siteRoots: [', /c\.yaml: not valid YAML/],
        ['c.yaml', '- a\n- b\n', /must hold an object/],
      ];
      for (const [file, text, message] of cases)
        assert.throws(
          () => parseProjectConfig(text, file),
          (error: Error) => error instanceof ProjectConfigError && message.test(error.message),
          text,
        );
    });

    it('dialects, MDX components and findings reach the scan; generator none turns sites off', () => {
      const root = path.join(SITES, 'docusaurus');
      const intro = path.join(root, 'website/docs/intro.md');
      const config = parseProjectConfig(
        '{ "dialects": { "website/blog/**": "markdown" }, "mdx": { "components": ["img", "Figure"] }, "findings": { "extraPlaceholders": ["TODO"] } }',
        path.join(root, '.localalttext.jsonc'),
      );
      const context = new ProjectContext({ workspaceRoots: [root], config });
      assert.equal(context.kindFor(intro), 'mdx');
      assert.equal(context.kindFor(path.join(root, 'website/blog/2024-06-01-launch.md')), 'markdown');
      assert.deepEqual(context.scanOptionsFor(intro).mdxImageComponents, ['img', 'Figure']);
      assert.deepEqual(context.scanOptionsFor(intro).extraPlaceholders, ['TODO']);
      const off = new ProjectContext({
        workspaceRoots: [root],
        config: parseProjectConfig('{ "generator": "none" }', path.join(root, 'x.json')),
      });
      assert.equal(off.kindFor(intro), 'markdown');
      assert.equal(off.resolve('/img/logo.png', intro).exists, false);
      assert.equal(context.resolve('/img/logo.png', intro).exists, true);
    });
  });
});
