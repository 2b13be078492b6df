import { csvCell, csvRow } from './csv';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['dice "hola"', '"dice ""hola"""'],
    ['línea 1\nlínea 2', '"línea 1\nlínea 2"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+51 999', "'+51 999"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a=b', 'a=b'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes empty cells for null and undefined, numbers as text', () => {
    expect(csvRow([null, undefined, 3, true, 'x'])).toBe(',,3,true,x\r\n');
  });
});
