import { describe, expect, it } from 'vitest';
import { htmlText, mdCode, mdTable, mdText } from '../../src/report/markdown.js';

const ZWSP = '\u200b';

describe('mdText', () => {
  it.each([
    ['@octocat please look', `@${ZWSP}octocat please look`],
    ['fixes #12', `fixes #${ZWSP}12`],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['</details>', '&lt;/details&gt;'],
    ['a | b', 'a \\| b'],
    ['`rm -rf`', '\\`rm -rf\\`'],
    ['**bold** _it_ ~~gone~~', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~'],
    ['[link](https://evil.example)', '\\[link\\](https://evil.example)'],
    ['two\nlines', 'two ↵ lines'],
    ['bell\u0007', 'bell�'],
    ['AT&T', 'AT&amp;T'],
  ])('%j → %j', (input, output) => {
    expect(mdText(input)).toBe(output);
  });
});

describe('mdCode', () => {
  it.each([
    ['plain', '`plain`'],
    ['has `one` tick', '``has `one` tick``'],
    ['``double``', '``` ``double`` ```'],
    ['a|b', '`a\\|b`'],
    ['', '` `'],
    ['line\nbreak', '`line ↵ break`'],
    ['</details>', '`</details>`'],
  ])('%j → %j', (input, output) => {
    expect(mdCode(input)).toBe(output);
  });
});

describe('htmlText', () => {
  it('escapes markup and defuses mentions inside an HTML element', () => {
    expect(htmlText('<b>@team</b> & "x"')).toBe(`&lt;b&gt;@${ZWSP}team&lt;/b&gt; &amp; &quot;x&quot;`);
  });
});

describe('mdTable', () => {
  it('writes a header, a delimiter row and one row per entry', () => {
    expect(mdTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});
