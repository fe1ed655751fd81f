// Runtime: Node. The cash drawer hangs off the receipt printer's drawer port (RJ11/RJ12, "DK"): the printer
// fires it on the ESC/POS "generate pulse" command, ESC p m t1 t2 — pin m (0: connector pin 2, the usual one),
// on for t1 × 2 ms, off for t2 × 2 ms. 25/250 (50 ms on, 500 ms off) opens every common drawer.
export const DRAWER_PULSE = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);
const ESC_INIT = Buffer.from([0x1b, 0x40]);

/** A job that only opens the drawer (开钱箱, a pay-in/out, cash handed back without a receipt). */
export function drawerKickJob(): Buffer {
  return Buffer.concat([ESC_INIT, DRAWER_PULSE]);
}

/**
 * A receipt whose sale took or gave back cash: the drawer opens as the receipt starts printing, in the same
 * job (one connection to the printer, so the two can never interleave with another job). The pulse goes right
 * after the receipt's own initialisation (ESC @), which would otherwise not matter but keeps the job's start
 * what every receipt starts with.
 */
export function withDrawerKick(receipt: Buffer): Buffer {
  if (receipt.subarray(0, 2).equals(ESC_INIT)) return Buffer.concat([ESC_INIT, DRAWER_PULSE, receipt.subarray(2)]);
  return Buffer.concat([DRAWER_PULSE, receipt]);
}
