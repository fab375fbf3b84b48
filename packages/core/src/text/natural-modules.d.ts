// Type declarations for the few `natural` modules we deep-import. The main entry is never imported:
// it loads storage back ends and runs dotenv on import (STACK.md trap 6).
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class WordTokenizer {
    constructor(options?: object);
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
