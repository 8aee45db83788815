/** Why a registry sync stopped; `message` is Russian and goes to the run summary as it is. */
export type RegistryFailureKind = 'auth' | 'contract' | 'loop' | 'http' | 'transient' | 'deadline' | 'stopped';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** A failure worth another try (5xx, 429, network, timeout); `waitMs` is the server's Retry-After, already capped. */
export class TransientRegistryError extends RegistryError {
  constructor(
    message: string,
    readonly waitMs: number = 0,
  ) {
    super('transient', message);
  }
}
