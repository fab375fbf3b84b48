export { foldString } from './fold.js';
export {
  normaliseForMatch,
  normaliseWords,
  tokeniseForMatch,
  type MatchTokens,
  type NormalisedText,
} from './match-tokens.js';
export * from './csv.js';
