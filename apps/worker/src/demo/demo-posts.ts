/**
 * The demo feed: synthetic posts about the fictional county of Elmshire, replayed a few at a time
 * after a demo workspace starts. Every post, place and account here is invented. The concerning
 * ones use coded terms from public glossaries (the starter lexicon) without anything graphic; many
 * are everyday local chatter, counter-speech or news, so the queue shows what the lexicon lets
 * through and what its context rules hold back. A few are near-copies of one another, as a slogan
 * spreading between accounts would be, so clusters show up too.
 */
export interface DemoPost {
  id: string;
  author: string;
  name: string;
  text: string;
}

const p = (id: number, author: string, name: string, text: string): DemoPost => ({
  id: `demo-${String(id).padStart(3, '0')}`,
  author,
  name,
  text,
});

export const DEMO_POSTS: readonly DemoPost[] = [
  p(
    1,
    'saltmere_news',
    'Saltmere Coast News',
    'Saltmere Pier reopens on Saturday after the winter repairs. Free entry for residents all weekend.',
  ),
  p(
    2,
    'kbury_truth',
    'K-bury Truth',
    'The great replacement is happening right here in Kestrelbury. Look who the council housed on Vale Meadows this month.',
  ),
  p(
    3,
    'elmford_parents',
    'Elmford Parents Forum',
    'Does anyone know if the Castlegate library is open late during half term?',
  ),
  p(
    4,
    'harlowby_watch',
    'Harlowby Watch',
    'Remigration now. Harlowby lads, meet at the business park on Saturday and bring flags.',
  ),
  p(
    5,
    'ravensmoor_faith',
    'Ravensmoor Interfaith Group',
    'We condemn the great replacement leaflets pushed through doors in Moorside. Hate has no home in Ravensmoor.',
  ),
  p(
    6,
    'copperdown_fc',
    'Copperdown Town FC',
    'Great win for the under-14s at the Copperdown Leisure Centre pitches. Well played everyone.',
  ),
  p(
    7,
    'kbury_truth2',
    'Kestrel Vale Patriot',
    'The great replacement is happening here in Kestrelbury. Look who the council housed on Vale Meadows this month!',
  ),
  p(
    8,
    'fenwatch',
    'Fen Watch',
    'Stickers with 1488 and the 14 words appeared on lamp posts along Blackwater Lane estate overnight. Removed them.',
  ),
  p(
    9,
    'elmford_echo',
    'Elmford Echo',
    'Police report that white power stickers found near the Interchange have been removed and are being investigated.',
  ),
  p(
    10,
    'portaverley_chat',
    'Port Averley Chat',
    'Anyone else think the new bus timetable is a joke? Forty minutes for the 12 to Saltmere.',
  ),
  p(
    11,
    'true_brackenhurst',
    'True Brackenhurst',
    'They call us racist for saying it but white genocide is real and Brackenhurst is next.',
  ),
  p(
    12,
    'wrenfield_walks',
    'Wrenfield Walkers',
    'Lovely frosty walk up Long Barrow this morning. The view over Copperdown was worth the cold.',
  ),
  p(
    13,
    'kvpatriot',
    'KV Patriots',
    'The Great Replacement is happening right here in Kestrelbury… look who the council housed on Vale Meadows this month.',
  ),
  p(14, 'anon_rm_88', 'RM88', 'ZOG runs Ravensmoor council. The goyim know. Wake up.'),
  p(
    15,
    'saltmere_youth',
    'Saltmere Youth Hub',
    'Our youth club at Harbourside is back on Tuesdays from 6pm. Pool table fixed at last.',
  ),
  p(
    16,
    'copperdown_voice',
    'Copperdown Voice',
    'Globalist cabal puppets on Copperdown council voted for the new hotel again. Who pays them?',
  ),
  p(
    17,
    'elmshire_history',
    'Elmshire History Society',
    'Our talk on Tuesday covers how blood and soil slogans were used in the 1930s. Historians welcome questions.',
  ),
  p(
    18,
    'harlowby_watch',
    'Harlowby Watch',
    'Invaders arriving by boats and put straight into the hotel on Harlowby Business Park. Enough.',
  ),
  p(
    19,
    'stalder_mum',
    'St Aldric’s Mum',
    'Lost: blue school jumper near St Aldric’s playground, name label inside. Thank you!',
  ),
  p(20, 'rahowa_elm', 'Elmford Awake', 'RaHoWa. Elmford will not be replaced.'),
  p(
    21,
    'kbury_council',
    'Kestrel Vale District Council',
    'Bin collections in Linthorpe Magna move to Wednesday from next week.',
  ),
  p(
    22,
    'deen_truth_rm',
    'Truth Seeker RM',
    'The councils of Ravensmoor are taghut. Make hijrah and pledge to the khilafah, brothers.',
  ),
  p(
    23,
    'saltmere_news',
    'Saltmere Coast News',
    'Researchers at Elmshire University publish a report on accelerationism in online gaming spaces.',
  ),
  p(
    24,
    'fernley_allotments',
    'Fernley Allotments',
    'Seed swap at the Fernley allotments this Sunday. Bring spare onion sets!',
  ),
  p(
    25,
    'true_brackenhurst',
    'True Brackenhurst',
    'It is okay to be white. Leaflets going through every door in Tanners Row tonight.',
  ),
  p(
    26,
    'elmford_echo',
    'Elmford Echo',
    'Market traders in Riverside Quarter say footfall is up since the new crossing opened.',
  ),
  p(
    27,
    'kvpatriot2',
    'Vale Patriots',
    'the great replacement is happening right here in kestrelbury. look who the council housed on vale meadows this month',
  ),
  p(
    28,
    'thimbleby_parish',
    'Thimbleby Parish Council',
    'Thimbleby village hall is hosting a warm space every weekday afternoon this winter.',
  ),
  p(29, 'accel_cf', 'cold fen', 'siegepilled and waiting. the boogaloo is coming to Cold Ashby Fen.'),
  p(
    30,
    'oxley_green',
    'Oxley Green Residents',
    'Speed checks on the Oxley Green road start next month after the residents’ petition.',
  ),
  p(
    31,
    'gull_point_birds',
    'Gull Point Birders',
    'Record numbers of turnstones on Gull Point this week. Bring binoculars.',
  ),
  p(
    32,
    'harlowby_watch2',
    'Harlowby Watch (backup)',
    'Remigration now! Harlowby lads, meet at the business park on Saturday and bring flags!',
  ),
  p(
    33,
    'brackenhurst_sch',
    'Brackenhurst Schools Partnership',
    'Thank you to every parent who came to the online safety evening. Slides are on the school website.',
  ),
  p(
    34,
    'eurabia_elm',
    'Elm Awake',
    'Eurabia is not a theory any more. Look at the Elmford city centre on a Friday.',
  ),
  p(
    35,
    'kbury_council',
    'Kestrel Vale District Council',
    'Kestrelbury skate park consultation closes on the 30th. Have your say.',
  ),
  p(
    36,
    'wickmoor_wi',
    'Wickmoor WI',
    'Wickmoor WI raised £640 for the food bank at the Christmas fair. Thank you all.',
  ),
  p(
    37,
    'rm_lads',
    'Moorside Lads',
    'White lives matter banner going up on the Moorside bridge this weekend.',
  ),
  p(
    38,
    'saltmere_news',
    'Saltmere Coast News',
    'Saltmere lifeboat crew called out twice in one night after a yacht lost power near the pier.',
  ),
  p(
    39,
    'copperdown_voice',
    'Copperdown Voice',
    'Cultural marxism has taken over Copperdown schools. Ask what your kids are being taught.',
  ),
  p(
    40,
    'hatchmere_news',
    'Hatchmere Village News',
    'Hatchmere post office is under new ownership and opens longer hours from Monday.',
  ),
  p(
    41,
    'fenwatch',
    'Fen Watch',
    'Counter-leafleting in Cold Ashby Fen went well: 300 “Fen Together” cards delivered and lots of good chats.',
  ),
  p(42, 'anon_rm_88', 'RM88', 'Day of the rope is coming for the traitors at Ravensmoor town hall.'),
  p(
    43,
    'elmford_parents',
    'Elmford Parents Forum',
    'Fennick Park play area has new swings. The little ones are thrilled.',
  ),
  p(
    44,
    'true_brackenhurst2',
    'True Brackenhurst II',
    'White genocide is real and Brackenhurst is next. They call us racist for saying so.',
  ),
  p(
    45,
    'port_averley_rnli',
    'Port Averley RNLI',
    'Open day at the lifeboat station on Sunday, 10am to 3pm. Tours for children.',
  ),
  p(
    46,
    'elmshire_youth_voice',
    'Elmshire Youth Voice',
    'Young people from all seven districts met today to plan the “Our Elmshire” poster campaign.',
  ),
  p(
    47,
    'kbury_truth',
    'K-bury Truth',
    'Kalergi plan in action. Kestrel Vale Academy grounds used for the “welcome” event again.',
  ),
  p(
    48,
    'unionward_forum',
    'Union Ward Forum',
    'Union ward surgery with your councillor is on Thursday at Mill Lane community centre.',
  ),
];
