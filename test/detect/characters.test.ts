import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClusterSpan, nextCluster, positionChar } from '../../shared/detect/characters.ts';

const all = (text: string, min: number): string[] => {
  const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
  const out: string[] = [];
  for (let from = 0; nextCluster(text, from, span, min); from = span.end) out.push(text.slice(span.start, span.end));
  return out;
};

describe('cluster scanning', () => {
  it('joins digits across short separators and splits at wide gaps or letters', () => {
    expect(all('เลขที่1-2345-67890-12-3โทร 081 234 5678', 1)).toEqual(['1-2345-67890-12-3', '081 234 5678']);
    expect(all('12       34', 1)).toEqual(['12', '34']);
    expect(all('3   451  000  50     5414', 1)).toEqual(['3   451  000  50     5414']);
    expect(all('1\u200B\u200B 2 - 3', 1)).toEqual(['1\u200B\u200B 2 - 3']);
  });

  it('normalizes Thai and full-width digits and mask characters', () => {
    expect(['๐', '๙', '０', '９', 'X', '●', '•', '*', 'a', 'ก', '-'].map(positionChar).join(',')).toBe('0,9,0,9,X,X,X,X,,,');
  });

  it('skipping ahead finds exactly the clusters a character-by-character scan finds', () => {
    const alphabet = fc.constantFrom('1', '๕', '０', 'X', 'x', '•', ' ', '-', '.', '\u200B', 'ก', 'า', '|', '\n');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')),
        fc.integer({ min: 1, max: 13 }),
        (text, min) => {
          const naive = all(text, 1).filter((c) => [...c].filter((ch) => positionChar(ch) !== '').length >= min);
          expect(all(text, min)).toEqual(naive);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
