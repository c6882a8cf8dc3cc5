import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { startCaptionWorker } from '../../../src/cli/captionOptions';
import { fix, type FixCommandIo } from '../../../src/cli/fix';
import { startCaptionEngine } from '../../../src/extension/captionEngine';
import { readImageBytes } from '../../../src/extension/imageBytes';
import { captionRequestFor, settingsFrom } from '../../../src/extension/settings';
import { captionTargets, type FixTarget } from '../../../src/fix/captionImages';
import { styleAltText } from '../../../src/inference/generation/captionStyle';
import { styleOf } from '../../../src/inference/generation/request';
import { packFor } from '../../../src/inference/pack';
import type { CaptionWorker } from '../../../src/inference/worker/captionWorker';
import {
  altEdit,
  applyEdits,
  documentKindFor,
  isFinding,
  resolveSource,
  scanDocumentWithWarnings,
  type ImageRef,
} from '../../../src/markdown';
import { checkpointDir, fixtureDir, modelCache } from '../inference/parity-fixtures';
import { renderScreen } from '../../../scripts/lib/renderedText';

const imageFile = (name: string) => fs.readFileSync(path.join(fixtureDir('blip-reference'), 'images', `${name}.png`));

/** The screenshot both faces read the text of, written into the workspace before the tests. */
const SCREEN_TEXT = 'Enable telemetry';

/**
 * One workspace for both faces: LF, CRLF and CR-only Markdown, HTML with a BOM, MDX; copies of a
 * picture; a missing image; a screenshot whose visible text goes into its alt text.
 */
const WORKSPACE: Record<string, string | Buffer> = {
  'docs/img/astronaut.png': imageFile('astronaut'),
  'docs/img/copy-of-astronaut.png': imageFile('astronaut'),
  'docs/img/rocket.png': imageFile('rocket'),
  'docs/img/chelsea.png': imageFile('chelsea'),
  'docs/guide.md':
    '# Guide\n\n![](img/astronaut.png)\n\nSee ![IMG_1234](img/copy-of-astronaut.png) and ![A rocket](img/rocket.png).\n\n![](img/window.png)\n',
  'docs/windows.md': 'Line one\r\n\r\n![screenshot](img/chelsea.png)\r\n\r\n![][rocket]\r\n\r\n[rocket]: img/rocket.png\r\n',
  'docs/classic.md': '# Classic\r\r![image](img/rocket.png)\r\r![](img/missing.png)\r',
  'docs/page.html': '\ufeff<p><img src="img/astronaut.png"></p>\r\n<p><img src="img/chelsea.png" alt="image"></p>\r\n',
  'docs/story.mdx': 'import { Image } from "./image";\n\n<Image src="img/rocket.png" />\n',
};
const DOCUMENTS = Object.keys(WORKSPACE).filter((file) => documentKindFor(file));

function makeWorkspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-faces-')));
  // A repository root, so that both faces take the same folder as the boundary for images.
  fs.mkdirSync(path.join(root, '.git'));
  for (const [file, content] of Object.entries(WORKSPACE)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** `local-alt-text fix docs --yes` with the tiny model and the defaults, recording what the worker was given. */
async function runCliFace(root: string, given: (string | Uint8Array)[]): Promise<{ code: number; stderr: string }> {
  const stderr = new Capture();
  const io: FixCommandIo = {
    cwd: root,
    stdin: new PassThrough(),
    stdout: new Capture(),
    stderr,
    startWorker: async (options) => {
      const worker = await startCaptionWorker(options.model, { stdout: new Capture(), stderr });
      return {
        caption: (image, request, signal) => {
          given.push(image);
          return worker.caption(image, request, signal);
        },
        dispose: () => worker.dispose(),
      } satisfies Pick<CaptionWorker, 'caption' | 'dispose'>;
    },
  };
  const model = ['--model', checkpointDir('blip-reference'), '--cache-dir', modelCache('blip-reference')];
  return { code: await fix(['docs', ...model, '--yes'], io), stderr: stderr.text };
}

/**
 * The editor's workspace fix, as far as it runs in plain Node: its default settings, its scan
 * options and findings, its source resolution (the workspace folder as the boundary), its image
 * reader, its caption request and style (as CaptionService applies them), the shared pipeline as
 * batch.ts drives it, and the edit each accepted caption makes (as fixWorkspace applies it).
 */
async function runEditorFace(root: string): Promise<Map<string, string>> {
  const settings = settingsFrom(() => undefined);
  const request = captionRequestFor(settings);
  const pack = await packFor(checkpointDir('blip-reference'), { cacheDir: modelCache('blip-reference') });
  const engine = await startCaptionEngine(pack, { cacheDir: modelCache('blip-reference') });
  interface Target extends FixTarget {
    file: string;
  }
  const texts = new Map<string, string>();
  const targets: Target[] = [];
  try {
    for (const file of DOCUMENTS) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      texts.set(file, text);
      const { images } = scanDocumentWithWarnings(text, documentKindFor(file)!, { emptyMarkdownAlt: 'missing' });
      for (const image of images.filter((ref) => isFinding(ref, settings.findings.states))) {
        const source = resolveSource(image.src, path.join(root, file), { workspaceRoots: [root], allowOutsideWorkspace: false });
        targets.push({ file, image, source });
      }
    }
    await captionTargets(targets, {
      read: (t) => readImageBytes(t.image.src, t.source, { remote: settings.remoteImages }),
      // As CaptionService composes it: the caption before style and the text read, styled on the way out.
      caption: async (bytes) => {
        const result = await engine.caption(bytes, request);
        return styleAltText(result.cleaned, result.visibleText, styleOf(request));
      },
      keepBytes: (t) => t.source.kind !== 'file',
    });
  } finally {
    await engine.dispose();
  }
  const result = new Map<string, string>();
  for (const [file, text] of texts) {
    const accepted = targets.filter((t) => t.file === file && t.caption);
    result.set(
      file,
      applyEdits(
        text,
        accepted.map((t) => altEdit(text, t.image as ImageRef, t.caption!)),
      ),
    );
  }
  return result;
}

describe('fix: the CLI and the editor write the same alt text', function () {
  const roots: string[] = [];
  before(async () => {
    WORKSPACE['docs/img/window.png'] = (await renderScreen({ lines: [SCREEN_TEXT] })).png;
  });
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it('gives identical documents for one workspace with the same model and default settings', async () => {
    const cliRoot = makeWorkspace();
    const editorRoot = makeWorkspace();
    roots.push(cliRoot, editorRoot);
    const cli = await runCliFace(cliRoot, []);
    assert.equal(cli.code, 1, `only the missing image is left without alt text\n${cli.stderr}`);
    const editor = await runEditorFace(editorRoot);
    let changed = 0;
    for (const file of DOCUMENTS) {
      const written = fs.readFileSync(path.join(cliRoot, file), 'utf8');
      assert.equal(written, editor.get(file), file);
      if (written !== WORKSPACE[file]) changed++;
    }
    assert.equal(changed, DOCUMENTS.length, 'every document had something to fix');
    assert.match(
      fs.readFileSync(path.join(cliRoot, 'docs/guide.md'), 'utf8'),
      new RegExp(`!\\[[^\\]]+ with “${SCREEN_TEXT}”\\]\\(img/window\\.png\\)`),
      'the screenshot’s alt text quotes its visible text after the caption',
    );
    assert.match(
      fs.readFileSync(path.join(cliRoot, 'docs/classic.md'), 'utf8'),
      /!\[\]\(img\/missing\.png\)/,
      'the missing image is left as it is',
    );
  });

  it('the CLI reads each image file once and hands the worker its bytes, never its name', async () => {
    const root = makeWorkspace();
    roots.push(root);
    const opened: string[] = [];
    const open = fs.promises.open;
    fs.promises.open = ((file: fs.PathLike, ...rest: unknown[]) => {
      if (String(file).endsWith('.png')) opened.push(path.relative(root, String(file)));
      return (open as (...args: unknown[]) => Promise<fs.promises.FileHandle>)(file, ...rest);
    }) as typeof fs.promises.open;
    const given: (string | Uint8Array)[] = [];
    try {
      await runCliFace(root, given);
    } finally {
      fs.promises.open = open;
    }
    assert.deepEqual(
      opened.sort(),
      ['docs/img/astronaut.png', 'docs/img/chelsea.png', 'docs/img/copy-of-astronaut.png', 'docs/img/rocket.png', 'docs/img/window.png'],
      'each image file is opened once, though most are shown more than once',
    );
    assert.equal(given.length, 4, 'four distinct pictures: the copy of the astronaut is the astronaut');
    assert.ok(
      given.every((image) => image instanceof Uint8Array),
      'the worker gets the bytes already read, so its threads read no file',
    );
  });
});
