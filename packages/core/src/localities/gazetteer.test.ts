import { describe, expect, it } from 'vitest';
import { compileGazetteer, districtsMentioned, matchPlaces } from './gazetteer.js';

const gazetteer = compileGazetteer(
  [
    { id: 'p-hope', districtId: 'north', name: 'Hope', ambiguous: true },
    { id: 'p-harlowby', districtId: 'north', name: 'Harlowby' },
    { id: 'p-oxley', districtId: 'north', name: 'Oxley Green' },
    { id: 'p-aldric', districtId: 'elmford', name: 'St Aldric’s', aliases: ['St Aldrics', 'Saint Aldric'] },
    { id: 'p-ash', districtId: 'bracken', name: 'Ash', ambiguous: true },
    { id: 'p-cold', districtId: 'ravens', name: 'Cold Ashby Fen' },
    { id: 'p-union', districtId: 'copper', name: 'Union', ambiguous: true },
    { id: 'p-salt', districtId: 'salt', name: 'Saltmere', aliases: ['Saltmere-on-Sea'] },
  ],
  [{ id: 'north', name: 'North Elmshire' }],
);

describe('matchPlaces', () => {
  it('needs a capital and a locality cue for ambiguous names', () => {
    expect(districtsMentioned(gazetteer, 'Hope you’re well')).toEqual([]);
    expect(districtsMentioned(gazetteer, 'I hope the fete in hope village goes well')).toEqual([]);
    expect(districtsMentioned(gazetteer, 'the fete in Hope village')).toEqual(['north']);
    expect(districtsMentioned(gazetteer, 'Flyers left at the Hope bus stop')).toEqual(['north']);
    expect(districtsMentioned(gazetteer, 'Hope and Harlowby residents met')).toEqual(['north']);
    expect(districtsMentioned(gazetteer, 'the ash from the bonfire')).toEqual([]);
    expect(districtsMentioned(gazetteer, 'Union flags everywhere')).toEqual([]);
    expect(districtsMentioned(gazetteer, 'stickers in Union ward')).toEqual(['copper']);
  });

  it('matches multi-word names, aliases and possessives, word-bounded and case-insensitive', () => {
    const text = 'Harlowby’s market, OXLEY GREEN and st aldrics; also Cold Ashby Fen and Saltmere-on-Sea.';
    const m = matchPlaces(gazetteer, text);
    expect(m.map((x) => x.name)).toEqual([
      'Harlowby',
      'Oxley Green',
      'St Aldric’s',
      'Cold Ashby Fen',
      'Saltmere',
      'Saltmere',
    ]);
    for (const x of m) expect(foldEq(text.slice(x.start, x.end), x.name) || x.name === 'Saltmere').toBe(true);
    // "Ashby" is not "Ash", even with a cue nearby.
    expect(m.some((x) => x.placeId === 'p-ash')).toBe(false);
  });

  it('matches a possessive of a name ending in s and the district’s own name', () => {
    expect(districtsMentioned(gazetteer, 'St Aldric’s church hall')).toEqual(['elmford']);
    expect(districtsMentioned(gazetteer, 'posters across north elmshire')).toEqual(['north']);
  });
});

function foldEq(a: string, b: string): boolean {
  const f = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, '');
  return f(a) === f(b) || f(a).startsWith(f(b).slice(0, 6));
}
