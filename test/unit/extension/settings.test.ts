import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodingKey } from '../../../src/inference/generation/request';
import { captionRequestFor, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, ruleSettingsFrom, settingsFrom } from '../../../src/extension/settings';
import { RULE_IDS, RULES, ruleConfig } from '../../../src/rules';

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

describe('settings', () => {
  it('gives the documented defaults when nothing is set', () => {
    const s = settingsFrom(reader({}));
    assert.equal(s.model.localFolder, undefined);
    assert.equal(s.model.repo, 'Salesforce/blip-image-captioning-base');
    assert.equal(s.model.revision, 'main');
    assert.equal(s.model.precision, 'fp32');
    assert.deepEqual(s.caption, { prompt: '', numBeams: 3, maxLength: 30, readText: true });
    assert.deepEqual(s.style, { capitalize: true, trailingPeriod: false, maxCharacters: 150 });
    assert.deepEqual(s.findings, { states: ['missing', 'placeholder'], emptyMarkdownAltIsDecorative: false, severity: 'warning' });
    assert.deepEqual(s.files, { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE });
    assert.deepEqual(s.remoteImages, { policy: 'never', maxBytes: 10 * 1024 * 1024, deadlineMs: 10_000, idleTimeoutMs: 5000 });
    assert.equal(s.allowImagesOutsideWorkspace, false);
    assert.equal(s.autoAcceptReview, false);
    assert.deepEqual(s.verifyAlt, {
      enabled: false,
      threshold: 0.3,
      model: { localFolder: undefined, repo: 'Salesforce/blip-itm-base-coco', revision: 'main' },
    });
  });

  it('reads the alt text check, and falls back for a threshold that is not a probability', () => {
    const s = settingsFrom(
      reader({
        'verifyAlt.enabled': true,
        'verifyAlt.threshold': 0.55,
        'verifyAlt.model.localFolder': ' ~/models/itm ',
        'verifyAlt.model.repo': 'Salesforce/blip-itm-large-coco',
        'verifyAlt.model.revision': 'v1',
      }),
    );
    assert.deepEqual(s.verifyAlt, {
      enabled: true,
      threshold: 0.55,
      model: { localFolder: '~/models/itm', repo: 'Salesforce/blip-itm-large-coco', revision: 'v1' },
    });
    for (const threshold of [1.5, -0.1, '0.4', Number.NaN])
      assert.equal(settingsFrom(reader({ 'verifyAlt.threshold': threshold })).verifyAlt.threshold, 0.3);
    assert.equal(settingsFrom(reader({ 'verifyAlt.enabled': 'yes' })).verifyAlt.enabled, false);
  });

  it('takes valid values as given', () => {
    const s = settingsFrom(
      reader({
        'model.localFolder': '  /models/blip  ',
        'model.repo': 'Salesforce/blip-image-captioning-large',
        'model.precision': 'int8',
        'caption.prompt': 'a picture of',
        'caption.numBeams': 1,
        'caption.maxLength': 40,
        'caption.readText': false,
        'style.trailingPeriod': true,
        'findings.altStates': ['missing', 'empty', 'missing'],
        'findings.severity': 'error',
        'files.exclude': ['drafts/**', ''],
        siteRoots: ['static'],
        'files.allowImagesOutsideWorkspace': true,
        'remoteImages.fetch': 'ask',
        'remoteImages.maxSizeMB': 2,
        'remoteImages.timeoutSeconds': 20,
        'remoteImages.idleTimeoutSeconds': 3,
        'test.autoAcceptReview': true,
      }),
    );
    assert.equal(s.model.localFolder, '/models/blip');
    assert.equal(s.model.repo, 'Salesforce/blip-image-captioning-large');
    assert.equal(s.model.precision, 'int8');
    assert.deepEqual(s.caption, { prompt: 'a picture of', numBeams: 1, maxLength: 40, readText: false });
    assert.equal(s.style.trailingPeriod, true);
    assert.deepEqual(s.findings.states, ['missing', 'empty']);
    assert.equal(s.findings.severity, 'error');
    assert.deepEqual(s.files.exclude, ['drafts/**']);
    assert.deepEqual(s.siteRoots, ['static']);
    assert.equal(s.allowImagesOutsideWorkspace, true);
    assert.deepEqual(s.remoteImages, { policy: 'ask', maxBytes: 2 * 1024 * 1024, deadlineMs: 20_000, idleTimeoutMs: 3000 });
    assert.equal(s.autoAcceptReview, true);
  });

  it('falls back to defaults for values of the wrong type or out of range', () => {
    const s = settingsFrom(
      reader({
        'model.repo': '   ',
        'model.precision': 'fp8',
        'caption.numBeams': 2.5,
        'caption.maxLength': 1000,
        'style.capitalize': 'yes',
        'findings.altStates': ['ok', 'decorative', 'nonsense'],
        'findings.severity': 'fatal',
        'files.include': 'docs/**',
        'remoteImages.fetch': 'sometimes',
        'remoteImages.maxSizeMB': -1,
        'remoteImages.timeoutSeconds': 0,
        'remoteImages.idleTimeoutSeconds': 'soon',
      }),
    );
    assert.equal(s.model.repo, 'Salesforce/blip-image-captioning-base');
    assert.equal(s.model.precision, 'fp32');
    assert.equal(s.caption.numBeams, 3);
    assert.equal(s.caption.maxLength, 30);
    assert.equal(s.style.capitalize, true);
    // States that are never findings are dropped; an explicit empty list means "report nothing".
    assert.deepEqual(s.findings.states, []);
    assert.equal(s.findings.severity, 'warning');
    assert.deepEqual(s.files.include, DEFAULT_INCLUDE);
    assert.equal(s.remoteImages.policy, 'never');
    assert.equal(s.remoteImages.maxBytes, 10 * 1024 * 1024);
    assert.equal(s.remoteImages.deadlineMs, 10_000);
    assert.equal(s.remoteImages.idleTimeoutMs, 5000);
  });

  it('keys caption options so that any change gives a different key', () => {
    // The caption cache's key, as the caption service makes it from the settings.
    const captionOptionsKey = (values: Record<string, unknown>) => decodingKey(captionRequestFor(settingsFrom(reader(values))));
    const base = { 'caption.prompt': '', 'caption.numBeams': 3, 'caption.maxLength': 30 };
    const keys = new Set([
      captionOptionsKey(base),
      captionOptionsKey({ ...base, 'caption.prompt': 'a picture of' }),
      captionOptionsKey({ ...base, 'caption.numBeams': 1 }),
      captionOptionsKey({ ...base, 'caption.maxLength': 20 }),
    ]);
    assert.equal(keys.size, 4);
    assert.equal(captionOptionsKey({ ...base }), captionOptionsKey(base));
  });

  describe('rules', () => {
    it('sets nothing when nothing is set, so that the project configuration and the defaults apply', () => {
      assert.deepEqual(settingsFrom(reader({})).rules, { levels: {}, options: {} });
    });

    it('takes each rule setting and the options, and ignores values that are not levels', () => {
      const rules = ruleSettingsFrom(
        reader({
          'rules.redundant-prefix': 'off',
          'rules.missing-alt': 'warning',
          'rules.duplicate-alt': 'fatal',
          'rules.altTooLong.maxCharacters': 200,
          'rules.emptyAlt.includeExplicitEmpty': true,
        }),
      );
      assert.deepEqual(rules, {
        levels: { 'redundant-prefix': 'off', 'missing-alt': 'warning' },
        options: { maxCharacters: 200, includeExplicitEmpty: true },
      });
      // Over a project configuration: the settings win where they are set.
      const config = ruleConfig({ levels: { 'redundant-prefix': 'error', 'duplicate-alt': 'off' } }, rules);
      assert.equal(config.levels['redundant-prefix'], 'off');
      assert.equal(config.levels['duplicate-alt'], 'off');
      assert.equal(config.levels['empty-alt'], 'error');
    });

    it('keeps the 0.1.0 settings working: findings.severity for every rule, findings.altStates turning rules off', () => {
      const severity = ruleSettingsFrom(reader({ 'findings.severity': 'hint', 'rules.missing-alt': 'error' }));
      assert.equal(severity.levels!['missing-alt'], 'error', 'a rule setting wins over the old one');
      assert.equal(severity.levels!['placeholder-alt'], 'info');
      const states = ruleSettingsFrom(reader({ 'findings.altStates': ['missing', 'empty'] }));
      assert.equal(states.levels!['placeholder-alt'], 'off');
      assert.equal(states.levels!['filename-alt'], 'off');
      assert.equal(states.levels!['missing-alt'], undefined);
      assert.equal(states.options!.includeExplicitEmpty, true);
      const placeholdersOnly = ruleSettingsFrom(reader({ 'findings.altStates': ['placeholder'] }));
      assert.equal(placeholdersOnly.levels!['missing-alt'], 'off');
      assert.equal(placeholdersOnly.levels!['empty-alt'], 'off');
    });

    it('contributes one setting per rule, with the rule default as its default', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
      const properties = manifest.contributes.configuration.properties;
      for (const id of RULE_IDS) {
        const setting = properties[`localAltText.rules.${id}`];
        assert.ok(setting, `no setting for ${id}`);
        assert.deepEqual(setting.enum, ['error', 'warning', 'info', 'off']);
        assert.equal(setting.default, RULES[id].defaultSeverity, id);
        assert.match(setting.markdownDescription, new RegExp(`docs/rules\\.md#${id}\\)`));
      }
      assert.equal(properties['localAltText.rules.altTooLong.maxCharacters'].default, 150);
      assert.equal(properties['localAltText.rules.emptyAlt.includeExplicitEmpty'].default, false);
    });
  });
});
