/**
 * Types the generated SDK uses to type results by status. Types only: nothing here reaches a bundle.
 * A declared status is a literal, and the statuses the contract does not name are the rest of the
 * range (`Exclude<ErrorStatus, 404>`), so `result.status === 404` narrows to exactly one member.
 */
type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;

/** Every status from `First`00 to `First`99, e.g. `StatusRange<4>` is 400 | 401 | … | 499. */
export type StatusRange<First extends 1 | 2 | 3 | 4 | 5> = ToNumber<`${First}${Digit}${Digit}`>;
export type SuccessStatus = StatusRange<2>;
export type ErrorStatus = StatusRange<4> | StatusRange<5>;

export interface Success<Status extends number, Data> {
  ok: true;
  status: Status;
  data: Data;
  headers: Headers;
}

export interface Failure<Status extends number, Error> {
  ok: false;
  status: Status;
  /** The parsed body; `undefined` when the response had none (an empty 502 from a proxy). */
  error: Error;
  headers: Headers;
}
