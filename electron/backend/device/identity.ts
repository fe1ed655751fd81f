// What identifies this PC: the OS machine id plus its physical network cards. The fingerprint binds a
// data folder to the PC it was registered on (docs/security.md).
import nodeMachineId from 'node-machine-id';
import { createHash } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import type { MachineIdentitySource } from '../types';

/** OUI prefixes of virtual adapters (VMware, VirtualBox, Hyper-V, Parallels, QEMU/KVM, Xen, Docker). */
const VIRTUAL_MAC_PREFIXES = [
  '00:05:69',
  '00:0c:29',
  '00:1c:14',
  '00:50:56', // VMware
  '08:00:27',
  '0a:00:27', // VirtualBox
  '00:15:5d', // Hyper-V
  '00:1c:42', // Parallels
  '52:54:00', // QEMU/KVM
  '00:16:3e', // Xen
  '02:42:', // Docker bridges
];
const VIRTUAL_NAME = /^(veth|docker|br-|virbr|vmnet|vboxnet|tun|tap|utun|zt|wg|lo)/i;

export function physicalMacs(ifaces = networkInterfaces()): string[] {
  const macs = new Set<string>();
  for (const [name, addrs] of Object.entries(ifaces)) {
    if (VIRTUAL_NAME.test(name)) continue;
    for (const a of addrs ?? []) {
      const mac = a.mac.toLowerCase();
      if (a.internal || mac === '00:00:00:00:00:00') continue;
      if (VIRTUAL_MAC_PREFIXES.some((p) => mac.startsWith(p))) continue;
      macs.add(mac);
    }
  }
  return [...macs].sort();
}

export const osMachineIdentity: MachineIdentitySource = {
  async machineId() {
    try {
      return await nodeMachineId.machineId(true);
    } catch {
      // Some minimal Linux images have no /etc/machine-id; the host name is a weaker but stable stand-in.
      return `host:${hostname()}`;
    }
  },
  macAddresses: () => physicalMacs(),
};

/** sha256 hex of the machine id and the sorted MACs; order-independent in the MACs. */
export async function deviceFingerprint(source: MachineIdentitySource): Promise<string> {
  const id = await source.machineId();
  const macs = source
    .macAddresses()
    .map((m) => m.toLowerCase())
    .sort();
  return createHash('sha256')
    .update([id, ...macs].join('\n'))
    .digest('hex');
}
