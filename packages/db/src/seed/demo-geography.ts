/**
 * Elmshire: an invented two-tier county. Every name here is made up for the demo; GSS-style codes
 * use a 999 series that the ONS does not issue, so they can never be mistaken for real areas.
 */
export interface DemoDistrict {
  slug: string;
  name: string;
  code: string;
}

export const DEMO_COUNTY: DemoDistrict = {
  slug: 'elmshire',
  name: 'Elmshire County Council',
  code: 'E10999001',
};

export const DEMO_DISTRICTS: readonly DemoDistrict[] = [
  { slug: 'elmford', name: 'Elmford City', code: 'E07999001' },
  { slug: 'north-elmshire', name: 'North Elmshire', code: 'E07999002' },
  { slug: 'kestrel-vale', name: 'Kestrel Vale', code: 'E07999003' },
  { slug: 'saltmere-coast', name: 'Saltmere Coast', code: 'E07999004' },
  { slug: 'brackenhurst', name: 'Brackenhurst', code: 'E07999005' },
  { slug: 'ravensmoor', name: 'Ravensmoor', code: 'E07999006' },
  { slug: 'copperdown', name: 'Copperdown', code: 'E07999007' },
];

export type PlaceKind = 'town' | 'village' | 'ward' | 'landmark' | 'area';

export interface DemoPlace {
  district: string;
  name: string;
  kind: PlaceKind;
  aliases?: string[];
  /** The name is also an everyday word, so a match needs context. */
  ambiguous?: boolean;
}

export const DEMO_PLACES: readonly DemoPlace[] = [
  // Elmford City
  { district: 'elmford', name: 'Elmford', kind: 'town', aliases: ['Elmford city centre'] },
  { district: 'elmford', name: 'Castlegate', kind: 'ward' },
  { district: 'elmford', name: 'Fennick Park', kind: 'ward' },
  { district: 'elmford', name: 'St Aldric’s', kind: 'ward', aliases: ['St Aldrics', 'Saint Aldric'] },
  { district: 'elmford', name: 'Elmford Interchange', kind: 'landmark', aliases: ['the Interchange'] },
  { district: 'elmford', name: 'Riverside Quarter', kind: 'area' },
  // North Elmshire
  { district: 'north-elmshire', name: 'Harlowby', kind: 'town' },
  { district: 'north-elmshire', name: 'Wickmoor', kind: 'village' },
  { district: 'north-elmshire', name: 'Hope', kind: 'village', ambiguous: true },
  { district: 'north-elmshire', name: 'Oxley Green', kind: 'village' },
  { district: 'north-elmshire', name: 'Harlowby Business Park', kind: 'landmark' },
  // Kestrel Vale
  { district: 'kestrel-vale', name: 'Kestrelbury', kind: 'town', aliases: ['K-bury'] },
  { district: 'kestrel-vale', name: 'Linthorpe Magna', kind: 'village' },
  { district: 'kestrel-vale', name: 'Mark', kind: 'village', ambiguous: true },
  { district: 'kestrel-vale', name: 'Vale Meadows', kind: 'ward' },
  { district: 'kestrel-vale', name: 'Kestrel Vale Academy grounds', kind: 'landmark' },
  // Saltmere Coast
  { district: 'saltmere-coast', name: 'Saltmere', kind: 'town', aliases: ['Saltmere-on-Sea'] },
  { district: 'saltmere-coast', name: 'Port Averley', kind: 'town' },
  { district: 'saltmere-coast', name: 'Gull Point', kind: 'landmark' },
  { district: 'saltmere-coast', name: 'Saltmere Pier', kind: 'landmark', aliases: ['the pier'] },
  { district: 'saltmere-coast', name: 'Steep', kind: 'village', ambiguous: true },
  { district: 'saltmere-coast', name: 'Harbourside', kind: 'ward' },
  // Brackenhurst
  { district: 'brackenhurst', name: 'Brackenhurst', kind: 'town' },
  { district: 'brackenhurst', name: 'Fernley', kind: 'village' },
  { district: 'brackenhurst', name: 'Ash', kind: 'village', ambiguous: true },
  {
    district: 'brackenhurst',
    name: 'Brackenhurst Market Square',
    kind: 'landmark',
    aliases: ['the Market Square'],
  },
  { district: 'brackenhurst', name: 'Tanners Row', kind: 'ward' },
  // Ravensmoor
  { district: 'ravensmoor', name: 'Ravensmoor', kind: 'town' },
  { district: 'ravensmoor', name: 'Cold Ashby Fen', kind: 'area' },
  { district: 'ravensmoor', name: 'Moorside', kind: 'ward' },
  { district: 'ravensmoor', name: 'Blackwater Lane estate', kind: 'area', aliases: ['Blackwater estate'] },
  { district: 'ravensmoor', name: 'Thimbleby', kind: 'village' },
  // Copperdown
  { district: 'copperdown', name: 'Copperdown', kind: 'town' },
  { district: 'copperdown', name: 'Wrenfield', kind: 'village' },
  { district: 'copperdown', name: 'Long Barrow', kind: 'village' },
  { district: 'copperdown', name: 'Union', kind: 'ward', ambiguous: true },
  { district: 'copperdown', name: 'Copperdown Leisure Centre', kind: 'landmark' },
  { district: 'copperdown', name: 'Mill Lane', kind: 'area' },
  { district: 'copperdown', name: 'Hatchmere', kind: 'village' },
];

/**
 * The gazetteer key: lower case, accents and punctuation folded, runs of space collapsed
 * ("St Aldric’s" → "st aldric s"). The place matcher must fold text the same way.
 */
export function normalisePlaceName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
