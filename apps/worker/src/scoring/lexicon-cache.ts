import { compileLexicon, validateTerm, type CompiledLexicon, type LexiconTerm } from '@counterpoint/core';
import { activeLexicon, activeLexiconVersionId, termRowToLexiconTerm, type Db } from '@counterpoint/db';
import type { Logger } from '../logger.js';

let cached: CompiledLexicon | null = null;

/**
 * The compiled active lexicon. Compiled once per version and swapped without a restart: each call
 * checks the active version id (one indexed read) and recompiles only when it changed.
 */
export async function currentLexicon(db: Db, logger: Logger): Promise<CompiledLexicon | null> {
  const versionId = await activeLexiconVersionId(db);
  if (!versionId) return null;
  if (cached?.version === versionId) return cached;
  const active = await activeLexicon(db);
  if (!active) return null;
  const terms: LexiconTerm[] = [];
  for (const row of active.terms) {
    const term = termRowToLexiconTerm(row);
    const problems = validateTerm(term);
    // One bad term must not stop scoring: it is left out and named in the log for the editor.
    if (problems.length > 0)
      logger.warn({ term: row.termKey, problems }, 'lexicon term left out of matching');
    else terms.push(term);
  }
  const started = performance.now();
  cached = compileLexicon(terms, { version: active.versionId });
  logger.info(
    { version: active.versionId, terms: terms.length, ms: Math.round(performance.now() - started) },
    'lexicon compiled',
  );
  return cached;
}
