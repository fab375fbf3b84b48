import { seededRandom } from '@counterpoint/core';

/**
 * Deterministic raw posts for `bench pipeline`, shaped as a partner system pushes them (HTML body,
 * author handle, URL with tracking parameters, engagement). Texts are 40 ± 10 words from a
 * Zipf-like made-up vocabulary (performance.md's test data); 30% carry a phrase of the active
 * lexicon so that scoring finds matches and raises signals; 10% are exact copies or one-word edits
 * of an earlier post, so de-duplication joins clusters as it would on a real stream.
 */
export function pipelinePosts(n: number, seed: number, lexiconPhrases: readonly string[]): unknown[] {
  const r = seededRandom(seed);
  const vocab = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
  const word = () => vocab[Math.floor(vocab.length * r() ** 3)]!;
  const texts: string[] = [];
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    let text: string;
    if (i > 10 && r() < 0.1) {
      const words = texts[Math.floor(r() * texts.length)]!.split(' ');
      if (r() < 0.5) words[Math.floor(r() * words.length)] = word();
      text = words.join(' ');
    } else {
      const words = Array.from({ length: 30 + Math.floor(r() * 21) }, word);
      if (lexiconPhrases.length > 0 && r() < 0.3) {
        const phrase = lexiconPhrases[Math.floor(r() * lexiconPhrases.length)]!;
        words.splice(Math.floor(r() * words.length), 0, phrase);
      }
      text = words.join(' ');
    }
    texts.push(text);
    const author = `user${Math.floor(r() * 5000)}`;
    out.push({
      platform: 'mastodon',
      externalId: `bench-${seed}-${i}`,
      url: `https://social.example/@${author}/${i}?utm_source=bench`,
      html: `<p>${text}</p>`,
      publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      author: { handle: `@${author}@social.example`, displayName: author },
      engagement: { likes: i % 17, reposts: i % 5 },
    });
  }
  return out;
}
