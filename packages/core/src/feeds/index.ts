// The feed code path's public surface. Internals (tidy-ups, tag scanners) stay unexported so the
// names do not collide with other core modules.
export { decodeFeedBytes, charsetFromContentType, type CharsetSource, type DecodedFeed } from './charset.js';
export { parseFeedDate } from './dates.js';
export { detectFormat, FEED_FORMATS, type FeedFormat } from './detect.js';
export { FeedError, plainMessage } from './feed-error.js';
export { htmlToText } from './html-text.js';
export { handleFromUrl, type FeedAuthor, type FeedEntry, type FeedMeta } from './normalise.js';
export {
  parseFeed,
  type FeedFailure,
  type FeedParseResult,
  type ParsedFeed,
  type ParseFeedOptions,
} from './parse-feed.js';
export { repairXml, type Repaired } from './repair.js';
