import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_ERROR_CODES, DomainErrorKind } from '@app/domain/shared';
import { ApiProblem } from './api-problem';
import { API_PROBLEM_CODES, DOMAIN_KIND_STATUS, NOT_FOUND_CODE, ProblemCode, statusOf } from './problem-codes';
import { FRAMEWORK_CODES } from './problem-details.filter';

const ALL_CODES = [...Object.keys(API_PROBLEM_CODES), ...Object.keys(DOMAIN_ERROR_CODES)] as ProblemCode[];

/** The rows of README.md's error table: a status and the codes it lists. */
const readmeRows = (): { status: number; codes: string[] }[] => {
  const readme = readFileSync(join(__dirname, '../../../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n### Errors\n'), readme.indexOf('\n### ', readme.indexOf('\n### Errors\n') + 1));
  return section
    .split('\n')
    .filter((line) => /^\| `\d{3}` \|/.test(line))
    .map((line) => {
      const [, status, codes] = line.split('|').map((cell) => cell.trim());
      return { status: Number(status.replace(/`/g, '')), codes: [...codes.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]) };
    });
};

describe('the catalogue of problem codes', () => {
  it('keeps the API codes and the domain codes apart: one status per code', () => {
    expect(Object.keys(API_PROBLEM_CODES).filter((code) => Object.hasOwn(DOMAIN_ERROR_CODES, code))).toEqual([]);
  });

  it('gives every domain code a status through its kind', () => {
    const kinds = new Set<DomainErrorKind>(Object.values(DOMAIN_ERROR_CODES));
    for (const kind of kinds) expect(DOMAIN_KIND_STATUS[kind]).toEqual(expect.any(Number));
    expect(statusOf('LEAD_CLOSED')).toBe(422);
    expect(statusOf('LEAD_NOT_FOUND')).toBe(404);
    expect(statusOf('DUPLICATE_ORDER')).toBe(409);
    // A part of a record that is not there is a refused command, not a missing record.
    expect(statusOf('ORDER_NOT_FOUND')).toBe(422);
  });

  it('answers every code with an error status', () => {
    expect(ALL_CODES.filter((code) => !(statusOf(code) >= 400 && statusOf(code) <= 599))).toEqual([]);
  });

  it('is what README.md documents, code for code and status for status', () => {
    const rows = readmeRows();
    const documented = rows.flatMap((row) => row.codes);
    expect(documented.filter((code, i) => documented.indexOf(code) !== i)).toEqual([]);
    expect(documented.filter((code) => !ALL_CODES.includes(code as ProblemCode))).toEqual([]);
    expect(ALL_CODES.filter((code) => !documented.includes(code))).toEqual([]);
    const wrongStatus = rows.flatMap(({ status, codes }) => codes.filter((code) => statusOf(code as ProblemCode) !== status).map((code) => `${status} ${code}`));
    expect(wrongStatus).toEqual([]);
  });

  it('answers a missing record of each kind with a 404 code', () => {
    for (const code of Object.values(NOT_FOUND_CODE)) expect(statusOf(code)).toBe(404);
  });

  it('answers the framework’s errors with codes of the status it gave them', () => {
    for (const [status, code] of Object.entries(FRAMEWORK_CODES)) expect(statusOf(code)).toBe(Number(status));
  });

  it('derives an ApiProblem’s status from its code, and refuses other codes at compile time', () => {
    expect(new ApiProblem('RATE_LIMITED', 'slow down', {}, { 'Retry-After': '3' })).toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'Retry-After': '3' } });
    expect(ApiProblem.notFound('LEAD_NOT_FOUND', 'no lead').status).toBe(404);
    expect(ApiProblem.badRequest('bad', [{ field: 'x', messages: ['wrong'] }])).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', extra: { errors: [{ field: 'x' }] } });
    // @ts-expect-error not a code of the catalogue
    expect(() => new ApiProblem('TEAPOT', 'x')).toThrow();
    // @ts-expect-error RATE_LIMITED is a 429, not a 404
    expect(ApiProblem.notFound('RATE_LIMITED', 'x').status).toBe(429);
  });
});
