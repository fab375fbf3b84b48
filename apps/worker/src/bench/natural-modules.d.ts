// The one natural module the benchmark deep-imports (never natural's main entry: STACK.md trap 6).
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  export default class BayesClassifier {
    constructor();
    addDocument(text: string, label: string): void;
    train(): void;
    classify(text: string): string;
  }
}
