/**
 * The starter lexicon: coded terms and slogans documented in PUBLIC glossaries, so a newcomer sees
 * how governed terms, weights and context rules behave. It is a starting point for a partnership's
 * own review, not a finished list. Weights run 0–1: a high weight means the phrase has little
 * innocent use; low-weight terms need context (`requireAny`) or are often counter-speech
 * (`suppressNear`).
 *
 * Sources cited in each rationale:
 * - ADL: Anti-Defamation League, "Hate on Display" hate symbols database (adl.org/resources/hate-symbols).
 * - HNH: HOPE not hate, glossaries in the "State of Hate" reports and explainers (hopenothate.org.uk).
 * - ISD: Institute for Strategic Dialogue, explainers and glossary (isdglobal.org/explainers).
 * - GNET: Global Network on Extremism and Technology insights (gnet-research.org).
 */
export type DemoCategory = 'extreme_right' | 'islamist' | 'conspiracy' | 'anti_minority' | 'violence';

export interface DemoTerm {
  key: string;
  phrase: string;
  mode: 'word' | 'phrase' | 'stem' | 'pattern';
  weight: number;
  category: DemoCategory;
  rationale: string;
  suppressNear?: string[];
  requireAny?: string[];
  window?: number;
}

/** Words that usually mean someone is reporting on or rejecting the idea, not promoting it. */
// A trailing '*' makes a word a prefix ("condemn*" also covers condemns, condemnation).
export const COUNTER_SPEECH = ['report*', 'condemn*', 'news', 'debunk*', 'investigat*'];

// A data table, one term a line: easier to review than prettier's expanded form.
// prettier-ignore
export const DEMO_TERMS: readonly DemoTerm[] = [
  // Extreme right: slogans and numeric codes.
  { key: 'fourteen-words', phrase: '14 words', mode: 'phrase', weight: 0.8, category: 'extreme_right', rationale: 'ADL: white supremacist slogan referred to by its word count.', suppressNear: COUNTER_SPEECH },
  { key: 'fourteen-words-spelt', phrase: 'fourteen words', mode: 'phrase', weight: 0.8, category: 'extreme_right', rationale: 'ADL: spelt-out form of the "14 words" slogan.', suppressNear: COUNTER_SPEECH },
  { key: '1488', phrase: '1488', mode: 'word', weight: 0.9, category: 'extreme_right', rationale: 'ADL: numeric code combining the 14 words slogan and 88.' },
  { key: '88', phrase: '88', mode: 'word', weight: 0.3, category: 'extreme_right', rationale: 'ADL: numeric code for a Nazi salute; far too common alone, so it needs nearby context.', requireAny: ['heil', 'hitler', 'aryan', 'white', 'reich'], window: 5 },
  { key: 'rahowa', phrase: 'rahowa', mode: 'word', weight: 0.9, category: 'extreme_right', rationale: 'ADL: acronym for a "racial holy war" slogan of the Creativity movement.' },
  { key: 'white-power', phrase: 'white power', mode: 'phrase', weight: 0.7, category: 'extreme_right', rationale: 'ADL: long-standing white supremacist slogan.', suppressNear: COUNTER_SPEECH },
  { key: 'blood-and-soil', phrase: 'blood and soil', mode: 'phrase', weight: 0.7, category: 'extreme_right', rationale: 'ADL: Nazi-era slogan revived by white supremacists.', suppressNear: [...COUNTER_SPEECH, 'histor*'] },
  { key: 'sieg-heil', phrase: 'sieg heil', mode: 'phrase', weight: 0.8, category: 'extreme_right', rationale: 'ADL: Nazi salute phrase.', suppressNear: [...COUNTER_SPEECH, 'histor*', 'documentar*'] },
  { key: 'hail-victory', phrase: 'hail victory', mode: 'phrase', weight: 0.6, category: 'extreme_right', rationale: 'ADL: English rendering of a Nazi salute phrase.' },
  { key: 'ethnostate', phrase: 'ethnostate', mode: 'stem', weight: 0.6, category: 'extreme_right', rationale: 'ISD: the goal of a racially homogeneous state in white nationalist writing.', suppressNear: COUNTER_SPEECH },
  { key: 'remigration', phrase: 'remigration', mode: 'word', weight: 0.6, category: 'extreme_right', rationale: 'ISD and HNH: euphemism for mass expulsion of minorities used by identitarian groups.', suppressNear: COUNTER_SPEECH },
  { key: 'groyper', phrase: 'groyper', mode: 'stem', weight: 0.5, category: 'extreme_right', rationale: 'ADL: self-label of an online white nationalist movement.' },
  { key: 'wignat', phrase: 'wignat', mode: 'stem', weight: 0.5, category: 'extreme_right', rationale: 'HNH: in-group slang for "white nationalist" on far-right channels.' },
  { key: 'white-lives-matter', phrase: 'white lives matter', mode: 'phrase', weight: 0.4, category: 'extreme_right', rationale: 'ADL: slogan promoted by white supremacist groups; also used carelessly, so weighted low.', suppressNear: COUNTER_SPEECH },
  { key: 'ok-to-be-white', phrase: "it's okay to be white", mode: 'phrase', weight: 0.3, category: 'extreme_right', rationale: 'ADL: slogan spread in leafleting and trolling campaigns.', suppressNear: COUNTER_SPEECH },
  { key: 'siege-pilled', phrase: 'siegepilled', mode: 'stem', weight: 0.8, category: 'extreme_right', rationale: 'ADL: embrace of the accelerationist text "Siege".' },
  { key: 'accelerationist', phrase: 'accelerationism', mode: 'stem', weight: 0.5, category: 'extreme_right', rationale: 'ISD: belief that violence should hasten societal collapse; often appears in reporting, so suppressed near news words.', suppressNear: [...COUNTER_SPEECH, 'research', 'researchers'] },
  // Violence.
  { key: 'day-of-the-rope', phrase: 'day of the rope', mode: 'phrase', weight: 0.9, category: 'violence', rationale: 'ADL: reference to a fictional mass killing in a white supremacist novel.' },
  { key: 'race-war', phrase: 'race war', mode: 'phrase', weight: 0.6, category: 'violence', rationale: 'ADL and ISD: call for or expectation of racial conflict.', suppressNear: COUNTER_SPEECH },
  { key: 'boogaloo', phrase: 'boogaloo', mode: 'word', weight: 0.4, category: 'violence', rationale: 'ADL: slang for a coming civil war or insurrection; also a dance term, so weighted low.', suppressNear: ['dance', 'dancing', 'electric', 'music'] },
  { key: 'big-igloo', phrase: 'big igloo', mode: 'phrase', weight: 0.5, category: 'violence', rationale: 'ADL: coded variant of "boogaloo".' },
  { key: 'high-score', phrase: 'high score', mode: 'phrase', weight: 0.3, category: 'violence', rationale: 'ADL and GNET: accelerationist gamification of attack death tolls; needs context, it is a gaming phrase.', requireAny: ['saint', 'attack', 'shooter', 'accelerate'], window: 8 },
  { key: 'saint', phrase: 'saint', mode: 'word', weight: 0.3, category: 'violence', rationale: 'GNET: accelerationist channels "canonise" attackers as saints; needs context to separate it from everyday use.', requireAny: ['accelerate', 'score', 'livestream', 'canonised', 'canonized'], window: 6 },
  { key: 'lone-wolf', phrase: 'lone wolf', mode: 'phrase', weight: 0.3, category: 'violence', rationale: 'ISD: encouragement of individual attacks; common in news, so suppressed near news words.', suppressNear: COUNTER_SPEECH },
  { key: 'inghimasi', phrase: 'inghimasi', mode: 'word', weight: 0.8, category: 'violence', rationale: 'GNET: jihadist term for a fighter sent on a no-return operation.' },
  // Conspiracy.
  { key: 'great-replacement', phrase: 'great replacement', mode: 'phrase', weight: 0.6, category: 'conspiracy', rationale: 'ISD: conspiracy theory that elites are replacing white populations.', suppressNear: COUNTER_SPEECH },
  { key: 'white-genocide', phrase: 'white genocide', mode: 'phrase', weight: 0.7, category: 'conspiracy', rationale: 'ADL: conspiracy theory that white people are being deliberately eliminated.', suppressNear: COUNTER_SPEECH },
  { key: 'white-replacement', phrase: 'white replacement', mode: 'phrase', weight: 0.6, category: 'conspiracy', rationale: 'ISD: variant wording of the Great Replacement conspiracy theory.', suppressNear: COUNTER_SPEECH },
  { key: 'kalergi-plan', phrase: 'kalergi plan', mode: 'phrase', weight: 0.7, category: 'conspiracy', rationale: 'ADL: antisemitic conspiracy theory about a plan to "breed out" Europeans.' },
  { key: 'eurabia', phrase: 'eurabia', mode: 'word', weight: 0.5, category: 'conspiracy', rationale: 'HNH: counter-jihad conspiracy theory of a planned Islamic takeover of Europe.', suppressNear: COUNTER_SPEECH },
  { key: 'cultural-marxism', phrase: 'cultural marxism', mode: 'phrase', weight: 0.3, category: 'conspiracy', rationale: 'ADL: conspiracy theory with antisemitic roots; also used loosely in politics, so weighted low.', suppressNear: COUNTER_SPEECH },
  { key: 'new-world-order', phrase: 'new world order', mode: 'phrase', weight: 0.2, category: 'conspiracy', rationale: 'ADL: umbrella conspiracy theory of a secret global government; low weight, common phrase.', suppressNear: COUNTER_SPEECH },
  // Anti-minority.
  { key: 'zog', phrase: 'zog', mode: 'word', weight: 0.8, category: 'anti_minority', rationale: 'ADL: antisemitic acronym alleging Jewish control of government.' },
  { key: 'zionist-occupied-government', phrase: 'zionist occupied government', mode: 'phrase', weight: 0.8, category: 'anti_minority', rationale: 'ADL: the spelt-out form of the antisemitic acronym ZOG.' },
  { key: 'goyim-know', phrase: 'the goyim know', mode: 'phrase', weight: 0.8, category: 'anti_minority', rationale: 'ADL: antisemitic meme phrase.' },
  { key: 'globalist-cabal', phrase: 'globalist', mode: 'word', weight: 0.2, category: 'anti_minority', rationale: 'ADL: can be an antisemitic dog whistle; counts only next to conspiracy words.', requireAny: ['cabal', 'zionist', 'puppet', 'bankers'], window: 6 },
  { key: 'islamisation', phrase: 'islamisation', mode: 'stem', weight: 0.4, category: 'anti_minority', rationale: 'HNH: counter-jihad framing of Muslims as a takeover threat.', suppressNear: COUNTER_SPEECH },
  { key: 'invaders', phrase: 'invaders', mode: 'word', weight: 0.3, category: 'anti_minority', rationale: 'HNH: "invasion" rhetoric aimed at asylum seekers around hotels and small boats.', requireAny: ['boats', 'migrants', 'hotel', 'asylum'], window: 8 },
  // Islamist.
  { key: 'baqiyah', phrase: 'baqiyah', mode: 'word', weight: 0.8, category: 'islamist', rationale: 'GNET: Islamic State slogan ("remaining and expanding").' },
  { key: 'taghut', phrase: 'taghut', mode: 'word', weight: 0.6, category: 'islamist', rationale: 'ISD and GNET: term used by jihadists to brand governments and their servants as idolatrous.' },
  { key: 'takfir', phrase: 'takfir', mode: 'stem', weight: 0.5, category: 'islamist', rationale: 'ISD: declaring other Muslims apostates, the basis of takfiri violence.', suppressNear: COUNTER_SPEECH },
  { key: 'kuffar', phrase: 'kuffar', mode: 'word', weight: 0.3, category: 'islamist', rationale: 'GNET: used neutrally in religious discussion; counts only next to hostile words, as in takfiri rhetoric.', requireAny: ['kill', 'fight', 'punish', 'destroy', 'war'], window: 6 },
  { key: 'khilafah-pledge', phrase: 'khilafah', mode: 'word', weight: 0.4, category: 'islamist', rationale: 'GNET: calls to pledge to or travel to a self-declared caliphate; needs pledge or travel words.', requireAny: ['pledge', 'bayah', "bay'ah", 'hijrah', 'join'], window: 8 },
];
