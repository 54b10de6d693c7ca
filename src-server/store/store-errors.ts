/** A write collided with a unique value (userName, device username). */
export class UniquenessError extends Error {
  constructor(
    readonly attribute: 'userName' | 'deviceUsername',
    readonly value: string,
  ) {
    super(`${attribute} ${JSON.stringify(value)} is already taken`);
    this.name = 'UniquenessError';
  }
}

/** The record changed between read and write; the caller re-reads and tries again. */
export class StaleWriteError extends Error {
  constructor(readonly id: string) {
    super(`record ${id} changed while this request was handled`);
    this.name = 'StaleWriteError';
  }
}

/** The record does not exist. */
export class NotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no record with id ${id}`);
    this.name = 'NotFoundError';
  }
}
