import assert from 'node:assert/strict';
import { cleanCaption, fitCaption, removeArtefacts } from '../../../src/inference/generation';

describe('BLIP artefacts', () => {
  it('drops "arafed" and its spellings, repairing the article before them', () => {
    assert.equal(removeArtefacts('arafed man riding a horse'), 'man riding a horse');
    assert.equal(removeArtefacts('an arafed man riding a horse'), 'a man riding a horse');
    assert.equal(removeArtefacts('a araffe elephant in a field'), 'an elephant in a field');
    assert.equal(removeArtefacts('two araffes standing in a zoo'), 'two standing in a zoo');
    assert.equal(removeArtefacts('An arafian woman, smiling'), 'A woman, smiling');
    assert.equal(removeArtefacts('there is a arafly dog on a couch'), 'a dog on a couch');
  });

  it('keeps words that merely start like the artefact', () => {
    assert.equal(removeArtefacts('a giraffe near an arab market'), 'a giraffe near an arab market');
    assert.equal(removeArtefacts('a carafe of water'), 'a carafe of water');
  });

  it('reads "there is" / "there are" openings as the thing itself', () => {
    assert.equal(removeArtefacts('there is a dog sitting on a couch'), 'a dog sitting on a couch');
    assert.equal(removeArtefacts('There are two cats on a bed'), 'two cats on a bed');
    assert.equal(removeArtefacts('a sign that says there is no parking'), 'a sign that says there is no parking');
  });

  it('collapses repeated words and phrases, ignoring case', () => {
    assert.equal(removeArtefacts('a dog dog on the beach'), 'a dog on the beach');
    assert.equal(removeArtefacts('a man riding a bike a man riding a bike'), 'a man riding a bike');
    assert.equal(removeArtefacts('the the the the'), 'the');
    assert.equal(removeArtefacts('a red car and a red truck'), 'a red car and a red truck');
  });

  it('runs inside cleanCaption, before the style', () => {
    assert.equal(cleanCaption('there is an arafed man with a a hat'), 'A man with a hat');
    assert.equal(cleanCaption('there is a picture of a cat'), 'A cat');
  });
});

describe('caption budget', () => {
  const long = 'a woman sitting on a bench with a dog next to a river in the background';

  it('leaves a caption within the budget as it is, fillers included', () => {
    assert.equal(fitCaption(long, long.length), long);
    assert.equal(fitCaption(long, 1000), long);
  });

  it('drops trailing background fillers first', () => {
    assert.equal(fitCaption(long, 60), 'a woman sitting on a bench with a dog next to a river');
    assert.equal(fitCaption('a vase of flowers with a white background', 30), 'a vase of flowers');
  });

  it('then cuts at a whole word, never leaving an article or preposition at the end', () => {
    const cut = fitCaption(long, 40);
    assert.ok(cut.length <= 40, cut);
    assert.equal(cut, 'a woman sitting on a bench with a dog');
    assert.equal(fitCaption('a man holding a surfboard on the beach', 20), 'a man holding');
  });

  it('is applied by cleanCaption when given a budget', () => {
    assert.equal(cleanCaption(long, { maxCharacters: 60 }), 'A woman sitting on a bench with a dog next to a river');
    assert.equal(cleanCaption(long), 'A woman sitting on a bench with a dog next to a river in the background');
  });
});
