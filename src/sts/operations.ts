// The operation table by name, read off model.ts's exported rows (its type too), so adding an
// operation is adding a row: the client's methods, the stub and the entry's exports follow from
// the rows by themselves. This costs the StsClient bundle 0.2 KB gzip over a hand-kept list, the
// price of one place instead of two. Apart from model.ts, so that assumeRoleWithWebIdentity alone
// ships one row.
import * as model from './model';
import type { Operation } from './model';

type Model = typeof model;
/**
 * The type of {@link STS_OPERATIONS}: each row of the table (an {@link Operation}) under its operation name.
 *
 * @interface
 */
export type StsOperations = { readonly [K in keyof Model as Model[K] extends Operation ? K : never]: Model[K] };
/** The name of an operation of the table, e.g. `'AssumeRoleWithWebIdentity'`. */
export type StsOperationName = keyof StsOperations;

/** Every operation of the table, by name (each row's `name`): read off model.ts's rows, so a new row is all it takes. */
export const STS_OPERATIONS = Object.fromEntries(
  (Object.values(model) as unknown[])
    .filter((v): v is Operation => typeof v === 'object' && v !== null && 'auth' in v && 'input' in v)
    .map((row) => [row.name, row]),
) as unknown as StsOperations;
