import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeFullName } from '../../src-main/platform/full-name.js';

describe('safeFullName', () => {
  it.each([
    ['Doe, Jane', 'Doe Jane'],
    ['--help', 'help'],
    ['a:b=c\td\ne', 'a b c d e'],
    ['   ', 'jdoe'],
    ['Zoë Ångström', 'Zoë Ångström'],
  ])('%j → %j', (input, expected) => {
    expect(safeFullName(input, 'jdoe')).toBe(expected);
  });

  it("always satisfies the scripts' full-name rule", () => {
    const rule = /^([^-:,=\p{Cc}][^:,=\p{Cc}]{0,127})?$/u;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (name) =>
        rule.test(safeFullName(name, 'fallback')),
      ),
    );
  });
});
