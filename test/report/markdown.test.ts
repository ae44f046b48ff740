import { describe, expect, it } from 'vitest';
import { firstThatFits, htmlText, mdCode, mdTable, mdText } from '../../src/report/markdown.js';

const ZWSP = '\u200b';

describe('mdText', () => {
  it.each([
    ['@octocat please look', `@${ZWSP}octocat please look`],
    ['fixes #12', `fixes #${ZWSP}12`],
    ['see acme/hosting#7', `see acme/hosting#${ZWSP}7`],
    ['fixes GH-12 and gh-13', `fixes GH-${ZWSP}12 and gh-${ZWSP}13`],
    // Only a number after GH- links an issue, and only as a word of its own.
    ['GH-pages, LGH-12', 'GH-pages, LGH-12'],
    ['ops@acme-example.com', `ops@${ZWSP}acme-example.com`],
    ['# heading, @ alone', '# heading, @ alone'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['</details>', '&lt;/details&gt;'],
    ['a | b', 'a \\| b'],
    ['`rm -rf`', '\\`rm -rf\\`'],
    ['**bold** _it_ ~~gone~~', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~'],
    ['[link](https://evil.example)', '\\[link\\](https://evil.example)'],
    ['two\nlines', 'two ↵ lines'],
    ['two\r\nlines', 'two ↵ lines'],
    ['tab\tdel\u007f nul\u0000 esc\u001b', 'tab�del� nul� esc�'],
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
    // A backtick at either end would merge with the fence: a space keeps them apart, and
    // GitHub strips one space from each side when both are there.
    ['`ami-0abc', '`` `ami-0abc ``'],
    ['ami-0abc`', '`` ami-0abc` ``'],
    // Spaces at both ends are stripped by GitHub too, so they get one more each.
    [' acme-corp ', '`  acme-corp  `'],
    [' a ', '`  a  `'],
    // A space at one end only is kept as written.
    [' acme-corp', '` acme-corp`'],
    [' acme corp', '` acme corp`'],
    ['acme corp ', '`acme corp `'],
  ])('%j → %j', (input, output) => {
    expect(mdCode(input)).toBe(output);
  });
});

describe('htmlText', () => {
  it('escapes markup and defuses mentions inside an HTML element', () => {
    expect(htmlText('<b>@team</b> & "x"')).toBe(`&lt;b&gt;@${ZWSP}team&lt;/b&gt; &amp; &quot;x&quot;`);
  });

  it('defuses issue links, and leaves markdown punctuation as it is', () => {
    expect(htmlText('#12, GH-12 *and* `x`\n|')).toBe(`#${ZWSP}12, GH-${ZWSP}12 *and* \`x\` ↵ |`);
  });
});

describe('mdTable', () => {
  it('writes a header, a delimiter row and one row per entry', () => {
    expect(mdTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});

describe('firstThatFits', () => {
  const LEVELS = ['every attribute', 'every resource', 'totals'] as const;
  const render = (level: string) => `the plan, with ${level}`;

  it.each([
    [100, 'the plan, with every attribute'],
    // Exactly the limit fits.
    ['the plan, with every attribute'.length, 'the plan, with every attribute'],
    ['the plan, with every attribute'.length - 1, 'the plan, with every resource'],
    ['the plan, with totals'.length, 'the plan, with totals'],
    // Nothing fits: the least detailed rendering, whole, rather than a cut one.
    ['the plan, with totals'.length - 1, 'the plan, with totals'],
  ])('within %i characters: %j', (max, expected) => {
    expect(firstThatFits(LEVELS, max, render)).toBe(expected);
  });

  it('renders nothing when there is no level', () => {
    expect(firstThatFits([], 10, render)).toBe('');
  });

  it('stops rendering at the first level that fits', () => {
    const rendered: string[] = [];
    firstThatFits(LEVELS, 29, (level) => {
      rendered.push(level);
      return render(level);
    });
    expect(rendered).toEqual(['every attribute', 'every resource']);
  });
});
