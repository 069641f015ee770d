// An STS error answer in the making: the code and words STS uses, and the HTTP status it sends.

export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }

  /** Sender for the caller's mistakes, Receiver for the service's own. */
  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}
