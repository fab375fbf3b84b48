import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.js';

describe('htmlToText', () => {
  it('drops scripts and styles with their contents and decodes entities', () => {
    expect(
      htmlToText('<style>p{color:red}</style><p>Caf&eacute; &amp; bar</p><script>alert(1)</script>'),
    ).toBe('Café & bar');
  });

  it('turns blocks and breaks into lines and collapses whitespace', () => {
    expect(htmlToText('<p>One   two</p><p>Three<br/>four</p><ul><li>a</li><li>b</li></ul>')).toBe(
      'One two\n\nThree\nfour\n\na\n\nb',
    );
  });

  it('copes with broken markup', () => {
    expect(htmlToText('<p>open <b>bold <i>it')).toBe('open bold it');
    expect(htmlToText('text <script>never closed')).toBe('text');
  });
});
