import { strict as assert } from 'node:assert';
import { altEdit, decorativeEdit, documentKindFor, scanDocument, type DocumentKind } from '../../../src/markdown';
import { applyEdit } from './support/applyEdit';
import { expectImages } from './support/scanHelpers';

function editFirst(text: string, kind: DocumentKind, caption: string): string {
  const [image] = scanDocument(text, kind);
  return applyEdit(text, altEdit(text, image, caption));
}

describe('site generator image syntaxes', () => {
  describe('Hugo figure shortcodes', () => {
    it('reads src, alt and the closing delimiter of both shortcode kinds', () => {
      const text = 'Intro {{< figure src="/img/a.png" alt="A red barn" caption="Barn" >}}\n\n{{% figure src=b.png alt=`IMG_2041` /%}}\n';
      expectImages(text, 'markdown', [
        {
          text: '{{< figure src="/img/a.png" alt="A red barn" caption="Barn" >}}',
          syntax: 'hugo-figure',
          src: '/img/a.png',
          alt: 'A red barn',
          altState: 'ok',
        },
        { text: '{{% figure src=b.png alt=`IMG_2041` /%}}', syntax: 'hugo-figure', src: 'b.png', alt: 'IMG_2041', altState: 'placeholder' },
      ]);
    });

    it('a caption without alt is still a finding', () => {
      expectImages('{{< figure src="a.png" caption="Our office" >}}\n', 'markdown', [
        { syntax: 'hugo-figure', alt: null, altState: 'missing' },
      ]);
    });

    it('spans lines, reads \\" inside a quoted value, and ignores >}} inside quotes', () => {
      const text = '{{< figure\n  src="a.png"\n  alt="The \\"north\\" face >}} at dawn"\n>}}\n';
      expectImages(text, 'markdown', [{ text: text.trimEnd(), alt: 'The "north" face >}} at dawn', altState: 'ok' }]);
    });

    it('finds nothing in code, comments, front matter or the {{</* */>}} example form', () => {
      const text = [
        '---\nimage: "{{< figure src=fm.png >}}"\n---',
        '```\n{{< figure src="fenced.png" >}}\n```',
        '    {{< figure src="indented.png" >}}',
        'Write `{{< figure src="span.png" >}}` like this, or {{</* figure src="escaped.png" */>}}.',
        '<!-- {{< figure src="comment.png" >}} -->',
        '{{< figurine src="other.png" >}}',
      ].join('\n\n');
      assert.deepEqual(scanDocument(text, 'markdown'), []);
    });

    it('edits keep every other byte', () => {
      assert.equal(
        editFirst('{{< figure src="a.png" caption="C" >}}', 'markdown', 'A fox'),
        '{{< figure src="a.png" alt="A fox" caption="C" >}}',
      );
      assert.equal(
        editFirst('{{< figure caption="C" src=a.png >}}', 'markdown', 'A fox'),
        '{{< figure caption="C" src=a.png alt="A fox" >}}',
      );
      assert.equal(
        editFirst('{{< figure src="a.png" alt="IMG_1" >}}', 'markdown', 'Say "cheese"'),
        '{{< figure src="a.png" alt=`Say "cheese"` >}}',
      );
      assert.equal(
        editFirst('{{< figure src="a.png" alt="x" >}}', 'markdown', 'a "b" `c`'),
        '{{< figure src="a.png" alt="a \\"b\\" `c`" >}}',
      );
      assert.equal(
        applyEdit(
          '{{< figure src="a.png" >}}',
          decorativeEdit('{{< figure src="a.png" >}}', scanDocument('{{< figure src="a.png" >}}', 'markdown')[0]),
        ),
        '{{< figure src="a.png" alt="" >}}',
      );
    });
  });

  describe('Pandoc and Quarto attributes', () => {
    it('fig-alt is the alt and the bracket text the caption', () => {
      expectImages('![Figure one](a.png){#fig-one fig-alt="A \\"tall\\" tree" width=50%}\n', 'markdown', [
        {
          text: '![Figure one](a.png){#fig-one fig-alt="A \\"tall\\" tree" width=50%}',
          syntax: 'pandoc-attr',
          src: 'a.png',
          alt: 'A "tall" tree',
          altState: 'ok',
        },
      ]);
    });

    it('without fig-alt the bracket text is judged, and the edit adds fig-alt', () => {
      const text = '![](a.png){width=50%}\n';
      expectImages(text, 'markdown', [{ syntax: 'pandoc-attr', alt: '', altState: 'missing' }]);
      assert.equal(editFirst(text, 'markdown', 'A "cat"'), '![](a.png){width=50% fig-alt="A \\"cat\\""}\n');
      assert.equal(editFirst('![Cap](a.png){}', 'markdown', 'A cat'), '![Cap](a.png){fig-alt="A cat"}');
      assert.equal(editFirst('![Cap](a.png){fig-alt="IMG_1"}', 'markdown', 'A\\B'), '![Cap](a.png){fig-alt="A\\\\B"}');
    });

    it('leaves kramdown blocks and text that is not an attribute block alone', () => {
      expectImages('![a](a.png){: .wide}\n\n![b](b.png){not a block\n', 'markdown', [
        { syntax: 'markdown-inline' },
        { syntax: 'markdown-inline' },
      ]);
    });

    it('Quarto .qmd files are Markdown', () => {
      assert.equal(documentKindFor('docs/index.qmd'), 'markdown');
    });
  });

  describe('MyST directives', () => {
    it('colon and backtick fences, with :alt: and without', () => {
      const text =
        ':::{figure} img/a.png\n:alt: A fox\n:width: 50%\n\nThe caption\n:::\n\n```{image} b.png\n:width: 20\n```\n\n::::{image} c.png\n:alt:\n::::\n';
      expectImages(text, 'markdown', [
        {
          text: ':::{figure} img/a.png\n:alt: A fox\n:width: 50%\n\nThe caption\n:::',
          syntax: 'myst',
          src: 'img/a.png',
          alt: 'A fox',
          altState: 'ok',
        },
        { text: '```{image} b.png\n:width: 20\n```', syntax: 'myst', src: 'b.png', alt: null, altState: 'missing' },
        { text: '::::{image} c.png\n:alt:\n::::', src: 'c.png', alt: '', altState: 'empty' },
      ]);
    });

    it('a directive shown inside a code block is an example', () => {
      assert.deepEqual(scanDocument('````md\n:::{image} a.png\n:::\n```{image} b.png\n```\n````\n', 'markdown'), []);
    });

    it('edits add :alt: after the opening line, in its line ending and indentation', () => {
      assert.equal(
        editFirst('```{image} b.png\r\n:width: 20\r\n```\r\n', 'markdown', 'A fox'),
        '```{image} b.png\r\n:alt: A fox\r\n:width: 20\r\n```\r\n',
      );
      assert.equal(
        editFirst('- item\n\n  :::{image} a.png\n  :::\n', 'markdown', 'A fox'),
        '- item\n\n  :::{image} a.png\n  :alt: A fox\n  :::\n',
      );
      assert.equal(editFirst(':::{image} a.png\n:alt:\n:::\n', 'markdown', 'A fox'), ':::{image} a.png\n:alt: A fox\n:::\n');
      assert.equal(editFirst(':::{image} a.png\n:alt: IMG_1\n:::\n', 'markdown', 'A "fox"'), ':::{image} a.png\n:alt: A "fox"\n:::\n');
    });
  });

  describe('Microsoft Learn images', () => {
    it('reads source and alt-text; type="icon" is decorative', () => {
      const text =
        ':::image type="content" source="media/a.png" alt-text="Azure &quot;portal&quot;":::\n\n:::image type="icon" source="media/i.svg":::\n\n:::image type="complex" source="media/c.png":::\nLong description.\n:::image-end:::\n';
      expectImages(text, 'markdown', [
        {
          text: ':::image type="content" source="media/a.png" alt-text="Azure &quot;portal&quot;":::',
          syntax: 'learn-image',
          src: 'media/a.png',
          alt: 'Azure "portal"',
          altState: 'ok',
        },
        { src: 'media/i.svg', alt: null, altState: 'decorative' },
        { text: ':::image type="complex" source="media/c.png":::', alt: null, altState: 'missing' },
      ]);
    });

    it('edits insert alt-text after source, with quotes written as references', () => {
      assert.equal(
        editFirst(':::image type="content" source="a.png":::', 'markdown', 'Say "hi" & go'),
        ':::image type="content" source="a.png" alt-text="Say &quot;hi&quot; & go":::',
      );
      assert.equal(
        editFirst(':::image source="a.png" alt-text="image" border="false":::', 'markdown', 'A::: B'),
        ':::image source="a.png" alt-text="A&#58;:: B" border="false":::',
      );
    });
  });

  describe('AsciiDoc', () => {
    it('block and inline macros; nothing in listings, comments or monospace', () => {
      const text =
        '= Title\n\nimage::images/a.png[A fox, 300, 200]\n\nSee image:b.png[] and image:c.png[alt="IMG_2041",width=20] or `image:code.png[]`.\n\n----\nimage::listing.png[]\n----\n\n// image::comment.png[]\n\n////\nimage::block-comment.png[]\n////\n\nimage::d.png[,300]\n';
      expectImages(text, 'asciidoc', [
        { text: 'image::images/a.png[A fox, 300, 200]', syntax: 'asciidoc', src: 'images/a.png', alt: 'A fox', altState: 'ok' },
        { text: 'image:b.png[]', src: 'b.png', alt: null, altState: 'missing' },
        { text: 'image:c.png[alt="IMG_2041",width=20]', alt: 'IMG_2041', altState: 'placeholder' },
        { text: 'image::d.png[,300]', alt: null, altState: 'missing' },
      ]);
      assert.equal(documentKindFor('guide.adoc'), 'asciidoc');
    });

    it('edits quote what needs quoting and escape brackets', () => {
      assert.equal(editFirst('image::a.png[]\n', 'asciidoc', 'A fox'), 'image::a.png[A fox]\n');
      assert.equal(editFirst('image::a.png[,300]\n', 'asciidoc', 'A fox, running'), 'image::a.png["A fox, running",300]\n');
      assert.equal(editFirst('image::a.png[width=300]\n', 'asciidoc', 'A [b]'), 'image::a.png[A [b\\],width=300]\n');
      assert.equal(
        editFirst('Inline image:a.png[IMG_1, 20] here\n', 'asciidoc', 'Say "hi"'),
        'Inline image:a.png["Say \\"hi\\"", 20] here\n',
      );
      assert.equal(editFirst('image::a.png[alt=x]\n', 'asciidoc', 'A fox'), 'image::a.png[alt=A fox]\n');
    });
  });

  // Each search stops at a blank line or works from one pass over the document, so that these
  // finish: the suite's per-test timeout is the hang guard.
  // The paragraphs here hold thousands of delimiters, past the scan budget's limit (scanBudget.ts):
  // the limit is lifted so that the directive searches themselves are what runs.
  it('unclosed shortcodes, quotes, fences and attribute lists do not make a scan quadratic', () => {
    const n = 5000;
    const unlimited = { limits: { maxInlineMarkup: Number.POSITIVE_INFINITY } };
    assert.equal(scanDocument('{{< figure src="a.png" alt="unclosed\n'.repeat(n), 'markdown', unlimited).length, 0);
    assert.equal(scanDocument(':::{image} a.png\n'.repeat(n), 'markdown', unlimited).length, n);
    assert.equal(scanDocument(':::{image} a.png\n' + ':\n'.repeat(n) + ':::\n', 'markdown', unlimited)[0].range.end, 17 + 2 * n + 3);
    assert.equal(
      scanDocument('![a](b.png){fig-alt="x\n'.repeat(n), 'markdown', unlimited).filter((i) => i.syntax === 'pandoc-attr').length,
      0,
    );
    assert.equal(scanDocument('image:a.png[x '.repeat(n), 'asciidoc', unlimited).length, 0);
    assert.equal(scanDocument('image:a.png[x] '.repeat(n), 'asciidoc', unlimited).length, n);
  });
});
