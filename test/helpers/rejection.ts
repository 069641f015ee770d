// The error a promise rejects with, checked against the class the test expects. Returning it typed
// lets a test read the error's members without `any`; the test fails if the promise resolves.
import { expect } from 'vitest';

export async function rejectionOf<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const resolved = Symbol('resolved');
  const error = await promise.then(
    () => resolved,
    (e: unknown) => e,
  );
  expect(error, `expected a rejection with ${type.name}`).not.toBe(resolved);
  expect(error).toBeInstanceOf(type);
  if (!(error instanceof type)) throw new Error('unreachable: checked just above');
  return error;
}
