// Ids made on a device are UUIDv7: time-sortable, unique without the cloud, and the idempotency key.
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

export function newId(): string {
  return uuidv7();
}

export const zUuid = z.uuid();
