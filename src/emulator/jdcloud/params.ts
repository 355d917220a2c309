import { invalid } from './errors';

/** A JSON body's text field that must be there and not be empty. */
export function requiredText(source: Record<string, unknown>, name: string): string {
  const value = source[name];
  if (typeof value !== 'string' || value === '') throw invalid(`${name} is required.`);
  return value;
}

/** `pageNumber` (from 1) and `pageSize` (10–100, 20 by default), as JD Cloud's list operations take them. */
export function paging(query: URLSearchParams): { pageNumber: number; pageSize: number } {
  const pageNumber = Number(query.get('pageNumber') ?? 1);
  const pageSize = Number(query.get('pageSize') ?? 20);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalid('pageNumber must be 1 or more.');
  if (!Number.isInteger(pageSize) || pageSize < 10 || pageSize > 100) throw invalid('pageSize must be from 10 to 100.');
  return { pageNumber, pageSize };
}

/** A page of a list. */
export function page<T>(all: readonly T[], query: URLSearchParams): T[] {
  const { pageNumber, pageSize } = paging(query);
  return all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

/** `filters.1.name=status&filters.1.values.1=running`: JD Cloud's filters, read from a query. */
export function filtersOf(query: URLSearchParams): { name: string; values: string[] }[] {
  const filters: { name: string; values: string[] }[] = [];
  for (let i = 1; query.has(`filters.${i}.name`); i++) {
    const values: string[] = [];
    for (let j = 1; query.has(`filters.${i}.values.${j}`); j++)
      values.push(query.get(`filters.${i}.values.${j}`) ?? '');
    filters.push({ name: query.get(`filters.${i}.name`) ?? '', values });
  }
  return filters;
}

/** The path of a URL read back from its escapes; a malformed escape is the caller's mistake. */
export function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw invalid(
      `The path ${pathname.slice(0, 200)} has a malformed % escape ("${firstMalformedEscape(pathname).slice(0, 30)}"): ` +
        'a % is followed by two hexadecimal digits, and the bytes they spell are UTF-8.',
    );
  }
}

/** The first lone `%`, or the first run of `%XX` escapes that is not UTF-8. */
function firstMalformedEscape(pathname: string): string {
  for (const [run] of pathname.matchAll(/%(?![0-9A-Fa-f]{2})|(?:%[0-9A-Fa-f]{2})+/g)) {
    if (run === '%') return run;
    try {
      decodeURIComponent(run);
    } catch {
      return run;
    }
  }
  return '%';
}
