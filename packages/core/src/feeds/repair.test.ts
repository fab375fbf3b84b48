import { describe, expect, it } from 'vitest';
import { openElements, repairXml } from './repair.js';

describe('repairXml', () => {
  it('removes whitespace and junk before the declaration', () => {
    expect(repairXml('\n\n  <?xml version="1.0"?><rss/>').text).toBe('<?xml version="1.0"?><rss/>');
    const r = repairXml('Warning: headers already sent\n<?xml version="1.0"?><rss/>');
    expect(r.text).toBe('<?xml version="1.0"?><rss/>');
    expect(r.repairs).toContain('removed text before the start of the XML');
  });

  it('escapes bare ampersands and maps HTML entities, leaving XML ones alone', () => {
    const r = repairXml('<a t="x&y">Fish & chips &amp; &eacute;&nbsp;&#233; &#x41; &lt;</a>');
    expect(r.text).toBe('<a t="x&amp;y">Fish &amp; chips &amp; &#233;&#160;&#233; &#x41; &lt;</a>');
  });

  it('keeps undefined entities as text and never touches CDATA or comments', () => {
    const r = repairXml('<a>&bogus; <![CDATA[a & b &nbsp;]]><!-- & --></a>');
    expect(r.text).toBe('<a>&amp;bogus; <![CDATA[a & b &nbsp;]]><!-- & --></a>');
  });

  it('maps C1 numeric references to windows-1252 and drops invalid ones', () => {
    expect(repairXml('<a>&#147;q&#148; &#0;&#x1;</a>').text).toBe('<a>&#8220;q&#8221; </a>');
  });

  it('strips control characters', () => {
    expect(repairXml('<a>b\u0000c\u0007d\u001Fe\tf</a>').text).toBe('<a>bcde\tf</a>');
  });

  it('drops a DOCTYPE with entity declarations without expanding anything', () => {
    const doc =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>';
    const r = repairXml(doc);
    expect(r.text).toBe('<?xml version="1.0"?><r>&amp;b;</r>');
    expect(r.repairs.join(' ')).toMatch(/never expanded/);
  });

  it('closes an unterminated CDATA section before its parent end tag', () => {
    expect(repairXml('<r><d><![CDATA[<p>x</d></r>').text).toBe('<r><d><![CDATA[<p>x]]></d></r>');
  });

  it('cuts trailing garbage after the root element', () => {
    expect(repairXml('<rss><c/></rss>\n<b>debug</b>').text).toBe('<rss><c/></rss>');
    expect(repairXml('<rss><c/></rss>\n<!-- cached -->').text).toBe('<rss><c/></rss>\n<!-- cached -->');
  });

  it('recovers a truncated document up to its last complete item', () => {
    const r = repairXml('<rss><channel><item><title>1</title></item><item><title>2</ti');
    expect(r.text).toBe('<rss><channel><item><title>1</title></item></channel></rss>');
  });

  it('tracks open elements', () => {
    expect(openElements('<a><b x="1>"><c/><d></d><!-- <e> --><![CDATA[<f>]]>')).toEqual(['a', 'b']);
  });
});
